package api

import (
	"net/http"

	"github.com/seed-a87280d7/invites/internal/redact"
)

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
