package term

import (
	"os"
	"strconv"
	"sync/atomic"
)

// IsTerminal reports whether f is attached to a terminal: a character
// device other than the null device (which cron jobs and "< /dev/null" give
// as stdin).
func IsTerminal(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(info, null)
}

// fallbackWidth is the width of a terminal that does not tell its own.
const fallbackWidth = 80

// Width returns the number of columns of the terminal f: what the terminal
// says, else $COLUMNS, else 80.
func Width(f *os.File) int {
	if w := size(f); w > 0 {
		return w
	}
	if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 0 {
		return w
	}
	return fallbackWidth
}

// Tracker keeps the width of a terminal up to date: it reads it at once,
// and again each time the terminal is resized.
type Tracker struct {
	f     *os.File
	width atomic.Int64
	stop  func()
}

// Track returns a Tracker of f's width. Stop ends the tracking.
func Track(f *os.File) *Tracker {
	t := &Tracker{f: f}
	t.width.Store(int64(Width(f)))
	t.stop = onResize(func() { t.width.Store(int64(Width(f))) })
	return t
}

// Width returns the terminal's width as last read.
func (t *Tracker) Width() int { return int(t.width.Load()) }

// Stop ends the tracking.
func (t *Tracker) Stop() { t.stop() }
