package bulk

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Pace is the pace that the service allows the endpoint of a run's items,
// as the client keeps to it: reported once per change, never per request.
type Pace struct {
	// Requests per Per is the rate the client keeps to; Requests is 0 when
	// it paces by waits alone.
	Requests int
	Per      time.Duration
	// Wait is a pause that starts now; 0 when none.
	Wait time.Duration
	// Lifted says that the limit lifted: requests go out as fast as they
	// can again.
	Lifted bool
	// Source says, for people, where the pace comes from, such as "--rate"
	// or "learned from the API's refusals".
	Source string
}

// Limited reports whether p holds requests back.
func (p Pace) Limited() bool {
	return !p.Lifted && ((p.Requests > 0 && p.Per > 0) || p.Wait > 0)
}

// perSecond is p's rate; 0 when it paces by waits alone.
func (p Pace) perSecond() float64 {
	if p.Requests <= 0 || p.Per <= 0 {
		return 0
	}
	return float64(p.Requests) / p.Per.Seconds()
}

// InFlight is how many of workers items may be under way at p: one while
// the service allows fewer than two requests a second, enough for requests
// of up to a second each when it allows more, and workers when p holds
// nothing back. The workers are then not all parked on the limit, and a
// stop has fewer requests in flight to wait for.
func (p Pace) InFlight(workers int) int {
	if !p.Limited() {
		return workers
	}
	return min(max(int(math.Ceil(p.perSecond())), 1), workers)
}

// same reports whether p and q are the same pace, pauses aside.
func (p Pace) same(q Pace) bool {
	return p.Limited() == q.Limited() && p.Requests == q.Requests && p.Per == q.Per
}

// String writes the rate, such as "7/min"; "" for a pace of waits alone.
func (p Pace) String() string {
	r := p.perSecond()
	if r == 0 {
		return ""
	}
	return FormatRate(r)
}

// FormatRate writes a rate given per second in the unit that reads best:
// "2.5/s", "7/min" or "20/h".
func FormatRate(perSecond float64) string {
	n, unit := perSecond, "s"
	if n < 1 {
		n, unit = n*60, "min"
	}
	if n < 1 {
		n, unit = n*60, "h"
	}
	return strconv.FormatFloat(math.Round(n*10)/10, 'f', -1, 64) + "/" + unit
}

// About writes a time left for people: "less than a minute", "about 41
// min", "about 2 h 5 min".
func About(d time.Duration) string {
	switch m := int(math.Round(d.Minutes())); {
	case d < 30*time.Second:
		return "less than a minute"
	case m < 60:
		return fmt.Sprintf("about %d min", max(m, 1))
	case m%60 == 0:
		return fmt.Sprintf("about %d h", m/60)
	default:
		return fmt.Sprintf("about %d h %d min", m/60, m%60)
	}
}

// Rate is the value of --rate: a budget of N requests per Per.
type Rate struct {
	N   int
	Per time.Duration
}

// rateUnits are the units --rate accepts.
var rateUnits = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "second": time.Second,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute,
	"h": time.Hour, "hour": time.Hour,
}

// Set parses N/s, N/min or N/h.
func (r *Rate) Set(s string) error {
	n, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	per, known := rateUnits[strings.ToLower(strings.TrimSpace(unit))]
	if !ok || !known {
		return fmt.Errorf("%q is not a rate: give requests per second, minute or hour, such as 7/min, 2/s or 300/h", s)
	}
	v, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || v < 1 {
		return fmt.Errorf("%q: the number of requests must be a whole number of 1 or more, such as 7/min", s)
	}
	r.N, r.Per = v, per
	return nil
}

// String writes the rate as --rate takes it; "" when unset.
func (r *Rate) String() string {
	if r == nil || r.N == 0 {
		return ""
	}
	for _, u := range []string{"s", "min", "h"} {
		if rateUnits[u] == r.Per {
			return strconv.Itoa(r.N) + "/" + u
		}
	}
	return strconv.Itoa(r.N) + "/" + r.Per.String()
}
