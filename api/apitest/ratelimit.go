package apitest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/internal/durationtext"
)

// RateLimit limits how many requests the fake serves on an endpoint, as
// OpenAI's service does: at most Requests per Per, counted as a fixed window
// or a token bucket. A request beyond the limit is answered 429, with
// OpenAI's error body (type "requests", code "rate_limit_exceeded"), without
// being served, and with the hints that Hints asks for. It is plain data,
// with a text form (see ParseRateLimit), like Fault:
//
//	apitest.WithRateLimit(apitest.RateLimit{
//		Endpoint: "POST /organization/invites",
//		Requests: 7, Per: time.Minute,
//		Kind: apitest.LimitBucket, Hints: apitest.HintsRetryAfter,
//	})
//
// Each endpoint counts its own requests: a limit without an Endpoint is the
// default for every endpoint that has no limit of its own, and each of them
// gets a budget of its own, not a share of one. The requests counted are
// those that carry the admin key and name one of the four operations; a
// request without the key is answered 401 first, as always, and an unknown
// path or method is not limited. A refused request is not counted: only the
// ones served use up the budget.
//
// Time is the fake's clock (see WithClock and ManualClock), so that a test
// can step through "7 per minute" without waiting a minute; with the default
// clock, a compressed limit such as 7 per 700ms runs in real time.
type RateLimit struct {
	// Endpoint is the operation limited: its method and path template, as
	// "POST /organization/invites" or "DELETE /organization/invites/{invite_id}"
	// (the method in any case, the path with or without /v1, the parameter in
	// braces under any name). Empty, or "*", is the default for every
	// endpoint without a limit of its own.
	Endpoint string
	// Requests is how many requests are served per Per: from 1 to
	// MaxRateLimitRequests.
	Requests int
	// Per is the period of the limit: from 1ms to 24h.
	Per time.Duration
	// Kind says how requests are counted: a fixed window (the default) or a
	// token bucket.
	Kind LimitKind
	// Hints says what the answers tell a client about the limit: nothing
	// (the default, as OpenAI's admin endpoints do), Retry-After on each 429,
	// or the x-ratelimit-* headers on every answer.
	Hints LimitHints
}

// MaxRateLimitRequests is the largest RateLimit.Requests.
const MaxRateLimitRequests = 1_000_000

// The bounds of RateLimit.Per.
const (
	minRatePeriod = time.Millisecond
	maxRatePeriod = 24 * time.Hour
)

// LimitKind says how a RateLimit counts requests.
type LimitKind int

// The ways a RateLimit counts requests.
const (
	// LimitWindow counts requests in fixed windows of Per, each starting
	// with the first request after the previous one ended: Requests are
	// served, the rest refused until the window ends, and then the next
	// request opens a new window with the whole budget.
	LimitWindow LimitKind = iota
	// LimitBucket is a token bucket that holds Requests tokens, starts
	// full, and refills continuously at Requests per Per: a request takes a
	// token, or is refused until the next token is due (Per/Requests after
	// the one before).
	LimitBucket
)

// String returns the kind's name in the text form: "window" or "bucket".
func (k LimitKind) String() string {
	switch k {
	case LimitWindow:
		return "window"
	case LimitBucket:
		return "bucket"
	}
	return "LimitKind(" + strconv.Itoa(int(k)) + ")"
}

// LimitHints says what a RateLimit's answers tell a client.
type LimitHints int

// The hints a RateLimit gives.
const (
	// HintsNone sends a bare 429: no header says how long to wait, and the
	// message says only to try again later. This is what OpenAI's admin
	// endpoints have been measured to do.
	HintsNone LimitHints = iota
	// HintsRetryAfter sends, on each 429, Retry-After (the wait in whole
	// seconds, rounded up, at least 1) and retry-after-ms (the wait in
	// milliseconds, rounded up).
	HintsRetryAfter
	// HintsHeaders sends OpenAI's headers on every answer of the endpoint,
	// 2xx and errors alike: x-ratelimit-limit-requests (Requests),
	// x-ratelimit-remaining-requests (how many more would be served now,
	// after this one) and x-ratelimit-reset-requests (how long until the
	// limit is back to its whole budget: the end of the window, or until the
	// bucket is full again; a Go duration such as 1s, 8.572s or 6m0s, in
	// milliseconds rounded up). A 429 says remaining 0 and carries no
	// Retry-After.
	HintsHeaders
)

