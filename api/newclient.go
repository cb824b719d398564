package api

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/seed-a87280d7/invites/gen"
)

// NewClient returns a client configured by opts. It fails, naming the
// setting, when there is no admin key; when the key or organization is not
// printable ASCII without spaces, or the user agent not printable ASCII (CR,
// LF and other control characters could split a header); when the base URL
// is malformed; or when it is plaintext http:// to a host that is not
// certainly loopback (see WithInsecureHTTP).
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{policy: policy{
		maxRetries:       DefaultMaxRetries,
		maxRetryDelay:    DefaultMaxRetryDelay,
		initialBackoff:   DefaultInitialBackoff,
		maxBackoff:       DefaultMaxBackoff,
		requestTimeout:   DefaultRequestTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
	}, pace: paceConfig{maxWait: DefaultMaxRateWait}}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}

	key := envDefault(cfg.adminKey, EnvAdminKey, "")
	if key == "" {
		return nil, errors.New("invites: no admin key: pass api.WithAdminKey or set $" + EnvAdminKey)
	}
	if err := checkHeaderValue("admin key", key, false); err != nil {
		return nil, err
	}
	org := envDefault(cfg.organization, EnvOrganization, "")
	if err := checkHeaderValue("organization", org, false); err != nil {
		return nil, err
	}
	if err := checkHeaderValue("user agent", cfg.product, true); err != nil {
		return nil, err
	}
	base, err := parseBaseURL(envDefault(cfg.baseURL, EnvBaseURL, DefaultBaseURL), cfg.insecureHTTP)
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.maxRetries < 0:
		return nil, fmt.Errorf("invites: max retries must be 0 or more, got %d", cfg.maxRetries)
	case cfg.maxRetryDelay < 0:
		return nil, fmt.Errorf("invites: max retry delay must not be negative, got %s", cfg.maxRetryDelay)
	case cfg.initialBackoff <= 0 || cfg.maxBackoff < cfg.initialBackoff:
		return nil, fmt.Errorf("invites: retry backoff must be positive with max ≥ initial, got %s and %s", cfg.initialBackoff, cfg.maxBackoff)
	case cfg.requestTimeout <= 0:
		return nil, fmt.Errorf("invites: request timeout must be positive, got %s", cfg.requestTimeout)
	case cfg.maxResponseBytes <= 0:
		return nil, fmt.Errorf("invites: max response bytes must be positive, got %d", cfg.maxResponseBytes)
	case cfg.pace.limitSet && cfg.pace.limit < 1:
		return nil, fmt.Errorf("invites: rate limit must be 1 request or more per period, got %d", cfg.pace.limit)
	case cfg.pace.limitSet && cfg.pace.per <= 0:
		return nil, fmt.Errorf("invites: rate limit period must be positive, got %s", cfg.pace.per)
	case cfg.pace.maxWait < 0:
		return nil, fmt.Errorf("invites: max rate wait must not be negative, got %s", cfg.pace.maxWait)
	}

	c := &Client{
		http:         redirectSafeClient(cfg.httpClient),
		adminKey:     secretKey(key),
		bearer:       secretKey("Bearer " + key),
		organization: org,
		userAgent:    userAgent(cfg.product),
		baseURL:      base.String(),
		basePath:     base.EscapedPath(),
		policy:       cfg.policy,
		logger:       cfg.logger,
		pace:         newPacing(&cfg),
	}
	// The generated client builds every request and sends it through the
	// *http.Client: a non-2xx answer is a response, as HttpRequestDoer
	// says; invoke adds the policy around it.
	c.gen, err = gen.NewClient(c.baseURL, gen.WithHTTPClient(c.http))
	if err != nil {
		return nil, fmt.Errorf("invites: %w", err)
	}
	return c, nil
}

// envDefault returns *set if an option set it, else the environment
// variable's value, else def.
func envDefault(set *string, env, def string) string {
	if set != nil {
		return *set
	}
	if v, ok := os.LookupEnv(env); ok && v != "" {
		return v
	}
	return def
}

// checkHeaderValue refuses a value that would corrupt or split an HTTP header,
// or that the server would read differently from what the caller meant: it
// must be printable ASCII, and without spaces unless spaces are allowed. That
// rules out CR, LF and the other control characters, and also non-ASCII ones
// such as U+0085 (next line), U+2028 (line separator), a byte-order mark or a
// zero-width space pasted along with a key. The error names the setting and
// the position, never the value.
func checkHeaderValue(name, value string, spaces bool) error {
	for i := 0; i < len(value); i++ {
		b := value[i]
		var what string
		switch {
		case b < ' ' || b == 0x7f:
			what = "a control character (such as CR or LF)"
		case b > 0x7f:
			what = "a non-ASCII character"
		case b == ' ' && !spaces:
			what = "a space"
		default:
			continue
		}
		rule := "printable ASCII"
		if !spaces {
			rule += " without spaces"
		}
		hint := ""
		if strings.TrimRight(value, "\r\n") != value {
			hint = "; a trailing newline often comes from a file or a shell"
		}
		return fmt.Errorf("invites: %s must be %s, but byte %d is %s%s", name, rule, i, what, hint)
	}
	return nil
}

// parseBaseURL checks a base URL and returns it without a trailing slash.
func parseBaseURL(raw string, insecureHTTP bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// The raw string is not quoted: it may hold a password that a
		// valid URL would have had redacted.
		return nil, errors.New("invites: base URL is not a valid URL; want one such as " + DefaultBaseURL)
	}
	shown := u.Redacted()
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("invites: base URL %q must start with https:// (or http:// for loopback)", shown)
	case u.Host == "":
		return nil, fmt.Errorf("invites: base URL %q has no host", shown)
	case u.User != nil:
		return nil, errors.New("invites: base URL must not contain a user name or password")
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, fmt.Errorf("invites: base URL %q must not have a query or a fragment", shown)
	case u.Scheme == "http" && !insecureHTTP && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("invites: base URL %q is plaintext http to a host that is not loopback: the admin key would cross the network unencrypted; use https, or api.WithInsecureHTTP if you really mean it", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// isLoopback reports whether host certainly names this machine: the name
// localhost, or a loopback IP address such as 127.0.0.1 or ::1. A name that
// merely ends in .localhost is not: nothing makes every resolver (a corporate
// DNS, a hosts file) send it to loopback.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
