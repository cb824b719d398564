package apitest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
)

// InProcessBaseURL is the base URL of a client whose requests go through
// Handler.Transport: its host is never looked up or dialled.
const InProcessBaseURL = "https://apitest.invalid" + basePath

// Transport returns an http.RoundTripper that serves each request with h
// in the calling goroutine, with no network in between: the request is
// handed to h as a server would hand it, and h's answer is returned whole.
// Give it to a client with the base URL InProcessBaseURL:
//
//	h, _ := apitest.NewHandler()
//	client, _ := api.NewClient(api.WithAdminKey(apitest.AdminKey),
//		api.WithBaseURL(apitest.InProcessBaseURL),
//		api.WithHTTPClient(&http.Client{Transport: h.Transport()}))
//
// With no sockets, a test can run the client and the fake inside a
// testing/synctest bubble, where time is virtual: a client pacing itself
// to "7 requests per minute" (see RateLimit), with the fake on its default
// clock, finishes 50 creates in no real time, and the times it measures are
// exact. A fault that drops the connection makes the round trip fail with
// an error, as a reset connection does; a fault's latency waits on the
// bubble's clock too.
func (h *Handler) Transport() http.RoundTripper {
	return inProcess{h}
}

// inProcess is the RoundTripper of Handler.Transport.
type inProcess struct{ h *Handler }

// errDropped is the error of a round trip whose connection a fault dropped.
var errDropped = errors.New("apitest: the connection was dropped (an injected fault)")

// RoundTrip serves r with the handler and returns its answer.
func (t inProcess) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	if r.URL.Scheme != "http" && r.URL.Scheme != "https" {
		return nil, fmt.Errorf("apitest: unsupported scheme %q", r.URL.Scheme)
	}
	// The server's view of the request: what net/http's server would
	// build from the bytes the client wrote.
	sr := r.Clone(r.Context())
	sr.RequestURI = r.URL.RequestURI()
	sr.RemoteAddr = "192.0.2.1:1234"
	if sr.Host == "" {
		sr.Host = r.URL.Host
	}
	if sr.Body == nil {
		sr.Body = http.NoBody
	}
	if r.Body != nil {
		defer func() { _ = r.Body.Close() }()
	}
	// A client that traces its requests (the SDK does, to know whether a
	// request may have taken effect) sees it written, as over a network.
	if trace := httptrace.ContextClientTrace(r.Context()); trace != nil && trace.WroteRequest != nil {
		trace.WroteRequest(httptrace.WroteRequestInfo{})
	}
	rec := httptest.NewRecorder()
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler { //nolint:errorlint // net/http panics with this very value
				panic(v)
			}
			resp, err = nil, errDropped
		}
	}()
	t.h.ServeHTTP(rec, sr)
	resp = rec.Result()
	resp.Request = r
	return resp, nil
}
