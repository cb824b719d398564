package apitest

import (
	"testing"
	"time"
)

// TestRateLimitClockMovedBack: a clock set back never makes a window or a
// bucket last longer than its period.
func TestRateLimitClockMovedBack(t *testing.T) {
	t.Parallel()
	for _, kind := range []LimitKind{LimitWindow, LimitBucket} {
		var rl rateLimits
		if err := rl.set(RateLimit{Requests: 2, Per: time.Minute, Kind: kind}); err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		rl.admit("GET /organization/invites", t0)
		rl.admit("GET /organization/invites", t0)
		v, _ := rl.admit("GET /organization/invites", t0.Add(-time.Hour))
		if !v.refused || v.reset != time.Minute || v.wait <= 0 || v.wait > time.Minute {
			t.Errorf("%s, an hour back: %+v, want refused, reset 1m and a wait of at most 1m", kind, v)
		}
	}
}
