package api

import (
	cryptorand "crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// MaxIdempotencyKeyLength is the longest Idempotency-Key a caller may set.
const MaxIdempotencyKeyLength = 255

// A CallOption configures one call, after its other arguments:
//
//	inv, err := client.CreateInvite(ctx, req, api.WithIdempotencyKey("row-17"), api.WithRetries(5))
//
// A call checks its options before it sends anything and returns a
// *ValidationError for the first one that is not valid.
type CallOption func(*callConfig)

// callConfig is what the call options set, over the client's defaults.
type callConfig struct {
	idempotencyKey string
	attemptTimeout time.Duration
	maxRetries     int
	response       *Response
	invalid        *ValidationError // the first option that is not valid
	about          string           // the invite id the answer must be about, if any
	earlierUnknown bool             // WithEarlierAttemptUnknown: an earlier call may have created the invite
	endpoint       endpoint         // whose pace the call keeps to

	// Kept by send across the call's attempts, in the one value a call
	// allocates for them: the Idempotency-Key above, drawn at the first POST
	// attempt when no option set it, and the request the attempt under way
	// built.
	req *http.Request
}

// Response is the metadata of the answer that ended a call: see
// WithResponseInto.
type Response struct {
	// StatusCode is the HTTP status code of the answer.
	StatusCode int
	// RequestID is the answer's x-request-id header: quote it when asking
	// OpenAI for help.
	RequestID string
	// Header holds the answer's headers, a copy without the admin key:
	// should the server have repeated it, as it is or escaped, in a value,
	// it is replaced by "[redacted]", and a header whose name holds it is
	// named "[redacted]".
	Header http.Header
	// RateWait is how long the call waited for the rate limit in all,
	// before its requests and between them (see the package
	// documentation, # Rate limits). Retries' backoffs are not in it.
	RateWait time.Duration
}

// WithIdempotencyKey makes a CreateInvite send key as its Idempotency-Key
// header, instead of a fresh random key; other calls ignore it. Retries of
// one call always reuse its key, so a retried create never invites twice;
// set your own key to make retries across calls (or processes) safe too. A
// server that honours the header answers a repeated key with the first
// call's result, and refuses it for a request with a different body.
//
// The key must be 1 to MaxIdempotencyKeyLength printable ASCII characters
// without spaces; the call returns a *ValidationError for field
// "Idempotency-Key" otherwise, before anything is sent. An empty key means a
// fresh random one.
func WithIdempotencyKey(key string) CallOption {
	return func(c *callConfig) {
		if key != "" {
			c.check(validateIdempotencyKey(key))
			c.idempotencyKey = key
		}
	}
}

// WithAttemptTimeout bounds each attempt of this call, from sending the
// request to reading the whole response, instead of the client's
// WithRequestTimeout. d must be positive.
func WithAttemptTimeout(d time.Duration) CallOption {
	return func(c *callConfig) {
		if d <= 0 {
			c.check(fieldError("WithAttemptTimeout", "must be positive, got "+d.String()))
		}
		c.attemptTimeout = d
	}
}

// WithRetries sets how many times this call is retried, instead of the
// client's WithMaxRetries: n extra attempts at most, 0 to disable retries.
// n must not be negative.
func WithRetries(n int) CallOption {
	return func(c *callConfig) {
		if n < 0 {
			c.check(fieldError("WithRetries", "must be 0 or more, got "+strconv.Itoa(n)))
		}
		c.maxRetries = n
	}
}

// WithResponseInto fills *dst with the status code, request id and headers
// of the answer that ended the call: the success, or the answer behind an
// *Error. On AllInvites, that is the answer of the last page read. dst is
// left as it is when no answer arrived. The admin key, should the server
// have repeated it in a header, is not in dst.
func WithResponseInto(dst *Response) CallOption {
	return func(c *callConfig) { c.response = dst }
}

// WithEarlierAttemptUnknown tells CreateInvite that an earlier call with
// the same request, whose outcome is unknown (its answer was lost, or the
// program stopped while it was in flight), may have created the invite. A
// 409 invite_exists is then settled as for a retry within the call: the
// email's pending invite is looked up and returned, as the one the earlier
// call made (see CreateInvite). Other calls ignore it.
func WithEarlierAttemptUnknown() CallOption {
	return func(c *callConfig) { c.earlierUnknown = true }
}

// check keeps err, if it is the first option error.
func (c *callConfig) check(err *ValidationError) {
	if err != nil && c.invalid == nil {
		c.invalid = err
	}
}

// callConfig returns the client's defaults with opts applied, or the
// *ValidationError of the first option that is not valid.
func (c *Client) callConfig(opts []CallOption) (*callConfig, error) {
	cfg := &callConfig{attemptTimeout: c.requestTimeout, maxRetries: c.maxRetries}
	for _, opt := range opts {
		if opt != nil {
			opt(cfg)
		}
	}
	if cfg.invalid != nil {
		return nil, cfg.invalid
	}
	return cfg, nil
}

// validateIdempotencyKey checks a caller's Idempotency-Key.
func validateIdempotencyKey(key string) *ValidationError {
	const field = "Idempotency-Key"
	if len(key) > MaxIdempotencyKeyLength {
		return fieldError(field, "must be at most 255 characters long")
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] > '~' {
			return fieldError(field, "must be printable ASCII without spaces")
		}
	}
	return nil
}

// newIdempotencyKey returns a fresh random Idempotency-Key: 128 random bits,
// so two calls never share one.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = cryptorand.Read(b[:])
	return "invites-" + hex.EncodeToString(b[:])
}
