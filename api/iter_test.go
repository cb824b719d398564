package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// pagedHandler serves n invites (invite-0 … invite-n-1) in pages, following
// the after cursor, and records the after values it was asked for.
func pagedHandler(n int, afters *[]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		limit := 20
		if l := r.URL.Query().Get("limit"); l != "" {
			limit, _ = strconv.Atoi(l)
		}
		after := r.URL.Query().Get("after")
		*afters = append(*afters, after)
		start := 0
		if after != "" {
			start, _ = strconv.Atoi(after[len("invite-"):])
			start++
		}
		end := min(start+limit, n)
		data := []any{}
		for i := start; i < end; i++ {
			data = append(data, inviteJSON("invite-"+strconv.Itoa(i)))
		}
		page := map[string]any{"object": "list", "data": data, "has_more": end < n, "first_id": nil, "last_id": nil}
		if len(data) > 0 {
			page["first_id"] = fmt.Sprintf("invite-%d", start)
			page["last_id"] = fmt.Sprintf("invite-%d", end-1)
		}
		writeJSON(w, 200, page)
	}
}

func TestAllInvitesWalksEveryPage(t *testing.T) {
	t.Parallel()
	var afters []string
	c, _ := setup(t, pagedHandler(23, &afters))
	params := &api.ListInvitesParams{Limit: api.Ptr(5)}
	var ids []string
	for inv, err := range c.AllInvites(context.Background(), params) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inv.ID)
	}
	var wantIDs []string
	for i := range 23 {
		wantIDs = append(wantIDs, fmt.Sprintf("invite-%d", i))
	}
	difftest.Check(t, "ids", ids, wantIDs)
	difftest.Check(t, "after cursors", afters, []string{"", "invite-4", "invite-9", "invite-14", "invite-19"})
	difftest.Check(t, "the caller's params", params, &api.ListInvitesParams{Limit: api.Ptr(5)})
}

func TestAllInvitesFollowsTheLastItemWithoutLastID(t *testing.T) {
	t.Parallel()
	calls := 0
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, map[string]any{"object": "list", "data": []any{inviteJSON("invite-a")}, "has_more": true})
			return
		}
		if got := r.URL.Query().Get("after"); got != "invite-a" {
			t.Errorf("after = %q, want invite-a", got)
		}
		writeJSON(w, 200, map[string]any{"object": "list", "data": []any{inviteJSON("invite-b")}, "has_more": false})
	})
	n := 0
	for _, err := range c.AllInvites(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	difftest.Check(t, "invites and calls", []int{n, calls}, []int{2, 2})
}

func TestAllInvitesStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	var afters []string
	c, _ := setup(t, pagedHandler(100, &afters))
	n := 0
	for _, err := range c.AllInvites(context.Background(), &api.ListInvitesParams{Limit: api.Ptr(10)}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 15 {
			break
		}
	}
	if len(afters) != 2 {
		t.Fatalf("fetched %d pages for 15 invites of pages of 10, want 2", len(afters))
	}
}

func TestAllInvitesChecksTheContextBetweenPages(t *testing.T) {
	t.Parallel()
	var afters []string
	c, _ := setup(t, pagedHandler(100, &afters))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(10)}) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 10 {
			cancel()
		}
	}
	difftest.Check(t, "invites and pages", []int{n, len(afters)}, []int{10, 1})
	if !errors.Is(last, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", last)
	}
}

// cyclePage answers a page of one invite whose last_id is next[after], with
// has_more true: a server whose cursors go round.
func cyclePage(next map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		last := next[r.URL.Query().Get("after")]
		writeJSON(w, 200, map[string]any{"object": "list", "data": []any{inviteJSON(last)}, "has_more": true, "first_id": last, "last_id": last})
	}
}

// emptyCyclePage answers an empty page whose last_id is next[after], with
// has_more true; from the 20th page on has_more is false, so that a walk
// which does not see the cycle ends, without an error.
func emptyCyclePage(next map[string]string) http.HandlerFunc {
	var pages atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		last := next[r.URL.Query().Get("after")]
		writeJSON(w, 200, map[string]any{"object": "list", "data": []any{}, "has_more": pages.Add(1) < 20, "first_id": last, "last_id": last})
	}
}

