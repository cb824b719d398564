package apitest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// errBadKey is what the authentication function reports; its text never
// includes the key that was sent.
var errBadKey = errors.New("missing or incorrect admin key")

// validationOptions are the openapi3filter options for every request and
// response: all problems at once, no defaults written into the request, and
// authentication by the admin key.
func validationOptions(adminKey []byte) *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:          true,
		SkipSettingDefaults: true,
		AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			if !hasAuthorization(in.RequestValidationInput.Request, adminKey) {
				return errBadKey
			}
			return nil
		},
	}
}

// bearerCredentials returns the credentials of r's one Authorization header
// in the Bearer scheme. The scheme's name is matched in any letter case, as
// RFC 7235 says, and one or more spaces may follow it. ok is false when r
// carries no such header, or more than one Authorization header.
func bearerCredentials(r *http.Request) (credentials string, ok bool) {
	got := r.Header.Values("Authorization")
	if len(got) != 1 {
		return "", false
	}
	scheme, credentials, ok := strings.Cut(got[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimLeft(credentials, " "), true
}

// hasAuthorization reports whether r carries exactly one Authorization
// header, the Bearer scheme and the key, comparing the key in constant time.
func hasAuthorization(r *http.Request, key []byte) bool {
	credentials, ok := bearerCredentials(r)
	return ok && subtle.ConstantTimeCompare([]byte(credentials), key) == 1
}

// validator checks requests for the admin key, and requests and responses
// against the spec.
type validator struct {
	opts        *openapi3filter.Options
	errorSchema *openapi3.Schema // the spec's ErrorResponse
	// authorization is what the Authorization header must carry after the
	// Bearer scheme: the admin key, made into bytes once.
	authorization []byte
}

// newValidator returns the validator of requests that carry adminKey, whose
// error answers follow errorSchema.
func newValidator(adminKey string, errorSchema *openapi3.Schema) *validator {
	authorization := []byte(adminKey)
	return &validator{
		opts:          validationOptions(authorization),
		errorSchema:   errorSchema,
		authorization: authorization,
	}
}

// authorized reports whether r carries the admin key.
func (v *validator) authorized(r *http.Request) bool {
	return hasAuthorization(r, v.authorization)
}

// validateRequest checks the request against the operation's route. It
// returns nil for a valid request, else the 401 or 400 answer. The request
// body is readable again afterwards.
func (v *validator) validateRequest(c *call) *response {
	in := &openapi3filter.RequestValidationInput{
		Request:    c.req,
		PathParams: c.params,
		Route:      c.route,
		Options:    v.opts,
	}
	err := openapi3filter.ValidateRequest(c.req.Context(), in)
	if c.req.Body != http.NoBody {
		c.req.Body = io.NopCloser(bytes.NewReader(c.body))
	}
	if err == nil {
		return nil
	}
	problems := collect(err, nil)
	for _, p := range problems {
		if p.auth {
			return unauthorized()
		}
	}
	param := ""
	msgs := make([]string, 0, len(problems))
	for _, p := range problems {
		if param == "" {
			param = p.param
		}
		if !slices.Contains(msgs, p.message) {
			msgs = append(msgs, p.message)
		}
	}
	return badRequest(param, strings.Join(msgs, " "))
}

// validateResponse checks an encoded response against the spec: against the
// operation's responses when the request matched one, else against the
// ErrorResponse schema (404 and 405 answers for paths and methods the spec
// does not have).
func (v *validator) validateResponse(c *call, status int, header http.Header, body []byte) error {
	if c.route == nil {
		var doc any
		if err := json.Unmarshal(body, &doc); err != nil {
			return err
		}
		return v.errorSchema.VisitJSON(doc, openapi3.MultiErrors(), openapi3.VisitAsResponse())
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    c.req,
			PathParams: c.params,
			Route:      c.route,
			Options:    v.opts,
		},
		Status:  status,
		Header:  header,
		Options: v.opts,
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(c.req.Context(), in)
}

// problem is one readable validation failure.
type problem struct {
	auth    bool   // the admin key was missing or wrong
	param   string // the parameter or body field, if known
	message string // one sentence
}

// collect flattens what openapi3filter.ValidateRequest returned into problems
// with one-line messages (the library's own Error strings span lines and dump
// schemas).
func collect(err error, into []problem) []problem {
	// Match on the concrete types: a RequestError unwraps to a MultiError of
	// schema errors, so errors.As would find the wrong layer.
	switch e := err.(type) { //nolint:errorlint // the outermost layer is wanted, as said above
	case openapi3.MultiError:
		for _, err := range e {
			into = collect(err, into)
		}
		return into
	case *openapi3filter.SecurityRequirementsError:
		return append(into, problem{auth: true})
	case *openapi3filter.RequestError:
		return append(into, requestProblems(e)...)
	}
	return append(into, problem{message: sentence(firstLine(err.Error()))})
}

// requestProblems describes a RequestError about a parameter or the body.
func requestProblems(e *openapi3filter.RequestError) []problem {
	if p := e.Parameter; p != nil {
		switch {
		case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
			return []problem{{param: p.Name, message: fmt.Sprintf("Missing required parameter '%s'.", p.Name)}}
		case errors.Is(e.Err, openapi3filter.ErrInvalidEmptyValue):
			return []problem{{param: p.Name, message: fmt.Sprintf("Invalid '%s': must not be empty.", p.Name)}}
		}
		var parse *openapi3filter.ParseError
		if errors.As(e.Err, &parse) {
			expected := strings.TrimPrefix(parse.Reason, "an invalid ")
			return []problem{{param: p.Name, message: fmt.Sprintf("Invalid '%s': expected %s.", p.Name, expected)}}
		}
		return schemaProblems(p.Name, e.Err)
	}
	if e.RequestBody == nil {
		return []problem{{message: sentence(firstLine(e.Error()))}}
	}
	var parse *openapi3filter.ParseError
	switch {
	case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
		return []problem{{message: "A request body is required."}}
	case e.Err == nil:
		// Only a Content-Type mismatch has a reason and no cause.
		return []problem{{message: "Invalid Content-Type header: expected application/json."}}
	case errors.As(e.Err, &parse):
		return []problem{{message: "The request body is not valid JSON."}}
	}
	return schemaProblems("", e.Err)
}

// schemaProblems turns JSON-schema errors into problems. base is the name of
// the parameter being validated, empty for the request body, where the field's
// JSON path (like projects[0].role) becomes the param.
func schemaProblems(base string, err error) []problem {
	switch e := err.(type) { //nolint:errorlint // walks kin-openapi's error tree one layer at a time
	case openapi3.MultiError:
		var out []problem
		for _, err := range e {
			out = append(out, schemaProblems(base, err)...)
		}
		return out
	case *openapi3.SchemaError:
		param := base
		if param == "" {
			param = fieldPath(e.JSONPointer())
		}
		reason := e.Reason
		switch {
		case reason == "" && e.Origin != nil:
			reason = firstLine(e.Origin.Error())
		case reason == "":
			reason = fmt.Sprintf("does not satisfy %q", e.SchemaField)
		}
		switch {
		case param == "":
			return []problem{{message: sentence("Invalid request body: " + reason)}}
		case e.SchemaField == "required":
			return []problem{{param: param, message: fmt.Sprintf("Missing required field '%s'.", param)}}
		}
		return []problem{{param: param, message: sentence(fmt.Sprintf("Invalid '%s': %s", param, reason))}}
	}
	return []problem{{param: base, message: sentence(firstLine(err.Error()))}}
}

// fieldPath renders a JSON pointer as a field path: projects[0].role.
func fieldPath(pointer []string) string {
	var b strings.Builder
	for _, seg := range pointer {
		if seg != "" && strings.Trim(seg, "0123456789") == "" {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// sentence ends s with a full stop.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}