// hintNames are the names of the hints in the text form, by value.
var hintNames = [...]string{
	HintsNone:       "none",
	HintsRetryAfter: "retry-after",
	HintsHeaders:    "headers",
}

// String returns the hints' name in the text form: "none", "retry-after"
// or "headers".
func (h LimitHints) String() string {
	if h >= 0 && int(h) < len(hintNames) {
		return hintNames[h]
	}
	return "LimitHints(" + strconv.Itoa(int(h)) + ")"
}

// endpoints are the operations a RateLimit can name, in the order error
// messages list them.
var endpoints = []string{
	http.MethodGet + " " + collectionPath,
	http.MethodPost + " " + collectionPath,
	http.MethodGet + " " + itemPath,
	http.MethodDelete + " " + itemPath,
}

// Validate reports the first thing wrong with l, or nil: an endpoint that is
// not one of the four operations, a count of requests or a period out of
// bounds, or an unknown kind or hint.
func (l RateLimit) Validate() error {
	if _, err := canonicalEndpoint(l.Endpoint); err != nil {
		return err
	}
	switch {
	case l.Requests < 1 || l.Requests > MaxRateLimitRequests:
		return fmt.Errorf("rate limit: requests must be from 1 to %d, got %d", MaxRateLimitRequests, l.Requests)
	case l.Per < minRatePeriod || l.Per > maxRatePeriod:
		return fmt.Errorf("rate limit: per must be from %s to %s, got %s", minRatePeriod, durationtext.Short(maxRatePeriod), l.Per)
	case l.Kind != LimitWindow && l.Kind != LimitBucket:
		return fmt.Errorf("rate limit: unknown kind %d (want LimitWindow or LimitBucket)", l.Kind)
	case l.Hints < HintsNone || l.Hints > HintsHeaders:
		return fmt.Errorf("rate limit: unknown hints %d (want HintsNone, HintsRetryAfter or HintsHeaders)", l.Hints)
	}
	return nil
}

// MinTime returns the least time in which requests requests can all be
// served under l, from a start with the whole budget: the time a client
// that keeps exactly to the limit takes, the ideal to measure a client that
// paces itself against. In a window, Requests go at once and Requests more
// as each next window opens, one Per after the last; in a bucket, Requests
// go at once and then one each Per/Requests. It is 0 for up to Requests
// requests.
func (l RateLimit) MinTime(requests int) time.Duration {
	if l.Requests < 1 || requests <= l.Requests {
		return 0
	}
	if l.Kind == LimitBucket {
		return time.Duration(requests-l.Requests) * l.Per / time.Duration(l.Requests)
	}
	windows := (requests + l.Requests - 1) / l.Requests
	return time.Duration(windows-1) * l.Per
}

// canonicalEndpoint returns the endpoint as the fake names it, such as
// "GET /organization/invites/{invite_id}", or "" for the default (an empty
// endpoint or "*"). It fails for anything that is not one of the four
// operations.
func canonicalEndpoint(endpoint string) (string, error) {
	s := strings.TrimSpace(endpoint)
	if s == "" || s == "*" {
		return "", nil
	}
	method, path, ok := strings.Cut(s, " ")
	if ok {
		path = strings.TrimSpace(path)
		if p, found := strings.CutPrefix(path, basePath+"/"); found {
			path = "/" + p
		}
		path = strings.TrimSuffix(path, "/")
		segs := strings.Split(path, "/")
		for i, seg := range segs {
			if len(seg) > 2 && strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				segs[i] = "{" + inviteIDParam + "}"
			}
		}
		canonical := strings.ToUpper(method) + " " + strings.Join(segs, "/")
		for _, e := range endpoints {
			if e == canonical {
				return e, nil
			}
		}
	}
	return "", fmt.Errorf("rate limit: endpoint %q is not METHOD PATH of an operation of the fake: %s, or empty (or *) for every one",
		endpoint, strings.Join(endpoints, ", "))
}
