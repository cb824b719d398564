package api_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// createEndpoint is the rate limits' name of the create operation.
const createEndpoint = "POST /organization/invites"

// pacedRun is what a run of creates against a rate-limited fake did, in
// the virtual time of a synctest bubble.
type pacedRun struct {
	elapsed time.Duration // from the first create to the last answer
	refused int           // requests the fake answered 429
	failed  []error       // the creates that returned an error
	changes []api.PaceChange
	waits   []time.Duration // each call's Response.RateWait
}

// runPaced sends rows creates, workers at a time, through one client of a
// fake limited as limit says, in a synctest bubble, and returns what
// happened. The fake runs on the bubble's clock, as the client does.
func runPaced(t *testing.T, limit apitest.RateLimit, rows, workers int, opts ...api.Option) pacedRun {
	t.Helper()
	var run pacedRun
	synctest.Test(t, func(t *testing.T) {
		h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithRateLimit(limit))
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		client, err := api.NewClient(append([]api.Option{
			api.WithAdminKey(apitest.AdminKey),
			api.WithBaseURL(apitest.InProcessBaseURL),
			api.WithHTTPClient(&http.Client{Transport: h.Transport()}),
			api.WithPaceHook(func(pc api.PaceChange) {
				mu.Lock()
				run.changes = append(run.changes, pc)
				mu.Unlock()
			}),
		}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		next := make(chan int)
		go func() {
			for i := range rows {
				next <- i
			}
			close(next)
		}()
		start := time.Now()
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range next {
					var resp api.Response
					_, err := client.CreateInvite(context.Background(), api.InviteRequest{Email: fmt.Sprintf("user%d@example.com", i), Role: api.RoleReader}, api.WithResponseInto(&resp))
					mu.Lock()
					if err != nil {
						run.failed = append(run.failed, err)
					}
					run.waits = append(run.waits, resp.RateWait)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		run.elapsed = time.Since(start)
		run.refused = h.RateLimited()
	})
	return run
}

// idealTime is the shortest time rows requests take under limit, from the
// first request to the last: for a window of L per W that starts with its
// first request, (ceil(rows/L) - 1) × W; for a bucket of L refilled L per
// W, (rows - L) × W / L.
func idealTime(limit apitest.RateLimit, rows int) time.Duration {
	if limit.Kind == apitest.LimitBucket {
		return time.Duration(rows-limit.Requests) * limit.Per / time.Duration(limit.Requests)
	}
	windows := int(math.Ceil(float64(rows) / float64(limit.Requests)))
	return time.Duration(windows-1) * limit.Per
}

func TestPaceMeasure(t *testing.T) {
	if testing.Short() || !testing.Verbose() {
		t.Skip("a measure, run with -v")
	}
	for _, tt := range []struct {
		name  string
		kind  apitest.LimitKind
		hints apitest.LimitHints
	}{
		{"window, no hints", apitest.LimitWindow, apitest.HintsNone},
		{"window, retry-after", apitest.LimitWindow, apitest.HintsRetryAfter},
		{"window, headers", apitest.LimitWindow, apitest.HintsHeaders},
		{"bucket, no hints", apitest.LimitBucket, apitest.HintsNone},
		{"bucket, retry-after", apitest.LimitBucket, apitest.HintsRetryAfter},
		{"bucket, headers", apitest.LimitBucket, apitest.HintsHeaders},
	} {
		limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute, Kind: tt.kind, Hints: tt.hints}
		for _, workers := range []int{1, 4} {
			ideal := idealTime(limit, 50)
			var worst pacedRun
			var ratios []float64
			maxRefused := 0
			for range 20 {
				run := runPaced(t, limit, 50, workers)
				if run.elapsed > worst.elapsed {
					worst = run
				}
				maxRefused = max(maxRefused, run.refused)
				ratios = append(ratios, float64(run.elapsed)/float64(ideal))
			}
			slices.Sort(ratios)
			t.Logf("%-22s workers %d: ×ideal min %.3f median %.3f max %.3f; refused ≤ %d", tt.name, workers, ratios[0], ratios[len(ratios)/2], ratios[len(ratios)-1], maxRefused)
			if ratios[len(ratios)-1] > 1.05 {
				for _, c := range worst.changes {
					t.Logf("    %s", c)
				}
			}
		}
	}
}
