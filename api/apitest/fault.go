package apitest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Fault is a failure the fake simulates for the requests that match it: an
// error status (with retry hints), a redirect, latency, a dropped connection
// or a spoiled body. It is plain data, so that it is as easy to build from
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
// and Header) go on whatever answer is sent. So a Drop or a Body fault models
// a request that took effect while its answer was lost or garbled, and a
// Status fault one that never took effect.
//
// The answers a fault makes up (a redirect, a spoiled body) simulate a
// broken server: they are sent as they are, without the spec validation that
// every other answer passes.
//
// Faults are taken in the order they were injected: a request gets the first
// fault that matches it, and counts against its Times. A request without the
// admin key meets no fault: it is answered 401 first. Every request, faulted
// or not, is recorded (see Handler.Requests and RecordedRequest.Fault).
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

	// Status answers the request with this status without serving it.
	// From 400 to 599, the answer is an error in OpenAI's format: type
	// rate_limit_exceeded for 429, server_error for 5xx,
	// invalid_request_error otherwise. A redirect status (301, 302, 303,
	// 307 or 308) answers with an empty body and a Location header, as a
	// gateway that moved the API might; clients turn a POST or DELETE into
	// a GET on 301, 302 and 303.
	Status int
	// Location is where a redirect points: a path on the same server, such
	// as /v1/organization/invites, or an absolute URL on another host, sent
	// as it is. Empty means the request's own path and query, on the same
	// server. It is only for a redirect Status.
	Location string
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
	// Body spoils the body of an answer that is otherwise complete: it cuts
	// it, or replaces it with something that is not the object the
	// operation promises. Use it on a request that succeeds to get a 2xx
	// answer with a wrong body.
	Body BodyFault
}

// Drop says whether, and when, a fault closes the connection instead of
// finishing the answer.
type Drop int

// The ways a fault can drop the connection. Both serve the request first.
const (
	// DropNone answers normally.
	DropNone Drop = iota
	// DropBeforeHeaders closes the connection without sending a byte of the
	// answer: the client cannot tell whether its request took effect.
	DropBeforeHeaders
	// DropAfterHeaders sends the status line, the headers (with the full
	// Content-Length) and half of the body, then closes the connection.
	DropAfterHeaders
)

// BodyFault says how a fault spoils the body of an answer.
type BodyFault int

// The ways a fault can spoil a body. Each keeps the status and headers of
// the answer, with a Content-Length that matches the new body.
const (
	// BodyIntact sends the body as is.
	BodyIntact BodyFault = iota
	// BodyTruncated sends the first half of the body as the whole of it: a
	// complete answer that is not valid JSON.
	BodyTruncated
	// BodyNotJSON sends an HTML page instead, with Content-Type text/html, as
	// a proxy in front of the API might.
	BodyNotJSON
	// BodyEmptyObject sends {}.
	BodyEmptyObject
	// BodyNull sends null.
	BodyNull
	// BodyList sends a list page whose only item is the answer:
	// {"object":"list","data":[ANSWER],"first_id":ID,"last_id":ID,"has_more":false},
	// where ID is the answer's id, or null. It is a list where an invite (or
	// a deletion) is expected, and a page of something else on a list.
	BodyList
	// BodyArray sends the answer as the only element of a JSON array:
	// [ANSWER].
	BodyArray
	// BodyNoID sends the answer without its "id" field, and without the "id"
	// of the items in its "data", on a list.
	BodyNoID
	// BodyWrongObject sends the answer with its "object" field set to
	// "unexpected.object".
	BodyWrongObject
)

