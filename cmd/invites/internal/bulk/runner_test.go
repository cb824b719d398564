package bulk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestPauseHoldsEveryWorker(t *testing.T) {
	t.Parallel()
	r := &Runner{Workers: 2}
	start := time.Now()
	r.pause(50 * time.Millisecond)
	r.pause(time.Millisecond) // a shorter pause does not cut the longer one
	if err := r.waitForResume(t.Context()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("resumed after %s", waited)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r.pause(time.Hour)
	if err := r.waitForResume(ctx); err == nil {
		t.Error("a pause outlived its context")
	}

	hint := &api.Error{StatusCode: http.StatusTooManyRequests, RetryAfter: 3 * time.Second}
	long := &api.Error{StatusCode: http.StatusTooManyRequests, RetryAfter: time.Hour}
	for _, tt := range []struct {
		err     error
		attempt int
		want    time.Duration
		limited bool
	}{
		{hint, 0, 3 * time.Second, true},
		{long, 0, MaxRateLimitWait, true},
		{&api.Error{StatusCode: http.StatusTooManyRequests}, 2, 4 * time.Second, true},
		{&api.Error{StatusCode: http.StatusTooManyRequests}, 10, MaxRateLimitWait, true},
		{&api.Error{StatusCode: http.StatusServiceUnavailable}, 0, 0, false},
		{fmt.Errorf("wrapped: %w", hint), 0, 3 * time.Second, true},
	} {
		type wait struct {
			d       time.Duration
			limited bool
		}
		d, limited := RateLimitWait(tt.err, tt.attempt, time.Second)
		difftest.Check(t, fmt.Sprintf("RateLimitWait(%v, %d)", tt.err, tt.attempt), wait{d, limited}, wait{tt.want, tt.limited})
	}
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
		{"refused key", func(context.CancelFunc, context.CancelFunc) {}, &api.Error{StatusCode: http.StatusUnauthorized}, Failed, Aborted, Failures},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hardStop, hard := context.WithCancel(t.Context())
			ctx, soft := context.WithCancel(hardStop)
			defer soft()
			held := make(chan struct{})
			var once sync.Once
			r := &Runner{Workers: 1, HardStop: hardStop}
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
