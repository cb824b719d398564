package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/gen"
)

// maxErrorBody caps how much of an error answer is read: enough for any
// OpenAI error body and for a snippet of a proxy's HTML page.
const maxErrorBody = 64 << 10

// maxDrain caps how much of an unread body is drained so that its connection
// can be reused; a longer body costs a connection instead.
const maxDrain = 64 << 10

// sendFunc sends one attempt of an operation through the generated client,
// which builds the request (path, method, parameters, body); edit adds the
// headers before it goes out.
type sendFunc func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error)

// answer is what one attempt got back: the status, the headers and the body,
// read up to a limit. err is set when the body could not be read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
}

// call is the one way an operation is sent. It checks the call options,
// sends the operation through send, retrying as the retry policy says (see
// the package documentation, # Retries), and turns the answer that ends the
// call into a *T or an error with decode.
func call[T any](ctx context.Context, c *Client, opts []CallOption, send sendFunc) (*T, error) {
	cfg, err := c.callConfig(opts)
	if err != nil {
		return nil, err
	}
	key := cfg.idempotencyKey // drawn at the first POST attempt when empty, then kept
	for attempt := 0; ; attempt++ {
		a, req, err := c.attempt(ctx, cfg.attemptTimeout, send, &key)
		var v *T
		if err == nil {
			v, err = decode[T](c, a)
		}
		if err == nil {
			cfg.report(c, a)
			c.log(ctx, req, attempt, a, nil, 0)
			return v, nil
		}

		retry, wait := c.retryWait(cfg.maxRetries, attempt, a, err)
		var final error
		if !retry {
			final = err
		} else if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			final = fmt.Errorf("%w (not retried: waiting %s would pass the context deadline: %w)", err, wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		if final != nil {
			cfg.report(c, a)
			c.log(ctx, req, attempt, a, err, 0)
			return nil, final
		}
		c.log(ctx, req, attempt, a, err, wait)
		if serr := sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("%w (retry abandoned: %w)", err, serr)
		}
	}
}

// attempt sends one attempt through send and reads its answer, all within
// the attempt timeout, and returns the request it sent. The body of a 2xx
// answer is read up to one byte past the response size limit (decode
// reports a larger body), that of any other answer up to maxErrorBody; the
// body is then drained (bounded) and closed, so that the connection can carry
// the next request. With no answer, the error is a *TransportError, or the
// generated builder's error when no request went out.
func (c *Client) attempt(ctx context.Context, timeout time.Duration, send sendFunc, key *string) (*answer, *http.Request, error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var req *http.Request
	resp, err := send(actx, func(_ context.Context, r *http.Request) error {
		req = r
		c.setHeaders(r, key)
		return nil
	})
	if err != nil {
		if req == nil {
			return nil, nil, fmt.Errorf("invites: building the request: %w", err)
		}
		return nil, req, &TransportError{Op: req.Method + " " + c.path(req), Err: unwrapURLError(err)}
	}
	defer closeBody(resp.Body)
	limit := int64(maxErrorBody)
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		limit = c.maxResponseBytes
		if limit < math.MaxInt64 {
			limit++
		}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	return &answer{status: resp.StatusCode, header: resp.Header, body: body, err: err}, req, nil
}

// report fills the caller's Response, if WithResponseInto asked for one,
// from the answer that ended the call.
func (cfg *callConfig) report(c *Client, a *answer) {
	if cfg.response != nil && a != nil {
		*cfg.response = Response{StatusCode: a.status, RequestID: c.requestID(a.header), Header: a.header}
	}
}

// setHeaders sets the headers every request carries, and the Idempotency-Key
// of a POST: *key, or a fresh random key that *key then keeps for the
// retries.
func (c *Client) setHeaders(req *http.Request, key *string) {
	h := req.Header
	h.Set("Authorization", "Bearer "+c.adminKey())
	h.Set("User-Agent", c.userAgent)
	h.Set("Accept", "application/json")
	if c.organization != "" {
		h.Set("OpenAI-Organization", c.organization)
	}
	if req.Method == http.MethodPost {
		if *key == "" {
			*key = newIdempotencyKey()
		}
		h.Set("Idempotency-Key", *key)
	}
}

// closeBody drains what is left of a body (bounded) and closes it, so that
// the connection can carry the next request.
func closeBody(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, maxDrain)
	_ = body.Close()
}

// path returns the escaped path of req without the base URL's path, as
// "/organization/invites". It is worked out only for an error or a log line.
func (c *Client) path(req *http.Request) string {
	return strings.TrimPrefix(req.URL.EscapedPath(), c.basePath)
}

// log writes one attempt to the logger, if there is one, at debug level:
// method, path, attempt number, status, request id, the error of a failed
// attempt and the wait before the next one. Headers, and so the admin key,
// are never logged.
func (c *Client) log(ctx context.Context, req *http.Request, attempt int, a *answer, err error, wait time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	var attrs []slog.Attr
	if req != nil {
		attrs = append(attrs, slog.String("method", req.Method), slog.String("path", c.path(req)))
	}
	attrs = append(attrs, slog.Int("attempt", attempt+1))
	if a != nil {
		attrs = append(attrs, slog.Int("status", a.status), slog.String("request_id", c.requestID(a.header)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	if wait > 0 {
		attrs = append(attrs, slog.Duration("retry_in", wait))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "invites: request", attrs...)
}
