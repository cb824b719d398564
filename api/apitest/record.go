package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// MaxRecordedBody is how many bytes of a request body a RecordedRequest
// keeps; the rest is cut off and BodyTruncated says so.
const MaxRecordedBody = 16 << 10

// redacted stands in for the admin key, and for any credentials, in a
// recorded request.
const redacted = "[redacted]"

// RecordedRequest is a request as it reached the fake. It never shows the
// fake's admin key: wherever the key appears (in a header, the path, the
// query or the body, escaped or not) it is replaced by "[redacted]", and so
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
	// was longer than MaxRecordedBody, or the request did not carry the
	// admin key.
	BodyTruncated bool
	// Authorized reports whether the request carried the admin key the fake
	// accepts, as "Authorization: Bearer <key>".
	Authorized bool
	// Fault is the text form of the fault injected into the answer to this
	// request (see ParseFault), or empty.
	Fault string
}

// record adds the call's request to the log, scrubbed of the admin key, with
// its body cut to MaxRecordedBody, or without its body if it was not
// authorized.
func (h *Handler) record(c *call, authorized bool) {
	r := c.req
	red := h.redactor
	rec := RecordedRequest{
		Method:     red.scrub(r.Method),
		Path:       red.scrub(r.URL.EscapedPath()),
		RawQuery:   red.scrub(r.URL.RawQuery),
		Header:     red.header(r.Header),
		Authorized: authorized,
	}
	if authorized {
		body := red.body(c.body)
		rec.Body = bytes.Clone(body[:min(len(body), MaxRecordedBody)])
		rec.BodyTruncated = len(body) > MaxRecordedBody
	} else {
		rec.BodyTruncated = r.Body != nil && r.Body != http.NoBody
	}
	if c.fault != nil {
		rec.Fault = c.fault.String()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests.add(rec)
}

// Requests returns the requests the fake has received, oldest first,
// including the ones it rejected: the last DefaultMaxRequests of them, or as
// many as WithMaxRequests says. The result shares no memory with the fake.
func (h *Handler) Requests() []RecordedRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.requests.all()
}

// ResetRequests forgets the requests received so far.
func (h *Handler) ResetRequests() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests.reset()
}

// requestLog keeps the last max recorded requests, in a ring. It is not safe
// for concurrent use: Handler guards it with its mutex.
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

// redactor removes the admin key from what the fake records.
type redactor struct {
	key string
	// forms are the ways the key may be written: as is, escaped for a URL
	// path or query, and escaped in a JSON string; longest first.
	forms []string
}

func newRedactor(key string) *redactor {
	inJSON, _ := json.Marshal(key)
	forms := []string{key, url.PathEscape(key), url.QueryEscape(key), string(inJSON[1 : len(inJSON)-1])}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return &redactor{key: key, forms: slices.Compact(forms)}
}

// scrub replaces every form of the key in s. Should the key still show once
// s is unescaped (as in sk%2Dadmin), it returns the unescaped text, scrubbed.
func (red *redactor) scrub(s string) string {
	for _, form := range red.forms {
		s = strings.ReplaceAll(s, form, redacted)
	}
	for _, unescape := range []func(string) (string, error){url.PathUnescape, url.QueryUnescape} {
		if u, err := unescape(s); err == nil && strings.Contains(u, red.key) {
			return strings.ReplaceAll(u, red.key, redacted)
		}
	}
	return s
}

// header returns a copy of the header scrubbed of the key, with the
// credentials of Authorization and Proxy-Authorization replaced whatever
// they are.
func (red *redactor) header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		credentials := name == "Authorization" || name == "Proxy-Authorization"
		cleaned := make([]string, len(values))
		for i, v := range values {
			scheme, _, hasCredentials := strings.Cut(v, " ")
			switch {
			case credentials && hasCredentials:
				cleaned[i] = red.scrub(scheme) + " " + redacted
			case credentials && v != "":
				cleaned[i] = redacted
			default:
				cleaned[i] = red.scrub(v)
			}
		}
		out[red.scrubName(name)] = cleaned
	}
	return out
}

// scrubName scrubs a header name, in which net/http changed the letter case
// of the key (X-Sk-Admin-...).
func (red *redactor) scrubName(name string) string {
	lowerKey := strings.ToLower(red.key)
	if len(lowerKey) != len(red.key) {
		return red.scrub(name)
	}
	var b strings.Builder
	for {
		i := strings.Index(strings.ToLower(name), lowerKey)
		if i < 0 {
			b.WriteString(name)
			return red.scrub(b.String())
		}
		b.WriteString(name[:i] + redacted)
		name = name[i+len(red.key):]
	}
}

// body returns the body scrubbed of the key. A JSON body that still holds
// the key once decoded (written with \u escapes) is encoded again, scrubbed.
func (red *redactor) body(b []byte) []byte {
	s := red.scrub(string(b))
	var v any
	if !strings.Contains(s, `\u`) || json.Unmarshal([]byte(s), &v) != nil {
		return []byte(s)
	}
	var decoded strings.Builder
	enc := json.NewEncoder(&decoded)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil || red.scrub(decoded.String()) == decoded.String() {
		return []byte(s)
	}
	out, err := json.Marshal(red.scrubJSON(v))
	if err != nil {
		return []byte(redacted)
	}
	return out
}

// scrubJSON scrubs every string, keys included, of a decoded JSON value.
func (red *redactor) scrubJSON(v any) any {
	switch v := v.(type) {
	case string:
		return red.scrub(v)
	case []any:
		for i := range v {
			v[i] = red.scrubJSON(v[i])
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[red.scrub(k)] = red.scrubJSON(x)
		}
		return out
	}
	return v
}
