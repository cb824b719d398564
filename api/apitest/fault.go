package apitest

import (
	"net/http"
	"time"

	"github.com/seed-a87280d7/invites/internal/fake"
)

// Fault is a failure the fake simulates for the requests that match it: an
// error status (with retry hints), latency, a dropped connection or a
// spoiled body. It is plain data, so that it is as easy to build from
// command-line flags or a config file (see ParseFault) as in Go:
//
//	srv.InjectFault(apitest.Fault{
//		Method: "POST", Path: "/organization/invites",
//		Times: 2, Status: 503, RetryAfterMilliseconds: 10,
//	})
//
// A matching request goes through these steps: it waits for Latency; it is
// answered with Status, without being served, if Status is set; otherwise it
// is served as usual (an invite is created, say), and then Drop or Body
// spoils the answer. The headers (RetryAfterSeconds, RetryAfterMilliseconds
// and Header) go on whatever answer is sent. So a Drop or a Body fault models a request that
// took effect while its answer was lost, and a Status fault one that never
// took effect.
//
// Faults are taken in the order they were injected: a request gets the first
// fault that matches it, and counts against its Times. Every request,
// faulted or not, is recorded (see Server.Requests and RecordedRequest.Fault).
type Fault struct {
	// Method is the HTTP method the fault is for, such as "POST"; empty or
	// "*" matches any method.
	Method string
	// Path is the API path the fault is for, below the /v1 prefix (which may
	// be included), such as "/organization/invites". A segment in braces or
	// a "*" matches any one segment, so "/organization/invites/{invite_id}"
	// matches every invite; empty or "*" matches any path.
	Path string
	// Times is how many matching requests the fault applies to; 0 means
	// every one, until ClearFaults.
	Times int

	// Status, from 400 to 599, answers the request with this status and an
	// OpenAI error body, without serving it: type rate_limit_exceeded for
	// 429, server_error for 5xx, invalid_request_error otherwise.
	Status int
	// RetryAfterSeconds, if not zero, is sent as a Retry-After header.
	RetryAfterSeconds int
	// RetryAfterMilliseconds, if not zero, is sent as a retry-after-ms
	// header.
	RetryAfterMilliseconds int
	// Header holds more headers to send, such as X-Should-Retry: false, or a
	// Retry-After holding an HTTP date. They replace headers of the same
	// name.
	Header http.Header

	// Latency delays the request before anything else happens to it. A
	// request whose client gives up during the wait, or whose server is
	// closed, is dropped without being served.
	Latency time.Duration
	// Drop closes the connection after the request was served: before the
	// status line, or after the headers and half of the body.
	Drop Drop
	// Body spoils the body of an answer that is otherwise complete.
	Body BodyFault
}

// Drop says whether, and when, a fault closes the connection.
type Drop int

// The ways a fault can drop the connection. Both serve the request first.
const (
	// DropBeforeHeaders closes the connection without sending a byte of the
	// answer: the client cannot tell whether its request took effect.
	DropBeforeHeaders Drop = Drop(fake.DropBeforeHeaders)
	// DropAfterHeaders sends the status line, the headers (with the full
	// Content-Length) and half of the body, then closes the connection.
	DropAfterHeaders Drop = Drop(fake.DropAfterHeaders)
)

// String returns the mode's name in the text form of a fault:
// "before-headers", "after-headers", or "none" for the zero value.
func (d Drop) String() string { return fake.Drop(d).String() }

// BodyFault says how a fault spoils the body of an answer.
type BodyFault int

// The ways a fault can spoil a body.
const (
	// BodyTruncated sends the first half of the body as the whole of it,
	// with a matching Content-Length: a complete answer that is not valid
	// JSON.
	BodyTruncated BodyFault = BodyFault(fake.BodyTruncated)
	// BodyNotJSON sends an HTML page instead, with Content-Type text/html, as
	// a proxy in front of the API might.
	BodyNotJSON BodyFault = BodyFault(fake.BodyNotJSON)
)

// String returns the body fault's name in the text form of a fault:
// "truncated", "not-json", or "intact" for the zero value.
func (b BodyFault) String() string { return fake.BodyFault(b).String() }

