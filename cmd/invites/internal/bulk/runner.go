package bulk

import (
	"context"
	"errors"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// Limits of rate limiting and concurrency. The SDK retries a 429 itself
// (--max-retries); when it gives up, the runner pauses every worker and
// tries the item again, up to RateLimitAttempts times in all.
const (
	DefaultRateLimitWait = time.Second // doubled for each further 429 of an item
	MaxRateLimitWait     = time.Minute // cap on any one pause, the server's hint included
	RateLimitAttempts    = 6
	MaxConcurrency       = 32
	// DefaultConcurrency is the --concurrency of every bulk command.
	DefaultConcurrency = 4
)

// Stop says why a run ended before every item was done.
type Stop int

const (
	// NotStopped means every item was done.
	NotStopped Stop = iota
	// SoftStop means ctx ended (the first Ctrl-C): no item started after it, and
	// the requests in flight finished.
	SoftStop
	// HardStop means the hard stop ended too (a second Ctrl-C, SIGTERM): the
	// requests in flight were abandoned.
	HardStop
	// Aborted means an item failed in a way that every further item would too
	// (the key was refused): no item started after it.
	Aborted
)

// Runner runs the items of a bulk command on a bounded number of
// goroutines.
type Runner struct {
	Workers   int
	FirstWait time.Duration
	// HardStop ends at a hard stop: the requests in flight are abandoned.
	// nil means never.
	HardStop context.Context
	// Progress, if set, counts each finished item.
	Progress *Progress
	// OnPause, if set, is told each time the workers pause for a rate limit.
	OnPause func(wait time.Duration)
	// OnStopping, if set, is told when a soft stop ends ctx while items are
	// under way (not at a hard stop, which waits for nothing).
	OnStopping func()
	// OnAbort, if set, is told of the failure that stops the run.
	OnAbort func(err error)

	mu       sync.Mutex
	resumeAt time.Time
}

// Run is what a run did: the outcome of every item, and why it stopped.
type Run struct {
	Outcomes []Outcome
	Stop     Stop
}

// Unfinished yields the index and outcome of each item whose outcome the
// run stopped before knowing (Unknown or NotSent), for a command to record
// in its results.
func (r Run) Unfinished() iter.Seq2[int, Outcome] {
	return func(yield func(int, Outcome) bool) {
		for i, o := range r.Outcomes {
			if o.Unfinished() && !yield(i, o) {
				return
			}
		}
	}
}

// Run calls send for the items 0..n-1, at most r.Workers at a time, and
// settle, never concurrently, with each item's final error: settle returns
// the item's outcome.
//
// When ctx ends (Ctrl-C), no further item starts and no pause goes on, but
// the requests already sent finish under r.HardStop: settle hears of every
// request that reached the API. When r.HardStop ends too, the requests in
// flight are abandoned: their outcome is Unknown. An item stopped while it
// waited out a rate limit is Unknown too, since an earlier attempt may have
// taken effect. An item that fails with an error every other item would meet
// too (the key refused, or not allowed to manage invites) stops the run as
// Ctrl-C does. Items that never started are NotSent. Run returns once every
// started item has finished or been abandoned.
func (r *Runner) Run(ctx context.Context, n int, send func(ctx context.Context, i int) error, settle func(i int, err error) Outcome) Run {
	hardStop := r.HardStop
	if hardStop == nil {
		hardStop = context.WithoutCancel(ctx)
	}
	ctx, abort := context.WithCancel(ctx)
	defer abort()
	outcomes := make([]Outcome, n)
	var (
		next    atomic.Int64
		aborted atomic.Bool
		mu      sync.Mutex
		wg      sync.WaitGroup
	)
	next.Store(-1)
	if r.OnStopping != nil {
		stop := context.AfterFunc(ctx, func() {
			// A hard stop alone (SIGTERM) lets nothing finish: only a
			// soft stop has requests in flight to wait for.
			if !aborted.Load() && hardStop.Err() == nil {
				r.OnStopping()
			}
		})
		defer stop()
	}
	for range min(max(r.Workers, 1), n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1))
				if i >= n {
					return
				}
				outcomes[i] = Unknown
				for attempt := 0; ; attempt++ {
					if r.waitForResume(ctx) != nil {
						if attempt == 0 {
							outcomes[i] = "" // never sent
						}
						return
					}
					err := send(hardStop, i)
					if err != nil && hardStop.Err() != nil {
						return // abandoned at a hard stop: the outcome is unknown
					}
					if wait, limited := RateLimitWait(err, attempt, r.FirstWait); limited && attempt+1 < RateLimitAttempts {
						if ctx.Err() != nil {
							return // stopped while rate-limited: the outcome is unknown
						}
						r.pause(wait)
						continue
					}
					mu.Lock()
					outcomes[i] = settle(i, err)
					if r.Progress != nil {
						r.Progress.Add(outcomes[i])
					}
					if fatal(err) && aborted.CompareAndSwap(false, true) {
						if r.OnAbort != nil {
							r.OnAbort(err)
						}
						abort()
					}
					mu.Unlock()
					break
				}
			}
		})
	}
	wg.Wait()
	if r.Progress != nil {
		r.Progress.Clear()
	}
	run := Run{Outcomes: outcomes}
	for i, o := range outcomes {
		if o == "" {
			outcomes[i] = NotSent
		}
		if outcomes[i].Unfinished() && run.Stop == NotStopped {
			switch {
			case aborted.Load():
				run.Stop = Aborted
			case hardStop.Err() != nil:
				run.Stop = HardStop
			default:
				run.Stop = SoftStop
			}
		}
	}
	return run
}

// fatal reports whether err is one that every further request would meet
// too: the key refused, or not allowed to manage invites.
func fatal(err error) bool {
	return errors.Is(err, api.ErrUnauthorized) || errors.Is(err, api.ErrPermissionDenied)
}

// RateLimitWait reports whether err is a 429 and, if so, how long to pause:
// the server's hint, or a backoff doubling from first, capped either way.
func RateLimitWait(err error, attempt int, first time.Duration) (time.Duration, bool) {
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || !errors.Is(apiErr, api.ErrRateLimited) {
		return 0, false
	}
	wait := apiErr.RetryAfter
	if wait <= 0 {
		wait = first << attempt
	}
	return min(wait, MaxRateLimitWait), true
}

// pause holds every worker back for wait, from now.
func (r *Runner) pause(wait time.Duration) {
	r.mu.Lock()
	until := time.Now().Add(wait)
	extended := until.After(r.resumeAt)
	if extended {
		r.resumeAt = until
	}
	r.mu.Unlock()
	if extended && r.OnPause != nil {
		r.OnPause(wait)
	}
}

// waitForResume waits until the workers may send again, or ctx ends.
func (r *Runner) waitForResume(ctx context.Context) error {
	for {
		r.mu.Lock()
		d := time.Until(r.resumeAt)
		r.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
