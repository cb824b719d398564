package api

import (
	"context"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"slices"

	"github.com/seed-a87280d7/invites/gen"
)

// AllInvites returns an iterator over every invite of the organization,
// newest first, fetching page after page as the loop asks for more:
//
//	for inv, err := range client.AllInvites(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(inv.Email)
//	}
//
// params sets the page size (Limit) and where to start (After); it may be nil
// and is never modified. Only one page is held in memory at a time, with a
// 64-bit hash of each cursor sent (8 bytes a page). The context is
// checked before each page. A page that is empty while the server says more
// follow continues from its last_id, if it names a cursor this walk has not
// sent (some services cut a page before they drop items from it). On
// failure the iterator yields one error and stops; an empty page with more
// to follow and no such last_id, or a cursor that this walk has already
// sent (a server that goes round in a cycle, such as A, B, A), is such a
// failure, wrapping ErrPagination: never a silent stop or an endless loop.
//
// The call options apply to each page: WithRetries and WithAttemptTimeout
// to each page's request, and WithResponseInto receives the answer of the
// last page read (the one that ended the walk, with an error or not).
// WithIdempotencyKey does not apply, as a walk sends no POST: the iterator
// yields a *ValidationError for it, as for params or an option that is not
// valid, before anything is sent.
func (c *Client) AllInvites(ctx context.Context, params *ListInvitesParams, opts ...CallOption) iter.Seq2[Invite, error] {
	return func(yield func(Invite, error) bool) {
		cfg, err := c.walkConfig(params, opts)
		if err != nil {
			yield(Invite{}, err)
			return
		}
		var p ListInvitesParams
		if params != nil {
			p = *params
			if p.Limit != nil {
				p.Limit = Ptr(*p.Limit)
			}
		}
		sent := newCursorSet(p.After)
		for {
			if err := ctx.Err(); err != nil {
				yield(Invite{}, err)
				return
			}
			page, err := send[InviteListResponse](ctx, c, cfg, func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
				return c.gen.ListInvites(ctx, &p, edit)
			})
			if err != nil {
				yield(Invite{}, err)
				return
			}
			for _, inv := range page.Data {
				if !yield(inv, nil) {
					return
				}
			}
			if !page.HasMore {
				return
			}
			next, err := c.nextCursor(page, p.After, sent)
			if err != nil {
				yield(Invite{}, err)
				return
			}
			p.After = &next
		}
	}
}

// walkConfig checks the params and options of a walk as ListInvites checks
// those of one page, and refuses WithIdempotencyKey.
func (c *Client) walkConfig(params *ListInvitesParams, opts []CallOption) (*callConfig, error) {
	if err := ValidateListParams(params); err != nil {
		return nil, err
	}
	cfg, err := c.callConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.idempotencyKey != "" {
		return nil, fieldError("WithIdempotencyKey", "does not apply to AllInvites, which sends no POST")
	}
	return cfg, nil
}

// nextCursor returns the after cursor for the page following page, which
// was asked for with after: its last_id, or else the id of its last invite,
// and adds it to sent. An empty page continues from its last_id, as a
// service that drops items from a page after cutting it (OpenAI's other
// admin listings have served such pages) names the last one it passed over.
// It fails when there is no cursor (an empty page without a last_id), when
// it is after again, or when it is another one that sent holds: the walk
// would ask for a page again, and go round in a cycle.
func (c *Client) nextCursor(page *InviteListResponse, after *string, sent *cursorSet) (string, error) {
	var next string
	if n := len(page.Data); n > 0 {
		next = page.Data[n-1].ID
	}
	if page.LastID != nil && *page.LastID != "" {
		next = *page.LastID
	}
	switch {
	case next == "" && len(page.Data) == 0:
		return "", fmt.Errorf("%w: the server returned an empty page with has_more true and no last_id to continue from", ErrPagination)
	case next == "":
		return "", fmt.Errorf("%w: the page has no last_id and its last invite has no id", ErrPagination)
	case after != nil && next == *after:
		return "", fmt.Errorf("%w: the cursor did not advance (after=%s again)", ErrPagination, c.quote(next))
	case !sent.add(next):
		return "", fmt.Errorf("%w: the server handed back a cursor this walk already sent (after=%s again), so the pages go round in a cycle", ErrPagination, c.quote(next))
	}
	return next, nil
}

// cursorSet holds the cursors a walk has sent, as 64-bit hashes under a
// seed of its own, in a sorted slice: 8 bytes a page, not the cursor itself
// (a map measured four to five times as much). Two cursors that differ share
// a hash with a chance of about 2⁻⁶⁴ per pair.
type cursorSet struct {
	seed   maphash.Seed
	hashes []uint64
}

// newCursorSet returns the set of a walk that starts after first, if not nil.
func newCursorSet(first *string) *cursorSet {
	s := &cursorSet{seed: maphash.MakeSeed()}
	if first != nil {
		s.add(*first)
	}
	return s
}

// add adds cursor to the set and reports whether it was new.
func (s *cursorSet) add(cursor string) bool {
	h := maphash.String(s.seed, cursor)
	i, found := slices.BinarySearch(s.hashes, h)
	if found {
		return false
	}
	s.hashes = slices.Insert(s.hashes, i, h)
	return true
}
