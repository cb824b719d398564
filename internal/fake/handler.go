// Package fake is the engine of package api/apitest: an in-memory
// implementation of the organization-invites API that checks every request and
// every response against the module's embedded openapi.yaml.
//
// A request passes through these steps in ServeHTTP, each a small method:
//
//  1. begin: read the body once, pick the injected fault that matches the
//     request, if any, and record the request;
//  2. delay: wait for the fault's latency;
//  3. handle: answer with the fault's status, or route the request by hand,
//     validate it with openapi3filter and serve it (through the
//     idempotency store when it carries an Idempotency-Key);
//  4. send: encode the answer, validate it with openapi3filter, and write
//     it, spoiled as the fault says (extra headers, a bad body, a dropped
//     connection).
package fake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/seed-a87280d7/invites/internal/spec"
)

// DefaultProjectID is the project an invite joins when its request leaves
// out projects, unless Config.DefaultProjectID says otherwise.
const DefaultProjectID = "proj_default"

// maxBodyBytes bounds the request bodies the fake reads.
const maxBodyBytes = 1 << 20

// Config configures a Handler.
type Config struct {
	// AdminKey is the only key accepted, as "Authorization: Bearer <AdminKey>".
	// It must not be empty.
	AdminKey string

	// DefaultProjectID is the project that an invite created without a
	// projects field joins as a member. Empty means DefaultProjectID.
	DefaultProjectID string

	// Now is the clock for created_at, expires_at, accepted_at and expiry.
	// Nil means time.Now.
	Now func() time.Time

	// Seed makes invite IDs and sample invites deterministic.
	Seed int64

	// OnInvalidResponse, if set, is called with the reason whenever a
	// response fails spec validation, which is a bug in the fake. The client
	// receives a 500 server_error instead of the invalid response.
	OnInvalidResponse func(error)
}

// Handler serves the invites API from memory. It is safe for concurrent use.
type Handler struct {
	cfg         Config
	routes      *routes
	opts        *openapi3filter.Options
	errorSchema *openapi3.Schema
	// authorization is the one Authorization header accepted, "Bearer " and
	// the admin key, made once.
	authorization []byte
	requestSeq    atomic.Uint64

	mu       sync.Mutex // guards store and requests
	store    *store
	requests []RecordedRequest

	faults    faults
	idem      *idempotency
	closing   chan struct{} // closed by Close
	closeOnce sync.Once
}

