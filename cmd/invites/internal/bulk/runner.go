package bulk

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
)

// Limits of concurrency.
const (
	MaxConcurrency = 32
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
	// Limited means an item met a rate limit that did not lift in the time
	// the client waits for one: no item started after it.
	Limited
)

// Class is what an item's error means for the rest of the run.
type Class int

const (
	// Ordinary errors concern their item alone.
	Ordinary Class = iota
	// Fatal errors are ones every further item would meet too (the key
	// refused, or not allowed to do the work): the run stops.
	Fatal
	// RateLimited errors say that the service refused the item for a rate
	// limit for as long as the client waits for one: every further item
	// would wait as long, so the run stops.
	RateLimited
)

// Runner runs the items of a bulk command on a bounded number of
// goroutines. It knows no API: Classify says what an error means.
type Runner struct {
	Workers int
	// HardStop ends at a hard stop: the requests in flight are abandoned.
	// nil means never.
	HardStop context.Context
	// Classify, if set, says what an item's error means for the run; nil
	// means every error is Ordinary.
	Classify func(err error) Class
	// Withdraw says that the items' requests go out through Dispatch, so
	// that a stop withdraws an item none of whose requests may have taken
	// effect, such as one waiting for a rate limit: its send's ctx ends and
	// its outcome is NotSent.
	Withdraw bool
	// Progress, if set, counts each finished item.
	Progress *Progress
	// OnStopping, if set, is told when a soft stop ends ctx while items are
	// under way (not at a hard stop, which waits for nothing).
	OnStopping func()
	// OnAbort, if set, is told of the failure that stops the run, Fatal or
	// RateLimited.
	OnAbort func(err error)

	gate gate
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

// Limit lets at most n items be under way from now on, fewer than Workers
// while the service limits the rate (see Pace.InFlight); n <= 0 restores
// Workers. It may be called at any time, from any goroutine, before Run too.
func (r *Runner) Limit(n int) { r.gate.setLimit(n) }

// Run calls send for the items 0..n-1, at most r.Workers at a time (fewer
// while Limit says so), and settle, never concurrently, with each item's
// final error: settle returns the item's outcome.
//
// When ctx ends (Ctrl-C), no further item starts, but the requests already
// sent finish under r.HardStop: settle hears of every request that reached
// the API. With r.Withdraw, an item none of whose requests may have taken
// effect (it was waiting for a rate limit) is withdrawn instead: NotSent.
// When r.HardStop ends too, the requests in flight are abandoned: their
// outcome is Unknown. An item that fails with an error every other item
// would meet too (r.Classify says Fatal or RateLimited) stops the run as
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
		stopped atomic.Int64 // Aborted or Limited, once an item stopped the run
		mu      sync.Mutex
		wg      sync.WaitGroup
	)
	next.Store(-1)
	if r.OnStopping != nil {
		stop := context.AfterFunc(ctx, func() {
			// A hard stop alone (SIGTERM) lets nothing finish: only a
			// soft stop has requests in flight to wait for.
			if stopped.Load() == 0 && hardStop.Err() == nil {
				r.OnStopping()
			}
		})
		defer stop()
	}
	r.gate.start(max(r.Workers, 1))
	for range min(max(r.Workers, 1), n) {
		wg.Go(func() {
			for {
				if r.gate.acquire(ctx) != nil {
					return
				}
				i := int(next.Add(1))
				if i >= n {
					r.gate.release()
					return
				}
				outcome, err, settled := r.runItem(ctx, hardStop, i, send)
				r.gate.release()
				if !settled {
					outcomes[i] = outcome
					continue // withdrawn or abandoned: ctx has ended
				}
				mu.Lock()
				outcomes[i] = settle(i, err)
				if r.Progress != nil {
					r.Progress.Add(outcomes[i])
				}
				if stop := r.stopFor(err); stop != NotStopped && stopped.CompareAndSwap(0, int64(stop)) {
					if r.OnAbort != nil {
						r.OnAbort(err)
					}
					abort()
				}
				mu.Unlock()
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
			case stopped.Load() != 0:
				run.Stop = Stop(stopped.Load())
			case hardStop.Err() != nil:
				run.Stop = HardStop
			default:
				run.Stop = SoftStop
			}
		}
	}
	return run
}

// runItem sends item i. It reports settled false, with the outcome, when
// the item was withdrawn (NotSent) or abandoned at a hard stop (Unknown);
// settle then never hears of it.
func (r *Runner) runItem(ctx, hardStop context.Context, i int, send func(ctx context.Context, i int) error) (Outcome, error, bool) {
	if !r.Withdraw {
		err := send(hardStop, i)
		if err != nil && hardStop.Err() != nil {
			return Unknown, err, false
		}
		return "", err, true
	}
	it := newItem(hardStop)
	defer it.cancel()
	stop := context.AfterFunc(ctx, it.withdraw)
	err := send(it.ctx, i)
	stop()
	switch {
	case it.isWithdrawn():
		return NotSent, err, false
	case err != nil && hardStop.Err() != nil:
		return Unknown, err, false
	}
	return "", err, true
}

// stopFor says how an item's error stops the run: NotStopped for an
// ordinary one.
func (r *Runner) stopFor(err error) Stop {
	if err == nil || r.Classify == nil {
		return NotStopped
	}
	switch r.Classify(err) {
	case Fatal:
		return Aborted
	case RateLimited:
		return Limited
	}
	return NotStopped
}

// gate bounds how many items are under way: Workers, or fewer while Limit
// says so.
type gate struct {
	mu      sync.Mutex
	workers int
	limit   int // 0: workers
	active  int
	changed chan struct{} // closed and replaced at each change
}

// start sets the number of workers, keeping a limit set before.
func (g *gate) start(workers int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.workers = workers
	g.notifyLocked()
}

func (g *gate) setLimit(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limit = max(n, 0)
	g.notifyLocked()
}

// acquire waits for a place, or for ctx to end.
func (g *gate) acquire(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		g.mu.Lock()
		capacity := g.workers
		if g.limit > 0 {
			capacity = min(capacity, g.limit)
		}
		if g.active < capacity {
			g.active++
			g.mu.Unlock()
			return nil
		}
		if g.changed == nil {
			g.changed = make(chan struct{})
		}
		changed := g.changed
		g.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	g.notifyLocked()
}

func (g *gate) notifyLocked() {
	if g.changed != nil {
		close(g.changed)
		g.changed = nil
	}
}
