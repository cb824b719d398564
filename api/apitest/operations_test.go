package apitest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// listAll reads every page with the given limit ("" for the default) and
// checks each page's shape.
func listAll(t *testing.T, srv *apitest.Server, limit string, wantPageSize int) []string {
	t.Helper()
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("pagination does not end")
		}
		q := url.Values{}
		if limit != "" {
			q.Set("limit", limit)
		}
		if after != "" {
			q.Set("after", after)
		}
		a := send(t, srv, http.MethodGet, "/organization/invites?"+q.Encode(), "")
		if a.status != http.StatusOK {
			t.Fatalf("status %d: %s", a.status, a.body)
		}
		var p page
		a.decode(t, &p)
		if p.Object != "list" || len(p.Data) == 0 {
			t.Fatalf("bad page %s", a.body)
		}
		if p.HasMore && len(p.Data) != wantPageSize || len(p.Data) > wantPageSize {
			t.Fatalf("page of %d, want %d (has_more %v)", len(p.Data), wantPageSize, p.HasMore)
		}
		if deref(p.FirstID) != p.Data[0].ID || deref(p.LastID) != p.Data[len(p.Data)-1].ID {
			t.Fatalf("first_id %v / last_id %v do not match the data", deref(p.FirstID), deref(p.LastID))
		}
		got = append(got, ids(p.Data)...)
		if !p.HasMore {
			return got
		}
		after = *p.LastID
	}
}

func TestListPagination(t *testing.T) {
	t.Parallel()
	srv := setup(t, apitest.WithClock(newClock().Now))
	for i := range 250 {
		srv.AddInvite(api.Invite{Email: fmt.Sprintf("user%d@example.com", i), Role: api.RoleReader})
	}
	want := ids(srv.Invites())
	if len(want) != 250 {
		t.Fatalf("have %d invites", len(want))
	}
	// Same created_at: the later AddInvite is newer.
	if !strings.HasPrefix(srv.Invites()[0].Email, "user249@") {
		t.Fatalf("newest invite is %s, want user249@…", srv.Invites()[0].Email)
	}
	for _, tt := range []struct {
		name  string
		limit string
		size  int
	}{
		{"limit 7", "7", 7},
		{"default limit", "", 20},
		{"limit 1", "1", 1},
		{"limit 100", "100", 100},
		{"leading zero", "010", 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := listAll(t, srv, tt.limit, tt.size); !slices.Equal(got, want) {
				t.Errorf("listed %d invites, want the %d in order", len(got), len(want))
			}
		})
	}
}

// TestListLimitIsDecimal sends limits that Go would read as integer
// literals: a wire integer is decimal, so 0x10, 0b11, 0o7 and 1_0 are not
// integers (400), and a leading zero is still decimal (09 is 9).
func TestListLimitIsDecimal(t *testing.T) {
	t.Parallel()
	srv := setup(t, apitest.WithSampleInvites(20))
	for _, limit := range []string{"0x10", "0X10", "0b11", "0o7", "1_0", "1e1", "10.0", " 10"} {
		a := send(t, srv, http.MethodGet, "/organization/invites?limit="+url.QueryEscape(limit), "")
		wantError(t, a, http.StatusBadRequest, "", "limit")
	}
	for limit, want := range map[string]int{"09": 9, "010": 10, "+7": 7, "0000000000000000000000012": 12} {
		var p page
		send(t, srv, http.MethodGet, "/organization/invites?limit="+url.QueryEscape(limit), "").decode(t, &p)
		difftest.Check(t, "page size for limit="+limit, len(p.Data), want)
	}
}

func TestListOrder(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	for _, created := range []int64{300, 100, 200, 100, 300} {
		srv.AddInvite(api.Invite{Email: fmt.Sprintf("c%d@example.com", created), Role: api.RoleReader, CreatedAt: api.UnixTime(created)})
	}
	var p page
	send(t, srv, http.MethodGet, "/organization/invites", "").decode(t, &p)
	var got []int64
	for _, inv := range p.Data {
		got = append(got, int64(inv.CreatedAt))
	}
	if d := difftest.Diff([]int64{300, 300, 200, 100, 100}, got); d != "" {
		t.Errorf("created_at order (-want +got):\n%s", d)
	}
	if d := difftest.Diff(ids(srv.Invites()), ids(p.Data)); d != "" {
		t.Errorf("listed order against Invites() (-want +got):\n%s", d)
	}
}

