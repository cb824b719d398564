package bulk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// errRefused stands for an error that every item would meet, such as a
// refused key; errLimited for a rate limit that did not lift.
var (
	errRefused = errors.New("refused")
	errLimited = errors.New("rate limited")
)

// classify is the tests' Classify.
func classify(err error) Class {
	switch {
	case errors.Is(err, errRefused):
		return Fatal
	case errors.Is(err, errLimited):
		return RateLimited
	}
	return Ordinary
}

// settleCreated is a settle that calls an item created unless it failed.
func settleCreated(_ int, err error) Outcome {
	if err != nil {
		return Failed
	}
	return Created
}

// TestLimitBoundsTheItemsUnderWay runs items under a limit of one, which
// the second item lifts: the first two run alone, and the next four are
// all under way at once, which they wait for (a limit that stayed would
// keep them waiting until the test times out).
func TestLimitBoundsTheItemsUnderWay(t *testing.T) {
	t.Parallel()
	r := &Runner{Workers: 4}
	r.Limit(1) // before the run, as a declared rate does
	var (
		mu            sync.Mutex
		active, most  int
		together      sync.WaitGroup
		allUnderWay   = make(chan struct{})
		underWayCount atomic.Int32
	)
	together.Add(4)
	go func() { together.Wait(); close(allUnderWay) }()
	run := r.Run(t.Context(), 6, func(ctx context.Context, i int) error {
		mu.Lock()
		active++
		if i < 2 {
			most = max(most, active)
		}
		mu.Unlock()
		defer func() {
			mu.Lock()
			active--
			mu.Unlock()
		}()
		switch {
		case i == 1:
			r.Limit(0)
		case i >= 2:
			underWayCount.Add(1)
			together.Done()
			select {
			case <-allUnderWay:
			case <-time.After(10 * time.Second):
				return fmt.Errorf("item %d: only %d items under way after the limit lifted", i, underWayCount.Load())
			}
		}
		return nil
	}, settleCreated)
	difftest.Check(t, "outcomes", run.Outcomes, slices.Repeat([]Outcome{Created}, 6))
	difftest.Check(t, "most items under way while limited", most, 1)
}

// TestStopWithdrawsWhatTookNoEffect stops a run while each of its three
// items waits, as for a rate limit: one before any request went out, one
// after a request refused for the limit, one after a request that may
// have taken effect. Only the last is let finish; the others are not sent,
// and no request goes out for them after the stop.
func TestStopWithdrawsWhatTookNoEffect(t *testing.T) {
	t.Parallel()
	softStop, stop := context.WithCancel(t.Context())
	defer stop()
	var waiting sync.WaitGroup
	waiting.Add(3)
	go func() { waiting.Wait(); stop() }()
	var lateRequests atomic.Int32
	var settled []int
	r := &Runner{Workers: 3, Withdraw: true}
	run := r.Run(softStop, 3, func(ctx context.Context, i int) error {
		if i > 0 {
			done, err := Dispatch(ctx)
			if err != nil {
				return err
			}
			done(i == 1) // item 1's request was refused for the limit
		}
		waiting.Done()
		if i == 2 {
			<-softStop.Done() // the stop does not end this item's ctx
			return ctx.Err()
		}
		<-ctx.Done() // waiting for the limit, until withdrawn
		if _, err := Dispatch(ctx); err == nil {
			lateRequests.Add(1)
		}
		return ctx.Err()
	}, func(i int, err error) Outcome {
		settled = append(settled, i)
		return settleCreated(i, err)
	})
	difftest.Check(t, "outcomes", run.Outcomes, []Outcome{NotSent, NotSent, Created})
	difftest.Check(t, "items settled", settled, []int{2})
	difftest.Check(t, "stop", run.Stop, SoftStop)
	difftest.Check(t, "requests let out after the stop", lateRequests.Load(), int32(0))
}

// TestWithoutWithdrawAStopWaits checks that a run whose requests do not go
// through Dispatch lets every item under way finish at a soft stop.
func TestWithoutWithdrawAStopWaits(t *testing.T) {
	t.Parallel()
	softStop, stop := context.WithCancel(t.Context())
	defer stop()
	r := &Runner{Workers: 1}
	run := r.Run(softStop, 2, func(ctx context.Context, i int) error {
		stop()
		return ctx.Err()
	}, settleCreated)
	difftest.Check(t, "outcomes", run.Outcomes, []Outcome{Created, NotSent})
}

