package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// Rate limiting in bulk commands. The SDK retries a 429 itself
// (--max-retries); when it gives up, the pool pauses every worker and tries
// the item again, up to rateLimitAttempts times in all.
const (
	defaultRateLimitWait = time.Second // doubled for each further 429 of an item
	maxRateLimitWait     = time.Minute // cap on any one pause, the server's hint included
	rateLimitAttempts    = 6
	maxConcurrency       = 32
)

// pool runs the items of a bulk command on a bounded number of goroutines.
type pool struct {
	workers   int
	firstWait time.Duration
	// hardStop ends at a hard stop: the requests in flight are abandoned.
	hardStop context.Context
	// paused, if set, is told each time the workers pause for a rate limit.
	paused func(wait time.Duration)
	// stopping, if set, is told when ctx ends while items are under way.
	stopping func()

	mu       sync.Mutex
	resumeAt time.Time
}

// run calls work for the items 0..n-1, at most p.workers at a time, and done,
// never concurrently, with each item's final error.
//
// When ctx ends (Ctrl-C), no further item starts and no pause goes on, but the
// requests already sent finish under p.hardStop: done hears of every request
// that reached the API, so that the results say what happened to it. When
// p.hardStop ends too, the requests in flight are abandoned, and the items
// whose request failed then are not finished: their outcome is unknown.
// Items that never started are not passed to done. run returns once every
// started item has finished or been abandoned.
func (p *pool) run(ctx context.Context, n int, work func(ctx context.Context, i int) error, done func(i int, err error)) {
	reqCtx := p.hardStop
	var (
		next   atomic.Int64
		doneMu sync.Mutex
		wg     sync.WaitGroup
	)
	next.Store(-1)
	if p.stopping != nil {
		defer context.AfterFunc(ctx, p.stopping)()
	}
	for range min(max(p.workers, 1), n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1))
				if i >= n {
					return
				}
				for attempt := 0; ; attempt++ {
					if p.waitForResume(ctx) != nil {
						return // interrupted before the item was sent again
					}
					err := work(reqCtx, i)
					if err != nil && reqCtx.Err() != nil {
						return // abandoned at a hard stop: the outcome is unknown
					}
					if wait, limited := rateLimitWait(err, attempt, p.firstWait); limited && attempt+1 < rateLimitAttempts {
						if ctx.Err() != nil {
							return // interrupted while rate-limited: the item is not finished
						}
						p.pause(wait)
						continue
					}
					doneMu.Lock()
					done(i, err)
					doneMu.Unlock()
					break
				}
			}
		})
	}
	wg.Wait()
}

// rateLimitWait reports whether err is a 429 and, if so, how long to pause:
// the server's hint, or a backoff doubling from first, capped either way.
func rateLimitWait(err error, attempt int, first time.Duration) (time.Duration, bool) {
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || !errors.Is(apiErr, api.ErrRateLimited) {
		return 0, false
	}
	wait := apiErr.RetryAfter
	if wait <= 0 {
		wait = first << attempt
	}
	return min(wait, maxRateLimitWait), true
}

// pause holds every worker back for wait, from now.
func (p *pool) pause(wait time.Duration) {
	p.mu.Lock()
	until := time.Now().Add(wait)
	extended := until.After(p.resumeAt)
	if extended {
		p.resumeAt = until
	}
	p.mu.Unlock()
	if extended && p.paused != nil {
		p.paused(wait)
	}
}

// waitForResume waits until the workers may send again, or ctx ends.
func (p *pool) waitForResume(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.resumeAt)
		p.mu.Unlock()
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

// checkConcurrency validates a --concurrency value.
func checkConcurrency(n int) error {
	if n < 1 || n > maxConcurrency {
		return usageErrorf("--concurrency must be between 1 and %d, got %d", maxConcurrency, n)
	}
	return nil
}

// progress keeps a one-line count of finished items on a terminal's stderr.
// It is safe for concurrent use.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	enabled bool
	label   string
	total   int

	done    int
	counts  map[string]int
	last    time.Time
	showing bool
	// now is the clock of the rate and the time left; start is when the
	// first item started.
	now   func() time.Time
	start time.Time
}

func newProgress(w io.Writer, enabled bool, label string, total int) *progress {
	return &progress{w: w, enabled: enabled, label: label, total: total, counts: map[string]int{}, now: time.Now, start: time.Now()}
}

// add counts one finished item and redraws the line, at most ten times a
// second and always for the last item.
func (p *progress) add(result string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.counts[result]++
	now := p.now()
	if !p.enabled || (p.done < p.total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last = now
	keys := make([]string, 0, len(p.counts))
	for k := range p.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", p.counts[k], k)
	}
	fmt.Fprintf(p.w, "\r%s: %d/%d (%s)%s\x1b[K", p.label, p.done, p.total, strings.Join(parts, ", "), p.pace(now))
	p.showing = true
}

// pace writes the rate since the start and the time left at that rate, such
// as ", 12.5/s, 1m20s left"; "" before any time has passed.
func (p *progress) pace(now time.Time) string {
	elapsed := now.Sub(p.start)
	if elapsed <= 0 {
		return ""
	}
	rate := float64(p.done) / elapsed.Seconds()
	left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
	return fmt.Sprintf(", %.1f/s, %s left", rate, shortDuration(left.Round(time.Second)))
}

// note prints a line of its own, keeping the progress line below it.
func (p *progress) note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintln(p.w, msg)
}

// clear removes the progress line.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *progress) clearLocked() {
	if p.showing {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.showing = false
	}
}
