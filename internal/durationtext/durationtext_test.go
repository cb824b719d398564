package durationtext_test

import (
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/durationtext"
)

func TestShort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{1500 * time.Millisecond, "1.5s"},
		{time.Minute, "1m"},
		{90 * time.Second, "1m30s"},
		{time.Hour, "1h"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + time.Second, "1h0m1s"},
		{720 * time.Hour, "720h"},
		{-time.Minute, "-1m"},
		{10 * time.Millisecond, "10ms"},
	}
	for _, tt := range tests {
		got := durationtext.Short(tt.d)
		if got != tt.want {
			t.Errorf("Short(%d) = %q, want %q", tt.d, got, tt.want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != tt.d {
			t.Errorf("time.ParseDuration(%q) = %v, %v, want %v", got, back, err, tt.d)
		}
	}
}
