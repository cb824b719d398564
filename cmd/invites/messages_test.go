package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestUnknownURLPointsAtTheBaseURL sends requests to a base URL without /v1,
// and to a server that answers 404 with an HTML page: the message points at
// the base URL, never at invite ids, and delete says failed, not missing.
func TestUnknownURLPointsAtTheBaseURL(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(1))
	noV1 := strings.TrimSuffix(srv.BaseURL(), "/v1")
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!DOCTYPE html><html><body>Not Found</body></html>")
	}))
	t.Cleanup(html.Close)
	for _, baseURL := range []string{noV1, html.URL} {
		env := map[string]string{"OPENAI_BASE_URL": baseURL, "OPENAI_ADMIN_KEY": apitest.AdminKey}
		for _, args := range [][]string{{"list"}, {"get", "invite-x"}, {"delete", "invite-x", "-y"}} {
			got := runCLI(t, invocation{args: append([]string{"--max-retries", "0"}, args...), env: env})
			if got.code != exitFailure || !strings.Contains(got.stderr, "("+baseURL+"): does it end in /v1?") || strings.Contains(got.stderr, "invite ids") || strings.Contains(got.stdout, "missing") {
				t.Errorf("%s %v: exit %d\n%s%s", baseURL, args, got.code, got.stdout, got.stderr)
			}
		}
	}
	// A 404 for an invite still points at the ids.
	got := runCLI(t, invocation{args: []string{"get", "invite-x"}, env: serverEnv(srv)})
	if !strings.Contains(got.stderr, "see the invite ids with 'invites list'") {
		t.Errorf("stderr: %s", got.stderr)
	}
}
