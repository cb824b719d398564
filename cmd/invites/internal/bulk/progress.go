package bulk

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
	"github.com/seed-a87280d7/invites/internal/durationtext"
)

// longRun is how long a run must be expected to take, once a rate limit
// sets its pace, for the progress to say so in a line of its own.
const longRun = time.Minute

// minLabel is the fewest columns the progress line's label is cut to, when
// the line is wider than the terminal.
const minLabel = 16

// Progress keeps a one-line count of finished items on a terminal's stderr,
// with the rate and the time left: the rate the service allows while it
// limits the rate (see SetPace), else the rate so far. The line is cut to
// the terminal's width, so that it never wraps and the next redraw, or
// Clear, leaves nothing of it behind. Off a terminal it draws nothing, but
// writes one line for each change of pace. It is safe for concurrent use.
type Progress struct {
	// Prefix starts each line of its own that the progress writes, such as
	// "invites: ". Set it before the progress is used.
	Prefix string

	mu      sync.Mutex
	w       io.Writer
	enabled bool
	label   string
	total   int
	// width returns the terminal's width as of now; nil or 0 means no limit.
	width func() int

	done    int
	counts  map[Outcome]int
	last    time.Time
	showing bool
	closed  bool // Clear was called: no redraw from the ticker
	// now is the clock of the rate and the time left; start is when the
	// first item started.
	now   func() time.Time
	start time.Time

	pace      Pace          // the pace of the items' endpoint; the zero Pace when none
	paceSince time.Time     // when it began
	paceDone  int           // how many items were done then
	pauseEnd  time.Time     // when the pause under way ends
	told      bool          // a line said how long the run will take
	ticking   bool          // a timer redraws the line during a pause
	tick      time.Duration // how often; 0 for never
}

// NewProgress returns the progress of total items, labelled label, on w,
// drawn only when enabled (w is a terminal). width, if not nil, is asked for
// the terminal's width at each redraw, so that a resize is taken into
// account.
func NewProgress(w io.Writer, enabled bool, width func() int, label string, total int) *Progress {
	return &Progress{w: w, enabled: enabled, width: width, label: label, total: total, counts: map[Outcome]int{}, now: time.Now, start: time.Now(), tick: time.Second}
}

// SetClock replaces the clock of the rate and the time left, and the time
// the first item started.
func (p *Progress) SetClock(now func() time.Time, start time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.now, p.start = now, start
}

// Add counts one finished item and redraws the line, at most ten times a
// second and always for the last item.
func (p *Progress) Add(o Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.counts[o]++
	now := p.now()
	if !p.enabled || (p.done < p.total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.drawLocked(now)
}

// SetPace tells the progress of a change of the pace of its items'
// endpoint. On a terminal the line shows it at once (and counts a pause
// down); a change of the rate itself, or the limit lifting, also gets a line
// of its own off a terminal, and on a terminal when it first says that the
// run will take long. A pause at the same rate is no change.
func (p *Progress) SetPace(pace Pace) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	changed := !pace.same(p.pace)
	if changed {
		p.paceSince, p.paceDone = now, p.done
	}
	p.pace = pace
	switch {
	case pace.Wait > 0:
		p.pauseEnd = now.Add(pace.Wait)
	case !pace.Limited():
		p.pauseEnd = time.Time{}
	}
	long := pace.Limited() && p.left(now) >= longRun
	if changed && (!p.enabled || (long && !p.told)) {
		p.told = p.told || long
		p.clearLocked()
		_, _ = fmt.Fprintln(p.w, p.Prefix+p.paceLine(now))
	}
	if p.enabled && !p.closed {
		p.drawLocked(now)
		p.tickLocked()
	}
}

// paceLine says what the pace is now: "importing team.csv: rate limited to
// 7/min (learned from the API's refusals): 12/50 done, about 6 min left".
func (p *Progress) paceLine(now time.Time) string {
	done := fmt.Sprintf("%d/%d done", p.done, p.total)
	switch {
	case !p.pace.Limited():
		return fmt.Sprintf("%s: the rate limit lifted: %s", p.label, done)
	case p.pace.String() == "":
		return fmt.Sprintf("%s: rate limited (%s): waiting %s; %s", p.label, p.pace.Source, waitText(p.pace.Wait), done)
	}
	return fmt.Sprintf("%s: rate limited to %s (%s): %s, %s left", p.label, p.pace, p.pace.Source, done, About(p.left(now)))
}

