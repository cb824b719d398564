package invites_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// newFake starts the spec-validating fake and a client for it.
func newFake(t *testing.T, opts ...apitest.Option) (*api.Client, *apitest.Server) {
	t.Helper()
	srv := apitest.NewServer(append([]apitest.Option{apitest.WithTB(t)}, opts...)...)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(
		api.WithAdminKey(apitest.AdminKey),
		api.WithBaseURL(srv.BaseURL()),
		api.WithRetryBackoff(time.Millisecond, 2*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, srv
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t)
	ctx := context.Background()

	created, err := c.CreateInvite(ctx, api.InviteRequest{
		Email:    "ada@example.com",
		Role:     "reader",
		Projects: []api.Project{{ID: "proj_abc", Role: api.ProjectRoleOwner}},
	})
	if err != nil {
		t.Fatalf("CreateInvite: %v", err)
	}
	if created.ID == "" || created.Email != "ada@example.com" || created.Role != api.RoleReader ||
		created.Status != api.InviteStatusPending || created.Object != "organization.invite" ||
		len(created.Projects) != 1 || created.Projects[0] != (api.Project{ID: "proj_abc", Role: "owner"}) {
		t.Fatalf("created %+v", created)
	}
	if created.ExpiresAt == nil || *created.ExpiresAt <= created.CreatedAt || created.AcceptedAt != nil {
		t.Fatalf("created timestamps %+v", created)
	}

	got, err := c.GetInvite(ctx, created.ID)
	if err != nil {
		t.Fatalf("GetInvite: %v", err)
	}
	if got.ID != created.ID || got.Email != created.Email {
		t.Fatalf("GetInvite = %+v, want %+v", got, created)
	}

	page, err := c.ListInvites(ctx, nil)
	if err != nil {
		t.Fatalf("ListInvites: %v", err)
	}
	if len(page.Data) != 1 || page.Data[0].ID != created.ID || page.HasMore || page.Object != "list" {
		t.Fatalf("ListInvites = %+v", page)
	}

	deleted, err := c.DeleteInvite(ctx, created.ID)
	if err != nil {
		t.Fatalf("DeleteInvite: %v", err)
	}
	if !deleted.Deleted || deleted.ID != created.ID || deleted.Object != "organization.invite.deleted" {
		t.Fatalf("DeleteInvite = %+v", deleted)
	}
	if _, err := c.GetInvite(ctx, created.ID); !errors.Is(err, api.ErrNotFound) {
		t.Fatalf("GetInvite after delete: err = %v, want ErrNotFound", err)
	}
	if n := len(srv.Invites()); n != 0 {
		t.Fatalf("the fake still holds %d invites", n)
	}
}

func TestProjectsAbsentAndEmptyDiffer(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t)
	ctx := context.Background()

	absent, err := c.CreateInvite(ctx, api.InviteRequest{Email: "absent@example.com", Role: "reader"})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := c.CreateInvite(ctx, api.InviteRequest{Email: "empty@example.com", Role: "reader", Projects: []api.Project{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(absent.Projects) != 1 || absent.Projects[0].ID != apitest.DefaultProjectID {
		t.Errorf("omitted projects gave %+v, want the default project", absent.Projects)
	}
	if empty.Projects == nil || len(empty.Projects) != 0 {
		t.Errorf("empty projects gave %#v, want []", empty.Projects)
	}
	var bodies []string
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost {
			bodies = append(bodies, string(r.Body))
		}
	}
	want := []string{
		`{"email":"absent@example.com","role":"reader"}`,
		`{"email":"empty@example.com","projects":[],"role":"reader"}`,
	}
	if strings.Join(bodies, "\n") != strings.Join(want, "\n") {
		t.Fatalf("bodies on the wire:\n%s\nwant:\n%s", strings.Join(bodies, "\n"), strings.Join(want, "\n"))
	}
}

func TestListingSeesEveryInviteOnceInOrder(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t)
	var want []string
	for range 250 {
		inv := srv.AddInvite(api.Invite{Email: "user@example.com", Role: "reader"})
		want = append([]string{inv.ID}, want...) // newest first
	}
	for _, limit := range []*int{api.Ptr(7), nil, api.Ptr(100), api.Ptr(1)} {
		name := "default"
		if limit != nil {
			name = "limit " + strconv.Itoa(*limit)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for inv, err := range c.AllInvites(context.Background(), &api.ListInvitesParams{Limit: limit}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, inv.ID)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("walked %d invites, want all 250 once, newest first", len(got))
			}
		})
	}
	t.Run("pages", func(t *testing.T) {
		t.Parallel()
		page, err := c.ListInvites(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Data) != 20 || !page.HasMore || *page.FirstID != want[0] || *page.LastID != want[19] {
			t.Fatalf("first default page: %d invites, has_more %v", len(page.Data), page.HasMore)
		}
		page, err = c.ListInvites(context.Background(), &api.ListInvitesParams{Limit: api.Ptr(100), After: api.Ptr(want[199])})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Data) != 50 || page.HasMore || page.Data[0].ID != want[200] {
			t.Fatalf("last page: %d invites, has_more %v", len(page.Data), page.HasMore)
		}
	})
}

