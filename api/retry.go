package api

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
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

type idempotencyKeyCtx struct{}

// WithIdempotencyKey returns a context under which CreateInvite sends key as
// its Idempotency-Key header, instead of a fresh random key. Retries of one
// call always reuse its key, so a retried create never invites twice; set
// your own key to make retries across calls (or processes) safe too.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyCtx{}, key)
}

// do is the one place where requests are sent. It sets the headers every
// request carries, then sends the request, retrying as the retry policy
// says (see the package documentation, # Retries). It returns a response only
// for a 2xx answer; any other answer becomes an *Error.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// One allocation holds every header value; each header gets a slice of
	// it that cannot grow into the next.
	values := make([]string, 0, 5)
	set := func(key, value string) {
		values = append(values, value)
		n := len(values)
		req.Header[key] = values[n-1 : n : n]
	}
	set("Authorization", c.authorization)
	set("User-Agent", c.userAgent)
	set("Accept", "application/json")
	if c.organization != "" {
		set("Openai-Organization", c.organization)
	}
	if req.Method == http.MethodPost {
		key, _ := ctx.Value(idempotencyKeyCtx{}).(string)
		if key == "" {
			key = newIdempotencyKey()
		}
		set("Idempotency-Key", key)
	}

	for attempt := 0; ; attempt++ {
		resp, err := c.attempt(ctx, req, attempt)
		if err == nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			c.log(ctx, req, attempt, resp, 0)
			return resp, nil
		}
		var lastErr error
		var header http.Header
		status := 0
		if err != nil {
			lastErr = &TransportError{Op: c.opName(req), Err: unwrapURLError(err)}
		} else {
			status, header = resp.StatusCode, resp.Header
			lastErr = readError(resp)
		}
		retry, wait := c.retryWait(ctx, attempt, status, header, err)
		if !retry {
			c.log(ctx, req, attempt, resp, 0)
			return nil, lastErr
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			c.log(ctx, req, attempt, resp, 0)
			return nil, fmt.Errorf("%w (not retried: waiting %s would pass the context deadline: %w)", lastErr, wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		c.log(ctx, req, attempt, resp, wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%w (retry abandoned: %w)", lastErr, err)
		}
	}
}

// opName names the operation of req by its method and path, without the
// base URL's path, as "GET /organization/invites". It is worked out only for
// an error or a log line.
func (c *Client) opName(req *http.Request) string {
	return req.Method + " " + strings.TrimPrefix(req.URL.EscapedPath(), c.basePath)
}

// attempt sends one attempt of req, bounded by the per-attempt timeout. The
// timeout keeps running while the caller reads the body, and ends when the
// body is closed.
func (c *Client) attempt(ctx context.Context, req *http.Request, n int) (*http.Response, error) {
	actx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	areq := req.WithContext(actx)
	if n > 0 {
		areq = req.Clone(actx)
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				cancel()
				return nil, err
			}
			areq.Body = body
		}
	}
	resp, err := c.http.Do(areq)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's timeout when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and releases the attempt's timer.
func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// readError reads a non-2xx answer (bounded), closes it and returns its *Error.
func readError(resp *http.Response) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	closeBody(resp.Body)
	return newError(resp, body)
}

// closeBody drains what is left of a body (bounded) and closes it, so that
// the connection can carry the next request.
func closeBody(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, maxDrain)
	_ = body.Close()
}

// retryWait applies the retry policy to a failed attempt: whether to try
// again, and after how long. status and header are zero for an attempt that
// got no answer.
func (c *Client) retryWait(ctx context.Context, attempt, status int, header http.Header, err error) (bool, time.Duration) {
	if attempt >= c.maxRetries || ctx.Err() != nil {
		return false, 0
	}
	if err != nil {
		return isRetryableTransportError(err), c.backoff(attempt)
	}
	switch strings.ToLower(header.Get("x-should-retry")) {
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

// isRetryableTransportError reports whether an attempt that got no answer
// failed in a way another attempt may not: a refused, reset or closed
// connection, or an attempt that ran out of its own time. Errors of the
// caller's context, of TLS certificates or of the request itself are final.
func isRetryableTransportError(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true // the per-attempt timeout; the caller's ctx is checked first
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed) {
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

// log writes one attempt to the logger, if there is one, at debug level.
func (c *Client) log(ctx context.Context, req *http.Request, attempt int, resp *http.Response, wait time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("op", c.opName(req)), slog.Int("attempt", attempt+1)}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("x-request-id")))
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
// with jitter that shortens it by up to a quarter.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.initialBackoff << attempt
	if d > c.maxBackoff || d <= 0 {
		d = c.maxBackoff
	}
	return d - time.Duration(rand.Int64N(int64(d)/4+1)) //nolint:gosec // G404: jitter needs no cryptographic randomness
}

// retryAfterHint returns the wait a server asked for through retry-after-ms
// or Retry-After (seconds or an HTTP date), or zero.
func retryAfterHint(header http.Header, now time.Time) time.Duration {
	if ms := header.Get("retry-after-ms"); ms != "" {
		if v, err := strconv.ParseFloat(ms, 64); err == nil && v > 0 {
			return time.Duration(v * float64(time.Millisecond))
		}
	}
	if s := header.Get("Retry-After"); s != "" {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v > 0 {
			return time.Duration(v * float64(time.Second))
		}
		if t, err := http.ParseTime(s); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	return 0
}

// newIdempotencyKey returns a fresh random Idempotency-Key.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = cryptorand.Read(b[:])
	return "invites-" + hex.EncodeToString(b[:])
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
