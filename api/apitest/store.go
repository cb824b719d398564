package apitest

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// inviteTTL is how long a new invite stays pending.
const inviteTTL = 7 * 24 * time.Hour

// entry is one stored invite. A deleted entry stays in the list as a
// tombstone, so a cursor that names it still has a position.
type entry struct {
	inv     api.Invite
	seq     uint64 // creation sequence, for a stable order within one second
	deleted bool
}

// store holds the invites. It is not safe for concurrent use: service guards
// it with its mutex.
type store struct {
	seed  int64
	list  []*entry          // newest first: created_at desc, then seq desc
	byID  map[string]*entry // every ID ever used; tombstones included
	seq   uint64            // last entry sequence number
	idSeq uint64            // last invite ID number

	sampleSeq uint64 // last sample invite number
}

func newStore(seed int64) *store {
	return &store{seed: seed, byID: map[string]*entry{}}
}

// newer reports whether a sorts before b in the list.
func newer(a, b *entry) bool {
	if a.inv.CreatedAt != b.inv.CreatedAt {
		return a.inv.CreatedAt > b.inv.CreatedAt
	}
	return a.seq > b.seq
}

// insert stores inv, which must have an ID, at its place in the order. An
// invite that reuses an ID replaces the old one, which becomes a tombstone.
func (s *store) insert(inv api.Invite) *entry {
	s.seq++
	e := &entry{inv: inv, seq: s.seq}
	if old := s.byID[inv.ID]; old != nil {
		old.deleted = true
	}
	s.byID[inv.ID] = e
	i := sort.Search(len(s.list), func(i int) bool { return newer(e, s.list[i]) })
	s.list = slices.Insert(s.list, i, e)
	return e
}

// live returns the invite with this ID unless it is unknown or deleted.
func (s *store) live(id string) *entry {
	if e := s.byID[id]; e != nil && !e.deleted {
		return e
	}
	return nil
}

// page returns up to limit live entries after the cursor (from the start when
// after is nil) and whether more live entries follow.
func (s *store) page(after *entry, limit int) (items []*entry, hasMore bool) {
	start := 0
	if after != nil {
		start = sort.Search(len(s.list), func(i int) bool { return !newer(s.list[i], after) }) + 1
	}
	for _, e := range s.list[start:] {
		if e.deleted {
			continue
		}
		if len(items) == limit {
			return items, true
		}
		items = append(items, e)
	}
	return items, false
}

// pendingFor reports whether a live invite for this email (in any letter
// case) is pending at now.
func (s *store) pendingFor(email string, now time.Time) bool {
	for _, e := range s.list {
		if !e.deleted && strings.EqualFold(e.inv.Email, email) && statusAt(e.inv, now) == api.InviteStatusPending {
			return true
		}
	}
	return false
}

// newID returns an unused invite ID: "invite-" and 24 lowercase letters and
// digits, a function of the seed and a per-store counter.
func (s *store) newID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	for {
		s.idSeq++
		rng := rand.New(rand.NewPCG(uint64(s.seed), s.idSeq)) //nolint:gosec // G404: seeded on purpose, so IDs repeat
		b := []byte("invite-000000000000000000000000")
		for i := len("invite-"); i < len(b); i++ {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if id := string(b); s.byID[id] == nil {
			return id
		}
	}
}

// statusAt is the invite's status as read at now: a pending invite whose
// expires_at has passed is expired.
func statusAt(inv api.Invite, now time.Time) api.InviteStatus {
	if inv.Status == api.InviteStatusPending && inv.ExpiresAt != nil && *inv.ExpiresAt <= api.UnixTime(now.Unix()) {
		return api.InviteStatusExpired
	}
	return inv.Status
}

// view is a copy of the stored invite as a client sees it at now.
func view(inv api.Invite, now time.Time) api.Invite {
	inv = clone(inv)
	inv.Status = statusAt(inv, now)
	return inv
}

// clone copies an invite so that the copy shares no memory with the original.
// Nil projects become an empty list, as the spec requires an array.
func clone(inv api.Invite) api.Invite {
	inv.ExpiresAt = clonePtr(inv.ExpiresAt)
	inv.AcceptedAt = clonePtr(inv.AcceptedAt)
	inv.Projects = slices.Clone(inv.Projects)
	if inv.Projects == nil {
		inv.Projects = []api.Project{}
	}
	return inv
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
