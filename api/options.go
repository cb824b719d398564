package api

import (
	"log/slog"
	"net/http"
	"time"
)

// Default settings of a Client.
const (
	// DefaultBaseURL is the API's address when neither WithBaseURL nor
	// $OPENAI_BASE_URL says otherwise.
	DefaultBaseURL = "https://api.openai.com/v1"
	// DefaultMaxRetries is how many times a failed call is retried.
	DefaultMaxRetries = 2
	// DefaultMaxRetryDelay is the longest server-requested wait the client
	// honours before retrying.
	DefaultMaxRetryDelay = 60 * time.Second
	// DefaultRequestTimeout bounds each attempt of a call.
	DefaultRequestTimeout = 60 * time.Second
	// DefaultMaxResponseBytes caps how much of a response body is read.
	DefaultMaxResponseBytes = 16 << 20
	// DefaultInitialBackoff is the wait before the first retry when the server
	// gives no hint; each further retry doubles it, up to DefaultMaxBackoff.
	DefaultInitialBackoff = 500 * time.Millisecond
	// DefaultMaxBackoff caps the exponential backoff between retries.
	DefaultMaxBackoff = 8 * time.Second
)

// DefaultMaxRateWait is how long one call waits for a rate limit in all,
// unless WithMaxRateWait says otherwise.
const DefaultMaxRateWait = 10 * time.Minute

// Environment variables that NewClient reads when no option is given.
const (
	EnvAdminKey     = "OPENAI_ADMIN_KEY"
	EnvBaseURL      = "OPENAI_BASE_URL"
	EnvOrganization = "OPENAI_ORG_ID"
)

// An Option configures a Client. Options are checked by NewClient, which
// names the first one that is not valid.
type Option func(*config)

// config is what the options set; NewClient validates it.
type config struct {
	adminKey     *string
	baseURL      *string
	organization *string
	product      string // what WithUserAgent puts in front of the User-Agent
	httpClient   *http.Client
	policy
	insecureHTTP bool
	logger       *slog.Logger
	pace         paceConfig
}

// paceConfig is what the pacing options set; NewClient validates it.
type paceConfig struct {
	off      bool
	limit    int
	per      time.Duration
	maxWait  time.Duration
	hook     func(PaceChange)
	limitSet bool
}

// policy is how a client retries, times and bounds its calls: set by the
// options, checked by NewClient, kept by the Client.
type policy struct {
	maxRetries       int
	maxRetryDelay    time.Duration
	initialBackoff   time.Duration
	maxBackoff       time.Duration
	requestTimeout   time.Duration
	maxResponseBytes int64
}

// WithAdminKey sets the organization admin key sent as a bearer token. The
// default is $OPENAI_ADMIN_KEY.
func WithAdminKey(key string) Option {
	return func(c *config) { c.adminKey = &key }
}

// WithBaseURL sets the API's address, such as "https://api.openai.com/v1" or a
// gateway's "https://gateway.example.com/openai/v1". A path prefix is kept and
// a trailing slash is optional. The default is $OPENAI_BASE_URL, else
// DefaultBaseURL.
func WithBaseURL(baseURL string) Option {
	return func(c *config) { c.baseURL = &baseURL }
}

// WithHTTPClient sets the HTTP client that sends requests. The client is
// never modified: the SDK works on a copy that adds its redirect policy (at
// most 10 redirects, only within the origin of the call, never one that
// changes the method; see the package documentation, # Redirects).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.httpClient = hc }
}

// WithMaxRetries sets how many times a failed call is retried: n extra
// attempts at most, 0 to disable retries. The default is DefaultMaxRetries.
func WithMaxRetries(n int) Option {
	return func(c *config) { c.maxRetries = n }
}

