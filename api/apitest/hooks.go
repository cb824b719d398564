package apitest

import (
	"errors"
	"fmt"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// The methods of Handler through which a test sets the fake up and reads
// what happened: its invites, its faults, its rate limits and the requests
// it received.

// AddInvite stores an invite and returns the stored copy. Missing fields are
// filled in: object, a new ID, status pending, created_at now, expires_at
// seven days later, and an empty projects list. With the default created_at,
// a later invite lists before an earlier one. An invite that reuses an ID
// replaces the earlier one.
//
// The invite is stored as given otherwise, so an invite the spec does not
// allow (an unknown role, say) makes every response that contains it a 500.
func (h *Handler) AddInvite(inv api.Invite) api.Invite {
	h.svc.mu.Lock()
	defer h.svc.mu.Unlock()
	now := h.now()
	if inv.Object == "" {
		inv.Object = api.InviteObjectOrganizationInvite
	}
	if inv.ID == "" {
		inv.ID = h.svc.store.newID()
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
	e := h.svc.store.insert(clone(inv))
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
	h.svc.mu.Lock()
	defer h.svc.mu.Unlock()
	e := h.svc.store.live(id)
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
	h.svc.mu.Lock()
	defer h.svc.mu.Unlock()
	now := h.now()
	out := make([]api.Invite, 0, len(h.svc.store.list))
	for _, e := range h.svc.store.list {
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
	h.svc.mu.Lock()
	defer h.svc.mu.Unlock()
	h.svc.store.addSamples(n, h.now())
}

// InjectFault makes the fake simulate f for the requests that match it, after
// the faults injected before it: the next f.Times of them, or every one when
// f.Times is 0. It fails, and injects nothing, if f is not valid (see
// Fault.Validate).
func (h *Handler) InjectFault(f Fault) error {
	return h.faults.add(f)
}

// ClearFaults removes every fault that is still waiting for requests.
func (h *Handler) ClearFaults() {
	h.faults.clear()
}

// Faults returns the faults still waiting for requests, in the order they
// apply, each with the number of requests it still applies to in Times (0
// for every one). A fault whose count ran out is gone.
func (h *Handler) Faults() []Fault {
	return h.faults.all()
}

// SetRateLimit puts l in force, in place of the limit of the same endpoint
// (or the default, for a limit without an endpoint), with the whole budget:
// what that endpoint (every endpoint, for the default) used so far is
// forgotten. It fails, and changes nothing, if l is not valid (see
// RateLimit.Validate).
func (h *Handler) SetRateLimit(l RateLimit) error {
	return h.limits.set(l)
}

// ClearRateLimits lifts every rate limit.
func (h *Handler) ClearRateLimits() {
	h.limits.clear()
}

// RateLimits returns the rate limits in force, each with its endpoint
// written as the fake names it: the default first, if there is one.
func (h *Handler) RateLimits() []RateLimit {
	return h.limits.all()
}

// RateLimited returns how many requests the rate limits refused since the
// fake started; each of them is also in Requests, with its RateLimit set,
// while the log keeps it. ResetRequests does not reset the count.
func (h *Handler) RateLimited() int {
	return h.limits.refusals()
}

// Requests returns the requests the fake has received, oldest first,
// including the ones it rejected: the last DefaultMaxRequests of them, or as
// many as WithMaxRequests says. The result shares no memory with the fake.
func (h *Handler) Requests() []RecordedRequest {
	return h.requests.all()
}

// ResetRequests forgets the requests received so far.
func (h *Handler) ResetRequests() {
	h.requests.reset()
}
