package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
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
	// required (an invite without an id, {}, null), or a body that goes on
	// after its JSON value. The error names the object wanted and every
	// field missing.
	ErrNotPromised = errors.New("the answer is not the object the operation promises")
	// ErrInvalidInput matches a *ValidationError: the call was refused before
	// anything was sent.
	ErrInvalidInput = errors.New("invites: invalid input")
	// ErrOutcomeUnknown is wrapped by the error of a CreateInvite that may or
	// may not have created the invite: a try whose answer was lost was
	// followed by a 409 invite_exists, and the email's pending invite could
	// not be found to settle it. The error also matches the 409's *Error.
	ErrOutcomeUnknown = errors.New("invites: outcome unknown")
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
	// snippet of that body. For a redirect that was not followed (to
	// another origin, from https to http, or a 301, 302 or 303 that would
	// turn a create or a delete into a GET), it names the host the redirect
	// points to and why it was refused.
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

// Error names every bad field and its rule, separated by semicolons:
// "invites: invalid email: must not be empty; invalid role: ...".
func (e *ValidationError) Error() string {
	list := e.Problems
	if len(list) == 0 {
		list = []FieldProblem{{Field: e.Field, Rule: e.Rule}}
	}
	var b strings.Builder
	b.WriteString("invites: ")
	for i, p := range list {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("invalid " + p.Field + ": " + p.Rule)
	}
	return b.String()
}

// Is reports whether target is ErrInvalidInput.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

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

// bodyReadError is the cause of a *DecodeError for a 2xx body that could not
// be read in full: the connection dropped, or the attempt timed out, after
// the headers arrived. Such an attempt is retried like a dropped connection.
type bodyReadError struct{ err error }

// Error describes the failure.
func (e *bodyReadError) Error() string { return "reading the body: " + e.err.Error() }

// Unwrap returns the cause.
func (e *bodyReadError) Unwrap() error { return e.err }

// unwrapURLError drops the *url.Error wrapper, whose message holds the full
// URL, and keeps its cause.
func unwrapURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
