package api

import (
	"strconv"
	"strings"
	"time"
)

// Sources of a PaceChange.
const (
	PaceDeclared   = "declared"    // WithRateLimit
	PaceRetryAfter = "retry-after" // a 429's Retry-After or retry-after-ms
	PaceHeaders    = "x-ratelimit" // x-ratelimit-remaining-requests and -reset-requests
	PaceLearned    = "learned"     // from the 429s alone
	PaceLifted     = "lifted"      // a pause ended, no pace is kept
)

// PaceChange describes one change of an endpoint's pace. The client reports
// each change once, to WithPaceHook and to WithLogger, never once per
// request.
type PaceChange struct {
	// Endpoint is the method and path template, such as
	// "POST /organization/invites"; an invite id is not part of it.
	Endpoint string
	// Requests is how many requests per Per the client now keeps to, or 0
	// when it paces by waits alone (it has not learned the limit yet).
	Requests int
	// Per is the period of Requests.
	Per time.Duration
	// Wait is the pause that starts now: no request to the endpoint is sent
	// before it ends. It is 0 when none starts.
	Wait time.Duration
	// Source says where the pace comes from: PaceDeclared, PaceRetryAfter,
	// PaceHeaders, PaceLearned or PaceLifted.
	Source string
}

// String describes the change in one line, as the logger writes it.
func (pc PaceChange) String() string {
	var b strings.Builder
	b.WriteString(pc.Endpoint)
	b.WriteString(": ")
	if pc.Requests > 0 {
		b.WriteString(strconv.Itoa(pc.Requests))
		b.WriteString(" per ")
		b.WriteString(pc.Per.String())
	} else {
		b.WriteString("no pace")
	}
	if pc.Wait > 0 {
		b.WriteString(", pausing ")
		b.WriteString(pc.Wait.Round(time.Millisecond).String())
	}
	b.WriteString(" (")
	b.WriteString(pc.Source)
	b.WriteString(")")
	return b.String()
}