// New loads and validates the embedded spec, prepares a route for each
// operation and returns an empty Handler.
func New(cfg Config) (*Handler, error) {
	if cfg.AdminKey == "" {
		return nil, errors.New("fake: Config.AdminKey must not be empty")
	}
	if cfg.DefaultProjectID == "" {
		cfg.DefaultProjectID = DefaultProjectID
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	doc, err := spec.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("fake: loading the embedded spec: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: basePath}}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("fake: the embedded spec is invalid: %w", err)
	}
	rt, err := buildRoutes(doc)
	if err != nil {
		return nil, fmt.Errorf("fake: %w", err)
	}
	authorization := []byte("Bearer " + cfg.AdminKey)
	errSchema := doc.Components.Schemas["ErrorResponse"]
	if errSchema == nil || errSchema.Value == nil {
		return nil, errors.New("fake: spec has no ErrorResponse schema")
	}
	return &Handler{
		cfg:           cfg,
		routes:        rt,
		opts:          validationOptions(authorization),
		authorization: authorization,
		errorSchema:   errSchema.Value,
		store:         newStore(cfg.Seed),
		idem:          newIdempotency(),
		closing:       make(chan struct{}),
	}, nil
}

// Close drops the connections of the requests waiting out a fault's
// latency, and of any that would wait later. Requests without latency are
// still answered. It may be called more than once.
func (h *Handler) Close() {
	h.closeOnce.Do(func() { close(h.closing) })
}

// call is one request on its way through the handler.
type call struct {
	req       *http.Request
	body      []byte
	requestID string
	op        *operation        // nil until routed, and for unknown routes
	params    map[string]string // path parameters, unescaped
	fault     *Fault            // the injected fault for this request, if any
}

// response is an answer before it is encoded and validated.
type response struct {
	status int
	body   any
	header http.Header // extra headers, such as Allow
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, resp := h.begin(r)
	if !h.delay(c) {
		dropConnection(w)
		return
	}
	if resp == nil {
		resp = faultAnswer(c.fault)
	}
	if resp == nil {
		resp = h.handle(c)
	}
	h.send(w, c, resp)
}

// begin reads the request body once, picks the request's fault, records the
// request and assigns the request ID. It answers at once when the body
// cannot be read.
func (h *Handler) begin(r *http.Request) (*call, *response) {
	c := &call{
		req:       r,
		requestID: "req_" + strconv.FormatUint(h.requestSeq.Add(1), 16),
		fault:     h.takeFault(r),
	}
	var resp *response
	switch r.Body {
	case nil:
	case http.NoBody:
		// The server's mark for a request without a body: nothing to read,
		// and nothing to put back.
		c.body = []byte{}
	default:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		switch {
		case err != nil:
			resp = badRequest("", "The request body could not be read.")
		case len(body) > maxBodyBytes:
			resp = apiError(http.StatusRequestEntityTooLarge, typeInvalidRequest, "", "",
				fmt.Sprintf("The request body is larger than %d bytes.", maxBodyBytes))
		}
		c.body = body
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	h.record(r, c.body, c.fault)
	return c, resp
}

// handle routes the request, validates it against its operation and serves it.
func (h *Handler) handle(c *call) *response {
	path := c.req.URL.EscapedPath()
	res, params, ok := h.routes.match(path)
	if !ok {
		return apiError(http.StatusNotFound, typeInvalidRequest, codeUnknownURL, "",
			fmt.Sprintf("Invalid URL (%s %s).", escape(c.req.Method), escape(path)))
	}
	op := res.ops[c.req.Method]
	if op == nil {
		resp := apiError(http.StatusMethodNotAllowed, typeInvalidRequest, codeMethodNotAllowed, "",
			fmt.Sprintf("Method %s is not allowed on %s; use %s.", escape(c.req.Method), escape(path), res.allow))
		resp.header = http.Header{"Allow": {res.allow}}
		return resp
	}
	c.op, c.params = op, params
	if resp := h.validateRequest(c); resp != nil {
		return resp
	}
	if c.req.Header.Get(IdempotencyHeader) != "" && c.req.Method != http.MethodGet && c.req.Method != http.MethodHead {
		return h.idempotent(c, func() *response { return op.serve(h, c) })
	}
	return op.serve(h, c)
}

// send encodes the response, checks it against the spec and writes it,
// spoiled as the call's fault says. A response the spec rejects is reported
// to Config.OnInvalidResponse and replaced by a 500 server_error.
func (h *Handler) send(w http.ResponseWriter, c *call, resp *response) {
	header := http.Header{}
	for k, v := range resp.header {
		header[k] = v
	}
	header.Set("Content-Type", "application/json")
	header.Set("X-Request-Id", c.requestID)
	body, err := json.Marshal(resp.body)
	if err == nil {
		err = h.validateResponse(c, resp.status, header, body)
	}
	if err != nil {
		if h.cfg.OnInvalidResponse != nil {
			h.cfg.OnInvalidResponse(fmt.Errorf("apitest: the %d answer to %s %s does not match the spec: %w",
				resp.status, c.req.Method, c.req.URL.EscapedPath(), err))
		}
		resp = serverError(err)
		body, _ = json.Marshal(resp.body)
		header.Del("Allow")
	}
	write(w, c, resp.status, header, body)
}

// now is the handler's clock.
func (h *Handler) now() time.Time { return h.cfg.Now() }
