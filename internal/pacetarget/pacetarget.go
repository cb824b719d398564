// Package pacetarget holds the rate limit that OpenAI's admin endpoints were
// measured at, 7 creates a minute, in each form the fake can take, with the
// bounds a client that paces itself is held to in each. They are the cases
// of the SDK's pacing tests, of the CLI's, and of the pacing table of the
// benchmarks, which all import them from here. It is for tests.
package pacetarget

import (
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// Rows is how many creates a case sends.
const Rows = 50

// A Case is one form of the service's limit, with its bounds for Rows
// creates.
type Case struct {
	Name  string            // such as "window, no hints"
	Limit apitest.RateLimit // 7 creates a minute, counted and hinted in this form
	// MaxRatio bounds the wall time of the creates, as a multiple of
	// Limit.MinTime(Rows).
	MaxRatio float64
	// MaxRefused bounds how many of their requests the limit refuses.
	MaxRefused int
}

// Cases are the forms of the service's limit, the service's own first.
var Cases = []Case{
	// With no hint, as the service answers, the pace is learned by probing
	// the first pause (7 refusals over a minute), then kept.
	{"window, no hints", service(apitest.LimitWindow, apitest.HintsNone), 1.25, 12},
	// With a hint, one refusal to learn of the limit (one per worker under
	// way at it), then none or one a window.
	{"window, retry-after", service(apitest.LimitWindow, apitest.HintsRetryAfter), 1.05, 8},
	{"window, headers", service(apitest.LimitWindow, apitest.HintsHeaders), 1.05, 1},
	{"bucket, no hints", service(apitest.LimitBucket, apitest.HintsNone), 1.25, 12},
}

// service returns the service's limit of 7 creates a minute, counted as
// kind says, with hints.
func service(kind apitest.LimitKind, hints apitest.LimitHints) apitest.RateLimit {
	return apitest.RateLimit{Endpoint: "POST /organization/invites", Requests: 7, Per: time.Minute, Kind: kind, Hints: hints}
}
