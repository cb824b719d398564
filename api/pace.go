package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxLearnedWait caps one learned pause (a wait the client chose itself,
// without a hint): the service's windows are about a minute.
const maxLearnedWait = 5 * time.Minute

// endpoint numbers the API's operations, which are paced apart.
type endpoint uint8

const (
	endpointList endpoint = iota
	endpointCreate
	endpointGet
	endpointDelete
	endpointCount
)

// endpointNames are the endpoints' method and path template.
var endpointNames = [endpointCount]string{
	endpointList:   "GET /organization/invites",
	endpointCreate: "POST /organization/invites",
	endpointGet:    "GET /organization/invites/{invite_id}",
	endpointDelete: "DELETE /organization/invites/{invite_id}",
}

// pacing is a client's pace keeping: one pacer per endpoint, and where the
// changes of pace go.
type pacing struct {
	endpoints [endpointCount]pacer
	reporting sync.Mutex // held while a change is logged and handed to the hook
	hook      func(PaceChange)
	logger    *slog.Logger
	firstWait time.Duration // the first learned pause; each refusal after it doubles it
	maxWait   time.Duration // WithMaxRateWait; 0 for as long as ctx allows
}

// newPacing returns the pace keeping of a client, or nil when pacing is off.
func newPacing(cfg *config) *pacing {
	if cfg.pace.off {
		return nil
	}
	ps := &pacing{hook: cfg.pace.hook, logger: cfg.logger, firstWait: cfg.initialBackoff, maxWait: cfg.pace.maxWait}
	for i := range ps.endpoints {
		p := &ps.endpoints[i]
		p.name = endpointNames[i]
		p.changed = make(chan struct{})
		if cfg.pace.limit > 0 {
			p.setPace(cfg.pace.limit, cfg.pace.per, PaceDeclared, time.Time{})
			p.active.Store(true)
		}
	}
	return ps
}

// announce hands the changes to the logger and the hook, one at a time.
func (ps *pacing) announce(ctx context.Context, changes []PaceChange) {
	if len(changes) == 0 {
		return
	}
	ps.reporting.Lock()
	defer ps.reporting.Unlock()
	for _, pc := range changes {
		if ps.logger != nil {
			ps.logger.LogAttrs(ctx, slog.LevelInfo, "invites: pace "+pc.String(),
				slog.String("endpoint", pc.Endpoint), slog.Int("requests", pc.Requests),
				slog.Duration("per", pc.Per), slog.Duration("wait", pc.Wait), slog.String("source", pc.Source))
		}
		if ps.hook != nil {
			ps.hook(pc)
		}
	}
}

// pacer keeps one endpoint's pace. Until active is set, a request costs one
// atomic load and an answer a look at its status and one header; after
// that, the mutex guards the rest.
type pacer struct {
	name   string
	active atomic.Bool

	// Before the endpoint is active: the successes so far, and when the
	// first of them came, counted without the mutex. quietInFlight counts
	// the requests sent without a ticket (before the endpoint was active)
	// whose answers have not come: they use up the limit too.
	quietPassed   atomic.Int64
	quietFirst    atomic.Int64 // UnixNano of the first success
	quietInFlight atomic.Int64

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change, to wake waiters

	// The pace: at most limit requests in any per, kept as a sliding log
	// of the last limit send times (a ring). limit 0 is no pace.
	limit  int
	per    time.Duration
	source string
	ring   []time.Time
	next   int

	// A pause: no request before until. While probing, one request at a
	// time goes out, the probe, and the others wait for its answer.
	until       time.Time
	probing     bool
	probeOut    bool
	hinted      bool          // the pause came from a hint
	strikes     int           // refusals in a row
	lastWait    time.Duration // the last pause chosen
	refusedAt   time.Time     // when the refusal that started the probing came
	lastRefusal time.Time     // when the last refusal that counted came

	// The epoch: successes since the last refusal, and when the first came.
	passed    int
	firstPass time.Time
	// What the epoch before the refusal had: the limit being learned.
	epochPassed int
	epochFirst  time.Time

	granted uint64 // tickets given so far

	// From x-ratelimit headers, as the answer to the latest request (by
	// ticket, hdrSeq) says.
	hdrKnown bool
	hdrSeq   uint64
	hdrLeft  int
	hdrReset time.Time
	hdrLimit int

	inFlight int
	reported PaceChange // the last change reported
}

// setPace makes the endpoint keep to limit requests per per, the first of
// them sent at first (zero for none yet).
func (p *pacer) setPace(limit int, per time.Duration, source string, first time.Time) {
	p.limit, p.per, p.source = limit, per, source
	p.ring = make([]time.Time, limit)
	p.next = 0
	if !first.IsZero() {
		p.ring[0] = first
		p.next = 1 % limit
	}
}

// spread fills the pace's log as if its last limit requests had gone out
// evenly over the period before now, so that the next may go per/limit
// after now, and the ones after it as evenly. After a refusal, the pace so
// resumes at its rate with no burst: a token bucket, drained by the
// refusal, refills at that rate, not all at once. p.mu is held.
func (p *pacer) spread(now time.Time) {
	step := p.per / time.Duration(p.limit)
	for k := range p.limit {
		p.ring[(p.next+k)%p.limit] = now.Add(-p.per + time.Duration(k+1)*step)
	}
}

// ticket is what a request that was let through carries to its answer.
type ticket struct {
	paced  bool      // the pacer was active when it went
	probe  bool      // it is the probe of a pause
	sentAt time.Time // when it was let through (zero on the fast path)
	seq    uint64    // the order it was let through in, from 1 (0 on the fast path)
	slot   int       // its entry in the pace's log, when a pace was kept
	after  bool      // it went after a pause that came from a hint
}

// wake tells the waiters that the state changed. p.mu is held.
func (p *pacer) wake() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// slot returns when the next request may go: now or later, or the zero
// time when it must wait for a change (a probe's answer). p.mu is held.
func (p *pacer) slot(now time.Time) time.Time {
	at := now
	if p.until.After(at) {
		at = p.until
	}
	if p.probing && p.probeOut {
		return time.Time{}
	}
	if p.hdrKnown && p.hdrLeft <= 0 && p.hdrReset.After(at) {
		if p.inFlight > 0 || p.quietInFlight.Load() > 0 {
			return time.Time{} // their answers say more
		}
		at = p.hdrReset
	}
	if p.limit > 0 {
		if t := p.ring[p.next]; !t.IsZero() {
			if t = t.Add(p.per); t.After(at) {
				at = t
			}
		}
	}
	return at
}

// grant lets a request through at now. p.mu is held.
func (p *pacer) grant(now time.Time) ticket {
	p.granted++
	t := ticket{paced: true, sentAt: now, seq: p.granted, after: p.hinted && !p.until.IsZero() && !now.Before(p.until)}
	if p.probing {
		p.probeOut = true
		t.probe = true
	}
	if p.limit > 0 {
		t.slot = p.next
		p.ring[p.next] = now
		p.next = (p.next + 1) % p.limit
	}
	if p.hdrKnown {
		p.hdrLeft--
	}
	p.inFlight++
	return t
}

// rateWait is the state of one call's waiting for the limit.
type rateWait struct {
	waited time.Duration
	last   *Error // the last 429 the call got, if any
}

// wait blocks until a request to the endpoint may go, and returns its
// ticket. It fails, before it would wait past ctx's deadline or the
// longest wait of a call, with an *Error that matches ErrRateLimited.
func (ps *pacing) wait(ctx context.Context, p *pacer, rw *rateWait) (ticket, error) {
	for {
		p.mu.Lock()
		now := time.Now()
		at := p.slot(now)
		if !at.IsZero() && !at.After(now) {
			t := p.grant(now)
			p.mu.Unlock()
			return t, nil
		}
		changed := p.changed
		p.mu.Unlock()

		var d time.Duration // 0: until a change
		if !at.IsZero() {
			d = at.Sub(now)
			if ps.maxWait > 0 && rw.waited+d > ps.maxWait {
				return ticket{}, rw.fail(p.name, fmt.Sprintf("the next request could go in %s, past the longest wait of a call (%s)", d.Round(time.Millisecond), ps.maxWait), nil)
			}
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
				return ticket{}, rw.fail(p.name, fmt.Sprintf("the next request could go in %s, past the context deadline", d.Round(time.Millisecond)), context.DeadlineExceeded)
			}
		}
		start := time.Now()
		var timer <-chan time.Time
		var tm *time.Timer
		if d > 0 {
			tm = time.NewTimer(d)
			timer = tm.C
		} else if ps.maxWait > 0 {
			tm = time.NewTimer(max(ps.maxWait-rw.waited, 0))
			timer = tm.C
			d = -1 // marks a timer of the longest wait
		}
		select {
		case <-timer:
		case <-changed:
		case <-ctx.Done():
			if tm != nil {
				tm.Stop()
			}
			rw.waited += time.Since(start)
			return ticket{}, rw.fail(p.name, "", ctx.Err())
		}
		if tm != nil {
			tm.Stop()
		}
		rw.waited += time.Since(start)
		if d < 0 && ps.maxWait > 0 && rw.waited >= ps.maxWait {
			return ticket{}, rw.fail(p.name, fmt.Sprintf("the longest wait of a call is %s", ps.maxWait), nil)
		}
	}
}

