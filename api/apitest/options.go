package apitest

import (
	"errors"
	"fmt"
	"time"
)

// AdminKey is the admin key the fake accepts, as
// "Authorization: Bearer sk-admin-apitest-0000000000000000", unless
// WithAdminKey sets another one. It is well known: a fake reachable from a
// network lets anyone in.
const AdminKey = "sk-admin-apitest-0000000000000000"

// DefaultProjectID is the project that an invite created without a projects
// field joins, as a member.
const DefaultProjectID = "proj_default"

// DefaultMaxRequests is how many requests Requests keeps unless
// WithMaxRequests says otherwise.
const DefaultMaxRequests = 1000

// config is what the options set.
type config struct {
	adminKey    string
	now         func() time.Time
	seed        int64
	samples     int
	maxRequests int
	faults      []Fault
	limits      []RateLimit
	tb          TB
	// ignoreIdempotency and sparsePages turn on the service's quirks (see
	// WithoutIdempotency and WithSparsePages).
	ignoreIdempotency bool
	sparsePages       bool
	// onInvalidResponse is called with the reason whenever a response fails
	// spec validation; WithTB sets it to tb.Errorf.
	onInvalidResponse func(error)
}

// newConfig applies the options to the defaults and checks the result.
func newConfig(opts []Option) (config, error) {
	c := config{adminKey: AdminKey, now: time.Now, maxRequests: DefaultMaxRequests}
	for _, opt := range opts {
		opt(&c)
	}
	switch {
	case c.adminKey == "":
		return c, errors.New("apitest: WithAdminKey: the key must not be empty")
	case c.now == nil:
		return c, errors.New("apitest: WithClock: the clock must not be nil")
	case c.samples < 0:
		return c, fmt.Errorf("apitest: WithSampleInvites: n must be 0 or more, got %d", c.samples)
	case c.maxRequests < 0:
		return c, fmt.Errorf("apitest: WithMaxRequests: n must be 0 or more, got %d", c.maxRequests)
	}
	if err := checkLimits(c.limits); err != nil {
		return c, err
	}
	if tb := c.tb; tb != nil && c.onInvalidResponse == nil {
		c.onInvalidResponse = func(err error) {
			tb.Helper()
			tb.Errorf("%v", err)
		}
	}
	return c, nil
}

// Option configures a Server or a Handler.
type Option func(*config)

// WithAdminKey makes the fake accept key instead of AdminKey. The key must
// not be empty.
func WithAdminKey(key string) Option {
	return func(c *config) { c.adminKey = key }
}

// WithClock sets the clock the fake uses for created_at, expires_at and
// accepted_at, to decide when a pending invite has expired, and to count
// requests against its rate limits. The default is time.Now; a
// ManualClock's Now makes a clock that a test moves.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithSeed sets the seed from which the fake derives invite IDs and sample
// invites. The default seed is 0; the same seed and the same calls give the
// same IDs.
func WithSeed(seed int64) Option {
	return func(c *config) { c.seed = seed }
}

// WithSampleInvites starts the fake with n sample invites, as
// AddSampleInvites adds them.
func WithSampleInvites(n int) Option {
	return func(c *config) { c.samples = n }
}

// WithMaxRequests makes Requests keep the last n requests instead of the last
// DefaultMaxRequests; 0 keeps none. Together with the cap on recorded bodies
// (MaxRecordedBody) it bounds the memory the request log takes.
func WithMaxRequests(n int) Option {
	return func(c *config) { c.maxRequests = n }
}

// WithFaults starts the fake with these faults injected, in order. NewHandler
// fails (and NewServer panics, or fails the test with WithTB) if one is not
// valid.
func WithFaults(faults ...Fault) Option {
	return func(c *config) { c.faults = append(c.faults, faults...) }
}

// TB is what WithTB needs of a test: the methods of testing.TB that the fake
// calls. A *testing.T, *testing.B or *testing.F is one, and so is any
// testing.TB. The fake takes this interface, not testing.TB, so that a
// program that runs it, such as a mock server, does not link the testing
// package.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// WithTB ties the fake to a test: a response that fails spec validation is
// reported with tb.Errorf, NewServer registers Server.Close with tb.Cleanup,
// and an invalid option makes NewServer call tb.Fatalf instead of panicking.
func WithTB(tb TB) Option {
	return func(c *config) { c.tb = tb }
}

// WithRateLimit starts the fake with these rate limits in force (see
// RateLimit): at most one for each endpoint, and at most one default, for
// the endpoints without one. It may be given more than once. NewHandler
// fails (and NewServer panics, or fails the test with WithTB) if a limit is
// not valid or two are for the same endpoint.
func WithRateLimit(limits ...RateLimit) Option {
	return func(c *config) { c.limits = append(c.limits, limits...) }
}

// checkLimits reports the first limit of WithRateLimit that is not valid,
// or the first endpoint (or the default) given two limits.
func checkLimits(limits []RateLimit) error {
	seen := map[string]bool{}
	for _, l := range limits {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("apitest: WithRateLimit: %w", err)
		}
		e, _ := canonicalEndpoint(l.Endpoint)
		if seen[e] {
			name := e
			if name == "" {
				name = "the default (no endpoint)"
			}
			return fmt.Errorf("apitest: WithRateLimit: two limits for %s; give one per endpoint and at most one default", name)
		}
		seen[e] = true
	}
	return nil
}
