package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/internal/redact"
)

// Text from a server reaches an error message or a log line only through
// the functions below: without the admin key, short, and printable.

// errorBodyOverlap is how far past maxErrorBody an error body is read: the
// length of the key written with escapes, so that a key which starts before
// the cut is whole in what was read, and is scrubbed before the cut.
func (c *Client) errorBodyOverlap() int64 {
	return int64(redact.MaxWrittenLen(c.adminKey()))
}

// scrub replaces the admin key in s, text from a server, with
// "[redacted]", however s writes it (see package internal/redact): as it
// is, or escaped as JSON, Go or URLs write bytes, as a server that echoes
// the request might.
func (c *Client) scrub(s string) string {
	return redact.String(s, c.adminKey())
}

// scrubHeader returns a copy of header without the admin key, should the
// server have repeated it, as it is or escaped, in a value or in a name
// (which net/http writes in its own letter case).
func (c *Client) scrubHeader(header http.Header) http.Header {
	return redact.Header(header, c.adminKey())
}

// requestID returns an answer's x-request-id, with the admin key removed
// should the server have repeated it.
func (c *Client) requestID(header http.Header) string {
	return c.scrub(header.Get("x-request-id"))
}

// maxQuoted bounds, in runes, how much of one value from a server an error
// message quotes.
const maxQuoted = 80

// quote returns s, a value from a server, for an error message: without the
// admin key, cut to maxQuoted runes, and quoted with Go's escapes, so that
// no control character reaches a terminal.
func (c *Client) quote(s string) string {
	s = c.scrub(s)
	if utf8.RuneCountInString(s) > maxQuoted {
		s = string([]rune(s)[:maxQuoted]) + "…"
	}
	return strconv.Quote(s)
}

// snippet returns the start of a body as one short, printable line,
// without the admin key: scrubbed once the body is made one line (dropping
// invalid UTF-8 could join the pieces of a key) and before it is cut.
func (c *Client) snippet(body []byte) string {
	s := strings.ToValidUTF8(string(body), "")
	s = c.scrub(strings.Join(strings.Fields(s), " "))
	if utf8.RuneCountInString(s) > maxSnippet {
		r := []rune(s)
		s = string(r[:maxSnippet]) + "…"
	}
	if s == "" {
		return "empty response body"
	}
	return fmt.Sprintf("unexpected response body: %q", s)
}

// maxSnippet bounds how much of a body that is not an OpenAI error an *Error
// quotes in its Message.
const maxSnippet = 200
