package fake

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Drop says whether, and when, a fault closes the connection instead of
// finishing the answer.
type Drop int

// The ways a fault can drop the connection.
const (
	// DropNone answers normally.
	DropNone Drop = iota
	// DropBeforeHeaders serves the request, then closes the connection
	// without sending a byte of the answer: the client cannot tell whether
	// the request took effect.
	DropBeforeHeaders
	// DropAfterHeaders serves the request, sends the status line, the
	// headers (with the full Content-Length) and half of the body, then
	// closes the connection.
	DropAfterHeaders
)

// BodyFault says how a fault spoils the body of a complete answer.
type BodyFault int

// The ways a fault can spoil a body.
const (
	// BodyIntact sends the body as is.
	BodyIntact BodyFault = iota
	// BodyTruncated sends the first half of the body as the whole of it,
	// with a matching Content-Length: a complete answer that is not valid
	// JSON.
	BodyTruncated
	// BodyNotJSON sends an HTML page, as a proxy in front of the API might,
	// with Content-Type text/html.
	BodyNotJSON
)

// Fault is a failure the handler simulates for the requests that match it;
// see package api/apitest for what each field does.
type Fault struct {
	Method                 string
	Path                   string
	Times                  int
	Status                 int
	RetryAfterSeconds      int
	RetryAfterMilliseconds int
	Header                 http.Header
	Latency                time.Duration
	Drop                   Drop
	Body                   BodyFault
}

// Validate reports the first thing wrong with f, or nil.
func (f Fault) Validate() error {
	switch {
	case f.Method != "" && f.Method != "*" && !isToken(f.Method):
		return fmt.Errorf("fault: method %q is not an HTTP method", f.Method)
	case f.Path != "" && f.Path != "*" && !strings.HasPrefix(f.Path, "/"):
		return fmt.Errorf("fault: path %q must start with / (or be * for any path)", f.Path)
	case strings.ContainsFunc(f.Path, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return fmt.Errorf("fault: path %q must not contain spaces or control characters", f.Path)
	case f.Times < 0:
		return fmt.Errorf("fault: times must be 0 (every matching request) or more, got %d", f.Times)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault: status must be an error status from 400 to 599, got %d", f.Status)
	case f.RetryAfterSeconds < 0 || f.RetryAfterMilliseconds < 0 || f.Latency < 0:
		return errors.New("fault: retry-after, retry-after-ms and latency must not be negative")
	case f.Drop < DropNone || f.Drop > DropAfterHeaders:
		return fmt.Errorf("fault: unknown drop mode %d", f.Drop)
	case f.Body < BodyIntact || f.Body > BodyNotJSON:
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

// InjectFault makes the handler simulate f for the requests that match it:
// the next f.Times of them, or every one when f.Times is 0. A request gets
// at most one fault: the first matching one, in the order injected.
func (h *Handler) InjectFault(f Fault) error {
	if err := f.Validate(); err != nil {
		return err
	}
	f.Header = f.Header.Clone()
	h.faults.mu.Lock()
	defer h.faults.mu.Unlock()
	h.faults.list = append(h.faults.list, &f)
	return nil
}

// ClearFaults removes every injected fault.
func (h *Handler) ClearFaults() {
	h.faults.mu.Lock()
	defer h.faults.mu.Unlock()
	h.faults.list = nil
}

// Faults returns the faults still waiting for requests, in order, each with
// the number of requests it still applies to in Times (0 for every one).
func (h *Handler) Faults() []Fault {
	h.faults.mu.Lock()
	defer h.faults.mu.Unlock()
	out := make([]Fault, len(h.faults.list))
	for i, f := range h.faults.list {
		out[i] = *f
		out[i].Header = f.Header.Clone()
	}
	return out
}

// takeFault returns a copy of the first fault that matches the request, and
// counts the request against it, or nil.
func (h *Handler) takeFault(r *http.Request) *Fault {
	path := strings.TrimPrefix(r.URL.EscapedPath(), basePath)
	h.faults.mu.Lock()
	defer h.faults.mu.Unlock()
	for i, f := range h.faults.list {
		if !f.matches(r.Method, path) {
			continue
		}
		taken := *f
		if f.Times > 0 {
			taken.Times = 1
			if f.Times--; f.Times == 0 {
				h.faults.list = append(h.faults.list[:i:i], h.faults.list[i+1:]...)
			}
		}
		return &taken
	}
	return nil
}

// delay waits for the fault's latency. It returns false when the client
// went away, or the handler was closed, before the wait was over.
func (h *Handler) delay(c *call) bool {
	if c.fault == nil || c.fault.Latency <= 0 {
		return true
	}
	t := time.NewTimer(c.fault.Latency)
	defer t.Stop()
	select {
	case <-h.closing:
		return false
	default:
	}
	select {
	case <-t.C:
		return true
	case <-c.req.Context().Done():
		return false
	case <-h.closing:
		return false
	}
}

// faultAnswer is the error answer of a fault with a status, in OpenAI's
// format, or nil for a fault without one.
func faultAnswer(f *Fault) *response {
	if f == nil || f.Status == 0 {
		return nil
	}
	msg := fmt.Sprintf("Simulated %d %s (an injected fault).", f.Status, http.StatusText(f.Status))
	switch {
	case f.Status == http.StatusTooManyRequests:
		return apiError(f.Status, "rate_limit_exceeded", "rate_limit_exceeded", "", msg)
	case f.Status >= 500:
		return apiError(f.Status, typeServer, "", "", msg)
	}
	return apiError(f.Status, typeInvalidRequest, "injected_fault", "", msg)
}

// notJSONPage is the body of a BodyNotJSON fault.
const notJSONPage = "<html>\r\n<head><title>Service Unavailable</title></head>\r\n" +
	"<body><h1>Service Unavailable</h1><p>An injected fault replaced the answer with this page.</p></body>\r\n</html>\r\n"

// write sends an encoded answer, spoiled as the call's fault says, if it
// has one: extra headers, a spoiled body, or a dropped connection.
func write(w http.ResponseWriter, c *call, status int, header http.Header, body []byte) {
	f := c.fault
	if f == nil {
		f = &Fault{}
	}
	if f.Drop == DropBeforeHeaders {
		dropConnection(w)
		return
	}
	if f.RetryAfterSeconds > 0 {
		header.Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
	}
	if f.RetryAfterMilliseconds > 0 {
		header.Set("Retry-After-Ms", strconv.Itoa(f.RetryAfterMilliseconds))
	}
	for k, v := range f.Header {
		header[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
	}
	switch f.Body {
	case BodyTruncated:
		body = body[:len(body)/2]
	case BodyNotJSON:
		body = []byte(notJSONPage)
		header.Set("Content-Type", "text/html; charset=utf-8")
	}
	header.Set("Content-Length", strconv.Itoa(len(body)))
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	if f.Drop == DropAfterHeaders {
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		dropConnection(w)
		return
	}
	_, _ = w.Write(body)
}

// dropConnection closes the client's connection without another byte. A
// ResponseWriter that cannot be hijacked (HTTP/2, or a recorder in a test)
// is aborted with http.ErrAbortHandler instead, which the net/http server
// turns into a reset stream or a closed connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
