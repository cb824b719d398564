package bulk

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestProgressPace checks the progress line's rate and time left with a
// clock that the test moves.
func TestProgressPace(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := start
	p := NewProgress(&b, true, nil, "importing team.csv", 100)
	p.SetClock(func() time.Time { return now }, start)
	now = start.Add(2 * time.Second)
	for range 10 {
		p.Add(Created)
	}
	now = start.Add(5 * time.Second)
	p.Add(Failed)
	difftest.Check(t, "progress", b.String(), "\rimporting team.csv: 1/100 (1 created), 0.5/s, 3m18s left\x1b[K"+
		"\rimporting team.csv: 11/100 (10 created, 1 failed), 2.2/s, 40s left\x1b[K")
}

// TestProgressFitsTheWidth draws the line on a terminal that narrows
// between two redraws: each line is shorter than the width then, so that it
// never wraps, and ends with an ellipsis where it was cut.
func TestProgressFitsTheWidth(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	width := 60
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := start
	p := NewProgress(&b, true, func() int { return width }, "importing /a/rather/long/path/to/the/team.csv", 2)
	p.SetClock(func() time.Time { return now }, start)
	now = start.Add(time.Second)
	p.Add(Created)
	width = 30
	now = start.Add(2 * time.Second)
	p.Add(Failed)
	p.Clear()
	difftest.Check(t, "progress", b.String(),
		"\rimporting /a/rather/long/path/to/the/team.csv: 1/2 (1 crea…\x1b[K"+
			"\rimporting /a/rather/long/pat…\x1b[K"+
			"\r\x1b[K")
	for _, line := range strings.Split(b.String(), "\r") {
		if n := utf8.RuneCountInString(strings.TrimSuffix(line, "\x1b[K")); n > 59 {
			t.Errorf("a line of %d: %q", n, line)
		}
	}
}
