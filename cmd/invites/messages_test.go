package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/version"
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

// TestUserAgentNamesTheVersion checks that the CLI's requests name it and
// the version its build info gives, as "invites version" does.
func TestUserAgentNamesTheVersion(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	if got := runCLI(t, invocation{args: []string{"list"}, env: serverEnv(srv)}); got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	want := "invites-cli/" + version.Get().Short() + " "
	if ua := srv.Requests()[0].Header.Get("User-Agent"); !strings.HasPrefix(ua, want) {
		t.Errorf("User-Agent %q, want it to start with %q", ua, want)
	}
}