// rate is the items' rate: the pace's while the service limits it (the rate
// since the pace began when it paces by waits alone), else the rate since
// the start; 0 when not known yet.
func (p *Progress) rate(now time.Time) float64 {
	if p.pace.Limited() {
		if r := p.pace.perSecond(); r > 0 {
			return r
		}
		if elapsed := now.Sub(p.paceSince); elapsed > 0 && p.done > p.paceDone {
			return float64(p.done-p.paceDone) / elapsed.Seconds()
		}
		return 0
	}
	if elapsed := now.Sub(p.start); elapsed > 0 {
		return float64(p.done) / elapsed.Seconds()
	}
	return 0
}

// left is the time left at the rate; 0 when not known.
func (p *Progress) left(now time.Time) time.Duration {
	r := p.rate(now)
	if r <= 0 {
		return 0
	}
	return time.Duration(float64(p.total-p.done) / r * float64(time.Second))
}

// drawLocked redraws the line.
func (p *Progress) drawLocked(now time.Time) {
	p.last = now
	keys := make([]string, 0, len(p.counts))
	for k := range p.counts {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", p.counts[Outcome(k)], k)
	}
	counts := ""
	if len(parts) > 0 {
		counts = " (" + strings.Join(parts, ", ") + ")"
	}
	label := p.label
	rest := fmt.Sprintf(": %d/%d%s%s", p.done, p.total, counts, p.paceText(now))
	line := label + rest
	if p.width != nil {
		if w := p.width(); w > 0 {
			// One column short of the width: a line that fills the last
			// column makes some terminals wrap. The label (a file's
			// path, say) gives way first, from its middle, so that the
			// counts, the pace and the time left stay in view.
			if over := output.Width(line) - (w - 1); over > 0 {
				label = output.FitMiddle(label, max(output.Width(label)-over, minLabel))
			}
			line = output.Fit(label+rest, w-1)
		}
	}
	_, _ = fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	p.showing = true
}

// paceText writes the rate and the time left, and a pause under way: ",
// 12.5/s, 1m20s left" when no limit holds the items back, ", 7/min, about
// 41 min left, waiting 52s for the rate limit" while one does; "" before
// anything is known.
func (p *Progress) paceText(now time.Time) string {
	var s string
	switch r := p.rate(now); {
	case p.pace.Limited() && r > 0:
		s = fmt.Sprintf(", %s, %s left", FormatRate(r), About(p.left(now)))
	case p.pace.Limited():
		s = ", rate limited"
	case r > 0:
		left := p.left(now)
		s = fmt.Sprintf(", %.1f/s, %s left", r, durationtext.Short(left.Round(time.Second)))
	}
	if wait := p.pauseEnd.Sub(now); wait > 0 {
		s += fmt.Sprintf(", waiting %s for the rate limit", waitText(wait))
	}
	return s
}

// tickLocked redraws the line each second while a pause is under way, so
// that its count down moves.
func (p *Progress) tickLocked() {
	if p.ticking || p.tick <= 0 || !p.pauseEnd.After(p.now()) {
		return
	}
	p.ticking = true
	time.AfterFunc(p.tick, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.ticking = false
		if p.closed {
			return
		}
		p.drawLocked(p.now())
		p.tickLocked()
	})
}

// Note prints a line of its own, keeping the progress line below it.
func (p *Progress) Note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	_, _ = fmt.Fprintln(p.w, msg)
	if p.enabled && !p.closed && (p.done > 0 || p.pace.Limited()) {
		p.drawLocked(p.now())
	}
}

// Clear removes the progress line for good.
func (p *Progress) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.clearLocked()
}

func (p *Progress) clearLocked() {
	if p.showing {
		_, _ = fmt.Fprint(p.w, "\r\x1b[K")
		p.showing = false
	}
}

// waitText writes a wait to the second, or to the millisecond under one.
func waitText(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return durationtext.Short(d.Round(time.Second))
}
