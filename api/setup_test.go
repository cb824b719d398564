package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// testKey is the admin key the tests' handlers expect.
const testKey = "sk-admin-test-SECRET-0123456789"

// server is a plain httptest server whose handler a test sets, counting the
// requests it sees.
type server struct {
	*httptest.Server
	hits atomic.Int64
}

// setup starts a server that answers every request with handler and returns
// a client pointed at its /v1, through the server's own transport, with
// quick retries. opts are applied last.
func setup(t *testing.T, handler http.HandlerFunc, opts ...api.Option) (*api.Client, *server) {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		handler(w, r)
	}))
	t.Cleanup(s.Close)
	base := []api.Option{
		api.WithAdminKey(testKey),
		api.WithBaseURL(s.URL + "/v1"),
		// The server's own transport: closing another test's server closes
		// the idle connections of http.DefaultTransport, which could break
		// a request of this one that is just taking one.
		api.WithHTTPClient(s.Client()),
		api.WithRetryBackoff(time.Millisecond, 4*time.Millisecond),
	}
	c, err := api.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, s
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errorBody is an OpenAI error body.
func errorBody(typ, code, param, msg string) map[string]any {
	e := map[string]any{"type": typ, "message": msg, "code": nil, "param": nil}
	if code != "" {
		e["code"] = code
	}
	if param != "" {
		e["param"] = param
	}
	return map[string]any{"error": e}
}

// inviteJSON is a valid invite body with the given id.
func inviteJSON(id string) map[string]any {
	return map[string]any{
		"object": "organization.invite", "id": id, "email": id + "@example.com",
		"role": "reader", "status": "pending", "created_at": 1711471533,
		"expires_at": 1712076333, "accepted_at": nil, "projects": []any{},
	}
}
