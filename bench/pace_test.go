package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/pacetarget"
)

// paceRows is how many creates a pacing benchmark sends, paceWorkers at a
// time (the CLI's default concurrency), against a limit of 7 a minute.
const (
	paceRows    = pacetarget.Rows
	paceWorkers = 4
)

// creator is a client under the pacing benchmark: create sends one create
// of email.
type creator struct {
	name string
	new  func(hc *http.Client, baseURL string) (create func(ctx context.Context, email string) error, err error)
}

var creators = []creator{
	{"api", func(hc *http.Client, baseURL string) (func(context.Context, string) error, error) {
		c, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(baseURL), api.WithHTTPClient(hc))
		return func(ctx context.Context, email string) error {
			_, err := c.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleReader})
			return err
		}, err
	}},
	// api-unpaced is package api before pacing: a 429 is retried after its
	// hint or the backoff, twice, then fails.
	{"api-unpaced", func(hc *http.Client, baseURL string) (func(context.Context, string) error, error) {
		c, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(baseURL), api.WithHTTPClient(hc), api.WithoutPacing())
		return func(ctx context.Context, email string) error {
			_, err := c.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleReader})
			return err
		}, err
	}},
	// openai-go at its defaults (two retries).
	{"openai-go", func(hc *http.Client, baseURL string) (func(context.Context, string) error, error) {
		c := openai.NewClient(option.WithBaseURL(baseURL), option.WithAdminAPIKey(apitest.AdminKey), option.WithHTTPClient(hc))
		return func(ctx context.Context, email string) error {
			_, err := c.Admin.Organization.Invites.New(ctx, openai.AdminOrganizationInviteNewParams{Email: email, Role: openai.AdminOrganizationInviteNewParamsRoleReader})
			return err
		}, nil
	}},
}

// paceOutcome is what one run of paceRows creates did.
type paceOutcome struct {
	elapsed         time.Duration
	refused, failed int
}

// runPace sends paceRows creates through c against a fake limited as limit
// says, in a synctest bubble: the fake and the client share its virtual
// clock, so a run of minutes takes milliseconds and its times are exact.
func runPace(t *testing.T, c creator, limit apitest.RateLimit) paceOutcome {
	var out paceOutcome
	synctest.Test(t, func(t *testing.T) {
		h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithRateLimit(limit))
		if err != nil {
			t.Fatal(err)
		}
		create, err := c.new(&http.Client{Transport: h.Transport()}, apitest.InProcessBaseURL)
		if err != nil {
			t.Fatal(err)
		}
		next := make(chan int)
		go func() {
			for i := range paceRows {
				next <- i
			}
			close(next)
		}()
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := time.Now()
		for range paceWorkers {
			wg.Go(func() {
				for i := range next {
					if err := create(context.Background(), fmt.Sprintf("user%d@example.com", i)); err != nil {
						mu.Lock()
						out.failed++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		out.elapsed = time.Since(start)
		out.refused = h.RateLimited()
	})
	return out
}

// paceRounds is how many times TestPaceTable runs each case; it reports the
// median and the worst.
const paceRounds = 5

// TestPaceTable runs paceRows creates, paceWorkers at a time, into each
// form of the service's limit of 7 creates a minute, through each client,
// in virtual time, and prints (with -v) the table of BENCHMARKS.md: the
// wall time over the ideal, the requests refused (answered 429) and the
// creates failed, per run. The figures are not seconds of this machine but
// of the service, so they are the same on any machine; `make bench` prints
// the table, and the tests of package api and cmd/invites hold package api
// and the CLI to their targets on every `make ci`.
func TestPaceTable(t *testing.T) {
	t.Parallel()
	rounds := paceRounds
	if testing.Short() {
		rounds = 1
	}
	var rows []string
	for _, l := range pacetarget.Cases {
		limit := l.Limit
		ideal := limit.MinTime(paceRows)
		for _, c := range creators {
			var ratios []float64
			var refused, failed []int
			for range rounds {
				o := runPace(t, c, limit)
				ratios = append(ratios, float64(o.elapsed)/float64(ideal))
				refused = append(refused, o.refused)
				failed = append(failed, o.failed)
			}
			slices.Sort(ratios)
			slices.Sort(refused)
			slices.Sort(failed)
			m := len(ratios) / 2
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | %.3f× (worst %.3f×) | %d (worst %d) | %d (worst %d) |",
				l.Name, c.name, ideal.Round(time.Millisecond), ratios[m], ratios[len(ratios)-1], refused[m], refused[len(refused)-1], failed[m], failed[len(failed)-1]))
		}
	}
	t.Logf("pacing, %d creates, %d at a time, 7 a minute, median of %d runs in virtual time:\n"+
		"| limit | client | ideal | wall time / ideal | refused | failed |\n| --- | --- | --- | --- | --- | --- |\n%s",
		paceRows, paceWorkers, rounds, strings.Join(rows, "\n"))
}
