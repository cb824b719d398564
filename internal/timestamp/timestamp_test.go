package timestamp_test

import (
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/timestamp"
)

// TestTimeIsUTC checks that Time reads whole Unix seconds as a time.Time in
// UTC, before 1970 included.
func TestTimeIsUTC(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   timestamp.UnixTime
		want time.Time
	}{
		{1711471533, time.Date(2024, 3, 26, 16, 45, 33, 0, time.UTC)},
		{0, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
		{-1, time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)},
	} {
		got := tt.in.Time()
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("UnixTime(%d).Time() = %v, want %v", tt.in, got, tt.want)
		}
	}
}
