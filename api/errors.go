package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/gen"
)

// Sentinel errors that an *Error matches with errors.Is, by status code.
var (
	// ErrUnauthorized matches a 401 answer: the admin key is missing or wrong.
	ErrUnauthorized = errors.New("invites: unauthorized")
	// ErrPermissionDenied matches a 403 answer.
	ErrPermissionDenied = errors.New("invites: permission denied")
	// ErrNotFound matches a 404 answer: no invite has that id.
	ErrNotFound = errors.New("invites: not found")
	// ErrConflict matches a 409 answer, such as deleting an accepted invite.
	ErrConflict = errors.New("invites: conflict")
	// ErrRateLimited matches a 429 answer.
	ErrRateLimited = errors.New("invites: rate limited")
	// ErrServer matches any 5xx answer.
	ErrServer = errors.New("invites: server error")
	// ErrPagination is wrapped by the error AllInvites yields when the server's
	// pages do not add up: an empty page that claims more follow, or a cursor
	// that the walk has already sent (a cycle).
	ErrPagination = errors.New("invites: broken pagination")
	// ErrNotPromised is wrapped by the *DecodeError of a 2xx answer that is
	// not the object its operation promises: another object (a list where
	// an invite was expected), or one without a field the spec marks
	// required (an invite without an id, {}, null). The error names the
	// object wanted and every field missing.
	ErrNotPromised = errors.New("the answer is not the object the operation promises")
	// ErrInvalidInput matches a *ValidationError: the call was refused before
	// anything was sent.
	ErrInvalidInput = errors.New("invites: invalid input")
)

// Error is the error for every answer from the API whose status is not 2xx.
// Use errors.As to read its fields, or errors.Is with ErrNotFound,
// ErrUnauthorized, ErrConflict, ErrRateLimited or ErrServer.
type Error struct {
	// StatusCode is the HTTP status code of the answer.
	StatusCode int
	// Type is the error's category, such as "invalid_request_error".
	Type string
	// Code is a machine-readable code such as "not_found", if the API gave one.
	Code string
	// Param is the request parameter the error is about, if any.
	Param string
	// Message is the API's human-readable description. For an answer that is
	// not an OpenAI error body (an HTML page from a proxy, say), it is a short
	// snippet of that body. For a redirect that was not followed (a 301, 302
	// or 303 that would turn a create or a delete into a GET), it names the
	// host the redirect points to and why it was refused.
	Message string
	// RequestID is the answer's x-request-id header: quote it when asking
	// OpenAI for help.
	RequestID string
	// RetryAfter is the wait the server asked for through the retry-after-ms
	// or Retry-After headers, or zero when it asked for none.
	RetryAfter time.Duration
}

// Error describes the answer in one line. It never contains the admin key.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("invites: ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" ")
		b.WriteString(text)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	var details []string
	for _, kv := range [...][2]string{{"type", e.Type}, {"code", e.Code}, {"param", e.Param}, {"request_id", e.RequestID}} {
		if kv[1] != "" {
			details = append(details, kv[0]+"="+kv[1])
		}
	}
	if e.RetryAfter > 0 {
		details = append(details, "retry_after="+e.RetryAfter.String())
	}
	if len(details) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(details, " "))
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether the error matches one of the package's sentinel errors
// by its status code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrPermissionDenied:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// DecodeError is returned when a successful (2xx) answer cannot be decoded,
// is not the object the operation promises (its Err wraps ErrNotPromised),
// is larger than the client's response size limit, or cannot be read in full
// because the connection dropped or the attempt timed out after the headers
// arrived (such an attempt is retried like a dropped connection first). It
// keeps the status code and request id of the answer.
type DecodeError struct {
	// StatusCode is the HTTP status code of the answer.
	StatusCode int
	// RequestID is the answer's x-request-id header.
	RequestID string
	// Err is the decoding failure.
	Err error
}

