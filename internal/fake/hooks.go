package fake

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/gen"
)

// maxRecorded is how many requests the log keeps; older ones are dropped.
const maxRecorded = 10000

// RecordedRequest is a request as it reached the fake.
type RecordedRequest struct {
	Method     string
	Path       string // escaped, as on the wire, like /v1/organization/invites/a%2Fb
	RawQuery   string
	Header     http.Header // credentials in Authorization replaced by [redacted]
	Body       []byte
	Authorized bool   // Authorization was "Bearer " and the admin key
	Fault      string // the text form of the fault injected into the answer, if any
}

// redactedCredentials replaces the credentials of a recorded Authorization
// header.
const redactedCredentials = "[redacted]"

// record appends a request to the log. The credentials in its Authorization
// header are replaced by [redacted], so that printing a recorded request
// never shows a key.
func (h *Handler) record(r *http.Request, body []byte, fault *Fault) {
	rec := RecordedRequest{
		Method:     r.Method,
		Path:       r.URL.EscapedPath(),
		RawQuery:   r.URL.RawQuery,
		Header:     r.Header.Clone(),
		Body:       bytes.Clone(body),
		Authorized: h.authorized(r),
	}
	if auth := rec.Header.Values("Authorization"); len(auth) > 0 {
		for i, v := range auth {
			scheme, _, hasCredentials := strings.Cut(v, " ")
			switch {
			case hasCredentials:
				auth[i] = scheme + " " + redactedCredentials
			case v != "":
				auth[i] = redactedCredentials
			}
		}
	}
	if fault != nil {
		rec.Fault = fault.String()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = append(h.requests, rec)
	if len(h.requests) == 2*maxRecorded {
		// Drop the older half at once, so recording stays O(1) amortized.
		n := copy(h.requests, h.requests[maxRecorded:])
		clear(h.requests[n:])
		h.requests = h.requests[:n]
	}
}

// Requests returns the requests received so far, oldest first (at most the
// last 10,000). The result shares no memory with the handler.
func (h *Handler) Requests() []RecordedRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	recs := h.requests[max(0, len(h.requests)-maxRecorded):]
	out := make([]RecordedRequest, len(recs))
	for i, r := range recs {
		r.Header = r.Header.Clone()
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

// ResetRequests empties the request log.
func (h *Handler) ResetRequests() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = nil
}

// AddInvite stores an invite as is and returns the stored copy. Missing
// fields are filled in: object, a new ID, status pending, created_at now,
// expires_at seven days after created_at, and no projects. With the default
// created_at, a later AddInvite sorts as newer. An invite that reuses an ID
// replaces the earlier one.
//
// Values are not checked: an invite the spec does not allow (an unknown role,
// say) makes every response that contains it fail validation.
func (h *Handler) AddInvite(inv gen.Invite) gen.Invite {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	if inv.Object == "" {
		inv.Object = gen.InviteObjectOrganizationInvite
	}
	if inv.ID == "" {
		inv.ID = h.store.newID()
	}
	if inv.Status == "" {
		inv.Status = gen.InviteStatusPending
	}
	if inv.CreatedAt == 0 {
		inv.CreatedAt = now.Unix()
	}
	if inv.ExpiresAt == nil {
		exp := time.Unix(inv.CreatedAt, 0).Add(inviteTTL).Unix()
		inv.ExpiresAt = &exp
	}
	e := h.store.insert(clone(inv))
	return view(e.inv, now)
}

// SetStatus changes an invite's status: accepted sets accepted_at to now,
// expired moves expires_at into the past, pending clears accepted_at and, if
// the invite has expired, gives it another seven days.
func (h *Handler) SetStatus(id string, s gen.InviteStatus) error {
	if !s.Valid() {
		return fmt.Errorf("fake: %s is not an invite status", quote(string(s)))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.store.live(id)
	if e == nil {
		return errors.New("fake: no invite with id " + quote(id))
	}
	now := h.now()
	inv := &e.inv
	switch s {
	case gen.InviteStatusAccepted:
		t := now.Unix()
		inv.AcceptedAt = &t
	case gen.InviteStatusExpired:
		t := now.Add(-time.Second).Unix()
		inv.ExpiresAt = &t
		inv.AcceptedAt = nil
	case gen.InviteStatusPending:
		inv.AcceptedAt = nil
		if inv.ExpiresAt != nil && *inv.ExpiresAt <= now.Unix() {
			t := now.Add(inviteTTL).Unix()
			inv.ExpiresAt = &t
		}
	}
	inv.Status = s
	return nil
}

// Invites returns the live invites, newest first, as clients would read them.
func (h *Handler) Invites() []gen.Invite {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	out := make([]gen.Invite, 0, len(h.store.list))
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
	projectIDs := []string{h.cfg.DefaultProjectID, "proj_research", "proj_analytics", "proj_website"}

	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now().Unix()
	const day = 24 * 60 * 60
	for range n {
		h.store.sampleSeq++
		rng := rand.New(rand.NewPCG(uint64(h.store.seed), 1<<63|h.store.sampleSeq)) //nolint:gosec // G404: seeded on purpose, so samples repeat
		inv := gen.Invite{
			Object:   gen.InviteObjectOrganizationInvite,
			ID:       h.store.newID(),
			Email:    fmt.Sprintf("%s.%d@%s", names[rng.IntN(len(names))], h.store.sampleSeq, domains[rng.IntN(len(domains))]),
			Role:     gen.RoleReader,
			Projects: []gen.Project{},
		}
		if rng.IntN(4) == 0 {
			inv.Role = gen.RoleOwner
		}
		for _, i := range rng.Perm(len(projectIDs))[:rng.IntN(3)] {
			role := gen.ProjectRoleMember
			if rng.IntN(5) == 0 {
				role = gen.ProjectRoleOwner
			}
			inv.Projects = append(inv.Projects, gen.Project{ID: projectIDs[i], Role: role})
		}
		switch p := rng.IntN(20); {
		case p < 12: // pending, sent within the last six days
			inv.Status = gen.InviteStatusPending
			inv.CreatedAt = now - rng.Int64N(6*day)
		case p < 17: // accepted within three days of being sent
			inv.Status = gen.InviteStatusAccepted
			inv.CreatedAt = now - 3*day - rng.Int64N(60*day)
			accepted := inv.CreatedAt + 1 + rng.Int64N(3*day)
			inv.AcceptedAt = &accepted
		default: // expired, sent more than a week ago
			inv.Status = gen.InviteStatusExpired
			inv.CreatedAt = now - 8*day - rng.Int64N(60*day)
		}
		expires := inv.CreatedAt + int64(inviteTTL/time.Second)
		inv.ExpiresAt = &expires
		h.store.insert(inv)
	}
}