// TestEveryStopLeavesEveryOutcome runs five items one at a time and stops
// the run while the third is in flight, softly, hard, or by a failure that
// every item would meet: every item has an outcome, the third's depends on
// the stop, and the verdict says work remains.
func TestEveryStopLeavesEveryOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		stop        func(soft, hard context.CancelFunc)
		third       error // the third item's error, once released
		wantThird   Outcome
		wantStop    Stop
		wantVerdict Verdict
	}{
		{"soft stop", func(soft, _ context.CancelFunc) { soft() }, nil, Created, SoftStop, Stopped},
		{"hard stop", func(soft, hard context.CancelFunc) { soft(); hard() }, context.Canceled, Unknown, HardStop, Stopped},
		{"refused key", func(context.CancelFunc, context.CancelFunc) {}, errRefused, Failed, Aborted, Failures},
		{"rate limit that did not lift", func(context.CancelFunc, context.CancelFunc) {}, errLimited, Failed, Limited, Failures},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hardStop, hard := context.WithCancel(t.Context())
			ctx, soft := context.WithCancel(hardStop)
			defer soft()
			held := make(chan struct{})
			var once sync.Once
			r := &Runner{Workers: 1, HardStop: hardStop, Classify: classify}
			run := r.Run(ctx, 5, func(ctx context.Context, i int) error {
				if i != 2 {
					return nil
				}
				once.Do(func() { close(held) })
				tt.stop(soft, hard)
				if errors.Is(tt.third, context.Canceled) {
					<-ctx.Done()
					return ctx.Err()
				}
				return tt.third
			}, func(i int, err error) Outcome {
				if err != nil {
					return Failed
				}
				return Created
			})
			<-held
			difftest.Check(t, "outcomes", run.Outcomes, []Outcome{Created, Created, tt.wantThird, NotSent, NotSent})
			difftest.Check(t, "stop", run.Stop, tt.wantStop)
			rep := NewReport("test", "", false)
			rows := make([]row, len(run.Outcomes))
			for i, o := range run.Outcomes {
				rows[i] = row(o)
			}
			Add(rep, rows)
			difftest.Check(t, "verdict", rep.Verdict(run.Stop, false), tt.wantVerdict)
			remains := slices.IndexFunc(run.Outcomes, Outcome.Remains) >= 0
			if !remains || !rep.Interrupted {
				t.Errorf("remains %t, interrupted %t", remains, rep.Interrupted)
			}
		})
	}
}

// TestVerdict is the one exit rule of the bulk commands.
func TestVerdict(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		outcomes     []Outcome
		stop         Stop
		missingFails bool
		want         Verdict
	}{
		{[]Outcome{Created, Skipped}, NotStopped, false, Done},
		{[]Outcome{Created, Failed}, NotStopped, false, Failures},
		{[]Outcome{Revoked, Missing}, NotStopped, false, Done},
		{[]Outcome{Revoked, Missing}, NotStopped, true, Failures},
		{[]Outcome{Revoked, Unknown}, HardStop, false, Stopped},
		{[]Outcome{Revoked, NotSent}, SoftStop, false, Stopped},
		{[]Outcome{Failed, NotSent}, Aborted, false, Failures},
		{[]Outcome{Failed, NotSent}, Limited, false, Failures},
		{nil, NotStopped, true, Done},
	} {
		rep := NewReport("test", "", false)
		rows := make([]row, len(tt.outcomes))
		for i, o := range tt.outcomes {
			rows[i] = row(o)
		}
		Add(rep, rows)
		difftest.Check(t, fmt.Sprint(tt.outcomes, tt.stop, tt.missingFails), rep.Verdict(tt.stop, tt.missingFails), tt.want)
	}
}

// row is a result row that is its outcome alone.
type row Outcome

func (r row) Values() []any    { return []any{string(r)} }
func (r row) Outcome() Outcome { return Outcome(r) }
