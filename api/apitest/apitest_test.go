package apitest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// recordingTB stands in for a *testing.T to observe what the fake reports.
type recordingTB struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	fatals   []string
	cleanups []func()
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, format)
	for _, a := range args {
		r.errors = append(r.errors, a.(error).Error())
	}
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatals = append(r.fatals, format)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func get(t *testing.T, client *http.Client, url, key string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestNewServerDefaults(t *testing.T) {
	t.Parallel()
	srv := apitest.NewServer()
	defer srv.Close()
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") || srv.BaseURL() != srv.URL()+"/v1" {
		t.Fatalf("URL %q, BaseURL %q", srv.URL(), srv.BaseURL())
	}
	if status, body := get(t, srv.Client(), srv.BaseURL()+"/organization/invites", apitest.AdminKey); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if n := len(srv.Invites()); n != 0 {
		t.Fatalf("%d invites in a new server", n)
	}
	srv.Close() // twice is fine
}

func TestOptions(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	newSrv := func() *apitest.Server {
		return apitest.NewServer(apitest.WithTB(t), apitest.WithAdminKey("sk-other"),
			apitest.WithClock(func() time.Time { return now }), apitest.WithSeed(3), apitest.WithSampleInvites(12))
	}
	a, b := newSrv(), newSrv()
	if status, _ := get(t, a.Client(), a.BaseURL()+"/organization/invites", apitest.AdminKey); status != http.StatusUnauthorized {
		t.Errorf("default key accepted with WithAdminKey: %d", status)
	}
	status, body := get(t, a.Client(), a.BaseURL()+"/organization/invites?limit=100", "sk-other")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if _, body2 := get(t, b.Client(), b.BaseURL()+"/organization/invites?limit=100", "sk-other"); body != body2 {
		t.Error("same options, different invites")
	}
	invs := a.Invites()
	if len(invs) != 12 {
		t.Fatalf("%d sample invites", len(invs))
	}
	added := a.AddInvite(api.Invite{Email: "new@example.com", Role: api.RoleOwner})
	if added.CreatedAt != now.Unix() || a.Invites()[0].ID != added.ID {
		t.Errorf("AddInvite with a fixed clock: %+v", added)
	}
	if err := a.SetStatus(added.ID, api.InviteStatusAccepted); err != nil || a.Invites()[0].Status != api.InviteStatusAccepted {
		t.Errorf("SetStatus: %v", err)
	}
	a.AddSampleInvites(3)
	if n := len(a.Invites()); n != 16 {
		t.Errorf("%d invites after AddSampleInvites(3)", n)
	}
	if reqs := a.Requests(); len(reqs) != 2 || reqs[1].RawQuery != "limit=100" {
		t.Errorf("requests %+v", reqs)
	}
	a.ResetRequests()
	if n := len(a.Requests()); n != 0 {
		t.Errorf("%d requests after reset", n)
	}
}

func TestWithTBReportsInvalidResponses(t *testing.T) {
	t.Parallel()
	tb := &recordingTB{TB: t}
	srv := apitest.NewServer(apitest.WithTB(tb))
	if len(tb.cleanups) != 1 {
		t.Fatalf("%d cleanups registered", len(tb.cleanups))
	}
	srv.AddInvite(api.Invite{ID: "invite-bad", Email: "bad@example.com", Role: "admin"})
	status, body := get(t, srv.Client(), srv.BaseURL()+"/organization/invites/invite-bad", apitest.AdminKey)
	if status != http.StatusInternalServerError || !strings.Contains(body, "apitest: response failed spec validation: ") {
		t.Errorf("%d %s", status, body)
	}
	tb.cleanups[0]() // closes the server
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.errors) != 2 || !strings.Contains(tb.errors[1], "/role") {
		t.Errorf("reported %q", tb.errors)
	}
}

func TestInvalidOptions(t *testing.T) {
	t.Parallel()
	if _, err := apitest.NewHandler(apitest.WithAdminKey("")); err == nil {
		t.Error("NewHandler accepted an empty admin key")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("NewServer did not panic on an empty admin key")
			}
		}()
		apitest.NewServer(apitest.WithAdminKey(""))
	}()
	tb := &recordingTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		apitest.NewServer(apitest.WithTB(tb), apitest.WithAdminKey(""))
	}()
	<-done
	if len(tb.fatals) != 1 {
		t.Errorf("NewServer with WithTB did not fail the test: %v", tb.fatals)
	}
}

func TestNewHandler(t *testing.T) {
	t.Parallel()
	h, err := apitest.NewHandler(apitest.WithSampleInvites(5))
	if err != nil {
		t.Fatal(err)
	}
	// A stand-alone mock server would serve h (or a mux holding it) with
	// http.ListenAndServe on an address of its own.
	mux := http.NewServeMux()
	mux.Handle("/v1/", h)
	req := httptest.NewRequest(http.MethodGet, "/v1/organization/invites?limit=2", nil)
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"has_more":true`) {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if len(h.Invites()) != 5 || len(h.Requests()) != 1 {
		t.Fatal("hooks do not see the handler's state")
	}
	h.ResetRequests()
	h.AddSampleInvites(1)
	if err := h.SetStatus(h.AddInvite(api.Invite{Email: "x@example.com", Role: api.RoleReader}).ID, api.InviteStatusExpired); err != nil {
		t.Fatal(err)
	}
	if len(h.Invites()) != 7 || len(h.Requests()) != 0 {
		t.Fatal("hooks")
	}
}
