package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// walkClient returns a client of a fake that holds n invites, which retries
// nothing unless a call option says so.
func walkClient(t *testing.T, n int, opts ...api.Option) (*api.Client, *apitest.Server) {
	t.Helper()
	srv := apitest.NewServer(apitest.WithTB(t), apitest.WithSampleInvites(n))
	t.Cleanup(srv.Close)
	base := []api.Option{api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()), api.WithHTTPClient(srv.Client()),
		api.WithRetryBackoff(time.Millisecond, 4*time.Millisecond), api.WithMaxRetries(0)}
	c, err := api.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// walk walks every invite with opts; after the first invite, it injects
// fault, which so meets the second page. It returns how many invites came
// and the error that ended the walk.
func walk(t *testing.T, c *api.Client, srv *apitest.Server, fault string, opts ...api.CallOption) (int, error) {
	t.Helper()
	// A walk that waits out a slow answer fails rather than passes.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	n := 0
	for _, err := range c.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2)}, opts...) {
		if err != nil {
			return n, err
		}
		if n++; n == 1 && fault != "" {
			inject(t, srv, fault)
		}
	}
	return n, nil
}

func TestAllInvitesRetriesEachPage(t *testing.T) {
	t.Parallel()
	c, srv := walkClient(t, 5)
	n, err := walk(t, c, srv, "GET /organization/invites 503 x2", api.WithRetries(2))
	if err != nil {
		t.Fatalf("a walk with WithRetries(2) through two 503s on its second page: %v", err)
	}
	difftest.Check(t, "invites", n, 5)

	// Without the option, the client's 0 retries end the walk there.
	c, srv = walkClient(t, 5)
	n, err = walk(t, c, srv, "GET /organization/invites 503 x1")
	if !errors.Is(err, api.ErrServer) {
		t.Fatalf("err = %v, want the 503", err)
	}
	difftest.Check(t, "invites before the 503", n, 2)
}

func TestAllInvitesTimesEachPageAttempt(t *testing.T) {
	t.Parallel()
	// The client's attempt timeout is an hour: only the call option ends the
	// slow first attempt at the second page.
	c, srv := walkClient(t, 5, api.WithRequestTimeout(time.Hour))
	n, err := walk(t, c, srv, "GET /organization/invites x1 latency=1m", api.WithAttemptTimeout(200*time.Millisecond), api.WithRetries(1))
	if err != nil {
		t.Fatalf("a walk whose second page is slow once: %v", err)
	}
	difftest.Check(t, "invites", n, 5)
}

func TestAllInvitesReportsTheLastPage(t *testing.T) {
	t.Parallel()
	var ids []string // the request id of each answer, in order
	srv := apitest.NewServer(apitest.WithTB(t), apitest.WithSampleInvites(5))
	t.Cleanup(srv.Close)
	hc := srv.Client()
	inner := hc.Transport
	hc.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := inner.RoundTrip(r)
		if err == nil {
			ids = append(ids, resp.Header.Get("x-request-id"))
		}
		return resp, err
	})
	c, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()), api.WithHTTPClient(hc), api.WithMaxRetries(0), api.WithoutPacing())
	if err != nil {
		t.Fatal(err)
	}
	var got api.Response
	if n, err := walk(t, c, srv, "", api.WithResponseInto(&got)); err != nil || n != 5 {
		t.Fatalf("walk: %d invites, %v", n, err)
	}
	difftest.Check(t, "pages", len(ids), 3)
	difftest.Check(t, "status, request id", []any{got.StatusCode, got.RequestID}, []any{200, ids[len(ids)-1]})

	got = api.Response{}
	if _, err := walk(t, c, srv, "GET /organization/invites 429 x1", api.WithResponseInto(&got)); !errors.Is(err, api.ErrRateLimited) {
		t.Fatalf("err = %v, want the 429", err)
	}
	difftest.Check(t, "status of the page that ended the walk", got.StatusCode, 429)
}

func TestAllInvitesRefusesWhatDoesNotFitAWalk(t *testing.T) {
	t.Parallel()
	c, srv := walkClient(t, 5)
	for name, tt := range map[string]struct {
		params *api.ListInvitesParams
		opt    api.CallOption
		field  string
	}{
		"an idempotency key": {nil, api.WithIdempotencyKey("walk-1"), "WithIdempotencyKey"},
		"negative retries":   {nil, api.WithRetries(-1), "WithRetries"},
		"a limit of 0":       {&api.ListInvitesParams{Limit: api.Ptr(0)}, nil, "limit"},
	} {
		var errs []error
		for _, err := range c.AllInvites(context.Background(), tt.params, tt.opt) {
			errs = append(errs, err)
		}
		var ve *api.ValidationError
		if len(errs) != 1 || !errors.As(errs[0], &ve) {
			t.Errorf("%s: yielded %v, want one *ValidationError", name, errs)
			continue
		}
		difftest.Check(t, name+": field", ve.Field, tt.field)
	}
	difftest.Check(t, "requests sent", len(srv.Requests()), 0)
}
