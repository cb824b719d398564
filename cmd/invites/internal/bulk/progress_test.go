package bulk

import (
	"fmt"
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
// never wraps. The label gives way first, from its middle, so that the
// counts and the rate stay; only when the label is down to minLabel is the
// line's end cut, with an ellipsis.
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
		"\rimporting /a…/the/team.csv: 1/2 (1 created), 1.0/s, 1s left\x1b[K"+
			"\rimporti…team.csv: 2/2 (1 cre…\x1b[K"+
			"\r\x1b[K")
	for _, line := range strings.Split(b.String(), "\r") {
		if n := utf8.RuneCountInString(strings.TrimSuffix(line, "\x1b[K")); n > 59 {
			t.Errorf("a line of %d: %q", n, line)
		}
	}
}

// TestProgressShowsThePace draws the line on a terminal while a rate limit
// holds the run back: the pace and the time left at it, the pause under
// way, and once, in a line of its own, how long the run will take.
func TestProgressShowsThePace(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := start
	p := NewProgress(&b, true, nil, "importing team.csv", 50)
	p.Prefix = "invites: "
	p.tick = 0 // the test draws; no timer does
	p.SetClock(func() time.Time { return now }, start)
	for range 7 {
		p.Add(Created)
	}
	b.Reset()
	now = start.Add(time.Second)
	p.SetPace(Pace{Requests: 7, Per: time.Minute, Wait: 59 * time.Second, Source: "learned from the API's refusals"})
	now = start.Add(40 * time.Second)
	p.SetPace(Pace{Requests: 7, Per: time.Minute, Wait: 20 * time.Second, Source: "the API's Retry-After"})
	now = start.Add(61 * time.Second)
	p.Add(Created)
	difftest.Check(t, "progress", strings.Split(b.String(), "\r"), []string{
		"",
		"\x1b[Kinvites: importing team.csv: rate limited to 7/min (learned from the API's refusals): 7/50 done, about 6 min left\n",
		"importing team.csv: 7/50 (7 created), 7/min, about 6 min left, waiting 59s for the rate limit\x1b[K",
		"importing team.csv: 7/50 (7 created), 7/min, about 6 min left, waiting 20s for the rate limit\x1b[K",
		"importing team.csv: 8/50 (8 created), 7/min, about 6 min left\x1b[K",
	})
}

// TestProgressOffATerminal writes one line for each change of the pace,
// none for a pause at the same pace, and nothing for the items themselves.
func TestProgressOffATerminal(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := start
	p := NewProgress(&b, false, nil, "revoking", 30)
	p.Prefix = "invites: "
	p.SetClock(func() time.Time { return now }, start)
	p.SetPace(Pace{Wait: 20 * time.Second, Source: "the API's Retry-After"})
	for i := range 20 {
		if i == 7 {
			p.SetPace(Pace{Requests: 7, Per: time.Minute, Wait: 30 * time.Second, Source: "learned from the API's refusals"})
		}
		if i%7 == 0 {
			p.SetPace(Pace{Requests: 7, Per: time.Minute, Wait: 50 * time.Second, Source: "learned from the API's refusals"})
		}
		p.Add(Revoked)
	}
	p.SetPace(Pace{Lifted: true, Source: "lifted"})
	p.SetPace(Pace{Lifted: true, Source: "lifted"})
	p.Clear()
	difftest.Check(t, "lines", strings.Split(b.String(), "\n"), []string{
		"invites: revoking: rate limited (the API's Retry-After): waiting 20s; 0/30 done",
		"invites: revoking: rate limited to 7/min (learned from the API's refusals): 0/30 done, about 4 min left",
		"invites: revoking: the rate limit lifted: 20/30 done",
		"",
	})
}

// TestPaceInFlight checks how many items a pace lets be under way.
func TestPaceInFlight(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pace Pace
		want int
	}{
		{Pace{}, 4},
		{Pace{Lifted: true, Requests: 7, Per: time.Minute}, 4},
		{Pace{Requests: 7, Per: time.Minute}, 1},
		{Pace{Wait: time.Second}, 1},
		{Pace{Requests: 3, Per: time.Second}, 3},
		{Pace{Requests: 100, Per: time.Second}, 4},
	} {
		difftest.Check(t, fmt.Sprintf("%+v", tt.pace), tt.pace.InFlight(4), tt.want)
	}
}

// TestRateFlag parses --rate and refuses what is not a rate, saying what
// one looks like.
func TestRateFlag(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want Rate
		err  string
	}{
		{"7/min", Rate{7, time.Minute}, ""},
		{"2/s", Rate{2, time.Second}, ""},
		{"300/h", Rate{300, time.Hour}, ""},
		{" 10 / Minute ", Rate{10, time.Minute}, ""},
		{"7", Rate{}, `"7" is not a rate: give requests per second, minute or hour, such as 7/min, 2/s or 300/h`},
		{"7/day", Rate{}, `"7/day" is not a rate: give requests per second, minute or hour, such as 7/min, 2/s or 300/h`},
		{"0/min", Rate{}, `"0/min": the number of requests must be a whole number of 1 or more, such as 7/min`},
		{"1.5/s", Rate{}, `"1.5/s": the number of requests must be a whole number of 1 or more, such as 7/min`},
	} {
		var r Rate
		err := r.Set(tt.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		difftest.Check(t, tt.in+" error", msg, tt.err)
		difftest.Check(t, tt.in, r, tt.want)
	}
	r := Rate{7, time.Minute}
	difftest.Check(t, "String", r.String(), "7/min")
}

// TestFormats checks how rates and times left read.
func TestFormats(t *testing.T) {
	t.Parallel()
	difftest.Check(t, "rates", []string{FormatRate(12.5), FormatRate(7.0 / 60), FormatRate(20.0 / 3600)}, []string{"12.5/s", "7/min", "20/h"})
	difftest.Check(t, "times left", []string{About(10 * time.Second), About(40 * time.Second), About(41 * time.Minute), About(2 * time.Hour), About(125 * time.Minute)},
		[]string{"less than a minute", "about 1 min", "about 41 min", "about 2 h", "about 2 h 5 min"})
}

// TestWaited adds up waits side by side once.
func TestWaited(t *testing.T) {
	t.Parallel()
	var w Waited
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	w.Add(at.Add(60*time.Second), 60*time.Second) // 0-60
	w.Add(at.Add(50*time.Second), 30*time.Second) // 20-50, within
	w.Add(at.Add(70*time.Second), 20*time.Second) // 50-70: 10 more
	w.Add(at.Add(100*time.Second), 5*time.Second) // 95-100
	w.Add(at, 0)
	difftest.Check(t, "total", w.Total(), 75*time.Second)
}
