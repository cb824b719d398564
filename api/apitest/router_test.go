package apitest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestEscapedIDs(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	for _, id := range []string{"a/../b", "x?y", "ü#1", "100%", "sp ace", "..", "a;b=c"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			srv.AddInvite(api.Invite{ID: id, Email: "e" + url.PathEscape(id) + "@example.com", Role: api.RoleReader})
			escaped := url.PathEscape(id)
			var got api.Invite
			a := send(t, srv, http.MethodGet, "/organization/invites/"+escaped, "")
			a.decode(t, &got)
			if d := difftest.Diff([]any{http.StatusOK, id}, []any{a.status, got.ID}); d != "" {
				t.Fatalf("GET %s: status and id (-want +got):\n%s", escaped, d)
			}
			var deleted api.InviteDeleteResponse
			a = send(t, srv, http.MethodDelete, "/organization/invites/"+escaped, "")
			a.decode(t, &deleted)
			want := api.InviteDeleteResponse{Object: "organization.invite.deleted", ID: id, Deleted: true}
			if d := difftest.Diff(want, deleted); d != "" {
				t.Fatalf("DELETE %s (-want +got):\n%s", escaped, d)
			}
			e := wantError(t, send(t, srv, http.MethodGet, "/organization/invites/"+escaped, ""), http.StatusNotFound, "not_found", "invite_id")
			if !strings.Contains(e.Message, id) {
				t.Errorf("message %q does not name %q", e.Message, id)
			}
			found := false
			for _, r := range srv.Requests() {
				found = found || r.Path == "/v1/organization/invites/"+escaped
			}
			if !found {
				t.Errorf("no recorded request with path /v1/organization/invites/%s", escaped)
			}
		})
	}
}

func TestUnknownPathAndMethod(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "/v1/organization/users", 404, ""},
		{http.MethodGet, "/organization/invites", 404, ""},
		{http.MethodGet, "/v2/organization/invites", 404, ""},
		{http.MethodGet, "/v1/organization/invitesx", 404, ""},
		{http.MethodGet, "/v1/organization/invites/a/b", 404, ""},
		{http.MethodGet, "/", 404, ""},
		{http.MethodPut, "/v1/organization/invites", 405, "GET, POST"},
		{http.MethodDelete, "/v1/organization/invites", 405, "GET, POST"},
		{http.MethodPost, "/v1/organization/invites/invite-x", 405, "DELETE, GET"},
		{http.MethodPatch, "/v1/organization/invites/invite-x", 405, "DELETE, GET"},
		{http.MethodHead, "/v1/organization/invites", 405, "GET, POST"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(tt.method, srv.URL()+tt.path, nil)
			req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
			a := do(t, srv, req)
			got := replyOf(a)
			got.Body = ""
			if d := difftest.Diff(reply{Status: tt.status, Allow: tt.allow}, got); d != "" {
				t.Fatalf("status and Allow (-want +got):\n%s", d)
			}
			if tt.method == http.MethodHead {
				return
			}
			code := "unknown_url"
			if tt.status == 405 {
				code = "method_not_allowed"
			}
			e := wantError(t, a, tt.status, code, "")
			if !strings.Contains(e.Message, tt.method) {
				t.Errorf("message %q does not name the method", e.Message)
			}
		})
	}
}
