package apitest

import (
	"sync"
	"sync/atomic"
	"time"
)

// rateLimits holds the rate limits in force and what each endpoint has used
// of its budget. It is safe for concurrent use.
type rateLimits struct {
	on atomic.Bool // some limit is in force; read without the lock on every request

	mu       sync.Mutex
	fallback *RateLimit            // the default, or nil
	byRoute  map[string]*RateLimit // the limits of one endpoint each, by canonical endpoint
	counters map[string]*counter   // what each endpoint used, by canonical endpoint
	refused  int                   // requests refused so far
}

// counter is what one endpoint has used of its limit.
type counter struct {
	limit RateLimit
	// A window: when it started, and the requests served in it (0: no
	// window is open).
	start  time.Time
	served int
	// A bucket, as the generic cell rate algorithm keeps it: tat (the
	// theoretical arrival time) is when the bucket is full again; it is in
	// the past, or zero, while the bucket is full.
	tat time.Time
}

// verdict is what the limit of an endpoint says about one request.
type verdict struct {
	limit     RateLimit
	refused   bool
	remaining int           // the requests that would be served now, after this one
	reset     time.Duration // until the whole budget is back
	wait      time.Duration // for a refused request: until the next one may be served
}

// set installs l, replacing the limit of the same endpoint and forgetting
// what that endpoint (every endpoint, for the default) has used.
func (rl *rateLimits) set(l RateLimit) error {
	if err := l.Validate(); err != nil {
		return err
	}
	l.Endpoint, _ = canonicalEndpoint(l.Endpoint)
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if l.Endpoint == "" {
		rl.fallback = &l
		rl.counters = nil
	} else {
		if rl.byRoute == nil {
			rl.byRoute = map[string]*RateLimit{}
		}
		rl.byRoute[l.Endpoint] = &l
		delete(rl.counters, l.Endpoint)
	}
	rl.on.Store(true)
	return nil
}

// install sets the limits a Handler starts with, which newConfig checked.
func (rl *rateLimits) install(limits []RateLimit) error {
	for _, l := range limits {
		if err := rl.set(l); err != nil {
			return err
		}
	}
	return nil
}

// clear removes every limit and forgets what was used.
func (rl *rateLimits) clear() {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.fallback, rl.byRoute, rl.counters = nil, nil, nil
	rl.on.Store(false)
}

// all returns the limits in force: the default first, then the others in
// the order of endpoints.
func (rl *rateLimits) all() []RateLimit {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	var out []RateLimit
	if rl.fallback != nil {
		out = append(out, *rl.fallback)
	}
	for _, e := range endpoints {
		if l := rl.byRoute[e]; l != nil {
			out = append(out, *l)
		}
	}
	return out
}

// refusals returns how many requests were refused so far.
func (rl *rateLimits) refusals() int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return rl.refused
}

// admit counts a request to endpoint arriving at now against the
// endpoint's limit. ok is false when no limit applies to the endpoint.
func (rl *rateLimits) admit(endpoint string, now time.Time) (v verdict, ok bool) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	l := rl.byRoute[endpoint]
	if l == nil {
		l = rl.fallback
	}
	if l == nil {
		return verdict{}, false
	}
	c := rl.counters[endpoint]
	if c == nil {
		if rl.counters == nil {
			rl.counters = map[string]*counter{}
		}
		c = &counter{limit: *l}
		rl.counters[endpoint] = c
	}
	if c.limit.Kind == LimitBucket {
		v = c.bucket(now)
	} else {
		v = c.window(now)
	}
	if v.refused {
		rl.refused++
	}
	return v, true
}

// window counts a request in a fixed window: the first request opens a
// window of Per, in which Requests are served.
func (c *counter) window(now time.Time) verdict {
	l := c.limit
	end := c.start.Add(l.Per)
	if c.served == 0 || !now.Before(end) {
		c.start, c.served, end = now, 0, now.Add(l.Per)
	}
	left := min(end.Sub(now), l.Per) // a clock moved back does not lengthen the window
	if c.served >= l.Requests {
		return verdict{limit: l, refused: true, reset: left, wait: left}
	}
	c.served++
	return verdict{limit: l, remaining: l.Requests - c.served, reset: left}
}

// bucket counts a request in a token bucket of Requests tokens refilled at
// Requests per Per, by the generic cell rate algorithm: each request served
// moves tat, the time the bucket is full again, on by one token's worth
// (interval); a request is refused when tat is more than a full bucket less
// one token (tolerance) ahead of now.
func (c *counter) bucket(now time.Time) verdict {
	l := c.limit
	interval := l.Per / time.Duration(l.Requests)
	tolerance := l.Per - interval
	if c.tat.Before(now) {
		c.tat = now // full: unused tokens do not pile up beyond Requests
	}
	ahead := min(c.tat.Sub(now), l.Per) // bounded should the clock move back
	if ahead > tolerance {
		return verdict{limit: l, refused: true, reset: ahead, wait: ahead - tolerance}
	}
	c.tat = c.tat.Add(interval)
	ahead += interval
	return verdict{limit: l, remaining: int((l.Per - ahead) / interval), reset: ahead}
}
