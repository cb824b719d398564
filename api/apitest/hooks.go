package apitest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// AddInvite stores an invite and returns the stored copy. Missing fields are
// filled in: object, a new ID, status pending, created_at now, expires_at
// seven days later, and an empty projects list. With the default created_at,
// a later invite lists before an earlier one. An invite that reuses an ID
// replaces the earlier one.
//
// The invite is stored as given otherwise, so an invite the spec does not
// allow (an unknown role, say) makes every response that contains it a 500.
func (h *Handler) AddInvite(inv api.Invite) api.Invite {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	if inv.Object == "" {
		inv.Object = api.InviteObjectOrganizationInvite
	}
	if inv.ID == "" {
		inv.ID = h.store.newID()
	}
	if inv.Status == "" {
		inv.Status = api.InviteStatusPending
	}
	if inv.CreatedAt == 0 {
		inv.CreatedAt = api.UnixTime(now.Unix())
	}
	if inv.ExpiresAt == nil {
		exp := api.UnixTime(inv.CreatedAt.Time().Add(inviteTTL).Unix())
		inv.ExpiresAt = &exp
	}
	e := h.store.insert(clone(inv))
	return view(e.inv, now)
}

// SetStatus changes the status of the invite with this ID: accepted sets
// accepted_at to now, expired moves expires_at into the past, and pending
// clears accepted_at and renews an expired invite for seven days. It fails
// for an unknown or deleted ID and for a status the spec does not list.
func (h *Handler) SetStatus(id string, s api.InviteStatus) error {
	if !s.Valid() {
		return fmt.Errorf("apitest: %s is not an invite status", quote(string(s)))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.store.live(id)
	if e == nil {
		return errors.New("apitest: no invite with id " + quote(id))
	}
	now := h.now()
	inv := &e.inv
	switch s {
	case api.InviteStatusAccepted:
		t := api.UnixTime(now.Unix())
		inv.AcceptedAt = &t
	case api.InviteStatusExpired:
		t := api.UnixTime(now.Add(-time.Second).Unix())
		inv.ExpiresAt = &t
		inv.AcceptedAt = nil
	case api.InviteStatusPending:
		inv.AcceptedAt = nil
		if inv.ExpiresAt != nil && *inv.ExpiresAt <= api.UnixTime(now.Unix()) {
			t := api.UnixTime(now.Add(inviteTTL).Unix())
			inv.ExpiresAt = &t
		}
	}
	inv.Status = s
	return nil
}

// Invites returns the invites that have not been deleted, newest first, as a
// client would read them (a pending invite past its expiry reads as expired).
func (h *Handler) Invites() []api.Invite {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	out := make([]api.Invite, 0, len(h.store.list))
	for _, e := range h.store.list {
		if !e.deleted {
			out = append(out, view(e.inv, now))
		}
	}
	return out
}

// AddSampleInvites adds n made-up invites, for demos: mostly pending, some
// accepted and some expired, with a mix of roles and projects. The same seed
// gives the same invites.
func (h *Handler) AddSampleInvites(n int) {
	names := []string{"ada", "grace", "alan", "barbara", "dennis", "edsger", "frances", "ken", "margaret", "linus"}
	domains := []string{"example.com", "example.org", "example.net"}
	projectIDs := []string{DefaultProjectID, "proj_research", "proj_analytics", "proj_website"}

	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now().Unix()
	const day = 24 * 60 * 60
	for range n {
		h.store.sampleSeq++
		rng := rand.New(rand.NewPCG(uint64(h.store.seed), 1<<63|h.store.sampleSeq)) //nolint:gosec // G404: seeded on purpose, so samples repeat
		inv := api.Invite{
			Object:   api.InviteObjectOrganizationInvite,
			ID:       h.store.newID(),
			Email:    fmt.Sprintf("%s.%d@%s", names[rng.IntN(len(names))], h.store.sampleSeq, domains[rng.IntN(len(domains))]),
			Role:     api.RoleReader,
			Projects: []api.Project{},
		}
		if rng.IntN(4) == 0 {
			inv.Role = api.RoleOwner
		}
		for _, i := range rng.Perm(len(projectIDs))[:rng.IntN(3)] {
			role := api.ProjectRoleMember
			if rng.IntN(5) == 0 {
				role = api.ProjectRoleOwner
			}
			inv.Projects = append(inv.Projects, api.Project{ID: projectIDs[i], Role: role})
		}
		switch p := rng.IntN(20); {
		case p < 12: // pending, sent within the last six days
			inv.Status = api.InviteStatusPending
			inv.CreatedAt = api.UnixTime(now - rng.Int64N(6*day))
		case p < 17: // accepted within three days of being sent
			inv.Status = api.InviteStatusAccepted
			inv.CreatedAt = api.UnixTime(now - 3*day - rng.Int64N(60*day))
			accepted := inv.CreatedAt + api.UnixTime(1+rng.Int64N(3*day))
			inv.AcceptedAt = &accepted
		default: // expired, sent more than a week ago
			inv.Status = api.InviteStatusExpired
			inv.CreatedAt = api.UnixTime(now - 8*day - rng.Int64N(60*day))
		}
		expires := inv.CreatedAt + api.UnixTime(inviteTTL/time.Second)
		inv.ExpiresAt = &expires
		h.store.insert(inv)
	}
}