// fail returns the error of a call that stops waiting for the limit: an
// *Error with status 429 (the last 429's, if the call got one) whose
// message says how long the call waited and why it stopped, wrapping
// cause (the context's error) when there is one.
func (rw *rateWait) fail(endpoint, why string, cause error) error {
	e := &Error{StatusCode: http.StatusTooManyRequests, Code: "rate_limit_exceeded"}
	if rw.last != nil {
		c := *rw.last
		e = &c
	}
	msg := "waited " + rw.waited.Round(time.Millisecond).String() + " for the rate limit of " + endpoint
	if why != "" {
		msg += "; " + why
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	e.Message = msg
	if cause != nil {
		return fmt.Errorf("%w (%w)", e, cause)
	}
	return e
}

// done counts the answer to a request that went with ticket t (status 0
// when none came: the request could not be built, or the call's context
// ended). p.mu is not held.
func (ps *pacing) done(ctx context.Context, p *pacer, t ticket, status int, header http.Header) {
	if !t.paced && p.quietDone(status, header) {
		return
	}
	now := time.Now()
	p.mu.Lock()
	if !t.paced {
		if !p.active.Load() {
			p.passed = int(p.quietPassed.Load())
			if p.passed > 0 {
				p.firstPass = time.Unix(0, p.quietFirst.Load())
			}
			p.active.Store(true)
		}
		p.inFlight++ // answered below as a paced request; sentAt stays zero: before any refusal
	}
	changes := p.answer(t, status, header, now, ps.firstWait)
	p.mu.Unlock()
	ps.announce(ctx, changes)
}

// quietDone counts the answer to a request sent without a ticket, on the
// fast path, and reports whether that was all there was to do: it is not,
// when this answer is the first sign of a limit, or when the endpoint has
// become active since the request went (then its answer counts). It reads
// the clock only for the first success.
func (p *pacer) quietDone(status int, header http.Header) bool {
	p.quietInFlight.Add(-1)
	if p.active.Load() || status == http.StatusTooManyRequests || hasRateHeaders(header) {
		return false
	}
	if status >= 200 && status <= 299 && p.quietPassed.Add(1) == 1 {
		p.quietFirst.Store(time.Now().UnixNano())
	}
	return true
}

// hasRateHeaders reports whether an answer carries OpenAI's rate-limit
// headers. The map is read directly: net/http canonicalizes header names.
func hasRateHeaders(h http.Header) bool {
	return len(h["X-Ratelimit-Remaining-Requests"]) > 0
}

// answer updates the pace with a request's answer (status 0 when none
// came) and returns the changes to report. p.mu is held.
func (p *pacer) answer(t ticket, status int, header http.Header, now time.Time, firstWait time.Duration) []PaceChange {
	p.inFlight--
	if t.probe {
		p.probeOut = false
	}
	p.answered(t, now)
	var changes []PaceChange
	if p.readHeaders(header, now, t.seq) {
		if p.hdrLeft <= 0 && p.hdrReset.After(now) {
			changes = p.change(changes, PaceChange{Requests: p.hdrLimit, Per: p.hdrReset.Sub(now), Wait: p.hdrReset.Sub(now), Source: PaceHeaders})
		}
	}
	switch {
	case status == http.StatusTooManyRequests:
		changes = p.refused(changes, t, header, now, firstWait)
	case status != 0:
		changes = p.passedOne(changes, t, now)
	}
	p.wake()
	return changes
}

// answered moves the request's entry in the pace's log from when it was let
// through to when its answer came, if the entry is still its own. The
// service counts a request when it arrives, at some moment between the two:
// the answer is the latest it can have been, so a pace counted from it is
// never early, however the network's delay varies from one request to the
// next. It costs a window the time of one request. p.mu is held.
func (p *pacer) answered(t ticket, now time.Time) {
	if p.limit == 0 || t.sentAt.IsZero() || t.slot >= p.limit || !p.ring[t.slot].Equal(t.sentAt) {
		return
	}
	p.ring[t.slot] = now
}

// readHeaders reads x-ratelimit-remaining-requests, -reset-requests and
// -limit-requests of the answer to the request with ticket number seq, and
// reports whether the answer had them. An answer to a request let through
// before the one whose headers are kept is older news, and is not read:
// with requests under way together, answers come in any order.
func (p *pacer) readHeaders(h http.Header, now time.Time, seq uint64) bool {
	rem, ok := headerInt(h, "X-Ratelimit-Remaining-Requests")
	if !ok {
		return false
	}
	if p.hdrKnown && seq < p.hdrSeq {
		return true
	}
	p.hdrSeq = seq
	p.hdrKnown = true
	p.hdrLeft = rem - p.inFlight - int(p.quietInFlight.Load()) // those still out may use the rest
	if lim, ok := headerInt(h, "X-Ratelimit-Limit-Requests"); ok {
		p.hdrLimit = lim
	}
	if d, ok := resetHint(h); ok {
		p.hdrReset = now.Add(d)
	} else if rem <= 0 {
		p.hdrReset = time.Time{}
	}
	return true
}

// headerInt reads a header holding a whole number in base 10.
func headerInt(h http.Header, name string) (int, bool) {
	v := h[name]
	if len(v) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v[0]))
	return n, err == nil && n >= 0
}