func TestListAfterDeleted(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	for i := range 20 {
		srv.AddInvite(api.Invite{Email: fmt.Sprintf("u%d@example.com", i), Role: api.RoleOwner})
	}
	all := ids(srv.Invites())

	var p page
	send(t, srv, http.MethodGet, "/organization/invites?limit=5", "").decode(t, &p)
	// Delete the cursor itself and the first invite of the next page.
	for _, id := range []string{*p.LastID, all[5]} {
		if a := send(t, srv, http.MethodDelete, "/organization/invites/"+id, ""); a.status != http.StatusOK {
			t.Fatalf("delete: %d %s", a.status, a.body)
		}
	}
	var next page
	send(t, srv, http.MethodGet, "/organization/invites?limit=5&after="+*p.LastID, "").decode(t, &next)
	if d := difftest.Diff(all[6:11], ids(next.Data)); d != "" {
		t.Errorf("the page after a deleted cursor (-want +got):\n%s", d)
	}
	// A deleted invite is never listed.
	want := slices.Concat(all[:4], all[6:])
	if d := difftest.Diff(want, listAll(t, srv, "3", 3)); d != "" {
		t.Errorf("listed after two deletes (-want +got):\n%s", d)
	}
}

func TestListEmpty(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	empty := replyOf(send(t, srv, http.MethodGet, "/organization/invites", ""))
	// The cursor of the last page gives an empty page.
	inv := srv.AddInvite(api.Invite{Email: "a@example.com", Role: api.RoleOwner})
	afterLast := replyOf(send(t, srv, http.MethodGet, "/organization/invites?after="+inv.ID, ""))
	want := reply{Status: http.StatusOK, Body: `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`}
	if d := difftest.Diff([]reply{want, want}, []reply{empty, afterLast}); d != "" {
		t.Errorf("an empty list, and the page after the last invite (-want +got):\n%s", d)
	}
}

func TestListBadParameters(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	srv.AddInvite(api.Invite{Email: "a@example.com", Role: api.RoleOwner})
	for _, tt := range []struct {
		query, param, inMessage string
	}{
		{"limit=0", "limit", "at least 1"},
		{"limit=101", "limit", "at most 100"},
		{"limit=-1", "limit", "at least 1"},
		{"limit=abc", "limit", "integer"},
		{"limit=1.5", "limit", "integer"},
		{"limit=", "limit", "empty"},
		{"after=invite-never", "after", "'invite-never'"},
		{"after=", "after", "''"},
		{"after=%27%0A", "after", `'\'\n'`},
	} {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			e := wantError(t, send(t, srv, http.MethodGet, "/organization/invites?"+tt.query, ""), http.StatusBadRequest, "", tt.param)
			if !strings.Contains(e.Message, tt.param) || !strings.Contains(e.Message, tt.inMessage) {
				t.Errorf("message %q should name %s and say %q", e.Message, tt.param, tt.inMessage)
			}
		})
	}
}

var inviteIDPattern = regexp.MustCompile(`^invite-[a-z0-9]{24}$`)

func TestCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		headers  []string
		status   int
		code     string
		param    string
		projects []api.Project // for 200
	}{
		{name: "projects absent", body: `{"email":"a@example.com","role":"reader"}`, status: 200,
			projects: []api.Project{{ID: apitest.DefaultProjectID, Role: api.ProjectRoleMember}}},
		{name: "projects empty", body: `{"email":"b@example.com","role":"owner","projects":[]}`, status: 200,
			projects: []api.Project{}},
		{name: "projects given", body: `{"email":"c@example.com","role":"reader","projects":[{"id":"proj_x","role":"owner"},{"id":"proj_y","role":"member"}]}`, status: 200,
			projects: []api.Project{{ID: "proj_x", Role: api.ProjectRoleOwner}, {ID: "proj_y", Role: api.ProjectRoleMember}}},
		{name: "unknown fields ignored", body: `{"email":"d@example.com","role":"reader","note":"hi"}`, status: 200,
			projects: []api.Project{{ID: apitest.DefaultProjectID, Role: api.ProjectRoleMember}}},
		{name: "duplicate pending", body: `{"email":"dup@example.com","role":"reader"}`, status: 409, code: "invite_exists", param: "email"},
		{name: "duplicate pending other case", body: `{"email":"DUP@Example.com","role":"reader"}`, status: 409, code: "invite_exists", param: "email"},
		{name: "accepted is no duplicate", body: `{"email":"accepted@example.com","role":"reader"}`, status: 200,
			projects: []api.Project{{ID: apitest.DefaultProjectID, Role: api.ProjectRoleMember}}},
		{name: "expired is no duplicate", body: `{"email":"expired@example.com","role":"reader","projects":[]}`, status: 200, projects: []api.Project{}},
		{name: "no at", body: `{"email":"example.com","role":"reader"}`, status: 400, param: "email"},
		{name: "two ats", body: `{"email":"a@b@example.com","role":"reader"}`, status: 400, param: "email"},
		{name: "empty local part", body: `{"email":"@example.com","role":"reader"}`, status: 400, param: "email"},
		{name: "domain without dot", body: `{"email":"a@localhost","role":"reader"}`, status: 400, param: "email"},
		{name: "domain dot at end", body: `{"email":"a@example.","role":"reader"}`, status: 400, param: "email"},
		{name: "space", body: `{"email":"a b@example.com","role":"reader"}`, status: 400, param: "email"},
		{name: "empty email", body: `{"email":"","role":"reader"}`, status: 400, param: "email"},
		{name: "missing email", body: `{"role":"reader"}`, status: 400, param: "email"},
		{name: "email not a string", body: `{"email":7,"role":"reader"}`, status: 400, param: "email"},
		{name: "role admin", body: `{"email":"e@example.com","role":"admin"}`, status: 400, param: "role"},
		{name: "missing role", body: `{"email":"e@example.com"}`, status: 400, param: "role"},
		{name: "project role unknown", body: `{"email":"e@example.com","role":"reader","projects":[{"id":"p","role":"admin"}]}`, status: 400, param: "projects[0].role"},
		{name: "project without id", body: `{"email":"e@example.com","role":"reader","projects":[{"id":"p","role":"member"},{"role":"member"}]}`, status: 400, param: "projects[1].id"},
		{name: "projects null", body: `{"email":"e@example.com","role":"reader","projects":null}`, status: 400, param: "projects"},
		{name: "missing body", body: "", status: 400},
		{name: "not JSON", body: `{"email":`, status: 400},
		{name: "not an object", body: `["a@example.com"]`, status: 400},
		{name: "wrong content type", body: `{"email":"e@example.com","role":"reader"}`, headers: []string{"Content-Type", "text/plain"}, status: 400},
	}
	clk := newClock()
	srv := setup(t, apitest.WithClock(clk.Now))
	srv.AddInvite(api.Invite{Email: "dup@example.com", Role: api.RoleReader})
	if err := srv.SetStatus(srv.AddInvite(api.Invite{Email: "accepted@example.com", Role: api.RoleReader}).ID, api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}
	srv.AddInvite(api.Invite{Email: "expired@example.com", Role: api.RoleReader, CreatedAt: api.UnixTime(t0.Add(-8 * 24 * time.Hour).Unix())})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := send(t, srv, http.MethodPost, "/organization/invites", tt.body, tt.headers...)
			if tt.status != http.StatusOK {
				wantError(t, a, tt.status, tt.code, tt.param)
				return
			}
			if a.status != http.StatusOK {
				t.Fatalf("status %d: %s", a.status, a.body)
			}
			var inv api.Invite
			a.decode(t, &inv)
			if !inviteIDPattern.MatchString(inv.ID) {
				t.Errorf("id %q does not look like invite-<24 alphanumerics>", inv.ID)
			}
			var req api.InviteRequest
			if err := json.Unmarshal([]byte(tt.body), &req); err != nil {
				t.Fatal(err)
			}
			expires := api.UnixTime(t0.Add(7 * 24 * time.Hour).Unix())
			want := api.Invite{Object: "organization.invite", ID: inv.ID, Email: req.Email, Role: req.Role,
				Status: api.InviteStatusPending, CreatedAt: api.UnixTime(t0.Unix()), ExpiresAt: &expires, Projects: tt.projects}
			if d := difftest.Diff(want, inv); d != "" {
				t.Errorf("the new invite (-want +got):\n%s", d)
			}
			if !strings.Contains(string(a.body), `"projects":[`) {
				t.Errorf("projects is not a list in %s", a.body)
			}
			var stored page
			send(t, srv, http.MethodGet, "/organization/invites/"+inv.ID, "").decode(t, &stored)
		})
	}
}

func TestCreateAfterDelete(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	const body = `{"email":"again@example.com","role":"reader"}`
	a := send(t, srv, http.MethodPost, "/organization/invites", body)
	var inv api.Invite
	a.decode(t, &inv)
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", body), http.StatusConflict, "invite_exists", "email")
	send(t, srv, http.MethodDelete, "/organization/invites/"+inv.ID, "")
	if a := send(t, srv, http.MethodPost, "/organization/invites", body); a.status != http.StatusOK {
		t.Fatalf("re-invite after delete: %d %s", a.status, a.body)
	}
}

