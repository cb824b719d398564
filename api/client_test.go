package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestNewClientRejectsBadSettings(t *testing.T) {
	t.Parallel()
	key := api.WithAdminKey(testKey)
	tests := []struct {
		name string
		opts []api.Option
		want string
	}{
		{"empty key", []api.Option{api.WithAdminKey("")}, "no admin key"},
		{"key with CR LF", []api.Option{api.WithAdminKey("sk-abc\r\nX-Evil: 1")}, "admin key must be printable ASCII without spaces, but byte 6 is a control character"},
		{"key with NUL", []api.Option{api.WithAdminKey("sk-abc\x00")}, "admin key must be printable ASCII without spaces, but byte 6 is a control character"},
		{"key with DEL", []api.Option{api.WithAdminKey("sk-abc\x7f")}, "byte 6 is a control character"},
		{"key with tab", []api.Option{api.WithAdminKey("sk-abc\tdef")}, "byte 6 is a control character"},
		{"key with trailing newline", []api.Option{api.WithAdminKey("sk-abc\n")}, "a trailing newline often comes from a file or a shell"},
		{"key with space", []api.Option{api.WithAdminKey("sk-abc def")}, "byte 6 is a space"},
		{"key with NEL U+0085", []api.Option{api.WithAdminKey("sk-abc\u0085")}, "byte 6 is a non-ASCII character"},
		{"key with LINE SEPARATOR U+2028", []api.Option{api.WithAdminKey("sk-abc\u2028")}, "byte 6 is a non-ASCII character"},
		{"key with BOM", []api.Option{api.WithAdminKey("\ufeffsk-abc")}, "byte 0 is a non-ASCII character"},
		{"key with zero-width space", []api.Option{api.WithAdminKey("sk-abc\u200b")}, "byte 6 is a non-ASCII character"},
		{"key with invalid UTF-8", []api.Option{api.WithAdminKey("sk-abc\xff")}, "byte 6 is a non-ASCII character"},
		{"organization with LF", []api.Option{key, api.WithOrganization("org\nx")}, "organization must be printable ASCII without spaces, but byte 3 is a control character"},
		{"organization with U+2029", []api.Option{key, api.WithOrganization("org\u2029")}, "organization must be printable ASCII without spaces, but byte 3 is a non-ASCII character"},
		{"organization with space", []api.Option{key, api.WithOrganization("org 1")}, "organization must be printable ASCII without spaces, but byte 3 is a space"},
		{"user agent with CR", []api.Option{key, api.WithUserAgent("tool\r")}, "user agent must be printable ASCII, but byte 4 is a control character"},
		{"user agent with NEL U+0085", []api.Option{key, api.WithUserAgent("tool\u0085")}, "user agent must be printable ASCII, but byte 4 is a non-ASCII character"},
		{"base URL without scheme", []api.Option{key, api.WithBaseURL("api.openai.com/v1")}, "must start with https://"},
		{"base URL ftp", []api.Option{key, api.WithBaseURL("ftp://api.openai.com/v1")}, "must start with https://"},
		{"base URL unparsable", []api.Option{key, api.WithBaseURL("https://[::1")}, "not a valid URL"},
		{"base URL without host", []api.Option{key, api.WithBaseURL("https:///v1")}, "has no host"},
		{"unparsable base URL with password", []api.Option{key, api.WithBaseURL("https://u:sk-abc@[::1")}, "not a valid URL"},
		{"ftp base URL with password", []api.Option{key, api.WithBaseURL("ftp://u:sk-abc@host/v1")}, "must start with https://"},
		{"base URL with password", []api.Option{key, api.WithBaseURL("https://u:p@api.openai.com/v1")}, "must not contain a user name or password"},
		{"base URL with query", []api.Option{key, api.WithBaseURL("https://api.openai.com/v1?x=1")}, "must not have a query"},
		{"plaintext http to a remote host", []api.Option{key, api.WithBaseURL("http://api.example.com/v1")}, "plaintext http"},
		{"plaintext http to a name ending in .localhost", []api.Option{key, api.WithBaseURL("http://api.localhost/v1")}, "plaintext http"},
		{"plaintext http to a deeper name under .localhost, with a port", []api.Option{key, api.WithBaseURL("http://evil.example.localhost:8080/v1")}, "plaintext http"},
		{"plaintext http to localhost. with a dot", []api.Option{key, api.WithBaseURL("http://localhost.example/v1")}, "plaintext http"},
		{"negative retries", []api.Option{key, api.WithMaxRetries(-1)}, "max retries must be 0 or more"},
		{"negative retry delay", []api.Option{key, api.WithMaxRetryDelay(-1)}, "max retry delay must not be negative"},
		{"zero backoff", []api.Option{key, api.WithRetryBackoff(0, 0)}, "retry backoff must be positive"},
		{"zero timeout", []api.Option{key, api.WithRequestTimeout(0)}, "request timeout must be positive"},
		{"zero response cap", []api.Option{key, api.WithMaxResponseBytes(0)}, "max response bytes must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := api.NewClient(tt.opts...)
			if err == nil {
				t.Fatalf("NewClient succeeded (%v), want error containing %q", c, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "sk-abc") {
				t.Fatalf("error %q leaks the key", err)
			}
		})
	}
}