// Validate reports the first thing wrong with f, or nil: a method or path
// that cannot match, a negative count or duration, a status that is neither
// an error (400 to 599) nor a redirect (301, 302, 303, 307, 308), a Location
// without a redirect, a redirect with a spoiled body or a dropped connection,
// a status with DropBeforeHeaders (it would never be sent), both a Drop and a
// Body, a fault that does nothing, or a malformed header.
func (f Fault) Validate() error {
	redirect := isRedirect(f.Status)
	switch {
	case f.Method != "" && f.Method != "*" && !isToken(f.Method):
		return fmt.Errorf("fault: method %q is not an HTTP method", f.Method)
	case f.Path != "" && f.Path != "*" && !strings.HasPrefix(f.Path, "/"):
		return fmt.Errorf("fault: path %q must start with / (or be * for any path)", f.Path)
	case hasSpaceOrControl(f.Path):
		return fmt.Errorf("fault: path %q must not contain spaces or control characters", f.Path)
	case f.Times < 0:
		return fmt.Errorf("fault: times must be 0 (every matching request) or more, got %d", f.Times)
	case f.Status != 0 && !redirect && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault: status must be an error status from 400 to 599 or a redirect (301, 302, 303, 307, 308), got %d", f.Status)
	case f.Location != "" && !redirect:
		return errors.New("fault: location is only for a redirect status (301, 302, 303, 307, 308)")
	case f.Location != "" && !validLocation(f.Location):
		return fmt.Errorf("fault: location %q must be a path starting with / or an absolute http or https URL, without spaces", f.Location)
	case redirect && (f.Body != BodyIntact || f.Drop != DropNone):
		return fmt.Errorf("fault: a redirect (%d) has no body to spoil or drop", f.Status)
	case f.RetryAfterSeconds < 0 || f.RetryAfterMilliseconds < 0 || f.Latency < 0:
		return errors.New("fault: retry-after, retry-after-ms and latency must not be negative")
	case f.Drop < DropNone || f.Drop > DropAfterHeaders:
		return fmt.Errorf("fault: unknown drop mode %d", f.Drop)
	case f.Body < BodyIntact || f.Body > BodyWrongObject:
		return fmt.Errorf("fault: unknown body fault %d", f.Body)
	case f.Status != 0 && f.Drop == DropBeforeHeaders:
		return fmt.Errorf("fault: status %d would never be sent: the connection drops before the headers", f.Status)
	case f.Drop != DropNone && f.Body != BodyIntact:
		return errors.New("fault: choose a drop or a body fault, not both")
	case f.Status == 0 && f.Latency == 0 && f.Drop == DropNone && f.Body == BodyIntact &&
		f.RetryAfterSeconds == 0 && f.RetryAfterMilliseconds == 0 && len(f.Header) == 0:
		return errors.New("fault: it does nothing: give a status, latency, drop, body or header")
	}
	for name, values := range f.Header {
		if !isToken(name) {
			return fmt.Errorf("fault: header name %q is not valid", name)
		}
		for _, v := range values {
			if strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
				return fmt.Errorf("fault: the value of header %s must not contain control characters", name)
			}
		}
	}
	return nil
}

// isRedirect reports whether status is one a Fault may redirect with.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// validLocation reports whether loc is a path or an absolute http(s) URL
// without spaces or control characters.
func validLocation(loc string) bool {
	if hasSpaceOrControl(loc) {
		return false
	}
	if strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") {
		return true
	}
	u, err := url.Parse(loc)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// hasSpaceOrControl reports whether s holds a space or a control character.
func hasSpaceOrControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// isToken reports whether s is a non-empty HTTP token, as methods and
// header names are.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b <= ' ' || b >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, b) >= 0 {
			return false
		}
	}
	return true
}

// matches reports whether a request with this method and escaped path
// (below basePath) is one the fault is for.
func (f *Fault) matches(method, escapedPath string) bool {
	if f.Method != "" && f.Method != "*" && !strings.EqualFold(f.Method, method) {
		return false
	}
	pattern := strings.TrimPrefix(f.Path, basePath)
	if f.Path == "" || f.Path == "*" {
		return true
	}
	want := strings.Split(strings.Trim(pattern, "/"), "/")
	got := strings.Split(strings.Trim(escapedPath, "/"), "/")
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		if w == "*" || strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}") {
			if got[i] == "" {
				return false
			}
			continue
		}
		seg, err := url.PathUnescape(got[i])
		if err != nil {
			seg = got[i]
		}
		if w != seg && w != got[i] {
			return false
		}
	}
	return true
}

// faults is the list of injected faults, in the order they were injected.
// It is safe for concurrent use.
type faults struct {
	mu   sync.Mutex
	list []*Fault // Times counts down; a fault is removed when it reaches 0
}

// add injects f after the faults injected before it, unless it is not
// valid.
func (fs *faults) add(f Fault) error {
	if err := f.Validate(); err != nil {
		return err
	}
	f.Header = f.Header.Clone()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list = append(fs.list, &f)
	return nil
}

// clear removes every fault.
func (fs *faults) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list = nil
}

// all returns copies of the faults still waiting for requests, in order.
func (fs *faults) all() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, len(fs.list))
	for i, f := range fs.list {
		out[i] = *f
		out[i].Header = f.Header.Clone()
	}
	return out
}

// take returns a copy of the first fault that matches the request, and
// counts the request against it, or nil.
func (fs *faults) take(r *http.Request) *Fault {
	path := strings.TrimPrefix(r.URL.EscapedPath(), basePath)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.list {
		if !f.matches(r.Method, path) {
			continue
		}
		taken := *f
		if f.Times > 0 {
			taken.Times = 1
			if f.Times--; f.Times == 0 {
				fs.list = append(fs.list[:i:i], fs.list[i+1:]...)
			}
		}
		return &taken
	}
	return nil
}
