package apitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestNewServerDefaults(t *testing.T) {
	t.Parallel()
	srv := apitest.NewServer()
	defer srv.Close()
	type state struct {
		Loopback bool
		BaseURL  string
		Status   int
		Invites  int
	}
	status, _ := get(t, srv.Client(), srv.BaseURL()+"/organization/invites", apitest.AdminKey)
	got := state{strings.HasPrefix(srv.URL(), "http://127.0.0.1:"), srv.BaseURL(), status, len(srv.Invites())}
	want := state{true, srv.URL() + "/v1", http.StatusOK, 0}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("a new server (-want +got):\n%s", d)
	}
	srv.Close() // twice is fine
}

func TestServerBoundsHeaderSize(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	req, _ := http.NewRequest(http.MethodGet, srv.BaseURL()+"/organization/invites", nil)
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	req.Header.Set("X-Big", strings.Repeat("b", apitest.MaxHeaderBytes+4096))
	resp, err := rawClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status %d, want 431", resp.StatusCode)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests recorded, want none", n)
	}
}
