package apitest

import (
	"net/http"
	"sort"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// WithoutIdempotency makes the fake ignore the Idempotency-Key header, as a
// service that does not honour it would: OpenAI documents no idempotency
// for the invite endpoints. Every request is then served afresh, so a create
// retried after its answer was lost (a fault with a Drop, say) meets the
// invite the first try made: a 409 with code invite_exists, param email and
// "x-should-retry: false", as for any second pending invite for an email.
// The header is still checked (one of them, at most 255 characters long).
func WithoutIdempotency() Option {
	return func(c *config) { c.ignoreIdempotency = true }
}

// WithSparsePages makes the fake cut each page of the list before it drops
// the revoked invites from it, as some of OpenAI's other admin listings do:
// a page covers limit invites, revoked ones included, and holds only those
// still there. A page may so hold fewer invites than its limit, or none,
// while has_more is true; its first_id and last_id name the first and last
// invite it covered, revoked or not, so that a client which follows last_id
// walks every invite, and one which follows the last item's id, or stops at
// an empty page, does not. has_more is true while invites, revoked or not,
// follow the page, so the last page may be empty too, with has_more false.
func WithSparsePages() Option {
	return func(c *config) { c.sparsePages = true }
}

// sparsePage is the list answer of WithSparsePages: the live invites among
// the limit entries, revoked ones included, that follow the cursor.
func (s *store) sparsePage(after *entry, limit int, now time.Time) *response {
	start := 0
	if after != nil {
		start = sort.Search(len(s.list), func(i int) bool { return !newer(s.list[i], after) }) + 1
	}
	end := min(start+limit, len(s.list))
	covered := s.list[start:end]
	page := listPage{Object: api.InviteListResponseObjectList, Data: []wireInvite{}, HasMore: end < len(s.list)}
	for _, e := range covered {
		if !e.deleted {
			page.Data = append(page.Data, wire(view(e.inv, now)))
		}
	}
	if n := len(covered); n > 0 {
		first, last := covered[0].inv.ID, covered[n-1].inv.ID
		page.FirstID, page.LastID = &first, &last
	}
	return &response{status: http.StatusOK, body: page}
}

// ignoreIdempotencyKey serves a request that carries an Idempotency-Key as
// WithoutIdempotency says: the header is checked, then the request is served
// by serve as if it had none.
func ignoreIdempotencyKey(c *call, serve func() *response) *response {
	if resp := checkIdempotencyKey(c); resp != nil {
		return resp
	}
	return serve()
}
