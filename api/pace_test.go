package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/pacetarget"
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

// pacedSetup is how runPaced runs its creates.
type pacedSetup struct {
	rows, workers int
	opts          []api.Option
	// wrap, if not nil, wraps the fake's transport (to spoil its hints).
	wrap func(http.RoundTripper) http.RoundTripper
	// ctx, if not nil, makes each call's context.
	ctx func() (context.Context, context.CancelFunc)
}

// runPaced sends rows creates, workers at a time, through one client of a
// fake limited as limit says, in a synctest bubble, and returns what
// happened. The fake runs on the bubble's clock, as the client does.
func runPaced(t *testing.T, limit apitest.RateLimit, rows, workers int, opts ...api.Option) pacedRun {
	t.Helper()
	return runPacedWith(t, limit, pacedSetup{rows: rows, workers: workers, opts: opts})
}

// runPacedWith is runPaced with every setting.
func runPacedWith(t *testing.T, limit apitest.RateLimit, set pacedSetup) pacedRun {
	t.Helper()
	var run pacedRun
	synctest.Test(t, func(t *testing.T) {
		h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithRateLimit(limit))
		if err != nil {
			t.Fatal(err)
		}
		transport := h.Transport()
		if set.wrap != nil {
			transport = set.wrap(transport)
		}
		var mu sync.Mutex
		client, err := api.NewClient(append([]api.Option{
			api.WithAdminKey(apitest.AdminKey),
			api.WithBaseURL(apitest.InProcessBaseURL),
			api.WithHTTPClient(&http.Client{Transport: transport}),
			api.WithPaceHook(func(pc api.PaceChange) {
				mu.Lock()
				run.changes = append(run.changes, pc)
				mu.Unlock()
			}),
		}, set.opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		next := make(chan int)
		go func() {
			for i := range set.rows {
				next <- i
			}
			close(next)
		}()
		start := time.Now()
		var wg sync.WaitGroup
		for range set.workers {
			wg.Go(func() {
				for i := range next {
					ctx, cancel := context.Background(), context.CancelFunc(func() {})
					if set.ctx != nil {
						ctx, cancel = set.ctx()
					}
					var resp api.Response
					_, err := client.CreateInvite(ctx, api.InviteRequest{Email: fmt.Sprintf("user%d@example.com", i), Role: api.RoleReader}, api.WithResponseInto(&resp))
					cancel()
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

// TestPaceKeepsToTheServicePace runs 50 creates, from 1 and 4 goroutines
// sharing one client, into each form of the service's limit: none fails
// (waiting for the limit uses up no retry: MaxRetries is 0), and the run
// takes at most its bound over the ideal, with few requests refused.
func TestPaceKeepsToTheServicePace(t *testing.T) {
	t.Parallel()
	const rows = pacetarget.Rows
	for _, tt := range pacetarget.Cases {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s, %d workers", tt.Name, workers), func(t *testing.T) {
				t.Parallel()
				limit := tt.Limit
				run := runPaced(t, limit, rows, workers, api.WithMaxRetries(0))
				if len(run.failed) > 0 {
					t.Fatalf("%d creates failed, the first: %v", len(run.failed), run.failed[0])
				}
				ideal := limit.MinTime(rows)
				if ratio := float64(run.elapsed) / float64(ideal); ratio > tt.MaxRatio {
					t.Errorf("took %s, %.3f× the ideal %s, want at most %.2f×", run.elapsed, ratio, ideal, tt.MaxRatio)
				}
				if run.refused > tt.MaxRefused {
					t.Errorf("%d requests refused, want at most %d", run.refused, tt.MaxRefused)
				}
				// Each change is reported once, never once per request.
				if len(run.changes) == 0 || len(run.changes) > 12 {
					t.Errorf("%d changes of pace for %d creates:\n%v", len(run.changes), rows, run.changes)
				}
			})
		}
	}
}

// TestPaceFromTheHeadersBeforeAny429 checks that x-ratelimit-remaining-
// requests and -reset-requests are kept to before the limit refuses
// anything: one goroutine never meets a 429.
func TestPaceFromTheHeadersBeforeAny429(t *testing.T) {
	t.Parallel()
	limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute, Hints: apitest.HintsHeaders}
	run := runPaced(t, limit, 30, 1)
	if run.refused != 0 || len(run.failed) != 0 {
		t.Fatalf("%d refused, %d failed, want none", run.refused, len(run.failed))
	}
	if want := limit.MinTime(30); run.elapsed != want {
		t.Errorf("took %s, want the ideal %s", run.elapsed, want)
	}
	if len(run.changes) == 0 || run.changes[0].Source != api.PaceHeaders {
		t.Errorf("changes %v, want the first from %s", run.changes, api.PaceHeaders)
	}
}

// TestPaceDeclared keeps to a budget declared with WithRateLimit: no
// request is refused, and the run takes the ideal time.
func TestPaceDeclared(t *testing.T) {
	t.Parallel()
	limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute}
	run := runPaced(t, limit, 30, 4, api.WithRateLimit(7, time.Minute))
	if run.refused != 0 || len(run.failed) != 0 {
		t.Fatalf("%d refused, %d failed, want none", run.refused, len(run.failed))
	}
	if want := limit.MinTime(30); run.elapsed != want {
		t.Errorf("took %s, want the ideal %s", run.elapsed, want)
	}
}

// slowFirst delays the first request on its way to the fake by 100ms, and
// no other: a network whose delay varies.
func slowFirst(next http.RoundTripper) http.RoundTripper {
	var once sync.Once
	return roundTrip(func(r *http.Request) (*http.Response, error) {
		once.Do(func() { time.Sleep(100 * time.Millisecond) })
		return next.RoundTrip(r)
	})
}

// TestPaceDeclaredOnAJitteryNetwork keeps to a declared budget that the
// service's window matches exactly, when the first request took longer to
// arrive than the later ones: the window, opened by its arrival, ends later
// than a minute after it was sent, and the pace counts from its answer, so
// the eighth request does not arrive early.
func TestPaceDeclaredOnAJitteryNetwork(t *testing.T) {
	t.Parallel()
	limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute}
	run := runPacedWith(t, limit, pacedSetup{rows: 15, workers: 1, wrap: slowFirst, opts: []api.Option{api.WithRateLimit(7, time.Minute), api.WithMaxRetries(0)}})
	if run.refused != 0 || len(run.failed) != 0 {
		t.Fatalf("%d refused, %d failed, want none", run.refused, len(run.failed))
	}
}

// wrongHints rewrites every 429's Retry-After to one second, however long
// the limit really holds: a hint that proves wrong.
func wrongHints(next http.RoundTripper) http.RoundTripper {
	return roundTrip(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			resp.Header.Set("Retry-After", "1")
			resp.Header.Del("Retry-After-Ms")
		}
		return resp, err
	})
}

