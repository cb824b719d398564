package bulk

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// Progress keeps a one-line count of finished items on a terminal's stderr.
// The line is cut to the terminal's width, so that it never wraps and the
// next redraw, or Clear, leaves nothing of it behind. It is safe for
// concurrent use.
type Progress struct {
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
	// now is the clock of the rate and the time left; start is when the
	// first item started.
	now   func() time.Time
	start time.Time
}

// NewProgress returns the progress of total items, labelled label, on w,
// drawn only when enabled (w is a terminal). width, if not nil, is asked for
// the terminal's width at each redraw, so that a resize is taken into
// account.
func NewProgress(w io.Writer, enabled bool, width func() int, label string, total int) *Progress {
	return &Progress{w: w, enabled: enabled, width: width, label: label, total: total, counts: map[Outcome]int{}, now: time.Now, start: time.Now()}
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
	line := fmt.Sprintf("%s: %d/%d (%s)%s", p.label, p.done, p.total, strings.Join(parts, ", "), p.pace(now))
	if p.width != nil {
		if w := p.width(); w > 0 {
			// One column short of the width: a line that fills the last
			// column makes some terminals wrap.
			line = output.Fit(line, w-1)
		}
	}
	_, _ = fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	p.showing = true
}

// pace writes the rate since the start and the time left at that rate, such
// as ", 12.5/s, 1m20s left"; "" before any time has passed.
func (p *Progress) pace(now time.Time) string {
	elapsed := now.Sub(p.start)
	if elapsed <= 0 {
		return ""
	}
	rate := float64(p.done) / elapsed.Seconds()
	left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
	return fmt.Sprintf(", %.1f/s, %s left", rate, output.ShortDuration(left.Round(time.Second)))
}

// Note prints a line of its own, keeping the progress line below it.
func (p *Progress) Note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	_, _ = fmt.Fprintln(p.w, msg)
}

// Clear removes the progress line.
func (p *Progress) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *Progress) clearLocked() {
	if p.showing {
		_, _ = fmt.Fprint(p.w, "\r\x1b[K")
		p.showing = false
	}
}