// ParseFault reads a fault from its text form, which is what Fault.String
// writes:
//
//	[METHOD] [PATH] [STATUS] [xN] [key=value ...]
//
// METHOD is an HTTP method or "*" for any; PATH starts with "/" or is "*"
// for any (both may be left out, for any); STATUS is a three-digit status;
// xN applies the fault to the next N matching requests (without it, to every
// one). The settings are status=N, times=N, retry-after=N (seconds),
// retry-after-ms=N (milliseconds), latency= (a duration such as 2s or
// 250ms), drop=before-headers|after-headers,
// body=truncated|not-json, and header=Name:value, which may be repeated. A
// value with spaces is written in double quotes. For example:
//
//	POST /organization/invites 503 x2 retry-after-ms=10
//	GET /organization/invites/{invite_id} drop=after-headers x1
//	* * latency=3s
//	DELETE * 409 header=X-Should-Retry:false
//	GET /organization/invites 429 header="Retry-After: Wed, 21 Oct 2026 07:28:00 GMT"
//
// The fault is validated as InjectFault would.
func ParseFault(s string) (Fault, error) {
	f, err := fake.ParseFault(s)
	if err != nil {
		return Fault{}, err
	}
	return fromEngine(f), nil
}

// String returns the fault in the text form that ParseFault reads.
func (f Fault) String() string { return f.engine().String() }

// Validate reports what is wrong with the fault, or nil: a method or path
// that cannot match, a negative count or duration, a status outside 400 to
// 599, a status with DropBeforeHeaders (it would never be sent), both a Drop
// and a Body, a fault that does nothing, or a malformed header.
func (f Fault) Validate() error { return f.engine().Validate() }

// MarshalText returns the fault's text form, for flag.TextVar and encoders.
func (f Fault) MarshalText() ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return []byte(f.String()), nil
}

// UnmarshalText reads the fault's text form, as ParseFault does.
func (f *Fault) UnmarshalText(text []byte) error {
	parsed, err := ParseFault(string(text))
	if err != nil {
		return err
	}
	*f = parsed
	return nil
}

// engine converts the fault to the engine's type.
func (f Fault) engine() fake.Fault {
	return fake.Fault{
		Method:                 f.Method,
		Path:                   f.Path,
		Times:                  f.Times,
		Status:                 f.Status,
		RetryAfterSeconds:      f.RetryAfterSeconds,
		RetryAfterMilliseconds: f.RetryAfterMilliseconds,
		Header:                 f.Header,
		Latency:                f.Latency,
		Drop:                   fake.Drop(f.Drop),
		Body:                   fake.BodyFault(f.Body),
	}
}

// fromEngine converts the engine's fault to a Fault.
func fromEngine(f fake.Fault) Fault {
	return Fault{
		Method:                 f.Method,
		Path:                   f.Path,
		Times:                  f.Times,
		Status:                 f.Status,
		RetryAfterSeconds:      f.RetryAfterSeconds,
		RetryAfterMilliseconds: f.RetryAfterMilliseconds,
		Header:                 f.Header,
		Latency:                f.Latency,
		Drop:                   Drop(f.Drop),
		Body:                   BodyFault(f.Body),
	}
}

// WithFaults starts the fake with these faults injected, in order. NewHandler
// fails (and NewServer panics, or fails the test with WithTB) if one is not
// valid.
func WithFaults(faults ...Fault) Option {
	return func(c *config) { c.faults = append(c.faults, faults...) }
}

// InjectFault makes the fake simulate f for the requests that match it,
// after the faults injected before it. It fails, and injects nothing, if f
// is not valid (see Fault.Validate).
func (h *Handler) InjectFault(f Fault) error {
	return h.engine.InjectFault(f.engine())
}

// ClearFaults removes every fault that is still waiting for requests.
func (h *Handler) ClearFaults() { h.engine.ClearFaults() }

// Faults returns the faults still waiting for requests, in the order they
// apply, each with the number of requests it still applies to in Times (0
// for every one). A fault whose count ran out is gone.
func (h *Handler) Faults() []Fault {
	fs := h.engine.Faults()
	out := make([]Fault, len(fs))
	for i, f := range fs {
		out[i] = fromEngine(f)
	}
	return out
}

// InjectFault makes the server simulate f for the requests that match it;
// see Handler.InjectFault.
func (s *Server) InjectFault(f Fault) error { return s.handler.InjectFault(f) }

// ClearFaults removes every fault that is still waiting for requests.
func (s *Server) ClearFaults() { s.handler.ClearFaults() }

// Faults returns the faults still waiting for requests; see Handler.Faults.
func (s *Server) Faults() []Fault { return s.handler.Faults() }
