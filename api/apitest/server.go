package apitest

import (
	"net/http"
	"net/http/httptest"
)

// MaxHeaderBytes bounds the size of a request's header (request line
// included) that a Server reads; a larger one gets 431 Request Header Fields
// Too Large.
const MaxHeaderBytes = 64 << 10

// Server is a fake invites API listening on a loopback address. It has every
// method of Handler, which it serves.
type Server struct {
	*Handler
	srv *httptest.Server
}

// NewServer starts a fake with the given options and returns it. Close it when
// done, or pass WithTB to have that done when the test ends. NewServer panics
// (or, with WithTB, fails the test) if an option is invalid.
func NewServer(opts ...Option) *Server {
	c, err := newConfig(opts)
	var h *Handler
	if err == nil {
		h, err = newHandler(c)
	}
	if err != nil {
		if c.tb != nil {
			c.tb.Helper()
			c.tb.Fatalf("%v", err)
		}
		panic(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.MaxHeaderBytes = MaxHeaderBytes
	srv.Start()
	s := &Server{Handler: h, srv: srv}
	if tb := h.cfg.tb; tb != nil {
		tb.Cleanup(s.Close)
	}
	return s
}

// URL returns the server's root URL, like http://127.0.0.1:41234, with no
// trailing slash.
func (s *Server) URL() string { return s.srv.URL }

// BaseURL returns the URL a client uses as its API base: URL() + "/v1".
func (s *Server) BaseURL() string { return s.srv.URL + basePath }

// Client returns an HTTP client configured for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, waiting for requests in flight; requests
// held up by a fault's latency are dropped at once. It may be called more
// than once.
func (s *Server) Close() {
	s.Handler.Close()
	s.srv.Close()
}
