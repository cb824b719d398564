package apitest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/seed-a87280d7/invites/internal/durationtext"
)

// The headers of the rate limit hints.
const (
	headerRetryAfter        = "Retry-After"
	headerRetryAfterMs      = "Retry-After-Ms"
	headerLimitRequests     = "X-Ratelimit-Limit-Requests"
	headerRemainingRequests = "X-Ratelimit-Remaining-Requests"
	headerResetRequests     = "X-Ratelimit-Reset-Requests"
)

// codeRateLimitExceeded and typeRequests are the code and type of OpenAI's
// answer to a request beyond a limit on requests (rather than on tokens).
const (
	codeRateLimitExceeded = "rate_limit_exceeded"
	typeRequests          = "requests"
)

// rateLimitLayer wraps next, the faults around the fake, in the layer of
// rate limits. A request to an endpoint that a limit applies to is counted
// against it (see RateLimit): beyond the limit it is recorded as refused and
// answered 429, and never reaches next, so it meets no fault and changes
// nothing; otherwise it goes on to next. With HintsHeaders the x-ratelimit
// headers are put on the answer, whatever answers it. A request to no limited
// endpoint goes to next as it is.
type rateLimitLayer struct {
	next     http.Handler
	limits   *rateLimits
	router   *router
	now      func() time.Time
	requests *recorder
	send     func(w http.ResponseWriter, c *call, resp *response) // writes an answer the fake gives
}

// ServeHTTP serves r through the layer.
func (l *rateLimitLayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !l.limits.on.Load() {
		l.next.ServeHTTP(w, r)
		return
	}
	op, params := l.router.operationOf(r)
	if op == nil {
		l.next.ServeHTTP(w, r)
		return
	}
	v, limited := l.limits.admit(op.route.Method+" "+op.route.Path, l.now())
	if !limited {
		l.next.ServeHTTP(w, r)
		return
	}
	if v.limit.Hints == HintsHeaders {
		v.setHeaders(w.Header())
	}
	if !v.refused {
		l.next.ServeHTTP(w, r)
		return
	}
	l.refuse(w, callOf(r), op, params, v)
}

// refuse records the call as refused by the rate limit and answers it 429,
// checked against the operation's answers (whose Retry-After must be a whole
// number of seconds, at least 1).
func (l *rateLimitLayer) refuse(w http.ResponseWriter, c *call, op *servedOperation, params map[string]string, v verdict) {
	c.route, c.params = op.route, params
	c.rateLimit = v.limit.String()
	l.requests.record(c, true, nil)
	l.send(w, c, v.answer(op.route.Method+" "+op.route.Path))
}

// setHeaders puts OpenAI's x-ratelimit headers on an answer.
func (v verdict) setHeaders(header http.Header) {
	header.Set(headerLimitRequests, strconv.Itoa(v.limit.Requests))
	header.Set(headerRemainingRequests, strconv.Itoa(v.remaining))
	header.Set(headerResetRequests, roundUp(v.reset, time.Millisecond).String())
}

// answer is the 429 for a refused request to endpoint, in OpenAI's format,
// with Retry-After and retry-after-ms if the limit gives them.
func (v verdict) answer(endpoint string) *response {
	msg := "Rate limit reached for " + endpoint + " on requests. Please try again later."
	if v.limit.Hints != HintsNone {
		msg = fmt.Sprintf("Rate limit reached for %s on requests per %s: Limit %d, Used %d, Requested 1. Please try again in %s.",
			endpoint, durationtext.Short(v.limit.Per), v.limit.Requests, v.limit.Requests, roundUp(v.wait, time.Millisecond))
	}
	resp := apiError(http.StatusTooManyRequests, typeRequests, codeRateLimitExceeded, "", msg)
	if v.limit.Hints == HintsRetryAfter {
		resp.header = http.Header{
			// A refused request always has a wait, so both are at least 1,
			// as the spec's Retry-After must be.
			headerRetryAfter:   {strconv.FormatInt(int64(roundUp(v.wait, time.Second)/time.Second), 10)},
			headerRetryAfterMs: {strconv.FormatInt(int64(roundUp(v.wait, time.Millisecond)/time.Millisecond), 10)},
		}
	}
	return resp
}

// roundUp rounds d up to a multiple of unit.
func roundUp(d, unit time.Duration) time.Duration {
	if r := d % unit; r > 0 {
		d += unit - r
	}
	return d
}
