package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxErrorBody caps how much of an error answer is read: enough for any
// OpenAI error body and for a snippet of a proxy's HTML page.
const maxErrorBody = 64 << 10

// maxDrain caps how much of an unread body is drained so that its connection
// can be reused; a longer body costs a connection instead.
const maxDrain = 64 << 10

// redacted replaces the admin key wherever a server repeats it.
const redacted = "[redacted]"

// do is the one place where requests are sent. It sets the headers every
// request carries, then sends the request, retrying as the retry policy
// says (see the package documentation, # Retries). It returns a response only
// for a 2xx answer, with its body already read (bounded) so that a
// connection dropped in the middle of it can be retried; any other answer
// becomes an *Error.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// One allocation holds every header value; each header gets a slice of
	// it that cannot grow into the next. The keys are in canonical form.
	values := make([]string, 5)
	values[0], values[1], values[2] = c.authorization(), c.userAgent, "application/json"
	req.Header["Authorization"] = values[0:1:1]
	req.Header["User-Agent"] = values[1:2:2]
	req.Header["Accept"] = values[2:3:3]
	if c.organization != "" {
		values[3] = c.organization
		req.Header["Openai-Organization"] = values[3:4:4]
	}
	if req.Method == http.MethodPost {
		key, err := idempotencyKey(ctx)
		if err != nil {
			return nil, err
		}
		values[4] = key
		req.Header["Idempotency-Key"] = values[4:5:5]
	}
	// A body that cannot be produced again cannot be retried.
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil

	for attempt := 0; ; attempt++ {
		resp, body, err := c.attempt(ctx, req, attempt)
		var (
			lastErr error
			cause   error // why an attempt got no complete answer
			status  int
			header  http.Header
		)
		switch {
		case resp == nil:
			lastErr, cause = &TransportError{Op: req.Method + " " + c.path(req), Err: unwrapURLError(err)}, err
		case resp.StatusCode >= 200 && resp.StatusCode <= 299 && err == nil:
			c.log(ctx, req, attempt, resp, nil, 0)
			resp.Body = &bufferedBody{buf: body}
			return resp, nil
		case resp.StatusCode >= 200 && resp.StatusCode <= 299:
			// The headers arrived but the body did not: the connection
			// dropped or the attempt timed out while reading it.
			lastErr = &DecodeError{StatusCode: resp.StatusCode, RequestID: c.requestID(resp),
				Err: fmt.Errorf("reading the body: %w", unwrapURLError(err))}
			cause = err
		default:
			lastErr = c.newError(resp, *body)
			status, header = resp.StatusCode, resp.Header
		}
		if body != nil {
			putBuffer(body)
		}

		retry, wait := c.retryWait(attempt, status, header, cause)
		if !retry || !replayable {
			c.log(ctx, req, attempt, resp, lastErr, 0)
			return nil, lastErr
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			c.log(ctx, req, attempt, resp, lastErr, 0)
			return nil, fmt.Errorf("%w (not retried: waiting %s would pass the context deadline: %w)", lastErr, wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		c.log(ctx, req, attempt, resp, lastErr, wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%w (retry abandoned: %w)", lastErr, err)
		}
	}
}

// path returns the escaped path of req without the base URL's path, as
// "/organization/invites". It is worked out only for an error or a log line.
func (c *Client) path(req *http.Request) string {
	return strings.TrimPrefix(req.URL.EscapedPath(), c.basePath)
}

// attempt sends attempt number n of req and reads its answer, all within the
// per-attempt timeout. The body of a 2xx answer is read up to one byte past
// the response size limit (decode reports a larger body), that of any other
// answer up to maxErrorBody, into a pooled buffer; either way the body is
// then drained (bounded) and closed, so that the connection can carry the
// next request. resp is nil when no answer arrived; err is then the
// transport's error. When resp is not nil, body is the buffer, which the
// caller gives back, and err is a failure to read the body.
func (c *Client) attempt(ctx context.Context, req *http.Request, n int) (resp *http.Response, body *[]byte, err error) {
	actx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()
	areq := req.WithContext(actx)
	if n > 0 {
		areq = req.Clone(actx)
		if req.GetBody != nil {
			b, err := req.GetBody()
			if err != nil {
				return nil, nil, err
			}
			areq.Body = b
		}
	}
	resp, err = c.http.Do(areq)
	if err != nil {
		return nil, nil, err
	}
	limit := int64(maxErrorBody)
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		limit = c.maxResponseBytes
		if limit < math.MaxInt64 {
			limit++
		}
	}
	body = getBuffer()
	var ended bool
	*body, ended, err = readUpTo(resp.Body, *body, limit)
	if ended {
		_ = resp.Body.Close() // nothing left to drain
	} else {
		closeBody(resp.Body)
	}
	return resp, body, err
}

