package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/gen"
)

// decode is the one place where an answer becomes what a call returns: a *T
// for a 2xx answer whose body decodes, an *Error for any other status, a
// *DecodeError otherwise, also for a 2xx body that is not the object the
// operation promises (see checkAnswer). Unknown fields and enum values are
// accepted. The body of a 2xx answer must be exactly one JSON value, with
// nothing but white space around it, within the client's response size
// limit: data after the value is a *DecodeError wrapping ErrNotPromised. An
// error answer's body is read up to maxErrorBody (and a little more, so that
// newError can scrub a key that straddles the cut).
//
// A 2xx body is read, up to one byte past the limit, into a pooled buffer
// (see buffer.go) and unmarshalled there, once.
func decode[T any](c *Client, resp *http.Response) (*T, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+c.errorBodyOverlap()))
		return nil, c.newError(resp, body)
	}
	limit := c.maxResponseBytes
	buf := getBuffer()
	defer putBuffer(buf)
	var err error
	if *buf, err = readUpTo(resp.Body, *buf, min(limit, math.MaxInt64-1)+1); err != nil {
		// The headers arrived but the body did not: the connection
		// dropped or the attempt timed out while reading it.
		return nil, c.decodeError(resp, &bodyReadError{unwrapURLError(err)})
	}
	if int64(len(*buf)) > limit {
		return nil, c.decodeError(resp, fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(limit, 10)))
	}
	var v T
	if err := json.Unmarshal(*buf, &v); err != nil {
		if end, ok := trailingData(*buf); ok {
			err = fmt.Errorf("%w: the body goes on after its JSON value, from byte %d", ErrNotPromised, end)
		}
		return nil, c.decodeError(resp, err)
	}
	if err := c.checkAnswer(reflect.TypeFor[T](), *buf); err != nil {
		return nil, c.decodeError(resp, err)
	}
	return &v, nil
}

// trailingData reports whether body, which json.Unmarshal refused, starts
// with one valid JSON value that something other than white space follows,
// and where that starts. It runs only for a body that failed.
func trailingData(body []byte) (int64, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var first json.RawMessage
	if dec.Decode(&first) != nil {
		return 0, false
	}
	rest := bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n")
	if len(rest) == 0 {
		return 0, false // the value itself did not decode into the type
	}
	return int64(len(body) - len(rest)), true
}

// decodeError builds the *DecodeError for a 2xx answer that failed with err.
func (c *Client) decodeError(resp *http.Response, err error) *DecodeError {
	return &DecodeError{StatusCode: resp.StatusCode, RequestID: c.requestID(resp.Header), Err: err}
}

// errBodyTooLarge is the cause of a *DecodeError for a body over the cap.
var errBodyTooLarge = errors.New("response body exceeds the size limit")

// bodyReadError is the cause of a *DecodeError for a 2xx body that could not
// be read in full: the connection dropped, or the attempt timed out, after
// the headers arrived. Such an attempt is retried like a dropped connection.
type bodyReadError struct{ err error }

// Error describes the failure.
func (e *bodyReadError) Error() string { return "reading the body: " + e.err.Error() }

// Unwrap returns the cause.
func (e *bodyReadError) Unwrap() error { return e.err }

// unwrapURLError drops the *url.Error wrapper, whose message holds the full
// URL, and keeps its cause.
func unwrapURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}

// maxErrorBody caps how much of an error answer is read: enough for any
// OpenAI error body and for a snippet of a proxy's HTML page.
const maxErrorBody = 64 << 10

// errorBody is OpenAI's error body, the JSON of every error answer.
type errorBody struct {
	Error *gen.Error `json:"error"`
}

// errorBodyType is the type of errorBody, whose keys checkAnswer checks.
var errorBodyType = reflect.TypeFor[errorBody]()

// newError builds the *Error for a non-2xx answer from its headers and its
// body (read up to maxErrorBody plus errorBodyOverlap), with the admin key
// removed should the server have repeated it, as it is or escaped: from the
// body before it is cut to maxErrorBody or to a snippet (either could keep
// part of the key), and from the fields after they are decoded.
func (c *Client) newError(resp *http.Response, body []byte) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		RequestID:  c.requestID(resp.Header),
		RetryAfter: retryAfterHint(resp.Header, time.Now()),
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Message = c.redirectMessage(resp)
		return e
	}
	// The body was read past maxErrorBody by what the key takes, escaped:
	// a key that straddles the cut is whole here, and goes.
	body = []byte(c.scrub(string(body)))
	body = body[:min(len(body), maxErrorBody)]
	var parsed errorBody
	if err := json.Unmarshal(body, &parsed); err != nil || parsed.Error == nil || c.checkAnswer(errorBodyType, body) != nil {
		// Not OpenAI's error body, or one whose keys repeat or differ from
		// its fields' names only in case: none of its fields is trusted.
		e.Message = c.snippet(body)
		return e
	}
	e.Type = c.scrub(parsed.Error.Type)
	e.Message = c.scrub(parsed.Error.Message)
	if parsed.Error.Code != nil {
		e.Code = c.scrub(*parsed.Error.Code)
	}
	if parsed.Error.Param != nil {
		e.Param = c.scrub(*parsed.Error.Param)
	}
	return e
}

// redirectMessage describes a redirect answer (3xx) that the client did not
// follow, for the Message of its *Error: the host it points to (quoted, as a
// server chose it), and why it was refused: following it would have changed
// the request, or left the origin the call was sent to.
func (c *Client) redirectMessage(resp *http.Response) string {
	loc, err := resp.Location()
	switch {
	case err == nil:
	case resp.Header.Get("Location") != "":
		return "a redirect to a Location that is not a URL not followed"
	default:
		return "a redirect without a Location not followed"
	}
	target := "a redirect to host " + c.quote(loc.Host)
	req := resp.Request
	switch {
	case req == nil:
		return target + " not followed"
	case changesRequest(resp.StatusCode, req.Method):
		return target + " refused: following a " + strconv.Itoa(resp.StatusCode) + " would resend the " +
			req.Method + " as a GET without its body, and nothing it answers is what was asked"
	case strings.EqualFold(req.URL.Scheme, "https") && !strings.EqualFold(loc.Scheme, "https"):
		return target + " refused: it drops from https to " + c.quote(loc.Scheme) + ", and nothing is sent there"
	case !sameOrigin(loc, req.URL):
		return target + " refused: it leaves the origin the call was sent to, and nothing is sent there"
	}
	return target + " not followed"
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
