package api

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffDoublesFromInitialUpToMax(t *testing.T) {
	t.Parallel()
	c := &Client{policy: policy{initialBackoff: DefaultInitialBackoff, maxBackoff: DefaultMaxBackoff}}
	for attempt := range 200 {
		want := DefaultMaxBackoff
		if attempt < 5 {
			want = DefaultInitialBackoff << attempt // 0.5 s, 1 s, 2 s, 4 s, 8 s
		}
		seen := map[time.Duration]bool{}
		for range 50 {
			got := c.backoff(attempt)
			// Jitter shortens a wait by up to a quarter, never lengthens it.
			if got > want || got < want-want/4 {
				t.Fatalf("backoff(%d) = %s, want %s less at most a quarter", attempt, got, want)
			}
			seen[got] = true
		}
		// Without jitter, clients that failed together retry together.
		if len(seen) < 10 {
			t.Fatalf("backoff(%d) took %d values in 50 tries: no jitter", attempt, len(seen))
		}
	}
}

func TestRetryAfterHint(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		ms, s string
		want  time.Duration
	}{
		{"", "", 0},
		{"250", "", 250 * time.Millisecond},
		{" 250 ", "", 250 * time.Millisecond},
		{"250", "7", 250 * time.Millisecond},
		{"0", "7", 7 * time.Second},
		{"-5", "7", 7 * time.Second},
		{"NaN", "7", 7 * time.Second},
		{"", "1.5", 1500 * time.Millisecond},
		{"", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"", "soon", 0},
		{"", "1e30", time.Duration(1<<63 - 1)},
		{"Infinity", "", time.Duration(1<<63 - 1)},
		{"1e400", "", time.Duration(1<<63 - 1)},
		{"", "1e400", time.Duration(1<<63 - 1)},
		{"1e-400", "7", 7 * time.Second},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.ms != "" {
			h.Set("retry-after-ms", tt.ms)
		}
		if tt.s != "" {
			h.Set("Retry-After", tt.s)
		}
		if got := retryAfterHint(h, now); got != tt.want {
			t.Errorf("retry-after-ms %q, Retry-After %q: got %s, want %s", tt.ms, tt.s, got, tt.want)
		}
	}
}