// newError builds the *Error for a non-2xx answer, with the admin key
// removed should the server have repeated it: from the body before it is
// cut to a snippet (which could keep part of the key), and from the fields
// after they are decoded (JSON escapes could have hidden it).
func (c *Client) newError(resp *http.Response, body []byte) *Error {
	e := newError(resp, []byte(c.scrub(string(body))))
	for _, s := range []*string{&e.Type, &e.Code, &e.Param, &e.Message, &e.RequestID} {
		*s = c.scrub(*s)
	}
	return e
}

// requestID returns an answer's x-request-id, with the admin key removed
// should the server have repeated it.
func (c *Client) requestID(resp *http.Response) string {
	return c.scrub(resp.Header.Get("x-request-id"))
}

// scrub replaces the admin key in s, which comes from a server, with
// "[redacted]".
func (c *Client) scrub(s string) string {
	key := c.adminKey()
	if key == "" { // NewClient refuses one; ReplaceAll would insert everywhere
		return s
	}
	return strings.ReplaceAll(s, key, redacted)
}

// closeBody drains what is left of a body (bounded) and closes it, so that
// the connection can carry the next request.
func closeBody(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, maxDrain)
	_ = body.Close()
}

// retryWait applies the retry policy to a failed attempt: whether to try
// again, and after how long. cause is set for an attempt that got no
// complete answer, and status and header for one that did.
func (c *Client) retryWait(attempt, status int, header http.Header, cause error) (bool, time.Duration) {
	if attempt >= c.maxRetries {
		return false, 0
	}
	if cause != nil {
		return isRetryableTransportError(cause), c.backoff(attempt)
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
	if hint := retryAfterHint(header, time.Now()); hint > 0 {
		// A server that asks for a longer wait than we accept gets no
		// retry at all: the *Error tells the caller how long it asked for.
		return hint <= c.maxRetryDelay, hint
	}
	return true, c.backoff(attempt)
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

// log writes one attempt to the logger, if there is one, at debug level:
// method, path, attempt number, status, request id, the error of a failed
// attempt and the wait before the next one. Headers, and so the admin key,
// are never logged.
func (c *Client) log(ctx context.Context, req *http.Request, attempt int, resp *http.Response, err error, wait time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("method", req.Method), slog.String("path", c.path(req)), slog.Int("attempt", attempt+1)}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", c.requestID(resp)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	if wait > 0 {
		attrs = append(attrs, slog.Duration("retry_in", wait))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "invites: request", attrs...)
}

// TransportError is returned when a call got no answer at all: the
// connection was refused or dropped, or an attempt timed out. It names the
// operation (method and path) but never the full URL or any header.
type TransportError struct {
	// Op is the method and path of the request, such as
	// "GET /organization/invites".
	Op string
	// Err is the cause; errors.Is(err, context.DeadlineExceeded) and the
	// like see through it.
	Err error
}

// Error describes the failure.
func (e *TransportError) Error() string { return "invites: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// backoff returns the exponential backoff before retry number attempt+1,
// with jitter that shortens it by up to a quarter. NewClient makes sure the
// initial backoff is at most the cap.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.initialBackoff
	for range attempt {
		if d >= c.maxBackoff/2 {
			d = c.maxBackoff
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
		if v, err := strconv.ParseFloat(ms, 64); err == nil && v > 0 {
			return scale(v, time.Millisecond)
		}
	}
	if s := strings.TrimSpace(header.Get("Retry-After")); s != "" {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v > 0 {
			return scale(v, time.Second)
		}
		if t, err := http.ParseTime(s); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	return 0
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

// unwrapURLError drops the *url.Error wrapper, whose message holds the full
// URL, and keeps its cause.
func unwrapURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
