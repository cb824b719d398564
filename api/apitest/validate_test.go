package apitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	const wrongKey = "sk-admin-wrong-1234567890"
	tests := []struct {
		name   string
		values []string // Authorization header values
		want   int
	}{
		{"missing", nil, http.StatusUnauthorized},
		{"empty", []string{""}, http.StatusUnauthorized},
		{"wrong key", []string{"Bearer " + wrongKey}, http.StatusUnauthorized},
		{"key without scheme", []string{apitest.AdminKey}, http.StatusUnauthorized},
		{"basic scheme", []string{"Basic " + apitest.AdminKey}, http.StatusUnauthorized},
		{"key prefix", []string{"Bearer " + apitest.AdminKey[:10]}, http.StatusUnauthorized},
		{"scheme without a key", []string{"Bearer"}, http.StatusUnauthorized},
		{"scheme and a space", []string{"Bearer "}, http.StatusUnauthorized},
		{"a longer scheme", []string{"Bearerx " + apitest.AdminKey}, http.StatusUnauthorized},
		{"key with suffix", []string{"Bearer " + apitest.AdminKey + "0"}, http.StatusUnauthorized},
		{"twice", []string{"Bearer " + apitest.AdminKey, "Bearer " + apitest.AdminKey}, http.StatusUnauthorized},
		{"right key", []string{"Bearer " + apitest.AdminKey}, http.StatusOK},
		// RFC 7235: the scheme's name is matched in any letter case, and
		// one or more spaces follow it.
		{"lower-case scheme", []string{"bearer " + apitest.AdminKey}, http.StatusOK},
		{"upper-case scheme", []string{"BEARER " + apitest.AdminKey}, http.StatusOK},
		{"two spaces", []string{"Bearer  " + apitest.AdminKey}, http.StatusOK},
	}
	srv := setup(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(http.MethodGet, srv.BaseURL()+"/organization/invites", nil)
			req.Header["Authorization"] = tt.values
			a := do(t, srv, req)
			got := replyOf(a)
			want := reply{Status: tt.want, Body: unauthorizedBody}
			if tt.want != http.StatusUnauthorized {
				got.Body = ""
				want.Body = ""
			}
			if d := difftest.Diff(want, got); d != "" {
				t.Fatalf("(-want +got):\n%s", d)
			}
			for _, secret := range []string{wrongKey, apitest.AdminKey, apitest.AdminKey[:10]} {
				if strings.Contains(string(a.body), secret) {
					t.Errorf("401 body %s contains the key", a.body)
				}
			}
		})
	}
}

func TestAuthEveryOperation(t *testing.T) {
	t.Parallel()
	srv := setup(t, apitest.WithAdminKey("sk-admin-custom"))
	t.Cleanup(func() { // after the parallel subtests
		if n := len(srv.Invites()); n != 1 {
			t.Errorf("want the one invite created with the right key, have %d", n)
		}
	})
	for _, op := range []struct{ method, path, body string }{
		{http.MethodGet, "/organization/invites", ""},
		{http.MethodPost, "/organization/invites", `{"email":"a@example.com","role":"reader"}`},
		{http.MethodGet, "/organization/invites/invite-x", ""},
		{http.MethodDelete, "/organization/invites/invite-x", ""},
	} {
		t.Run(op.method+" "+op.path, func(t *testing.T) {
			t.Parallel()
			// The default key is wrong for this server.
			wantError(t, send(t, srv, op.method, op.path, op.body), http.StatusUnauthorized, "invalid_api_key", "")
			// Authentication comes before any other check.
			wantError(t, send(t, srv, op.method, op.path, "{", "Authorization", ""), http.StatusUnauthorized, "invalid_api_key", "")
			a := send(t, srv, op.method, op.path, op.body, "Authorization", "Bearer sk-admin-custom")
			if a.status == http.StatusUnauthorized {
				t.Fatalf("right key rejected: %s", a.body)
			}
		})
	}
}