// TestPaceDistrustsAWrongHint checks that a Retry-After that proves wrong
// (the request sent after it is refused again) is not trusted blindly: the
// waits grow, so that a hint of 1s on a limit of a minute costs a few
// refusals a window, not 60.
func TestPaceDistrustsAWrongHint(t *testing.T) {
	t.Parallel()
	limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute, Hints: apitest.HintsRetryAfter}
	run := runPacedWith(t, limit, pacedSetup{rows: 30, workers: 4, wrap: wrongHints})
	if len(run.failed) != 0 {
		t.Fatalf("%d creates failed, the first: %v", len(run.failed), run.failed[0])
	}
	if run.refused > 20 {
		t.Errorf("%d requests refused for 30 creates, want the waits to grow past the wrong hint", run.refused)
	}
	if ideal := limit.MinTime(30); run.elapsed > 2*ideal {
		t.Errorf("took %s, want at most twice the ideal %s", run.elapsed, ideal)
	}
}

// neverLifts is a limit that refuses every create after the first.
var neverLifts = apitest.RateLimit{Endpoint: createEndpoint, Requests: 1, Per: 24 * time.Hour}

// TestPaceWaitEndsAtMaxRateWait checks the longest wait of a call: a
// limit that never lifts ends the call after WithMaxRateWait with an
// *Error matching ErrRateLimited that says how long it waited, and the
// wait is in Response.RateWait.
func TestPaceWaitEndsAtMaxRateWait(t *testing.T) {
	t.Parallel()
	for _, hints := range []apitest.LimitHints{apitest.HintsNone, apitest.HintsRetryAfter} {
		limit := neverLifts
		limit.Hints = hints
		run := runPaced(t, limit, 2, 1, api.WithMaxRateWait(3*time.Minute))
		if len(run.failed) != 1 {
			t.Fatalf("%s: %d creates failed, want the second", hints, len(run.failed))
		}
		var e *api.Error
		if err := run.failed[0]; !errors.As(err, &e) || !errors.Is(err, api.ErrRateLimited) || e.StatusCode != http.StatusTooManyRequests ||
			!strings.Contains(err.Error(), "waited ") || !strings.Contains(err.Error(), "for the rate limit of POST /organization/invites") {
			t.Errorf("%s: %v, want an *api.Error matching ErrRateLimited that says how long it waited", hints, err)
		}
		// Without a hint the call waits, probing, until the bound; with one
		// (a day) it sees at once that the wait would pass the bound.
		if w := run.waits[1]; w > 3*time.Minute || (w == 0) != (hints == apitest.HintsRetryAfter) {
			t.Errorf("%s: RateWait %s, want up to 3m, and 0 only with the hint", hints, w)
		}
		// It gives up before it would wait past the bound, not after.
		if run.elapsed > 3*time.Minute {
			t.Errorf("%s: the call ended after %s, past the longest wait", hints, run.elapsed)
		}
	}
}

