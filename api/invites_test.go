package api_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

var ada = api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader}

// roundTrip is an http.RoundTripper made of a function.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// quirkyFake starts the fake with opts and the faults in their text form,
// and a client for it with quick backoff; wrap, if not nil, wraps the
// client's transport.
func quirkyFake(t *testing.T, opts []apitest.Option, wrap func(http.RoundTripper) http.RoundTripper, faults ...string) (*api.Client, *apitest.Server) {
	t.Helper()
	srv := apitest.NewServer(append([]apitest.Option{apitest.WithTB(t)}, opts...)...)
	for _, text := range faults {
		f, err := apitest.ParseFault(text)
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
	transport := srv.Client().Transport
	if wrap != nil {
		transport = wrap(transport)
	}
	c, err := api.NewClient(api.WithBaseURL(srv.BaseURL()), api.WithAdminKey(apitest.AdminKey),
		api.WithHTTPClient(&http.Client{Transport: transport}), api.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// requestLines lists the requests a fake saw as "METHOD path".
func requestLines(srv *apitest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

var ignoreKeys = []apitest.Option{apitest.WithoutIdempotency()}

// TestCreateInviteSettlesALostAnswer loses the answer to a create on a
// service that ignores the Idempotency-Key: the retry meets 409
// invite_exists, and the call returns the invite its first try made.
func TestCreateInviteSettlesALostAnswer(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		drop   string
		reused bool
	}{
		"answer dropped":                        {drop: "drop=before-headers"},
		"body cut":                              {drop: "drop=after-headers"},
		"answer dropped on a reused connection": {drop: "drop=before-headers", reused: true},
		"body cut on a reused connection":       {drop: "drop=after-headers", reused: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, srv := quirkyFake(t, ignoreKeys, nil, "POST /organization/invites "+tt.drop+" x1")
			if tt.reused {
				// A connection that carried a request before: net/http
				// writes the create again on a new one when it closes
				// unanswered, within the SDK's one try.
				if _, err := c.ListInvites(context.Background(), nil); err != nil {
					t.Fatal(err)
				}
				srv.ResetRequests()
			}
			var resp api.Response
			inv, err := c.CreateInvite(context.Background(), ada, api.WithResponseInto(&resp))
			if err != nil {
				t.Fatalf("CreateInvite: %v", err)
			}
			invites := srv.Invites()
			if len(invites) != 1 {
				t.Fatalf("%d invites, want the first try's only", len(invites))
			}
			difftest.Check(t, "the invite returned", inv.ID, invites[0].ID)
			difftest.Check(t, "the answer that ended the call", resp.StatusCode, http.StatusConflict)
			difftest.Check(t, "requests", requestLines(srv), []string{
				"POST /v1/organization/invites", "POST /v1/organization/invites", "GET /v1/organization/invites",
			})
		})
	}
}

// TestCreateInviteHonouredKeyNeedsNoLookup is the control: a service that
// honours the key replays the first answer, and nothing is looked up.
func TestCreateInviteHonouredKeyNeedsNoLookup(t *testing.T) {
	t.Parallel()
	c, srv := quirkyFake(t, nil, nil, "POST /organization/invites drop=before-headers x1")
	var resp api.Response
	if _, err := c.CreateInvite(context.Background(), ada, api.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "status", resp.StatusCode, http.StatusOK)
	difftest.Check(t, "requests", requestLines(srv), []string{"POST /v1/organization/invites", "POST /v1/organization/invites"})
}

// TestCreateInviteConflictsWhenNoTryActed checks that a 409 invite_exists
// stays an ErrConflict when no try of the call can have made the invite: it
// existed before.
func TestCreateInviteConflictsWhenNoTryActed(t *testing.T) {
	t.Parallel()
	refusedDial := func(next http.RoundTripper) http.RoundTripper {
		var n atomic.Int32
		return roundTrip(func(r *http.Request) (*http.Response, error) {
			if n.Add(1) == 1 {
				return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
			}
			return next.RoundTrip(r)
		})
	}
	for name, tt := range map[string]struct {
		wrap     func(http.RoundTripper) http.RoundTripper
		faults   []string
		requests int // what the fake saw
	}{
		"first try":                {requests: 1},
		"after a server error":     {faults: []string{"POST /organization/invites 503 x1"}, requests: 2},
		"after a rate limit":       {faults: []string{"POST /organization/invites 429 x1 retry-after-ms=1"}, requests: 2},
		"after a refused dial":     {wrap: refusedDial, requests: 1},
		"after a request timeout":  {faults: []string{"POST /organization/invites 408 x1"}, requests: 2},
		"after another conflict":   {faults: []string{"POST /organization/invites 409 x1"}, requests: 2},
		"after a gateway time-out": {faults: []string{"POST /organization/invites 504 x1"}, requests: 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, srv := quirkyFake(t, ignoreKeys, tt.wrap, tt.faults...)
			srv.AddInvite(api.Invite{Email: ada.Email, Role: api.RoleOwner})
			_, err := c.CreateInvite(context.Background(), ada)
			var apiErr *api.Error
			if !errors.Is(err, api.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Code != "invite_exists" {
				t.Fatalf("err = %v, want the 409 invite_exists", err)
			}
			if errors.Is(err, api.ErrOutcomeUnknown) {
				t.Errorf("err = %v, which says the outcome is unknown: nothing was created", err)
			}
			difftest.Check(t, "requests the fake saw (none a lookup)", len(srv.Requests()), tt.requests)
		})
	}
}

// TestCreateInviteEarlierAttemptUnknown settles the first try's 409 when
// the caller says an earlier call may have made the invite, matching the
// email in any letter case as the service does.
func TestCreateInviteEarlierAttemptUnknown(t *testing.T) {
	t.Parallel()
	c, srv := quirkyFake(t, ignoreKeys, nil)
	srv.AddInvite(api.Invite{Email: "someone@example.com", Role: api.RoleReader})
	earlier := srv.AddInvite(api.Invite{Email: "ADA@example.com", Role: api.RoleReader})
	srv.AddInvite(api.Invite{Email: "other@example.com", Role: api.RoleReader})
	inv, err := c.CreateInvite(context.Background(), ada, api.WithEarlierAttemptUnknown())
	if err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "the invite returned", inv.ID, earlier.ID)
	if n := len(srv.Invites()); n != 3 {
		t.Errorf("%d invites, want 3", n)
	}
}

// TestCreateInviteUnsettled checks the error of a lost answer that the
// lookup cannot settle: the outcome is unknown, and the 409 is kept.
func TestCreateInviteUnsettled(t *testing.T) {
	t.Parallel()
	var srv *apitest.Server
	// Before the lookup, the invite the first try made is accepted: no
	// pending invite for the email is left.
	acceptAll := func(next http.RoundTripper) http.RoundTripper {
		return roundTrip(func(r *http.Request) (*http.Response, error) {
			if r.Method == http.MethodGet {
				for _, inv := range srv.Invites() {
					if err := srv.SetStatus(inv.ID, api.InviteStatusAccepted); err != nil {
						return nil, err
					}
				}
			}
			return next.RoundTrip(r)
		})
	}
	for name, tt := range map[string]struct {
		wrap   func(http.RoundTripper) http.RoundTripper
		faults []string
		also   error
	}{
		"no pending invite": {wrap: acceptAll},
		"the lookup fails":  {faults: []string{"GET /organization/invites 500 x3"}, also: api.ErrServer},
		"a page is broken":  {faults: []string{"GET /organization/invites body=wrong-object x1"}, also: api.ErrNotPromised},
	} {
		t.Run(name, func(t *testing.T) {
			var c *api.Client
			c, srv = quirkyFake(t, ignoreKeys, tt.wrap, append([]string{"POST /organization/invites drop=before-headers x1"}, tt.faults...)...)
			inv, err := c.CreateInvite(context.Background(), ada)
			if inv != nil {
				t.Errorf("an invite returned with err %v", err)
			}
			var apiErr *api.Error
			if !errors.Is(err, api.ErrOutcomeUnknown) || !errors.Is(err, api.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Code != "invite_exists" {
				t.Fatalf("err = %v, want ErrOutcomeUnknown and the 409 invite_exists", err)
			}
			if tt.also != nil && !errors.Is(err, tt.also) {
				t.Errorf("err = %v, want it to keep the lookup's error, %v", err, tt.also)
			}
		})
	}
}