// resetHint reads x-ratelimit-reset-requests: a Go-style duration such as
// "1s", "6m0s" or "20ms", as OpenAI writes it, or a number of seconds.
func resetHint(h http.Header) (time.Duration, bool) {
	v := h["X-Ratelimit-Reset-Requests"]
	if len(v) == 0 {
		return 0, false
	}
	s := strings.TrimSpace(v[0])
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, true
	}
	if f, ok := parseWait(s); ok {
		return scale(f, time.Second), true
	}
	return 0, false
}

// refused handles a 429: every request to the endpoint waits, for the
// hint when there is one and it has not proved wrong, else for a learned
// wait that doubles with each refusal in a row. A refusal while a pace is
// kept proves it too fast: its period doubles. Only the first refusal of
// requests sent together counts; those sent before it was answered say
// nothing new. p.mu is held.
func (p *pacer) refused(changes []PaceChange, t ticket, header http.Header, now time.Time, firstWait time.Duration) []PaceChange {
	if !p.lastRefusal.IsZero() && t.sentAt.Before(p.lastRefusal) {
		return changes
	}
	p.lastRefusal = now
	if p.passed > 0 {
		p.epochPassed, p.epochFirst = p.passed, p.firstPass
	}
	p.passed = 0
	p.strikes++
	p.probing = true
	if p.refusedAt.IsZero() {
		p.refusedAt = now
	}
	hint := retryAfterHint(header, now)
	source := PaceRetryAfter
	if hint == 0 && p.hdrKnown && p.hdrLeft <= 0 && p.hdrReset.After(now) {
		hint, source = p.hdrReset.Sub(now), PaceHeaders
	}
	if t.after {
		hint = 0 // it came after waiting for a hint: the hint was wrong
	}

	if p.limit > 0 && p.strikes <= 3 {
		p.per = min(2*p.per, maxLearnedWait)
		p.source = PaceLearned
		p.spread(now)
		var wait time.Duration
		if hint > 0 {
			wait = hint
			p.until = laterOf(p.until, now.Add(hint))
		}
		if s := p.slot(now); !s.IsZero() && s.After(now) {
			wait = max(wait, s.Sub(now))
		}
		p.hinted = hint > 0
		return p.change(changes, PaceChange{Requests: p.limit, Per: p.per, Wait: wait, Source: PaceLearned})
	}
	p.limit = 0 // no pace, or one that failed again and again: wait instead

	var wait time.Duration
	switch {
	case hint > 0:
		wait = hint
	case p.lastWait == 0:
		wait, source = firstWait, PaceLearned
	default:
		wait, source = min(2*p.lastWait, maxLearnedWait), PaceLearned
	}
	p.lastWait = max(wait, p.lastWait)
	p.hinted = hint > 0
	p.until = laterOf(p.until, now.Add(wait))
	return p.change(changes, PaceChange{Wait: wait, Source: source})
}

