package apitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/fake"
)

// AdminKey is the admin key the fake accepts, as
// "Authorization: Bearer sk-admin-apitest-0000000000000000", unless
// WithAdminKey sets another one.
const AdminKey = "sk-admin-apitest-0000000000000000"

// DefaultProjectID is the project that an invite created without a projects
// field joins, as a member.
const DefaultProjectID = fake.DefaultProjectID

// config is what the options set.
type config struct {
	adminKey string
	now      func() time.Time
	seed     int64
	samples  int
	tb       testing.TB
	faults   []Fault
}

// Option configures a Server or a Handler.
type Option func(*config)

// WithAdminKey makes the fake accept key instead of AdminKey. The key must
// not be empty.
func WithAdminKey(key string) Option {
	return func(c *config) { c.adminKey = key }
}

// WithClock sets the clock the fake uses for created_at, expires_at and
// accepted_at and to decide when a pending invite has expired. The default is
// time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithSeed sets the seed from which the fake derives invite IDs and sample
// invites. The default seed is 0; the same seed and the same calls give the
// same IDs.
func WithSeed(seed int64) Option {
	return func(c *config) { c.seed = seed }
}

// WithSampleInvites starts the fake with n sample invites, as
// AddSampleInvites adds them.
func WithSampleInvites(n int) Option {
	return func(c *config) { c.samples = n }
}

// WithTB ties the fake to a test: a response that fails spec validation is
// reported with tb.Errorf, and NewServer registers Server.Close with
// tb.Cleanup.
func WithTB(tb testing.TB) Option {
	return func(c *config) { c.tb = tb }
}

// RecordedRequest is a request as it reached the fake.
type RecordedRequest struct {
	// Method is the HTTP method, such as GET.
	Method string
	// Path is the escaped path, as sent on the wire, such as
	// /v1/organization/invites/a%2F..%2Fb.
	Path string
	// RawQuery is the query string without the question mark.
	RawQuery string
	// Header holds the request headers. The credentials in Authorization
	// are replaced by "[redacted]" ("Bearer [redacted]"), so that printing a
	// recorded request never shows a key; Authorized says whether they were
	// right.
	Header http.Header
	// Body is the request body; it is empty for requests without one.
	Body []byte
	// Authorized reports whether the request carried the admin key the fake
	// accepts, as "Authorization: Bearer <key>".
	Authorized bool
	// Fault is the text form of the fault injected into the answer to this
	// request (see ParseFault), or empty.
	Fault string
}

// Handler is the fake as an http.Handler, for serving it on an address of
// one's own choice. It serves the API under the path prefix /v1 and is safe
// for concurrent use.
type Handler struct {
	engine *fake.Handler
}

