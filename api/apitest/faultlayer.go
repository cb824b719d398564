package apitest

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"
)

// faultLayer wraps next, the fake that serves requests, in the layer of
// injected faults. For each request it takes the first fault that matches
// (see Fault) and records the request with it; then, if there is one, it
// waits out the fault's latency (dropping the connection should the client
// go away or the handler close), answers with the fault's status instead of
// passing the request to next, and sends the answer with the fault's
// headers, its body spoiled, or drops the connection, as the fault says. A
// request that meets no fault goes to next as it is.
type faultLayer struct {
	next     http.Handler
	faults   *faults
	requests *recorder
	send     func(w http.ResponseWriter, c *call, resp *response) // writes an answer the fake gives
	closing  <-chan struct{}                                      // closed when the handler is
}

// ServeHTTP serves r through the layer.
func (l *faultLayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := callOf(r)
	f := l.faults.take(r)
	l.requests.record(c, true, f)
	if f == nil {
		l.next.ServeHTTP(w, r)
		return
	}
	if !l.wait(r.Context(), f.Latency) {
		dropConnection(w)
		return
	}
	held := &heldAnswer{header: http.Header{}}
	if resp := f.answer(r); resp != nil {
		l.send(held, c, resp)
	} else {
		l.next.ServeHTTP(held, r)
	}
	held.sendAs(w, f)
}

// wait waits for d. It returns false when the client went away, or the
// handler was closed, before the wait was over.
func (l *faultLayer) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-l.closing:
		return false
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// heldAnswer is an http.ResponseWriter that keeps the answer written to it,
// for the fault layer to send, spoiled, once it is complete.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// Header returns the header of the answer.
func (a *heldAnswer) Header() http.Header { return a.header }

// WriteHeader keeps the first status written.
func (a *heldAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

// Write adds b to the body.
func (a *heldAnswer) Write(b []byte) (int, error) {
	a.WriteHeader(http.StatusOK)
	return a.body.Write(b)
}

// sendAs sends the answer to w as f says: with its retry hints and headers,
// its body spoiled, or the connection dropped before the headers or halfway
// through the body.
func (a *heldAnswer) sendAs(w http.ResponseWriter, f *Fault) {
	if f.Drop == DropBeforeHeaders {
		dropConnection(w)
		return
	}
	header := a.header
	if f.RetryAfterSeconds > 0 {
		header.Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
	}
	if f.RetryAfterMilliseconds > 0 {
		header.Set("Retry-After-Ms", strconv.Itoa(f.RetryAfterMilliseconds))
	}
	for k, v := range f.Header {
		header[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
	}
	body := f.Body.spoil(a.body.Bytes(), header)
	writeHeader(w, a.status, header, len(body))
	if f.Drop == DropAfterHeaders {
		_, _ = w.Write(body[:len(body)/2]) //nolint:gosec // G705: the fake's own answer, spoiled as the fault says, with the Content-Type it set
		_ = http.NewResponseController(w).Flush()
		dropConnection(w)
		return
	}
	_, _ = w.Write(body) //nolint:gosec // G705: the fake's own answer, spoiled as the fault says, with the Content-Type it set
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
