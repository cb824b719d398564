package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestOneClientManyGoroutines shares one client among 64 goroutines, each
// running every operation while injected faults make calls retry. Run with
// -race, it shows the client is safe for concurrent use; the fake's state
// shows every create and delete took effect exactly once.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	const workers = 64
	srv := apitest.NewServer(apitest.WithTB(t), apitest.WithSampleInvites(20))
	for _, text := range []string{
		"POST /organization/invites 503 x20 retry-after-ms=1",
		"POST /organization/invites drop=before-headers x10",
		"GET /organization/invites drop=after-headers x10",
		"GET /organization/invites/{invite_id} 429 x10 retry-after-ms=1",
		"DELETE /organization/invites/{invite_id} 502 x10 body=not-json",
		"* * latency=5ms x30",
	} {
		inject(t, srv, text)
	}
	// Enough retries that no call runs out, whichever faults it meets.
	c, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()),
		api.WithRetryBackoff(time.Millisecond, 4*time.Millisecond), api.WithMaxRetries(100))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			email := fmt.Sprintf("user%d@example.com", i)
			inv, err := c.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleReader, Projects: []api.Project{}})
			if err != nil {
				t.Errorf("worker %d: create: %v", i, err)
				return
			}
			if got, err := c.GetInvite(ctx, inv.ID); err != nil || got.Email != email {
				t.Errorf("worker %d: get: %v, %v", i, got, err)
			}
			if _, err := c.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(5)}); err != nil {
				t.Errorf("worker %d: list: %v", i, err)
			}
			if i%8 == 0 {
				n := 0
				for _, err := range c.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(10)}) {
					if err != nil {
						t.Errorf("worker %d: all invites: %v", i, err)
						break
					}
					n++
				}
				if n < 20 {
					t.Errorf("worker %d: walked %d invites, want at least the 20 samples", i, n)
				}
			}
			if _, err := c.DeleteInvite(ctx, inv.ID); err != nil {
				t.Errorf("worker %d: delete: %v", i, err)
			}
			if _, err := c.GetInvite(ctx, inv.ID); !errors.Is(err, api.ErrNotFound) {
				t.Errorf("worker %d: get after delete: %v, want ErrNotFound", i, err)
			}
		})
	}
	wg.Wait()

	if n := len(srv.Invites()); n != 20 {
		t.Errorf("%d invites left, want the 20 samples", n)
	}
	if left := srv.Faults(); len(left) != 0 {
		t.Errorf("faults not used up: %v", left)
	}
	// Each create ends with one request without a status or drop fault:
	// served fresh, or, after its first attempt was served and dropped,
	// replayed. Had a retry after a drop been served again, it would have
	// failed with 409 invite_exists above.
	clean, faulted := 0, 0
	for _, r := range srv.Requests() {
		switch {
		case r.Method != http.MethodPost:
		case r.Fault == "" || r.Fault == "* * x1 latency=5ms":
			clean++
		default:
			faulted++
		}
	}
	difftest.Check(t, "POSTs without, and with, a status or drop fault", []int{clean, faulted}, []int{workers, 30})
}
