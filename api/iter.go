package api

import (
	"context"
	"fmt"
	"iter"
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
// and is never modified. Only one page is held in memory at a time. The
// context is checked before each page. On failure the iterator yields one
// error and stops; a page that is empty while the server says more follow,
// or a cursor that does not move forward, is such a failure, never a silent
// stop or an endless loop.
func (c *Client) AllInvites(ctx context.Context, params *ListInvitesParams) iter.Seq2[Invite, error] {
	return func(yield func(Invite, error) bool) {
		var p ListInvitesParams
		if params != nil {
			p = *params
			if p.Limit != nil {
				p.Limit = Ptr(*p.Limit)
			}
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(Invite{}, err)
				return
			}
			page, err := c.ListInvites(ctx, &p)
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
			next, err := nextCursor(page, p.After)
			if err != nil {
				yield(Invite{}, err)
				return
			}
			p.After = &next
		}
	}
}

// nextCursor returns the after cursor for the page following page: its
// last_id, or else the id of its last invite. It fails when there is no
// cursor or when it would ask for the same page again.
func nextCursor(page *InviteListResponse, after *string) (string, error) {
	if len(page.Data) == 0 {
		return "", fmt.Errorf("%w: the server returned an empty page with has_more true", ErrPagination)
	}
	next := page.Data[len(page.Data)-1].ID
	if page.LastID != nil && *page.LastID != "" {
		next = *page.LastID
	}
	if next == "" {
		return "", fmt.Errorf("%w: the page has no last_id and its last invite has no id", ErrPagination)
	}
	if after != nil && next == *after {
		return "", fmt.Errorf("%w: the cursor did not advance (after=%q again)", ErrPagination, next)
	}
	return next, nil
}