func TestNewClientAcceptsLoopbackAndExplicitInsecureHTTP(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"http://127.0.0.1:8080/v1", "http://127.1.2.3/v1", "http://localhost/v1", "http://LOCALHOST:9/v1", "http://[::1]:1/v1", "https://api.example.com/v1/"} {
		// A user agent may have spaces; an organization id is printable ASCII.
		if _, err := api.NewClient(api.WithAdminKey(testKey), api.WithBaseURL(base), api.WithUserAgent("my tool/1.0 (ci)"), api.WithOrganization("org-AbC_123")); err != nil {
			t.Errorf("NewClient(%s): %v", base, err)
		}
	}
	c, err := api.NewClient(api.WithAdminKey(testKey), api.WithBaseURL("http://gateway.internal/openai/v1/"), api.WithInsecureHTTP())
	if err != nil {
		t.Fatalf("WithInsecureHTTP: %v", err)
	}
	if got, want := c.BaseURL(), "http://gateway.internal/openai/v1"; got != want {
		t.Fatalf("BaseURL() = %q, want %q", got, want)
	}
}

func TestNewClientReadsEnvironment(t *testing.T) {
	var got http.Header
	c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, 200, inviteJSON("invite-1"))
	})
	_ = c
	t.Setenv(api.EnvAdminKey, "sk-from-env")
	t.Setenv(api.EnvBaseURL, s.URL+"/v1")
	t.Setenv(api.EnvOrganization, "org-from-env")
	envClient, err := api.NewClient()
	if err != nil {
		t.Fatalf("NewClient from env: %v", err)
	}
	if _, err := envClient.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("GetInvite: %v", err)
	}
	difftest.Check(t, "headers from the environment",
		[]string{got.Get("Authorization"), got.Get("OpenAI-Organization")},
		[]string{"Bearer sk-from-env", "org-from-env"})

	t.Setenv(api.EnvAdminKey, "")
	if _, err := api.NewClient(); err == nil || !strings.Contains(err.Error(), api.EnvAdminKey) {
		t.Fatalf("NewClient without key: err = %v, want one naming %s", err, api.EnvAdminKey)
	}
	// An explicit option wins over the environment.
	t.Setenv(api.EnvBaseURL, "http://remote.example.com/v1")
	if _, err := api.NewClient(api.WithAdminKey("k"), api.WithBaseURL(s.URL)); err != nil {
		t.Fatalf("WithBaseURL should override $%s: %v", api.EnvBaseURL, err)
	}
}

func TestEveryRequestCarriesAuthAndUserAgent(t *testing.T) {
	t.Parallel()
	var seen []http.Header
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Clone())
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/invites"):
			writeJSON(w, 200, map[string]any{"object": "list", "data": []any{}, "has_more": false})
		case r.Method == http.MethodDelete:
			writeJSON(w, 200, map[string]any{"object": "organization.invite.deleted", "id": "invite-1", "deleted": true})
		default:
			writeJSON(w, 200, inviteJSON("invite-1"))
		}
	}, api.WithOrganization("org-123"), api.WithUserAgent("admin-tool/2.0"))
	ctx := context.Background()
	if _, err := c.ListInvites(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateInvite(ctx, api.InviteRequest{Email: "a@example.com", Role: "reader"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetInvite(ctx, "invite-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteInvite(ctx, "invite-1"); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 4 {
		t.Fatalf("server saw %d requests, want 4", len(seen))
	}
	for i, h := range seen {
		if got := h.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("request %d: Authorization = %q", i, got)
		}
		ua := h.Get("User-Agent")
		if !strings.HasPrefix(ua, "admin-tool/2.0 invites-go/"+api.Version+" ") {
			t.Errorf("request %d: User-Agent = %q, want the caller's product then invites-go/%s", i, ua, api.Version)
		}
		if got := h.Get("OpenAI-Organization"); got != "org-123" {
			t.Errorf("request %d: OpenAI-Organization = %q", i, got)
		}
	}
	if seen[1].Get("Idempotency-Key") == "" {
		t.Errorf("POST carries no Idempotency-Key")
	}
	if seen[0].Get("Idempotency-Key") != "" {
		t.Errorf("GET carries an Idempotency-Key")
	}
}

func TestBaseURLPathPrefix(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{"/gateway/openai/v1", "/gateway/openai/v1/"} {
		t.Run(suffix, func(t *testing.T) {
			t.Parallel()
			var paths []string
			_, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
				paths = append(paths, r.URL.EscapedPath()+"?"+r.URL.RawQuery)
				if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/invites") {
					writeJSON(w, 200, map[string]any{"object": "list", "data": []any{}, "has_more": false})
					return
				}
				writeJSON(w, 200, inviteJSON("invite-1"))
			})
			c, err := api.NewClient(api.WithAdminKey(testKey), api.WithBaseURL(s.URL+suffix))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if _, err := c.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(5), After: api.Ptr("invite-0")}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetInvite(ctx, "invite-1"); err != nil {
				t.Fatal(err)
			}
			want := []string{
				"/gateway/openai/v1/organization/invites?limit=5&after=invite-0",
				"/gateway/openai/v1/organization/invites/invite-1?",
			}
			if strings.Join(paths, "\n") != strings.Join(want, "\n") {
				t.Fatalf("paths = %q, want %q", paths, want)
			}
		})
	}
}