// laterOf returns the later of a and b.
func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// passedOne handles an answer that was not a 429. p.mu is held.
func (p *pacer) passedOne(changes []PaceChange, t ticket, now time.Time) []PaceChange {
	if !p.lastRefusal.IsZero() && t.sentAt.Before(p.lastRefusal) {
		// Sent before the last refusal, answered after it: it belongs
		// to the epoch that the refusal ended, and says nothing of the
		// pause (with many requests under way, several answers come
		// after the first refusal).
		p.epochPassed++
		return changes
	}
	p.strikes = 0
	if p.passed == 0 {
		p.firstPass = t.sentAt
		if p.firstPass.IsZero() {
			p.firstPass = now
		}
	}
	p.passed++
	if !t.probe {
		return changes
	}
	// The probe went through: the pause is over.
	p.probing = false
	p.hinted = false
	if p.epochPassed > 0 && p.limit == 0 && !p.hdrKnown {
		per := t.sentAt.Sub(p.epochFirst)
		if per <= 2*t.sentAt.Sub(p.refusedAt)+time.Millisecond {
			// The epoch fits one window: epochPassed per per.
			per += per/50 + 2*time.Millisecond
			p.setPace(p.epochPassed, per, PaceLearned, t.sentAt)
			p.refusedAt = time.Time{}
			return p.change(changes, PaceChange{Requests: p.limit, Per: p.per, Source: PaceLearned})
		}
	}
	p.refusedAt = time.Time{}
	if p.limit > 0 {
		return changes
	}
	return p.change(changes, PaceChange{Source: PaceLifted})
}

// change appends pc, for this endpoint, unless it says what the last
// report said. p.mu is held.
func (p *pacer) change(changes []PaceChange, pc PaceChange) []PaceChange {
	pc.Endpoint = p.name
	last := p.reported
	if pc.Wait == 0 && last.Wait == 0 && pc.Requests == last.Requests && pc.Per == last.Per && pc.Source == last.Source {
		return changes
	}
	if pc.Source == PaceHeaders && last.Source == PaceHeaders && pc.Requests == last.Requests {
		return changes // the same limit, another window
	}
	p.reported = pc
	return append(changes, pc)
}
