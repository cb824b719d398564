package api

import "strings"

// redacted replaces the admin key wherever a server repeats it.
const redacted = "[redacted]"

// maxEscapedByte is the longest way one byte of the key can be written in a
// server's text: \u0073 in JSON.
const maxEscapedByte = len(`\u0073`)

// errorBodyOverlap is how far past maxErrorBody an error body is read: the
// length of the key written with escapes, so that a key which starts before
// the cut is whole in what was read, and is scrubbed before the cut.
func (c *Client) errorBodyOverlap() int64 {
	return int64(len(c.adminKey()) * maxEscapedByte)
}

// scrub replaces the admin key in s, text from a server, with
// "[redacted]": the key as it is, and the key with any of its bytes escaped
// as JSON writes them (\u0073, \/) or as URLs do (%73), as a server that
// echoes the request might.
func (c *Client) scrub(s string) string {
	key := c.adminKey()
	if key == "" { // NewClient refuses one; ReplaceAll would insert everywhere
		return s
	}
	if !strings.ContainsAny(s, `\%`) {
		return strings.ReplaceAll(s, key, redacted)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if end := matchKey(s, i, key); end > 0 {
			b.WriteString(redacted)
			i = end
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// matchKey returns the index just past the key in s at i, each byte of the
// key written as it is or escaped, or 0 when the key is not there.
func matchKey(s string, i int, key string) int {
	for k := 0; k < len(key); k++ {
		if i >= len(s) {
			return 0
		}
		b, n := escapedByte(s[i:])
		if b != key[k] {
			return 0
		}
		i += n
	}
	return i
}

// escapedByte returns the byte that s starts with once unescaped, and how
// many bytes of s it takes: a JSON escape (\u0041, \/, \\, \"), a URL escape
// (%41), or a byte as it is.
func escapedByte(s string) (byte, int) {
	switch {
	case len(s) >= 6 && s[0] == '\\' && s[1] == 'u' && s[2] == '0' && s[3] == '0':
		if h, ok := unhex(s[4], s[5]); ok {
			return h, 6
		}
	case len(s) >= 2 && s[0] == '\\' && (s[1] == '/' || s[1] == '\\' || s[1] == '"'):
		return s[1], 2
	case len(s) >= 3 && s[0] == '%':
		if h, ok := unhex(s[1], s[2]); ok {
			return h, 3
		}
	}
	return s[0], 1
}

// unhex returns the byte that two hex digits, in either case, stand for.
func unhex(hi, lo byte) (byte, bool) {
	h, ok1 := hexDigit(hi)
	l, ok2 := hexDigit(lo)
	return h<<4 | l, ok1 && ok2
}

// hexDigit returns the value of a hex digit.
func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