func TestPathIDsAreEscaped(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"a/../b":  "/v1/organization/invites/a%2F..%2Fb",
		"x?y":     "/v1/organization/invites/x%3Fy",
		"ü#1":     "/v1/organization/invites/%C3%BC%231",
		"a b":     "/v1/organization/invites/a%20b",
		"%2e%2e":  "/v1/organization/invites/%252e%252e",
		"invite1": "/v1/organization/invites/invite1",
	}
	for id, want := range tests {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			var got []string
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.Method+" "+r.URL.EscapedPath())
				if r.Method == http.MethodDelete {
					writeJSON(w, 200, map[string]any{"object": "organization.invite.deleted", "id": id, "deleted": true})
					return
				}
				writeJSON(w, 200, inviteJSON(id))
			})
			if _, err := c.GetInvite(context.Background(), id); err != nil {
				t.Fatal(err)
			}
			if _, err := c.DeleteInvite(context.Background(), id); err != nil {
				t.Fatal(err)
			}
			difftest.Check(t, "requests", got, []string{"GET " + want, "DELETE " + want})
		})
	}
}

func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, errorBody("server_error", "", "", "should not be reached"))
	})
	ctx := context.Background()
	valid := api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader}
	// create returns a call of CreateInvite with a valid request that edit
	// breaks.
	create := func(edit func(*api.InviteRequest)) func() error {
		return func() error {
			r := valid
			edit(&r)
			_, err := c.CreateInvite(ctx, r)
			return err
		}
	}
	tests := []struct {
		name  string
		call  func() error
		field string
		rule  string
	}{
		{"empty email", create(func(r *api.InviteRequest) { r.Email = "" }), "email", "must not be empty"},
		{"email without at", create(func(r *api.InviteRequest) { r.Email = "ada.example.com" }), "email", "must be an email address"},
		{"email with display name", create(func(r *api.InviteRequest) { r.Email = "Ada <ada@example.com>" }), "email", "must be an email address"},
		{"email with spaces", create(func(r *api.InviteRequest) { r.Email = " ada@example.com" }), "email", "must be an email address"},
		{"email without dot in domain", create(func(r *api.InviteRequest) { r.Email = "ada@localhost" }), "email", "domain needs a dot"},
		{"email too long", create(func(r *api.InviteRequest) { r.Email = strings.Repeat("a", 250) + "@example.com" }), "email", "at most 254 bytes"},
		{"empty role", create(func(r *api.InviteRequest) { r.Role = "" }), "role", `must be "owner" or "reader"`},
		{"role admin", create(func(r *api.InviteRequest) { r.Role = "admin" }), "role", `must be "owner" or "reader", got "admin"`},
		{"project without id", create(func(r *api.InviteRequest) {
			r.Projects = []api.Project{{ID: "proj_1", Role: "member"}, {ID: " ", Role: "owner"}}
		}), "projects[1].id", "must not be empty"},
		{"project role admin", create(func(r *api.InviteRequest) { r.Projects = []api.Project{{ID: "proj_1", Role: "admin"}} }), "projects[0].role", `must be "member" or "owner", got "admin"`},
		{"limit 0", func() error { _, err := c.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(0)}); return err }, "limit", "between 1 and 100, got 0"},
		{"limit 101", func() error { _, err := c.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(101)}); return err }, "limit", "between 1 and 100, got 101"},
		{"empty after", func() error { _, err := c.ListInvites(ctx, &api.ListInvitesParams{After: api.Ptr("")}); return err }, "after", "must not be empty"},
		{"AllInvites limit", func() error {
			for _, err := range c.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(-3)}) {
				return err
			}
			return nil
		}, "limit", "between 1 and 100"},
		{"get empty id", func() error { _, err := c.GetInvite(ctx, ""); return err }, "invite_id", "must not be empty"},
		{"delete empty id", func() error { _, err := c.DeleteInvite(ctx, ""); return err }, "invite_id", "must not be empty"},
		{"get dot-dot id", func() error { _, err := c.GetInvite(ctx, ".."); return err }, "invite_id", `must not be "." or ".."`},
		{"delete dot id", func() error { _, err := c.DeleteInvite(ctx, "."); return err }, "invite_id", `must not be "." or ".."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ve *api.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			if ve.Field != tt.field || !strings.Contains(ve.Rule, tt.rule) {
				t.Fatalf("got field %q rule %q, want field %q rule containing %q", ve.Field, ve.Rule, tt.field, tt.rule)
			}
			if !errors.Is(err, api.ErrInvalidInput) {
				t.Fatalf("errors.Is(err, ErrInvalidInput) = false")
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("message %q does not name the field", err)
			}
		})
	}
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("server saw %d requests, want none", n)
	}
}
