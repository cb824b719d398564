package apitest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/internal/durationtext"
)

// String returns the rate limit in its text form, which ParseRateLimit reads
// back: the endpoint and "=" (for a limit of one endpoint), N/PERIOD, then
// the kind and the hints when they are not the defaults, such as
// "POST /organization/invites=7/1m,bucket,hints=retry-after" or "7/1m".
func (l RateLimit) String() string {
	var b strings.Builder
	if l.Endpoint != "" && l.Endpoint != "*" {
		b.WriteString(l.Endpoint)
		b.WriteByte('=')
	}
	b.WriteString(strconv.Itoa(l.Requests))
	b.WriteByte('/')
	b.WriteString(durationtext.Short(l.Per))
	if l.Kind != LimitWindow {
		b.WriteString("," + l.Kind.String())
	}
	if l.Hints != HintsNone {
		b.WriteString(",hints=" + l.Hints.String())
	}
	return b.String()
}

// periodWords are the periods written as a word, as in 7/min.
var periodWords = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "second": time.Second,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute,
	"h": time.Hour, "hour": time.Hour,
}

// rateLimitSyntax is the text form, for error messages.
const rateLimitSyntax = `[METHOD PATH=]N/PERIOD[,window|bucket][,hints=none|retry-after|headers]`

// ParseRateLimit reads a rate limit from its text form, which is what
// RateLimit.String writes:
//
//	[METHOD PATH=]N/PERIOD[,window|bucket][,hints=none|retry-after|headers]
//
// METHOD PATH names the endpoint, such as "POST /organization/invites" (left
// out, or "*", the limit is the default for every endpoint); N is how many
// requests are served per PERIOD, which is s, min or h (also sec, second, m,
// minute, hour) or a Go duration such as 1m, 90s or 700ms; window (the
// default) or bucket is the kind; hints says what the answers tell (none,
// the default). Spaces around the parts are ignored. For example:
//
//	7/min
//	POST /organization/invites=7/1m,bucket,hints=retry-after
//	GET /organization/invites/{invite_id}=100/1h,hints=headers
//	7/700ms,window,hints=headers
//
// The limit is validated as WithRateLimit would.
func ParseRateLimit(s string) (RateLimit, error) {
	parts := strings.Split(s, ",")
	head := strings.TrimSpace(parts[0])
	if head == "" {
		return RateLimit{}, errors.New("rate limit: empty: write " + rateLimitSyntax + ", such as 7/min")
	}
	var l RateLimit
	if endpoint, rate, ok := strings.Cut(head, "="); ok {
		e, err := canonicalEndpoint(endpoint)
		if err != nil {
			return RateLimit{}, err
		}
		l.Endpoint, head = e, strings.TrimSpace(rate)
	}
	if err := l.setRate(head); err != nil {
		return RateLimit{}, err
	}
	var kindSeen, hintsSeen bool
	for _, opt := range parts[1:] {
		opt = strings.TrimSpace(opt)
		key, value, isKV := strings.Cut(opt, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch {
		case !isKV && (opt == "window" || opt == "bucket"):
			if kindSeen {
				return RateLimit{}, fmt.Errorf("rate limit: %q: the kind (window or bucket) is given twice", s)
			}
			kindSeen = true
			if opt == "bucket" {
				l.Kind = LimitBucket
			}
		case isKV && key == "hints":
			if hintsSeen {
				return RateLimit{}, fmt.Errorf("rate limit: %q: hints are given twice", s)
			}
			hintsSeen = true
			found := false
			for h, name := range hintNames {
				if value == name {
					l.Hints, found = LimitHints(h), true
				}
			}
			if !found {
				return RateLimit{}, fmt.Errorf("rate limit: hints=%s: want none, retry-after or headers", value)
			}
		case opt == "":
			return RateLimit{}, fmt.Errorf("rate limit: %q has an empty part between commas", s)
		default:
			return RateLimit{}, fmt.Errorf("rate limit: %q is not window, bucket or hints=none|retry-after|headers (the form is %s)", opt, rateLimitSyntax)
		}
	}
	if err := l.Validate(); err != nil {
		return RateLimit{}, err
	}
	return l, nil
}

// setRate reads N/PERIOD.
func (l *RateLimit) setRate(rate string) error {
	n, period, ok := strings.Cut(rate, "/")
	if !ok {
		return fmt.Errorf("rate limit: %q is not N/PERIOD, such as 7/min or 100/1h (the form is %s)", rate, rateLimitSyntax)
	}
	n, period = strings.TrimSpace(n), strings.TrimSpace(period)
	if method, path, ok := strings.Cut(rate, " "); ok && isLetters(method) && strings.HasPrefix(strings.TrimSpace(path), "/") {
		return fmt.Errorf("rate limit: %q is not N/PERIOD; an endpoint is followed by =, as in POST /organization/invites=7/min", rate)
	}
	requests, err := strconv.ParseUint(n, 10, 31)
	if err != nil || !isDigits(n) {
		return fmt.Errorf("rate limit: requests %q must be a whole number from 1 to %d", n, MaxRateLimitRequests)
	}
	l.Requests = int(requests)
	if d, ok := periodWords[period]; ok {
		l.Per = d
		return nil
	}
	d, err := time.ParseDuration(period)
	if err != nil {
		return fmt.Errorf("rate limit: period %q must be s, min, h or a duration such as 1m, 90s or 700ms", period)
	}
	l.Per = d
	return nil
}

// MarshalText returns the rate limit's text form, for flag.TextVar and
// encoders. It fails for a rate limit that is not valid.
func (l RateLimit) MarshalText() ([]byte, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads the rate limit's text form, as ParseRateLimit does.
func (l *RateLimit) UnmarshalText(text []byte) error {
	parsed, err := ParseRateLimit(string(text))
	if err != nil {
		return err
	}
	*l = parsed
	return nil
}
