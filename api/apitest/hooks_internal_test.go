package apitest

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestSetStatus(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := testHandler(t, WithClock(func() time.Time { return now }))
	inv := h.AddInvite(api.Invite{ID: "invite-s", Email: "s@example.com", Role: api.RoleReader})
	expires, accepted, past := api.UnixTime(now.Add(inviteTTL).Unix()), api.UnixTime(now.Unix()), api.UnixTime(now.Add(-time.Second).Unix())
	pending := api.Invite{Object: gen.InviteObjectOrganizationInvite, ID: "invite-s", Email: "s@example.com", Role: api.RoleReader,
		Status: api.InviteStatusPending, CreatedAt: api.UnixTime(now.Unix()), ExpiresAt: &expires, Projects: []api.Project{}}
	if d := difftest.Diff(pending, inv); d != "" {
		t.Fatalf("AddInvite filled in (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		id      string
		status  api.InviteStatus
		wantErr string
	}{
		{"invite-nope", api.InviteStatusAccepted, "apitest: no invite with id 'invite-nope'"},
		{inv.ID, "no_such_status", "apitest: 'no_such_status' is not an invite status"},
	} {
		err := h.SetStatus(tt.id, tt.status)
		if err == nil || err.Error() != tt.wantErr {
			t.Errorf("SetStatus(%q, %q) = %v, want %q", tt.id, tt.status, err, tt.wantErr)
		}
	}
	acceptedInv := pending
	acceptedInv.Status, acceptedInv.AcceptedAt = api.InviteStatusAccepted, &accepted
	expiredInv := pending
	expiredInv.Status, expiredInv.ExpiresAt = api.InviteStatusExpired, &past
	for _, want := range []api.Invite{acceptedInv, pending, expiredInv} {
		if err := h.SetStatus(inv.ID, want.Status); err != nil {
			t.Fatal(err)
		}
		if d := difftest.Diff([]api.Invite{want}, h.Invites()); d != "" {
			t.Errorf("after SetStatus(%s) (-want +got):\n%s", want.Status, d)
		}
	}
}

func TestAddInviteCopiesAndReplaces(t *testing.T) {
	t.Parallel()
	h := testHandler(t)
	exp := api.UnixTime(4102444800)
	projects := []api.Project{{ID: "p", Role: api.ProjectRoleOwner}}
	h.AddInvite(api.Invite{ID: "same", Email: "one@example.com", Role: api.RoleReader, ExpiresAt: &exp, Projects: projects})
	exp, projects[0].ID = 1, "changed"
	got := h.Invites()[0]
	type kept struct {
		ExpiresAt api.UnixTime
		Projects  []api.Project
	}
	if d := difftest.Diff(kept{4102444800, []api.Project{{ID: "p", Role: api.ProjectRoleOwner}}}, kept{*got.ExpiresAt, got.Projects}); d != "" {
		t.Fatalf("the store shares memory with the caller (-want +got):\n%s", d)
	}
	h.AddInvite(api.Invite{ID: "same", Email: "two@example.com", Role: api.RoleReader})
	var emails []string
	for _, inv := range h.Invites() {
		emails = append(emails, inv.Email)
	}
	if d := difftest.Diff([]string{"two@example.com"}, emails); d != "" {
		t.Fatalf("after reusing the ID (-want +got):\n%s", d)
	}
}

func TestSampleInvites(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sample := func(seed int64) []api.Invite {
		h := testHandler(t, WithSeed(seed), WithClock(func() time.Time { return now }))
		h.AddSampleInvites(40)
		h.AddSampleInvites(10)
		// Every sample invite passes response validation.
		if w := serve(h, http.MethodGet, "/v1/organization/invites?limit=100", ""); w.Code != http.StatusOK {
			t.Fatalf("listing samples: %d %s", w.Code, w.Body)
		}
		return h.Invites()
	}
	a, b, c := sample(7), sample(7), sample(8)
	if len(a) != 50 {
		t.Fatalf("%d samples", len(a))
	}
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	if js(a) != js(b) {
		t.Error("same seed, different samples")
	}
	if js(a) == js(c) {
		t.Error("different seeds, same samples")
	}
	count := map[api.InviteStatus]int{}
	roles := map[api.Role]int{}
	emails := map[string]bool{}
	withProjects := 0
	for _, inv := range a {
		count[inv.Status]++
		roles[inv.Role]++
		emails[inv.Email] = true
		if len(inv.Projects) > 0 {
			withProjects++
		}
		if inv.Status == api.InviteStatusAccepted && (inv.AcceptedAt == nil || *inv.AcceptedAt > api.UnixTime(now.Unix())) {
			t.Errorf("accepted sample %+v", inv)
		}
	}
	if count[api.InviteStatusPending] <= count[api.InviteStatusAccepted] || count[api.InviteStatusAccepted] == 0 ||
		count[api.InviteStatusExpired] == 0 || len(roles) != 2 || withProjects == 0 || withProjects == len(a) {
		t.Errorf("not a mix: statuses %v, roles %v, %d with projects", count, roles, withProjects)
	}
	if len(emails) != len(a) {
		t.Error("duplicate sample emails")
	}
	if !slices.IsSortedFunc(a, func(x, y api.Invite) int { return int(y.CreatedAt - x.CreatedAt) }) {
		t.Error("samples are not newest first")
	}
}