func TestRetrieveAndDelete(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := setup(t, apitest.WithClock(clk.Now))
	pending := srv.AddInvite(api.Invite{Email: "p@example.com", Role: api.RoleReader})
	accepted := srv.AddInvite(api.Invite{Email: "a@example.com", Role: api.RoleOwner})
	expired := srv.AddInvite(api.Invite{Email: "e@example.com", Role: api.RoleOwner})
	for id, s := range map[string]api.InviteStatus{accepted.ID: api.InviteStatusAccepted, expired.ID: api.InviteStatusExpired} {
		if err := srv.SetStatus(id, s); err != nil {
			t.Fatal(err)
		}
	}

	var got []api.Invite
	for _, id := range []string{pending.ID, accepted.ID} {
		var inv api.Invite
		send(t, srv, http.MethodGet, "/organization/invites/"+id, "").decode(t, &inv)
		got = append(got, inv)
	}
	acceptedAt := api.UnixTime(t0.Unix())
	wantAccepted := accepted
	wantAccepted.Status, wantAccepted.AcceptedAt = api.InviteStatusAccepted, &acceptedAt
	if d := difftest.Diff([]api.Invite{pending, wantAccepted}, got); d != "" {
		t.Fatalf("retrieved (-want +got):\n%s", d)
	}

	e := wantError(t, send(t, srv, http.MethodGet, "/organization/invites/invite-nope", ""), http.StatusNotFound, "not_found", "invite_id")
	if e.Message != "No invite found with id 'invite-nope'." {
		t.Errorf("message %q", e.Message)
	}
	wantError(t, send(t, srv, http.MethodDelete, "/organization/invites/invite-nope", ""), http.StatusNotFound, "not_found", "invite_id")
	e = wantError(t, send(t, srv, http.MethodDelete, "/organization/invites/"+accepted.ID, ""), http.StatusConflict, "invite_accepted", "invite_id")
	if e.Message != "An accepted invite cannot be deleted." {
		t.Errorf("message %q", e.Message)
	}

	for _, id := range []string{pending.ID, expired.ID} {
		got := replyOf(send(t, srv, http.MethodDelete, "/organization/invites/"+id, ""))
		want := reply{Status: http.StatusOK, Body: `{"deleted":true,"id":"` + id + `","object":"organization.invite.deleted"}`}
		if d := difftest.Diff(want, got); d != "" {
			t.Fatalf("delete (-want +got):\n%s", d)
		}
		wantError(t, send(t, srv, http.MethodGet, "/organization/invites/"+id, ""), http.StatusNotFound, "not_found", "invite_id")
		wantError(t, send(t, srv, http.MethodDelete, "/organization/invites/"+id, ""), http.StatusNotFound, "not_found", "invite_id")
	}
	if d := difftest.Diff([]string{accepted.ID}, ids(srv.Invites())); d != "" {
		t.Fatalf("invites left (-want +got):\n%s", d)
	}
	wantError(t, send(t, srv, http.MethodGet, "/organization/invites/", ""), http.StatusBadRequest, "", "invite_id")
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := setup(t, apitest.WithClock(clk.Now))
	var inv api.Invite
	send(t, srv, http.MethodPost, "/organization/invites", `{"email":"x@example.com","role":"reader"}`).decode(t, &inv)

	clk.Advance(7*24*time.Hour - time.Second)
	send(t, srv, http.MethodGet, "/organization/invites/"+inv.ID, "").decode(t, &inv)
	if inv.Status != api.InviteStatusPending {
		t.Fatalf("status %s one second before expiry", inv.Status)
	}
	clk.Advance(time.Second)
	send(t, srv, http.MethodGet, "/organization/invites/"+inv.ID, "").decode(t, &inv)
	if inv.Status != api.InviteStatusExpired {
		t.Fatalf("status %s at expiry", inv.Status)
	}
	if srv.Invites()[0].Status != api.InviteStatusExpired {
		t.Fatal("Invites() does not read the invite as expired")
	}
	// An expired invite is no longer a pending one for the same email.
	if a := send(t, srv, http.MethodPost, "/organization/invites", `{"email":"x@example.com","role":"reader"}`); a.status != http.StatusOK {
		t.Fatalf("re-invite after expiry: %d %s", a.status, a.body)
	}
	// Pending again: renewed for seven days.
	if err := srv.SetStatus(inv.ID, api.InviteStatusPending); err != nil {
		t.Fatal(err)
	}
	want := inv
	renewed := api.UnixTime(clk.Now().Add(7 * 24 * time.Hour).Unix())
	want.Status, want.ExpiresAt = api.InviteStatusPending, &renewed
	send(t, srv, http.MethodGet, "/organization/invites/"+inv.ID, "").decode(t, &inv)
	if d := difftest.Diff(want, inv); d != "" {
		t.Fatalf("after SetStatus(pending) (-want +got):\n%s", d)
	}
}

func TestNotFoundMessageIsSafe(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	id := "it's\n\x00\\" + strings.Repeat("z", 300)
	e := wantError(t, send(t, srv, http.MethodGet, "/organization/invites/"+url.PathEscape(id), ""), http.StatusNotFound, "not_found", "invite_id")
	if !strings.HasPrefix(e.Message, `No invite found with id 'it\'s\n\x00\\zzz`) || len(e.Message) > 200 {
		t.Errorf("message %q", e.Message)
	}
}