// TestPaceWaitEndsWithTheContext checks that a wait for the limit ends
// with the call's context: before a pause that would pass its deadline,
// with an error matching both ErrRateLimited and context.DeadlineExceeded.
func TestPaceWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 1, Per: 5 * time.Minute, Hints: apitest.HintsRetryAfter}
	run := runPacedWith(t, limit, pacedSetup{rows: 2, workers: 1, ctx: func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), 30*time.Second)
	}})
	if len(run.failed) != 1 {
		t.Fatalf("%d creates failed, want the second", len(run.failed))
	}
	if err := run.failed[0]; !errors.Is(err, api.ErrRateLimited) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v, want ErrRateLimited and DeadlineExceeded", err)
	}
	if run.elapsed >= 30*time.Second {
		t.Errorf("the call ended after %s: it waited for the deadline instead of seeing the pause would pass it", run.elapsed)
	}
}

// TestPaceOff checks WithoutPacing: a 429 is an error at once when no
// retry is left, as before pacing.
func TestPaceOff(t *testing.T) {
	t.Parallel()
	run := runPaced(t, neverLifts, 2, 1, api.WithoutPacing(), api.WithMaxRetries(0))
	if len(run.failed) != 1 || !errors.Is(run.failed[0], api.ErrRateLimited) {
		t.Fatalf("failed %v, want the second create refused", run.failed)
	}
	if run.elapsed != 0 || run.refused != 1 || len(run.changes) != 0 {
		t.Errorf("took %s, %d refused, %d changes; want no wait, 1 refusal and no pace", run.elapsed, run.refused, len(run.changes))
	}
}

// TestPaceIsLoggedOncePerChange checks that each change of pace is logged
// once, at info level, through WithLogger, with what the hook was told.
func TestPaceIsLoggedOncePerChange(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute, Hints: apitest.HintsRetryAfter}
	run := runPaced(t, limit, 30, 4, api.WithLogger(logger))
	var logged []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if strings.Contains(line, "invites: pace") {
			logged = append(logged, line)
		}
	}
	if len(logged) != len(run.changes) || len(logged) == 0 {
		t.Fatalf("%d lines logged for %d changes:\n%s", len(logged), len(run.changes), buf.String())
	}
	for i, pc := range run.changes {
		if !strings.Contains(logged[i], strconv.Quote("invites: pace "+pc.String())) || !strings.Contains(logged[i], "level=INFO") {
			t.Errorf("line %d %q, want %q at info", i, logged[i], pc)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