// Error describes the failure, with the status code and request id.
func (e *DecodeError) Error() string {
	msg := "invites: decoding " + strconv.Itoa(e.StatusCode) + " response"
	if e.RequestID != "" {
		msg += " (request_id=" + e.RequestID + ")"
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the decoding failure.
func (e *DecodeError) Unwrap() error { return e.Err }

// decodeError builds the *DecodeError for a 2xx answer that failed with err.
func (c *Client) decodeError(resp *http.Response, err error) *DecodeError {
	return &DecodeError{StatusCode: resp.StatusCode, RequestID: c.requestID(resp.Header), Err: err}
}

// errBodyTooLarge is the cause of a *DecodeError for a body over the cap.
var errBodyTooLarge = errors.New("response body exceeds the size limit")

// bodyReadError is the cause of a *DecodeError for a 2xx body that could not
// be read in full: the connection dropped, or the attempt timed out, after
// the headers arrived. Such an attempt is retried like a dropped connection.
type bodyReadError struct{ err error }

// Error describes the failure.
func (e *bodyReadError) Error() string { return "reading the body: " + e.err.Error() }

// Unwrap returns the cause.
func (e *bodyReadError) Unwrap() error { return e.err }

// ValidationError is returned, before anything is sent, when arguments break
// rules of the API. It lists every bad field of the call at once, and matches
// ErrInvalidInput with errors.Is.
type ValidationError struct {
	// Field names the first bad argument, as the API spells it: "email",
	// "role", "projects[1].role", "limit", "invite_id". It is Problems[0].Field.
	Field string
	// Rule says what the first bad argument must be. It is Problems[0].Rule.
	Rule string
	// Problems lists every bad field, the first one included, in the order
	// of the request's fields.
	Problems []FieldProblem
}

// FieldProblem is one field that breaks a rule of the API.
type FieldProblem struct {
	// Field names the argument, as the API spells it: "email",
	// "projects[1].role".
	Field string
	// Rule says what the value must be.
	Rule string
}

// invalid returns the *ValidationError for one bad field.
func invalid(field, rule string) *ValidationError {
	return &ValidationError{Field: field, Rule: rule, Problems: []FieldProblem{{Field: field, Rule: rule}}}
}

// Error names every bad field and its rule, separated by semicolons:
// "invites: invalid email: must not be empty; invalid role: ...".
func (e *ValidationError) Error() string {
	problems := e.Problems
	if len(problems) == 0 {
		problems = []FieldProblem{{Field: e.Field, Rule: e.Rule}}
	}
	var b strings.Builder
	b.WriteString("invites: ")
	for i, p := range problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("invalid " + p.Field + ": " + p.Rule)
	}
	return b.String()
}

// Is reports whether target is ErrInvalidInput.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// maxSnippet bounds how much of a body that is not an OpenAI error an *Error
// quotes in its Message.
const maxSnippet = 200

// newError builds the *Error for a non-2xx answer from its headers and its
// body (read up to maxErrorBody plus errorBodyOverlap), with the admin key
// removed should the server have repeated it, as it is or escaped: from the
// body before it is cut to maxErrorBody or to a snippet (either could keep
// part of the key), and from the fields after they are decoded.
func (c *Client) newError(resp *http.Response, body []byte) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		RequestID:  c.requestID(resp.Header),
		RetryAfter: retryAfterHint(resp.Header, time.Now()),
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Message = c.redirectMessage(resp)
		return e
	}
	// The body was read past maxErrorBody by what the key takes, escaped:
	// a key that straddles the cut is whole here, and goes.
	body = []byte(c.scrub(string(body)))
	body = body[:min(len(body), maxErrorBody)]
	var parsed struct {
		Error *gen.Error `json:"error"`
	}
	if err := json.Unmarshal(body, &parsed); err != nil || parsed.Error == nil {
		e.Message = c.snippet(body)
		return e
	}
	e.Type = c.scrub(parsed.Error.Type)
	e.Message = c.scrub(parsed.Error.Message)
	if parsed.Error.Code != nil {
		e.Code = c.scrub(*parsed.Error.Code)
	}
	if parsed.Error.Param != nil {
		e.Param = c.scrub(*parsed.Error.Param)
	}
	return e
}

// requestID returns an answer's x-request-id, with the admin key removed
// should the server have repeated it.
func (c *Client) requestID(header http.Header) string {
	return c.scrub(header.Get("x-request-id"))
}

// maxQuoted bounds, in runes, how much of one value from a server an error
// message quotes.
const maxQuoted = 80

// quote returns s, a value from a server, for an error message: without the
// admin key, cut to maxQuoted runes, and quoted with Go's escapes, so that
// no control character reaches a terminal.
func (c *Client) quote(s string) string {
	s = c.scrub(s)
	if utf8.RuneCountInString(s) > maxQuoted {
		s = string([]rune(s)[:maxQuoted]) + "…"
	}
	return strconv.Quote(s)
}

// snippet returns the start of a body as one short, printable line,
// without the admin key: scrubbed once the body is made one line (dropping
// invalid UTF-8 could join the pieces of a key) and before it is cut.
func (c *Client) snippet(body []byte) string {
	s := strings.ToValidUTF8(string(body), "")
	s = c.scrub(strings.Join(strings.Fields(s), " "))
	if utf8.RuneCountInString(s) > maxSnippet {
		r := []rune(s)
		s = string(r[:maxSnippet]) + "…"
	}
	if s == "" {
		return "empty response body"
	}
	return fmt.Sprintf("unexpected response body: %q", s)
}

// TransportError is returned when a call got no answer at all: the
// connection was refused or dropped, or an attempt timed out. It names the
// operation (method and path) but never the full URL or any header.
type TransportError struct {
	// Op is the method and path of the request, such as
	// "GET /organization/invites".
	Op string
	// Err is the cause; errors.Is(err, context.DeadlineExceeded) and the
	// like see through it.
	Err error
}

// Error describes the failure.
func (e *TransportError) Error() string { return "invites: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// unwrapURLError drops the *url.Error wrapper, whose message holds the full
// URL, and keeps its cause.
func unwrapURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
