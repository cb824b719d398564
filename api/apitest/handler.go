package apitest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/seed-a87280d7/invites/internal/spec"
)

// Handler is the fake as an http.Handler, for serving it on an address of
// one's own choice. It serves the API under the path prefix /v1 and is safe
// for concurrent use.
//
// A request passes through four layers:
//
//  1. authentication: a request without the admin key is answered 401 at
//     once, whatever its path and method, is recorded without its body, and
//     meets no fault and no rate limit; any other has its body read, unless
//     the bodies in flight would pass MaxBodyBytesInFlight (then it is
//     answered 503 at once, recorded without its body, as BodyTruncated
//     says);
//  2. the rate limits: a request to a limited endpoint is counted, and one
//     beyond the limit is recorded and answered 429 (see RateLimit);
//  3. the faults: the request's fault, if any, is taken and
//     the request recorded; the fault may delay it, answer it in place of
//     the fake, spoil the answer or drop the connection;
//  4. the fake: the request is matched to its operation,
//     validated against the spec and served (through the idempotency store
//     when it carries an Idempotency-Key), and the answer encoded,
//     validated against the spec and written.
type Handler struct {
	cfg        config
	router     *router
	check      *validator
	requestSeq atomic.Uint64

	svc      *service // the invites, which the operations serve
	requests *recorder

	faults    faults
	limits    rateLimits
	faulty    http.Handler // serve wrapped in the faults and the rate limits (see withFaults, withRateLimits)
	idem      *idempotency
	bodies    bodyBudget    // the bytes of request bodies in flight
	closing   chan struct{} // closed by Close
	closeOnce sync.Once
}

// NewHandler returns a new fake with the given options. It fails if an option
// is invalid, such as an empty admin key.
func NewHandler(opts ...Option) (*Handler, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return newHandler(c)
}

// newHandler loads and validates the embedded spec, prepares the router and
// returns a Handler holding the configured sample invites and faults.
func newHandler(c config) (*Handler, error) {
	doc, err := spec.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("apitest: loading the embedded spec: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: basePath}}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("apitest: the embedded spec is invalid: %w", err)
	}
	rt, err := newRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("apitest: %w", err)
	}
	errSchema := doc.Components.Schemas["ErrorResponse"]
	if errSchema == nil || errSchema.Value == nil {
		return nil, errors.New("apitest: the spec has no ErrorResponse schema")
	}
	h := &Handler{
		cfg:      c,
		router:   rt,
		check:    newValidator(c.adminKey, errSchema.Value),
		svc:      &service{store: newStore(c.seed), now: c.now, sparsePages: c.sparsePages},
		requests: &recorder{adminKey: c.adminKey, log: requestLog{max: c.maxRequests}},
		idem:     newIdempotency(),
		closing:  make(chan struct{}),
	}
	h.faulty = h.withRateLimits(h.withFaults(http.HandlerFunc(h.serve)))
	if err := h.limits.install(c.limits); err != nil {
		return nil, err
	}
	h.svc.store.addSamples(c.samples, h.now())
	for _, f := range c.faults {
		if err := h.faults.add(f); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// withFaults returns next wrapped in the layer of injected faults.
func (h *Handler) withFaults(next http.Handler) *faultLayer {
	return &faultLayer{next: next, faults: &h.faults, requests: h.requests, send: h.send, closing: h.closing}
}

// withRateLimits returns next wrapped in the layer of rate limits.
func (h *Handler) withRateLimits(next http.Handler) *rateLimitLayer {
	return &rateLimitLayer{next: next, limits: &h.limits, router: h.router, now: h.now, requests: h.requests, send: h.send}
}

// Close drops the connections of the requests waiting out a fault's
// latency, at once, and of any that would wait later, so that shutting down
// the server that serves the handler does not wait for them. Requests
// without latency are still answered. It may be called more than once.
func (h *Handler) Close() {
	h.closeOnce.Do(func() { close(h.closing) })
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{req: r, requestID: "req_" + strconv.FormatUint(h.requestSeq.Add(1), 16)}
	if !h.check.authorized(r) {
		h.requests.record(c, false, nil)
		h.send(w, c, unauthorized())
		return
	}
	release, ok := h.bodies.take(r)
	if !ok {
		h.requests.record(c, true, nil)
		// The body is read and thrown away, a few KiB at a time, so that the
		// client hears the 503 instead of a connection closed under it.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBodyBytes+1))
		h.send(w, c, busy())
		return
	}
	defer release()
	c.refused = c.readBody()
	h.faulty.ServeHTTP(w, withCall(r, c))
}

// serve answers the call that the request carries: it matches the request
// to its operation, validates it and serves it.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	c := callOf(r)
	resp := c.refused
	if resp == nil {
		resp = h.handle(c)
	}
	h.send(w, c, resp)
}

// handle matches the request to its operation, validates it and serves it.
func (h *Handler) handle(c *call) *response {
	path := c.req.URL.EscapedPath()
	res, params, ok := h.router.match(path)
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
	c.route, c.params = op.route, params
	if resp := h.check.validateRequest(c); resp != nil {
		return resp
	}
	if c.req.Header.Get(idempotencyHeader) != "" && c.req.Method != http.MethodGet && c.req.Method != http.MethodHead {
		serve := func() *response { return op.serve(h.svc, c) }
		if h.cfg.ignoreIdempotency {
			return ignoreIdempotencyKey(c, serve)
		}
		return h.idem.handle(c, h.now, serve)
	}
	return op.serve(h.svc, c)
}

// send encodes the response, checks it against the spec and writes it. A
// response the spec rejects is reported
// through WithTB and replaced by a 500 server_error; a forged one is sent as
// it is.
func (h *Handler) send(w http.ResponseWriter, c *call, resp *response) {
	header := http.Header{}
	for k, v := range resp.header {
		header[k] = v
	}
	header.Set("X-Request-Id", c.requestID)
	body, err := resp.encode(header)
	if err == nil && !resp.forged {
		err = h.check.validateResponse(c, resp.status, header, body)
	}
	if err != nil {
		if h.cfg.onInvalidResponse != nil {
			h.cfg.onInvalidResponse(fmt.Errorf("apitest: the %d answer to %s %s does not match the spec: %w",
				resp.status, c.req.Method, c.req.URL.EscapedPath(), err))
		}
		resp = serverError(err)
		body, _ = resp.encode(header)
		header.Del("Allow")
	}
	writeHeader(w, resp.status, header, len(body))
	_, _ = w.Write(body) //nolint:gosec // G705: the body is JSON that the fake encoded, sent as application/json, not HTML
}

// now is the handler's clock.
func (h *Handler) now() time.Time { return h.cfg.now() }
