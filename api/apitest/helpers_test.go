package apitest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/gen"
)

// t0 is the fake clock's starting time in tests.
var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// setup starts a fake tied to t.
func setup(t testing.TB, opts ...apitest.Option) *apitest.Server {
	t.Helper()
	return apitest.NewServer(append([]apitest.Option{apitest.WithTB(t)}, opts...)...)
}

// answer is a response read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes an error answer.
func (a answer) errorBody(t testing.TB) gen.Error {
	t.Helper()
	var e gen.ErrorResponse
	if err := json.Unmarshal(a.body, &e); err != nil {
		t.Fatalf("decoding error body %s: %v", a.body, err)
	}
	return e.Error
}

// decode unmarshals the body into v.
func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decoding %s: %v", a.body, err)
	}
}

// send makes a request with the admin key, unless headers set Authorization
// (to "" for none). A non-empty body is sent as JSON.
func send(t testing.TB, srv *apitest.Server, method, path, body string, headers ...string) answer {
	t.Helper()
	return do(t, srv, newRequest(t, srv, method, path, body, headers...))
}

// newRequest builds the request that send sends.
func newRequest(t testing.TB, srv *apitest.Server, method, path, body string, headers ...string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.BaseURL()+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}

func do(t testing.TB, srv *apitest.Server, req *http.Request) answer {
	t.Helper()
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q, want application/json", req.Method, req.URL.Path, ct)
	}
	if id := resp.Header.Get("x-request-id"); !strings.HasPrefix(id, "req_") {
		t.Errorf("%s %s: x-request-id %q, want req_…", req.Method, req.URL.Path, id)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// wantError checks an error answer's status, type, code and param.
func wantError(t testing.TB, a answer, status int, code, param string) gen.Error {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d; body %s", a.status, status, a.body)
	}
	e := a.errorBody(t)
	if status < 500 && e.Type != "invalid_request_error" {
		t.Errorf("type %q, want invalid_request_error", e.Type)
	}
	if got := deref(e.Code); got != code {
		t.Errorf("code %q, want %q; body %s", got, code, a.body)
	}
	if got := deref(e.Param); got != param {
		t.Errorf("param %q, want %q; body %s", got, param, a.body)
	}
	if got := a.header.Get("x-should-retry"); status == http.StatusConflict && got != "false" {
		t.Errorf("409 with x-should-retry %q, want false", got)
	}
	if e.Message == "" || strings.Contains(e.Message, "\n") {
		t.Errorf("message %q, want one non-empty line", e.Message)
	}
	return e
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// page is a list answer with first_id and last_id kept raw to tell null apart.
type page struct {
	Object  string       `json:"object"`
	Data    []api.Invite `json:"data"`
	FirstID *string      `json:"first_id"`
	LastID  *string      `json:"last_id"`
	HasMore bool         `json:"has_more"`
}

func ids(invs []api.Invite) []string {
	out := make([]string, len(invs))
	for i, inv := range invs {
		out[i] = inv.ID
	}
	return out
}
