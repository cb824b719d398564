package apitest

import (
	"sync"
	"time"
)

// ManualClock is a clock that moves only when told to, for tests that step
// through time instead of waiting for it: pass its Now method to WithClock,
// and a test runs "7 requests per minute" (see RateLimit), or an invite's
// expiry, in no time at all:
//
//	clock := apitest.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
//	srv := apitest.NewServer(apitest.WithClock(clock.Now), apitest.WithRateLimit(limit))
//	// ... 7 creates are served, the 8th is refused ...
//	clock.Advance(time.Minute)
//	// ... and the next 7 are served.
//
// It is safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a clock that reads start until it is moved.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start}
}

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (back, for a negative d) and returns
// the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
