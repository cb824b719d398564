package apitest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/gen"
)

func TestNewNeedsAKey(t *testing.T) {
	t.Parallel()
	if _, err := NewHandler(WithAdminKey("")); err == nil {
		t.Fatal("NewHandler with an empty admin key succeeded")
	}
}

func TestInvalidResponse(t *testing.T) {
	t.Parallel()
	var (
		mu       sync.Mutex
		reported []error
	)
	h := testHandler(t, onInvalidResponse(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, err)
	}))
	h.AddInvite(api.Invite{ID: "invite-bad", Email: "bad@example.com", Role: "admin"})

	for _, target := range []string{"/v1/organization/invites", "/v1/organization/invites/invite-bad"} {
		w := serve(h, http.MethodGet, target, "")
		var e gen.ErrorResponse
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if w.Code != http.StatusInternalServerError || e.Error.Type != "server_error" ||
			!strings.HasPrefix(e.Error.Message, "apitest: response failed spec validation: ") ||
			!strings.Contains(e.Error.Message, "role") || strings.Contains(e.Error.Message, "\n") {
			t.Errorf("GET %s: %d %s", target, w.Code, w.Body)
		}
		if w.Header().Get("X-Request-Id") == "" || w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("headers %v", w.Header())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reported) != 2 || !strings.Contains(reported[0].Error(), "GET /v1/organization/invites") {
		t.Fatalf("reported %v", reported)
	}
	// Without OnInvalidResponse the client still gets the 500.
	h2 := testHandler(t)
	h2.AddInvite(api.Invite{Email: "bad@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "p", Role: "boss"}}})
	if w := serve(h2, http.MethodGet, "/v1/organization/invites", ""); w.Code != http.StatusInternalServerError {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestInvalidErrorResponseOnUnknownPath(t *testing.T) {
	t.Parallel()
	var reported error
	h := testHandler(t, onInvalidResponse(func(err error) { reported = err }))
	c := &call{req: httptest.NewRequest(http.MethodGet, "/nowhere", nil), requestID: "req_x"}
	w := httptest.NewRecorder()
	// An error body without the required fields fails the ErrorResponse schema.
	h.send(w, c, &response{status: http.StatusNotFound, body: map[string]any{"error": map[string]any{"type": "x"}}})
	if w.Code != http.StatusInternalServerError || reported == nil {
		t.Fatalf("got %d %s, reported %v", w.Code, w.Body, reported)
	}
	// A body that does not even encode.
	reported = nil
	w = httptest.NewRecorder()
	h.send(w, c, &response{status: http.StatusOK, body: func() {}})
	if w.Code != http.StatusInternalServerError || reported == nil {
		t.Fatalf("got %d %s, reported %v", w.Code, w.Body, reported)
	}
}

func TestBadlyEscapedPath(t *testing.T) {
	t.Parallel()
	h := testHandler(t)
	r := httptest.NewRequest(http.MethodGet, "/v1/organization/invites/x", nil)
	r.URL.Path, r.URL.RawPath = "/v1/organization/invites/%zz", ""
	r.Header.Set("Authorization", "Bearer "+testKey)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNotFound {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

// benchmarkServe measures one request straight through ServeHTTP: routing,
// request validation, the operation and response validation. Operations are
// prepared once in NewHandler, so this is the whole per-request cost.
func benchmarkServe(b *testing.B, h *Handler, target string) {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set("Authorization", "Bearer "+testKey)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

func BenchmarkServeGet(b *testing.B) {
	h := testHandler(b)
	id := h.AddInvite(api.Invite{Email: "b@example.com", Role: api.RoleReader}).ID
	benchmarkServe(b, h, "/v1/organization/invites/"+id)
}

func BenchmarkServeList100(b *testing.B) {
	h := testHandler(b)
	h.AddSampleInvites(150)
	benchmarkServe(b, h, "/v1/organization/invites?limit=100")
}