// NewHandler returns a new fake with the given options. It fails if an option
// is invalid, such as an empty admin key.
func NewHandler(opts ...Option) (*Handler, error) {
	c := config{adminKey: AdminKey}
	for _, opt := range opts {
		opt(&c)
	}
	fc := fake.Config{
		AdminKey:         c.adminKey,
		DefaultProjectID: DefaultProjectID,
		Now:              c.now,
		Seed:             c.seed,
	}
	if tb := c.tb; tb != nil {
		fc.OnInvalidResponse = func(err error) {
			tb.Helper()
			tb.Errorf("%v", err)
		}
	}
	engine, err := fake.New(fc)
	if err != nil {
		return nil, fmt.Errorf("apitest: %w", err)
	}
	engine.AddSampleInvites(c.samples)
	h := &Handler{engine: engine}
	for _, f := range c.faults {
		if err := h.InjectFault(f); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.engine.ServeHTTP(w, r)
}

// AddInvite stores an invite and returns the stored copy. Missing fields are
// filled in: object, a new ID, status pending, created_at now, expires_at
// seven days later, and an empty projects list. With the default created_at, a
// later invite lists before an earlier one. An invite that reuses an ID
// replaces the earlier one.
//
// The invite is stored as given otherwise, so an invite the spec does not
// allow (an unknown role, say) makes every response that contains it a 500.
func (h *Handler) AddInvite(inv gen.Invite) gen.Invite {
	return h.engine.AddInvite(inv)
}

// SetStatus changes the status of the invite with this ID: accepted sets
// accepted_at to now, expired moves expires_at into the past, and pending
// clears accepted_at and renews an expired invite for seven days. It fails
// for an unknown or deleted ID and for a status the spec does not list.
func (h *Handler) SetStatus(id string, status gen.InviteStatus) error {
	return h.engine.SetStatus(id, status)
}

// Invites returns the invites that have not been deleted, newest first, as a
// client would read them (a pending invite past its expiry reads as expired).
func (h *Handler) Invites() []gen.Invite {
	return h.engine.Invites()
}

// AddSampleInvites adds n made-up invites, for demos: mostly pending, some
// accepted and some expired, with a mix of roles and projects. The same seed
// gives the same invites.
func (h *Handler) AddSampleInvites(n int) {
	h.engine.AddSampleInvites(n)
}

// Requests returns the requests the fake has received, oldest first,
// including the ones it rejected. It keeps the last 10,000.
func (h *Handler) Requests() []RecordedRequest {
	recs := h.engine.Requests()
	out := make([]RecordedRequest, len(recs))
	for i, r := range recs {
		out[i] = RecordedRequest(r)
	}
	return out
}

// ResetRequests forgets the requests received so far.
func (h *Handler) ResetRequests() {
	h.engine.ResetRequests()
}

// Close drops the connections of the requests waiting out a fault's
// latency, at once, and of any that would wait later, so that shutting down
// the server that serves the handler does not wait for them. Requests
// without latency are still answered. It may be called more than once.
func (h *Handler) Close() {
	h.engine.Close()
}

// Server is a fake invites API listening on a loopback address.
type Server struct {
	handler *Handler
	srv     *httptest.Server
}

// NewServer starts a fake with the given options and returns it. Close it when
// done, or pass WithTB to have that done when the test ends. NewServer panics
// (or, with WithTB, fails the test) if an option is invalid.
func NewServer(opts ...Option) *Server {
	var c config
	for _, opt := range opts {
		opt(&c)
	}
	h, err := NewHandler(opts...)
	if err != nil {
		if c.tb != nil {
			c.tb.Helper()
			c.tb.Fatalf("%v", err)
		}
		panic(err)
	}
	s := &Server{handler: h, srv: httptest.NewServer(h)}
	if c.tb != nil {
		c.tb.Cleanup(s.Close)
	}
	return s
}

// URL returns the server's root URL, like http://127.0.0.1:41234, with no
// trailing slash.
func (s *Server) URL() string { return s.srv.URL }

// BaseURL returns the URL a client uses as its API base: URL() + "/v1".
func (s *Server) BaseURL() string { return s.srv.URL + "/v1" }

// Client returns an HTTP client configured for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, waiting for requests in flight; requests
// held up by a fault's latency are dropped at once. It may be called more
// than once.
func (s *Server) Close() {
	s.handler.Close()
	s.srv.Close()
}

// AddInvite stores an invite and returns the stored copy; see
// Handler.AddInvite.
func (s *Server) AddInvite(inv gen.Invite) gen.Invite { return s.handler.AddInvite(inv) }

// SetStatus changes the status of the invite with this ID; see
// Handler.SetStatus.
func (s *Server) SetStatus(id string, status gen.InviteStatus) error {
	return s.handler.SetStatus(id, status)
}

// Invites returns the invites that have not been deleted, newest first; see
// Handler.Invites.
func (s *Server) Invites() []gen.Invite { return s.handler.Invites() }

// AddSampleInvites adds n made-up invites; see Handler.AddSampleInvites.
func (s *Server) AddSampleInvites(n int) { s.handler.AddSampleInvites(n) }

// Requests returns the requests the server has received, oldest first; see
// Handler.Requests.
func (s *Server) Requests() []RecordedRequest { return s.handler.Requests() }

// ResetRequests forgets the requests received so far.
func (s *Server) ResetRequests() { s.handler.ResetRequests() }