func TestAllInvitesRefusesBrokenPagination(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		handler  http.HandlerFunc
		params   *api.ListInvitesParams
		requests int64 // what the server sees before the walk ends
	}{
		"empty page with has_more": {handler: func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"object": "list", "data": []any{}, "has_more": true, "first_id": nil, "last_id": nil})
		}, requests: 1},
		"empty page with has_more and an empty last_id": {handler: func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"object": "list", "data": []any{}, "has_more": true, "first_id": "", "last_id": ""})
		}, requests: 1},
		"empty page naming the cursor it was asked with": {handler: emptyCyclePage(map[string]string{"": "invite-x", "invite-x": "invite-x"}), requests: 2},
		"empty pages going round":                        {handler: emptyCyclePage(map[string]string{"": "invite-a", "invite-a": "invite-b", "invite-b": "invite-a"}), requests: 3},
		"empty page back to the caller's cursor": {handler: emptyCyclePage(map[string]string{"invite-s": "invite-s"}),
			params: &api.ListInvitesParams{After: api.Ptr("invite-s")}, requests: 1},
		"repeated cursor":  {handler: cyclePage(map[string]string{"": "invite-x", "invite-x": "invite-x"}), requests: 2},
		"cycle A, B, A":    {handler: cyclePage(map[string]string{"": "invite-a", "invite-a": "invite-b", "invite-b": "invite-a"}), requests: 3},
		"cycle A, B, C, B": {handler: cyclePage(map[string]string{"": "invite-a", "invite-a": "invite-b", "invite-b": "invite-c", "invite-c": "invite-b"}), requests: 4},
		"back to the caller's cursor": {handler: cyclePage(map[string]string{"invite-s": "invite-t", "invite-t": "invite-s"}),
			params: &api.ListInvitesParams{After: api.Ptr("invite-s")}, requests: 2},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, s := setup(t, tt.handler)
			var errs []error
			n := 0
			for _, err := range c.AllInvites(context.Background(), tt.params) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if n++; n > 10 {
					t.Fatal("the walk did not stop")
				}
			}
			if len(errs) != 1 || !errors.Is(errs[0], api.ErrPagination) {
				t.Fatalf("errors = %v, want exactly one wrapping ErrPagination", errs)
			}
			difftest.Check(t, "requests the server saw", s.hits.Load(), tt.requests)
		})
	}
}

func TestAllInvitesYieldsOneErrorOnFailure(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, errorBody("invalid_request_error", "invalid_api_key", "", "bad key"))
	})
	var errs []error
	for _, err := range c.AllInvites(context.Background(), nil) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], api.ErrUnauthorized) {
		t.Fatalf("errors = %v, want one 401", errs)
	}
}

// TestAllInvitesContinuesPastEmptyPages walks a fake that cuts its pages
// before it drops the revoked invites: empty pages with has_more, and pages
// whose last_id is not their last item's id, are followed by their last_id
// to every invite.
func TestAllInvitesContinuesPastEmptyPages(t *testing.T) {
	t.Parallel()
	c, srv := quirkyFake(t, []apitest.Option{apitest.WithSparsePages(), apitest.WithSampleInvites(12)}, nil)
	var want []string
	for i, inv := range srv.Invites() {
		// Revoke a run of four (two empty pages of two), the last one (an
		// empty last page), and a few others (short pages).
		if i >= 2 && i < 6 || i == 11 || i == 7 || i == 8 {
			if _, err := c.DeleteInvite(context.Background(), inv.ID); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want = append(want, inv.ID)
	}
	srv.ResetRequests()
	var got []string
	for inv, err := range c.AllInvites(context.Background(), &api.ListInvitesParams{Limit: api.Ptr(2)}) {
		if err != nil {
			t.Fatalf("walk: %v", err)
		}
		got = append(got, inv.ID)
	}
	difftest.Check(t, "invites walked", got, want)
	difftest.Check(t, "pages asked for", len(srv.Requests()), 6)
}
