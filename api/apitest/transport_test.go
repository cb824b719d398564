package apitest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// inProcessClient returns a client of h through h.Transport, which gives
// up at the first failure.
func inProcessClient(t *testing.T, h *apitest.Handler, opts ...api.Option) *api.Client {
	t.Helper()
	client, err := api.NewClient(append([]api.Option{
		api.WithAdminKey(apitest.AdminKey),
		api.WithBaseURL(apitest.InProcessBaseURL),
		api.WithHTTPClient(&http.Client{Transport: h.Transport()}),
		api.WithMaxRetries(0),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func TestTransportServesWithoutANetwork(t *testing.T) {
	t.Parallel()
	h, err := apitest.NewHandler(apitest.WithTB(t))
	if err != nil {
		t.Fatal(err)
	}
	client := inProcessClient(t, h)
	ctx := context.Background()
	inv, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := client.GetInvite(ctx, inv.ID); err != nil || got.Email != "ada@example.com" {
		t.Fatalf("get: %+v, %v", got, err)
	}
	page, err := client.ListInvites(ctx, nil)
	if err != nil || len(page.Data) != 1 {
		t.Fatalf("list: %+v, %v", page, err)
	}
	if _, err := client.DeleteInvite(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	// The fake checked and recorded each request as a server's.
	reqs := h.Requests()
	if len(reqs) != 4 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/v1/organization/invites" {
		t.Fatalf("recorded %+v", reqs)
	}
	// An unknown id is the fake's 404, not a transport error.
	if _, err := client.GetInvite(ctx, "invite-nope"); !errors.Is(err, api.ErrNotFound) {
		t.Fatalf("get unknown: %v, want ErrNotFound", err)
	}
}

func TestTransportDropsAsANetworkWould(t *testing.T) {
	t.Parallel()
	for _, drop := range []string{"before-headers", "after-headers"} {
		h, err := apitest.NewHandler(apitest.WithTB(t))
		if err != nil {
			t.Fatal(err)
		}
		f, err := apitest.ParseFault("GET /organization/invites drop=" + drop + " x1")
		if err != nil {
			t.Fatal(err)
		}
		if err := h.InjectFault(f); err != nil {
			t.Fatal(err)
		}
		client := inProcessClient(t, h)
		_, err = client.ListInvites(context.Background(), nil)
		if err == nil {
			t.Fatalf("drop=%s: the list succeeded", drop)
		}
		var apiErr *api.Error
		if errors.As(err, &apiErr) {
			t.Fatalf("drop=%s: %v, want a transport error, not an answer", drop, err)
		}
		if _, err := client.ListInvites(context.Background(), nil); err != nil {
			t.Fatalf("drop=%s: the next list: %v", drop, err)
		}
	}
}

// TestTransportRunsInVirtualTime runs the fake on its default clock inside
// a synctest bubble: a minute's window passes in no real time.
func TestTransportRunsInVirtualTime(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithRateLimit(apitest.RateLimit{Endpoint: createEndpoint, Requests: 2, Per: time.Minute}))
		if err != nil {
			t.Fatal(err)
		}
		client := inProcessClient(t, h, api.WithoutPacing())
		ctx := context.Background()
		create := func(email string) error {
			_, err := client.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleReader})
			return err
		}
		start := time.Now()
		for _, email := range []string{"a@example.com", "b@example.com"} {
			if err := create(email); err != nil {
				t.Fatal(err)
			}
		}
		if err := create("c@example.com"); !errors.Is(err, api.ErrRateLimited) {
			t.Fatalf("the third create: %v, want ErrRateLimited", err)
		}
		time.Sleep(time.Minute)
		if err := create("c@example.com"); err != nil {
			t.Fatalf("a minute later: %v", err)
		}
		if d := time.Since(start); d != time.Minute {
			t.Fatalf("virtual time passed: %s, want exactly 1m", d)
		}
	})
}
