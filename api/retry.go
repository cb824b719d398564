package api

import (
	"context"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// retryWait applies the retry policy to attempt number attempt of a call
// that may be retried maxRetries times and failed with err: whether to try
// again, and after how long. status and header are the attempt's answer's,
// with status 0 when none came.
func (p *policy) retryWait(maxRetries, attempt, status int, header http.Header, err error) (bool, time.Duration) {
	if attempt >= maxRetries {
		return false, 0
	}
	var readErr *bodyReadError
	switch {
	case status == 0 || errors.As(err, &readErr):
		// No complete answer: the connection failed, or the attempt
		// timed out, before the body was in.
		return isRetryableTransportError(err), p.backoff(attempt)
	case status >= 200 && status <= 299:
		return false, 0 // a body that does not decode would not the next time either
	}
	switch strings.ToLower(strings.TrimSpace(header.Get("x-should-retry"))) {
	case "true":
	case "false":
		return false, 0
	default:
		if !retryableStatus(status) {
			return false, 0
		}
	}
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		hint := apiErr.RetryAfter
		// A server that asks for a longer wait than we accept gets no
		// retry at all: the *Error tells the caller how long it asked for.
		return hint <= p.maxRetryDelay, hint
	}
	return true, p.backoff(attempt)
}

// retryableStatus reports whether an answer with this status is worth
// another attempt: timeouts, conflicts from concurrent changes, rate limits
// and server errors.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isRetryableTransportError reports whether an attempt that got no complete
// answer failed in a way another attempt may not: a refused, reset or closed
// connection, or an attempt that ran out of its own time. Errors of the
// caller's context, of TLS certificates or of the request itself are final.
func isRetryableTransportError(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true // the per-attempt timeout; do checks the caller's ctx next
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff returns the exponential backoff before retry number attempt+1,
// with jitter that shortens it by up to a quarter. NewClient makes sure the
// initial backoff is at most the cap.
func (p *policy) backoff(attempt int) time.Duration {
	d := p.initialBackoff
	for range attempt {
		if d >= p.maxBackoff/2 {
			d = p.maxBackoff
			break
		}
		d *= 2
	}
	return d - time.Duration(rand.Int64N(int64(d)/4+1)) //nolint:gosec // G404: jitter needs no cryptographic randomness
}

// retryAfterHint returns the wait a server asked for through retry-after-ms
// or Retry-After (seconds or an HTTP date), or zero. A wait too long for a
// time.Duration comes back as the longest one.
func retryAfterHint(header http.Header, now time.Time) time.Duration {
	if ms := strings.TrimSpace(header.Get("retry-after-ms")); ms != "" {
		if v, ok := parseWait(ms); ok {
			return scale(v, time.Millisecond)
		}
	}
	if s := strings.TrimSpace(header.Get("Retry-After")); s != "" {
		if v, ok := parseWait(s); ok {
			return scale(v, time.Second)
		}
		if t, err := http.ParseTime(s); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	return 0
}

// parseWait parses a number of a wait hint, and reports whether it is a
// positive one. A number too large for a float64, such as 1e400, is +Inf:
// the longest wait, not a hint to ignore.
func parseWait(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return v, v > 0 // NaN is not
}

// scale returns v units as a Duration, saturating at the longest Duration
// instead of overflowing (a float too large for an int64 converts to an
// arbitrary value, often a negative one).
func scale(v float64, unit time.Duration) time.Duration {
	d := v * float64(unit)
	if d >= math.MaxInt64 || math.IsInf(d, 1) {
		return math.MaxInt64
	}
	return time.Duration(d)
}
