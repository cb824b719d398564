package apitest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
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

// withRateLimits wraps next, the faults around the fake, in the layer of rate
// limits. A request to an endpoint that a limit applies to is counted
// against it (see RateLimit): beyond the limit it is recorded as refused and
// answered 429, and never reaches next, so it meets no fault and changes
// nothing; otherwise it goes on to next. With HintsHeaders the x-ratelimit
// headers are put on the answer, whatever answers it. A request to no limited
// endpoint goes to next as it is.
func (h *Handler) withRateLimits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.limits.on.Load() {
			next.ServeHTTP(w, r)
			return
		}
		op, params := h.operationOf(r)
		if op == nil {
			next.ServeHTTP(w, r)
			return
		}
		v, limited := h.limits.admit(op.route.Method+" "+op.route.Path, h.now())
		if !limited {
			next.ServeHTTP(w, r)
			return
		}
		if v.limit.Hints == HintsHeaders {
			v.setHeaders(w.Header())
		}
		if !v.refused {
			next.ServeHTTP(w, r)
			return
		}
		h.refuse(w, callOf(r), op, params, v)
	})
}

// refuse records the call as refused by the rate limit and answers it 429,
// checked against the operation's answers (whose Retry-After must be a whole
// number of seconds, at least 1).
func (h *Handler) refuse(w http.ResponseWriter, c *call, op *operation, params map[string]string, v verdict) {
	c.route, c.params = op.route, params
	c.rateLimit = v.limit.String()
	h.record(c, true, nil)
	h.send(w, c, v.answer(op.route.Method+" "+op.route.Path))
}

// operationOf returns the operation a request names, with its path
// parameters, or nil for a path or method the API does not have.
func (h *Handler) operationOf(r *http.Request) (*operation, map[string]string) {
	res, params, ok := h.router.match(r.URL.EscapedPath())
	if !ok {
		return nil, nil
	}
	return res.ops[r.Method], params
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
			endpoint, formatPeriod(v.limit.Per), v.limit.Requests, v.limit.Requests, roundUp(v.wait, time.Millisecond))
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

// SetRateLimit puts l in force, in place of the limit of the same endpoint
// (or the default, for a limit without an endpoint), with the whole budget:
// what that endpoint (every endpoint, for the default) used so far is
// forgotten. It fails, and changes nothing, if l is not valid (see
// RateLimit.Validate).
func (h *Handler) SetRateLimit(l RateLimit) error {
	return h.limits.set(l)
}

// ClearRateLimits lifts every rate limit.
func (h *Handler) ClearRateLimits() {
	h.limits.clear()
}

// RateLimits returns the rate limits in force, each with its endpoint
// written as the fake names it: the default first, if there is one.
func (h *Handler) RateLimits() []RateLimit {
	return h.limits.all()
}

// RateLimited returns how many requests the rate limits refused since the
// fake started; each of them is also in Requests, with its RateLimit set,
// while the log keeps it. ResetRequests does not reset the count.
func (h *Handler) RateLimited() int {
	return h.limits.refusals()
}
