package apitest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/routers"
)

// The state of one request on its way through the fake: the call, which
// each step of the handler reads and fills in, and the response, the answer
// a step gives before it is encoded, checked against the spec and written.

// call is one request on its way through the handler.
type call struct {
	req       *http.Request
	body      []byte
	requestID string
	route     *routers.Route    // the operation's route: nil until matched, and for unknown paths and methods
	params    map[string]string // path parameters, unescaped
	refused   *response         // the answer to a body that could not be read, or nil
	rateLimit string            // the rate limit that refused the request, in its text form, or ""
}

// callKey is the context key under which a request carries its call.
type callKey struct{}

// withCall returns r carrying c, for the layers of the handler to find.
func withCall(r *http.Request, c *call) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), callKey{}, c))
}

// callOf returns the call that r carries.
func callOf(r *http.Request) *call {
	return r.Context().Value(callKey{}).(*call)
}

// response is an answer before it is encoded and validated.
type response struct {
	status int
	// body is encoded as JSON, except a []byte, which is sent as is.
	body   any
	header http.Header // extra headers, such as Allow
	// forged marks an answer a fault makes up to simulate a broken server,
	// such as a redirect: it is not validated against the spec.
	forged bool
}

// encode returns the body to send and sets its Content-Type: JSON, or the
// bytes of a forged body as they are (without a Content-Type when empty).
func (r *response) encode(header http.Header) ([]byte, error) {
	if raw, ok := r.body.([]byte); ok {
		if len(raw) > 0 {
			header.Set("Content-Type", "application/json")
		}
		return raw, nil
	}
	header.Set("Content-Type", "application/json")
	return json.Marshal(r.body)
}

// writeHeader sends the status and the header of an answer whose body is
// length bytes long.
func writeHeader(w http.ResponseWriter, status int, header http.Header, length int) {
	header.Set("Content-Length", strconv.Itoa(length))
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
}
