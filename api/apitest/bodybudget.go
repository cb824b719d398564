package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Request bodies: the budget of the bytes the fake holds at once, and the
// reading of one body, within its bound, before the layers see the request.

// MaxBodyBytesInFlight is how many bytes of request bodies the fake holds at
// once, 32 MiB, counted as each request declares them (its Content-Length,
// or the most it reads, 1 MiB, when it declares none). A request whose body
// would pass the budget is answered 503 with Retry-After: 1 at once, before
// its body is read, so that many concurrent large creates cannot take the
// fake's memory: reading and validating a body takes a few times its size.
// Requests without a body, such as lists, gets and deletes, take nothing
// from the budget.
const MaxBodyBytesInFlight = 32 << 20

// maxBodyBytes bounds the request bodies the fake reads.
const maxBodyBytes = 1 << 20

// bodyBudget counts the bytes of the request bodies in flight.
type bodyBudget struct {
	mu    sync.Mutex
	inUse int64
}

// take reserves the bytes that r's body may hold and returns the function
// that gives them back, or ok false when they would pass the budget.
func (b *bodyBudget) take(r *http.Request) (release func(), ok bool) {
	n := r.ContentLength
	if r.Body == nil || r.Body == http.NoBody || n == 0 {
		return func() {}, true
	}
	if n < 0 || n > maxBodyBytes {
		n = maxBodyBytes + 1 // the most readBody reads
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inUse+n > MaxBodyBytesInFlight {
		return nil, false
	}
	b.inUse += n
	return func() {
		b.mu.Lock()
		b.inUse -= n
		b.mu.Unlock()
	}, true
}

// busy is the answer to a request whose body would pass the budget.
func busy() *response {
	resp := apiError(http.StatusServiceUnavailable, typeServer, "", "",
		"The fake is reading "+strconv.Itoa(MaxBodyBytesInFlight>>20)+" MiB of other request bodies; retry in a second.")
	resp.header = http.Header{"Retry-After": {"1"}}
	return resp
}

// readBody reads the request body once, up to maxBodyBytes, and puts it back
// for the validator. It returns the answer for a body that cannot be read or
// is too large, else nil.
func (c *call) readBody() *response {
	switch c.req.Body {
	case nil:
		return nil
	case http.NoBody:
		// The server's mark for a request without a body: nothing to read,
		// and nothing to put back.
		c.body = []byte{}
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(c.req.Body, maxBodyBytes+1))
	c.body = body
	c.req.Body = io.NopCloser(bytes.NewReader(body))
	switch {
	case err != nil:
		return badRequest("", "The request body could not be read.")
	case len(body) > maxBodyBytes:
		return apiError(http.StatusRequestEntityTooLarge, typeInvalidRequest, "", "",
			fmt.Sprintf("The request body is larger than %d bytes.", maxBodyBytes))
	}
	return nil
}