func TestBadInputNeverReachesTheServer(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t)
	ctx := context.Background()
	calls := []struct {
		field string
		call  func() error
	}{
		{"email", func() error { _, err := c.CreateInvite(ctx, api.InviteRequest{Role: "reader"}); return err }},
		{"email", func() error {
			_, err := c.CreateInvite(ctx, api.InviteRequest{Email: "not-an-email", Role: "reader"})
			return err
		}},
		{"role", func() error {
			_, err := c.CreateInvite(ctx, api.InviteRequest{Email: "a@example.com", Role: "admin"})
			return err
		}},
		{"projects[0].role", func() error {
			_, err := c.CreateInvite(ctx, api.InviteRequest{Email: "a@example.com", Role: "owner", Projects: []api.Project{{ID: "p", Role: "boss"}}})
			return err
		}},
		{"projects[0].id", func() error {
			_, err := c.CreateInvite(ctx, api.InviteRequest{Email: "a@example.com", Role: "owner", Projects: []api.Project{{Role: "member"}}})
			return err
		}},
		{"limit", func() error { _, err := c.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(0)}); return err }},
		{"limit", func() error { _, err := c.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(101)}); return err }},
		{"invite_id", func() error { _, err := c.GetInvite(ctx, ""); return err }},
		{"invite_id", func() error { _, err := c.DeleteInvite(ctx, ""); return err }},
	}
	for _, tc := range calls {
		err := tc.call()
		var ve *api.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("err = %v, want a *ValidationError for %s", err, tc.field)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("the fake saw %d requests, want none", n)
	}
}

func TestErrorsFromTheFake(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t)
	ctx := context.Background()
	accepted := srv.AddInvite(api.Invite{Email: "done@example.com", Role: "owner"})
	if err := srv.SetStatus(accepted.ID, api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}
	wrongKey, err := api.NewClient(api.WithAdminKey("sk-wrong-SECRET"), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		call     func() error
		status   int
		sentinel error
		param    string
	}{
		{"401 wrong key", func() error { _, err := wrongKey.ListInvites(ctx, nil); return err }, 401, api.ErrUnauthorized, ""},
		{"404 unknown id", func() error { _, err := c.GetInvite(ctx, "invite-nope"); return err }, 404, api.ErrNotFound, "invite_id"},
		{"404 delete unknown id", func() error { _, err := c.DeleteInvite(ctx, "invite-nope"); return err }, 404, api.ErrNotFound, "invite_id"},
		{"409 delete accepted", func() error { _, err := c.DeleteInvite(ctx, accepted.ID); return err }, 409, api.ErrConflict, "invite_id"},
		{"400 unknown cursor", func() error {
			_, err := c.ListInvites(ctx, &api.ListInvitesParams{After: api.Ptr("invite-never")})
			return err
		}, 400, nil, "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var apiErr *api.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *api.Error", err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Param != tt.param || apiErr.Message == "" || apiErr.Type == "" || apiErr.RequestID == "" {
				t.Fatalf("got %+v, want status %d param %q with type, message and request id", apiErr, tt.status, tt.param)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Fatalf("errors.Is(err, %v) = false", tt.sentinel)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("error leaks the key: %v", err)
			}
		})
	}
	if got, err := c.GetInvite(ctx, accepted.ID); err != nil || got.Status != api.InviteStatusAccepted {
		t.Fatalf("the accepted invite after a refused delete: %+v, %v", got, err)
	}
}

func TestOddIDsStayOneSegment(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t)
	ctx := context.Background()
	for _, id := range []string{"a/../b", "x?y", "ü#1", "a b", "%2e%2e"} {
		t.Run(id, func(t *testing.T) {
			srv.AddInvite(api.Invite{ID: id, Email: "odd@example.com", Role: "reader"})
			got, err := c.GetInvite(ctx, id)
			if err != nil || got.ID != id {
				t.Fatalf("GetInvite(%q) = %+v, %v", id, got, err)
			}
			if _, err := c.DeleteInvite(ctx, id); err != nil {
				t.Fatalf("DeleteInvite(%q): %v", id, err)
			}
			if _, err := c.GetInvite(ctx, id); !errors.Is(err, api.ErrNotFound) {
				t.Fatalf("GetInvite(%q) after delete: %v", id, err)
			}
		})
	}
}

func TestBrokenPaginationFromAServer(t *testing.T) {
	t.Parallel()
	pages := map[string]string{
		"repeated cursor":          `{"object":"list","data":[{"object":"organization.invite","id":"invite-1","email":"a@example.com","role":"reader","status":"pending","created_at":1,"projects":[]}],"first_id":"invite-1","last_id":"invite-1","has_more":true}`,
		"empty page with has_more": `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":true}`,
	}
	for name, body := range pages {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hits := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits++
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			}))
			t.Cleanup(srv.Close)
			c, err := api.NewClient(api.WithAdminKey("k"), api.WithBaseURL(srv.URL+"/v1"))
			if err != nil {
				t.Fatal(err)
			}
			var errs []error
			for _, err := range c.AllInvites(context.Background(), nil) {
				if err != nil {
					errs = append(errs, err)
				}
				if hits > 5 {
					t.Fatal("endless loop")
				}
			}
			if len(errs) != 1 || !errors.Is(errs[0], api.ErrPagination) {
				t.Fatalf("errors = %v, want one wrapping ErrPagination", errs)
			}
		})
	}
}
