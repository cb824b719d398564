package bulk

import (
	"sort"
	"sync"
	"time"
)

// Waited adds up how long a run waited for a rate limit: the time during
// which at least one of its items waited, so that items waiting side by
// side count once. It is safe for concurrent use; the zero Waited is empty.
type Waited struct {
	mu    sync.Mutex
	spans []span
}

type span struct{ from, to time.Time }

// Add records that an item's call, which ended at end, waited d for the
// limit in all: taken as the d before end (the call's requests themselves
// are short beside a wait for the limit).
func (w *Waited) Add(end time.Time, d time.Duration) {
	if d <= 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.spans = append(w.spans, span{end.Add(-d), end})
}

// Total is the time during which at least one item waited.
func (w *Waited) Total() time.Duration {
	w.mu.Lock()
	spans := append([]span(nil), w.spans...)
	w.mu.Unlock()
	sort.Slice(spans, func(i, j int) bool { return spans[i].from.Before(spans[j].from) })
	var total time.Duration
	var end time.Time
	for _, s := range spans {
		if s.from.Before(end) {
			s.from = end
		}
		if s.to.After(s.from) {
			total += s.to.Sub(s.from)
			end = s.to
		}
	}
	return total
}
