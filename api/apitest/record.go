package apitest

import (
	"bytes"
	"net/http"
	"strings"
	"sync"

	"github.com/seed-a87280d7/invites/internal/redact"
)

// MaxRecordedBody is how many bytes of a request body a RecordedRequest
// keeps; the rest is cut off and BodyTruncated says so.
const MaxRecordedBody = 16 << 10

// RecordedRequest is a request as it reached the fake. It never shows the
// fake's admin key: wherever the key appears (in a header's name or value,
// the path, the query or the body, as it is or escaped the way JSON, Go or
// URLs write bytes, in any mixture, in either letter case, or split by bytes
// that are not UTF-8) it is replaced by "[redacted]", and so
// are the credentials of Authorization and Proxy-Authorization headers,
// whatever their scheme ("Bearer [redacted]"), so that printing a recorded
// request is safe.
type RecordedRequest struct {
	// Method is the HTTP method, such as GET.
	Method string
	// Path is the escaped path, as sent on the wire, such as
	// /v1/organization/invites/a%2F..%2Fb.
	Path string
	// RawQuery is the query string without the question mark.
	RawQuery string
	// Header holds the request headers.
	Header http.Header
	// Body holds the first MaxRecordedBody bytes of the request body; it is
	// empty for requests without one, and for requests without the admin key,
	// whose bodies are not kept.
	Body []byte
	// BodyTruncated reports that Body holds less than the request sent: it
	// was longer than MaxRecordedBody, the request did not carry the admin
	// key, or the fake answered 503 without reading it (see
	// MaxBodyBytesInFlight).
	BodyTruncated bool
	// Authorized reports whether the request carried the admin key the fake
	// accepts, as "Authorization: Bearer <key>".
	Authorized bool
	// Fault is the text form of the fault injected into the answer to this
	// request (see ParseFault), or empty.
	Fault string
	// RateLimit is the text form of the rate limit that refused this
	// request with a 429 (see ParseRateLimit), or empty when none did. A
	// refused request meets no fault.
	RateLimit string
}

// recorder keeps the requests the fake receives, scrubbed of its admin key.
// It is safe for concurrent use.
type recorder struct {
	adminKey string
	mu       sync.Mutex // guards log
	log      requestLog
}

// record adds the call's request to the log, scrubbed of the admin key, with
// its body cut to MaxRecordedBody, or without its body if it was not
// authorized.
func (rc *recorder) record(c *call, authorized bool, f *Fault) {
	r := c.req
	rec := RecordedRequest{
		Method:     rc.scrub(r.Method),
		Path:       rc.scrub(r.URL.EscapedPath()),
		RawQuery:   rc.scrub(r.URL.RawQuery),
		Header:     rc.scrubHeader(r.Header),
		Authorized: authorized,
	}
	if authorized {
		body := []byte(rc.scrub(string(c.body)))
		rec.Body = bytes.Clone(body[:min(len(body), MaxRecordedBody)])
		// A body never read (the fake was too busy to read it) counts as
		// cut too.
		unread := c.body == nil && r.Body != nil && r.Body != http.NoBody
		rec.BodyTruncated = len(body) > MaxRecordedBody || unread
	} else {
		rec.BodyTruncated = r.Body != nil && r.Body != http.NoBody
	}
	if f != nil {
		rec.Fault = f.String()
	}
	rec.RateLimit = c.rateLimit
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.log.add(rec)
}

// requestLog keeps the last max recorded requests, in a ring. It is not safe
// for concurrent use: recorder guards it with its mutex.
type requestLog struct {
	max  int
	ring []RecordedRequest
	next int // the oldest record, overwritten next, once the ring is full
}

// add appends rec, dropping the oldest record when the log is full.
func (l *requestLog) add(rec RecordedRequest) {
	switch {
	case l.max == 0:
	case len(l.ring) < l.max:
		l.ring = append(l.ring, rec)
	default:
		l.ring[l.next] = rec
		l.next = (l.next + 1) % l.max
	}
}

// all returns copies of the records, oldest first.
func (rc *recorder) all() []RecordedRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.log.all()
}

// reset forgets the records.
func (rc *recorder) reset() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.log.reset()
}

// all returns copies of the records, oldest first.
func (l *requestLog) all() []RecordedRequest {
	out := make([]RecordedRequest, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	out = append(out, l.ring[:l.next]...)
	for i := range out {
		out[i].Header = out[i].Header.Clone()
		out[i].Body = bytes.Clone(out[i].Body)
	}
	return out
}

// reset empties the log.
func (l *requestLog) reset() {
	l.ring, l.next = nil, 0
}

// scrub returns s without the admin key, however s writes it (see package
// internal/redact).
func (rc *recorder) scrub(s string) string {
	return redact.String(s, rc.adminKey)
}

// scrubHeader returns a copy of the header without the admin key, in names
// and values, and with the credentials of Authorization and
// Proxy-Authorization replaced whatever they are.
func (rc *recorder) scrubHeader(header http.Header) http.Header {
	out := redact.Header(header, rc.adminKey)
	for _, name := range []string{"Authorization", "Proxy-Authorization"} {
		for i, v := range out[name] {
			if scheme, _, hasCredentials := strings.Cut(v, " "); hasCredentials {
				out[name][i] = scheme + " " + redact.Placeholder
			} else if v != "" {
				out[name][i] = redact.Placeholder
			}
		}
	}
	return out
}