// WithMaxRetryDelay sets the longest wait that a server may ask for, through
// retry-after-ms or Retry-After, and still be retried. A longer request ends
// the call at once with the *Error, whose RetryAfter holds the wait. The
// default is DefaultMaxRetryDelay.
func WithMaxRetryDelay(d time.Duration) Option {
	return func(c *config) { c.maxRetryDelay = d }
}

// WithRetryBackoff sets the exponential backoff used when the server gives no
// hint: initial before the first retry, doubling, capped at max. Jitter
// shortens each wait by up to a quarter. The defaults are DefaultInitialBackoff
// and DefaultMaxBackoff; tests against a fake server may want them shorter.
func WithRetryBackoff(initial, max time.Duration) Option {
	return func(c *config) { c.initialBackoff, c.maxBackoff = initial, max }
}

// WithRequestTimeout bounds each attempt of a call, from sending the request
// to reading the whole response. The context passed to a method bounds the
// whole call, retries included. The default is DefaultRequestTimeout.
func WithRequestTimeout(d time.Duration) Option {
	return func(c *config) { c.requestTimeout = d }
}

// WithOrganization sets the OpenAI-Organization header sent with every
// request. The default is $OPENAI_ORG_ID; empty sends no header.
func WithOrganization(id string) Option {
	return func(c *config) { c.organization = &id }
}

// WithUserAgent puts product (such as "my-admin-tool/1.2") in front of the
// SDK's own User-Agent, which always names the SDK and its version.
func WithUserAgent(product string) Option {
	return func(c *config) { c.product = product }
}

// WithMaxResponseBytes caps how many bytes of a response body are read. A
// larger body fails the call with a *DecodeError. The default is
// DefaultMaxResponseBytes (16 MiB; a page of 100 invites is about 50 KB).
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) { c.maxResponseBytes = n }
}

// WithInsecureHTTP allows a plaintext http:// base URL to a host that is not
// certainly loopback: anything but the name localhost and loopback addresses
// such as 127.0.0.1 and ::1 (a name under .localhost included). Without it,
// NewClient refuses one, because the admin key would cross the network in
// the clear.
func WithInsecureHTTP() Option {
	return func(c *config) { c.insecureHTTP = true }
}

// WithLogger logs every attempt (method, path, status, attempt number, wait
// before a retry, request id) at debug level, and each change of an
// endpoint's pace once, at info level (see WithPaceHook). The admin key is
// never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithRateLimit declares a known budget: at most n requests in any period
// of per to each endpoint (method and path template, such as
// "POST /organization/invites"), from the first request on. The client
// keeps to it as a sliding log (the n+1st request waits until per after the
// first), which no fixed window or token bucket of n per per refuses. A
// 429 still slows the endpoint further. NewClient refuses n < 1 or per <= 0.
func WithRateLimit(n int, per time.Duration) Option {
	return func(c *config) { c.pace.limit, c.pace.per, c.pace.limitSet = n, per, true }
}

// WithoutPacing turns pacing off: the client keeps no pace, and a 429 is
// only retried as WithMaxRetries allows, after its hint or the backoff, as
// any other retryable answer.
func WithoutPacing() Option {
	return func(c *config) { c.pace.off = true }
}

// WithMaxRateWait sets the longest one call waits for a rate limit in all,
// before its requests and between them. A call that would wait longer ends
// at once with an *Error that matches ErrRateLimited, whose message says
// how long it waited. 0 means no bound but the call's context. The default
// is DefaultMaxRateWait (10 minutes); d must not be negative.
func WithMaxRateWait(d time.Duration) Option {
	return func(c *config) { c.pace.maxWait = d }
}

// WithPaceHook calls f on each change of an endpoint's pace: a pause that
// starts, a pace learned or declared, a pause that ends with no pace kept.
// f is called from any goroutine, but never concurrently with itself, and
// never once per request; it should return quickly, since the request that
// brought the change waits for it. Each change is also logged once, at info
// level, through WithLogger.
func WithPaceHook(f func(PaceChange)) Option {
	return func(c *config) { c.pace.hook = f }
}
