package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/gen"
)

// maxDrain caps how much of an unread body is drained so that its connection
// can be reused; a longer body costs a connection instead.
const maxDrain = 64 << 10

// attemptAnswer is what send keeps of an attempt's response once its body is
// decoded and closed: what the retry policy, the log and WithResponseInto
// look at.
type attemptAnswer struct {
	status int
	header http.Header
}

// sendFunc sends one attempt of an operation through the generated client,
// which builds the request (path, method, parameters, body); edit adds the
// headers before it goes out.
type sendFunc func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error)

// invoke is the one way an operation is sent. It returns invalid, the result
// of checking the call's arguments, if that is not nil, and the error of the
// first call option that is not valid; so nothing is sent for a call that
// breaks a rule. Then it sends the operation (see send) to endpoint ep.
// about, when not empty, is the id of the invite the answer must be about
// (a get or a delete names one).
func invoke[T any](ctx context.Context, c *Client, opts []CallOption, invalid error, ep endpoint, about string, op sendFunc) (*T, error) {
	if invalid != nil {
		return nil, invalid
	}
	cfg, err := c.callConfig(opts)
	if err != nil {
		return nil, err
	}
	cfg.about = about
	cfg.endpoint = ep
	return send[T](ctx, c, cfg, op)
}

// send sends an operation through op and decodes the answer, attempt after
// attempt, as the retry policy says (see the package documentation,
// # Retries), each attempt within cfg's attempt timeout, and each at the
// endpoint's pace (# Rate limits). A 429 met while pacing is sent again
// once the pace allows, without using up a retry.
func send[T any](ctx context.Context, c *Client, cfg *callConfig, op sendFunc) (*T, error) {
	// One request editor serves every attempt: it sets the headers, and
	// keeps the request that the generated builder made in cfg.req.
	edit := func(_ context.Context, r *http.Request) error {
		cfg.req = r
		c.setHeaders(r, &cfg.idempotencyKey)
		return nil
	}
	var p *pacer
	if c.pace != nil {
		p = &c.pace.endpoints[cfg.endpoint]
	}
	var rw rateWait
	for attempt := 0; ; {
		var t ticket
		if p != nil && p.active.Load() {
			var err error
			if t, err = c.pace.wait(ctx, p, &rw); err != nil {
				cfg.reportWait(rw.waited)
				return nil, err
			}
		} else if p != nil {
			p.quietInFlight.Add(1)
		}
		v, a, req, err := sendOnce[T](ctx, c, cfg, op, edit)
		if p != nil {
			c.pace.done(ctx, p, t, a.status, a.header)
		}
		if err == nil {
			cfg.report(c, a, rw.waited)
			c.log(ctx, req, attempt, a, nil, 0)
			return v, nil
		}
		if p != nil && a.status == http.StatusTooManyRequests && ctx.Err() == nil {
			// Flow control, not a failure: the pace says when to send it
			// again, and no retry is used up.
			var last *Error // not rw.last: errors.As would move rw to the heap
			errors.As(err, &last)
			rw.last = last
			c.log(ctx, req, attempt, a, err, 0)
			continue
		}

		retry, wait := c.retryWait(cfg.maxRetries, attempt, a.status, a.header, err)
		var final error
		if !retry {
			final = err
		} else if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			final = fmt.Errorf("%w (not retried: waiting %s would pass the context deadline: %w)", err, wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		if final != nil {
			cfg.report(c, a, rw.waited)
			c.log(ctx, req, attempt, a, err, 0)
			return nil, final
		}
		c.log(ctx, req, attempt, a, err, wait)
		if serr := sleep(ctx, wait); serr != nil {
			cfg.report(c, a, rw.waited) // this answer ended the call
			return nil, fmt.Errorf("%w (retry abandoned: %w)", err, serr)
		}
		attempt++
	}
}

// sendOnce makes one attempt: it sends the operation through send, with
// edit as its request editor, and decodes the answer, all within the attempt
// timeout, then drains (bounded) and closes the body, so that the connection
// can carry the next request. It returns the answer (status 0 when none
// came) and the request that went out (nil when the generated builder
// failed), which edit keeps in cfg.req.
func sendOnce[T any](ctx context.Context, c *Client, cfg *callConfig, send sendFunc, edit gen.RequestEditorFn) (*T, attemptAnswer, *http.Request, error) {
	actx, cancel := context.WithTimeout(ctx, cfg.attemptTimeout)
	defer cancel()
	cfg.req = nil
	resp, err := send(actx, edit)
	req := cfg.req
	cfg.req = nil // not kept past the attempt, as a walk's config lasts for every page
	if err != nil {
		if req == nil {
			return nil, attemptAnswer{}, nil, fmt.Errorf("invites: building the request: %w", err)
		}
		return nil, attemptAnswer{}, req, &TransportError{Op: req.Method + " " + c.path(req), Err: unwrapURLError(err)}
	}
	defer func() {
		drain(resp.Body) // first, so that the connection can be reused
		_ = resp.Body.Close()
	}()
	v, err := decode[T](c, resp)
	if err == nil && cfg.about != "" {
		if cause := c.checkAbout(v, cfg.about); cause != nil {
			v, err = nil, c.decodeError(resp, cause)
		}
	}
	return v, attemptAnswer{status: resp.StatusCode, header: resp.Header}, req, err
}

// report fills the caller's Response, if WithResponseInto asked for one,
// from the answer that ended the call.
func (cfg *callConfig) report(c *Client, a attemptAnswer, rateWait time.Duration) {
	if cfg.response != nil && a.status != 0 {
		*cfg.response = Response{StatusCode: a.status, RequestID: c.requestID(a.header), Header: c.scrubHeader(a.header), RateWait: rateWait}
	}
}

// reportWait records, for WithResponseInto, how long a call that ended
// while waiting for the limit waited; the rest of the Response is the last
// answer's, if the call got one.
func (cfg *callConfig) reportWait(rateWait time.Duration) {
	if cfg.response != nil {
		cfg.response.RateWait = rateWait
	}
}

// setHeaders sets the headers every request carries, and the Idempotency-Key
// of a POST: *key, or a fresh random key that *key then keeps for the
// retries. The values share one allocation, as http.Header.Clone lays them
// out (each capped, so that an append to one copies it instead of writing
// over the next), and the names are written in their canonical form.
func (c *Client) setHeaders(req *http.Request, key *string) {
	post := req.Method == http.MethodPost
	n := 3
	if c.organization != "" {
		n++
	}
	if post {
		n++
		if *key == "" {
			*key = newIdempotencyKey()
		}
	}
	vals := make([]string, 0, n)
	h := req.Header
	set := func(name, value string) {
		vals = append(vals, value)
		h[name] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	set("Authorization", c.bearer())
	set("User-Agent", c.userAgent)
	set("Accept", "application/json")
	if c.organization != "" {
		set("Openai-Organization", c.organization)
	}
	if post {
		set("Idempotency-Key", *key)
	}
}

// drain reads what is left of a body, up to maxDrain, so that its
// connection can carry the next request once the body is closed. Most
// bodies are at their end already (decode read them): one Read into a
// pooled buffer (see buffer.go) finds that out without allocating.
func drain(body io.Reader) {
	buf := getBuffer()
	defer putBuffer(buf)
	n, err := body.Read((*buf)[:min(cap(*buf), maxDrain)])
	if err == nil {
		_, _ = io.CopyN(io.Discard, body, maxDrain-int64(n))
	}
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
func (c *Client) log(ctx context.Context, req *http.Request, attempt int, a attemptAnswer, err error, wait time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	var attrs []slog.Attr
	if req != nil {
		attrs = append(attrs, slog.String("method", req.Method), slog.String("path", c.path(req)))
	}
	attrs = append(attrs, slog.Int("attempt", attempt+1))
	if a.status != 0 {
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
