// Package redact removes a secret, such as the admin key, from text that may
// hold it: text a server sends back, a request a fake records, a header.
//
// It finds the secret however the text writes it: as it is; with any of its
// bytes escaped the way JSON writes them (\u0073, a surrogate pair for a rune
// outside the Basic Multilingual Plane, \/, \\, \"), the way Go and C write
// them (\x73, \U00000073), or the way URLs write them (%73, %2573 once the
// percent sign is escaped again, + for a space), in any mixture; in either
// letter case, as net/http's header names are; and split by bytes that are
// not UTF-8. It reads the text as bytes and never needs it to be valid JSON.
//
// Searching takes time linear in the length of the text for a given secret.
package redact

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// Placeholder stands in for the secret wherever it was found.
const Placeholder = "[redacted]"

// maxWrittenByte is the longest way one byte of the secret can be written:
// \U00000073.
const maxWrittenByte = len(`\U00000073`)

// MaxWrittenLen returns how long the secret can be once written with escapes
// (splitting bytes that are not UTF-8 aside). A reader that cuts a text should
// read this far past the cut, so that a secret which starts before the cut is
// whole in what was read, and is found.
func MaxWrittenLen(secret string) int {
	return len(secret) * maxWrittenByte
}

// String returns s with every written form of secret replaced by
// Placeholder, the leftmost first. It returns s itself when the secret is
// not there, and when the secret is empty.
func String(s, secret string) string {
	if secret == "" {
		return s
	}
	m := matcher{s: s, secret: secret}
	var out []byte
	last := 0
	for i := 0; i < len(s); i++ {
		if i = m.nextStart(i); i < 0 {
			break
		}
		end := m.match(i, 0)
		if end < 0 {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s))
		}
		out = append(out, s[last:i]...)
		out = append(out, Placeholder...)
		last = end
		i = end - 1
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// Header returns a copy of h with every written form of secret replaced by
// Placeholder, in the names (which net/http writes in its own letter case)
// and in the values.
func Header(h http.Header, secret string) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, values := range h {
		cleaned := make([]string, len(values))
		for i, v := range values {
			cleaned[i] = String(v, secret)
		}
		name = String(name, secret)
		out[name] = append(out[name], cleaned...)
	}
	return out
}

// matcher looks for the written forms of one secret in one text.
type matcher struct {
	s, secret string
	// failed holds the states (see state) from which the rest of the secret
	// is known not to be written. It is made only once a state offers more
	// than one way on, which takes a secret with %, \, +, a space or bytes
	// that are not ASCII; without it each state has at most one way on, and
	// no state is reached twice from one start.
	failed map[int]struct{}
}

// nextStart returns the index of the first byte of s from i on that a
// written form of the secret can start with, or -1 when there is none.
func (m *matcher) nextStart(i int) int {
	first := m.secret[0]
	if first < utf8.RuneSelf {
		j := strings.IndexAny(m.s[i:], string([]byte{'%', '\\', '+', lower(first), upper(first)}))
		if j < 0 {
			return -1
		}
		return i + j
	}
	for ; i < len(m.s); i++ {
		if c := m.s[i]; c == '%' || c == '\\' || c == '+' || c == first {
			return i
		}
	}
	return -1
}

// match returns the index just past a written form of secret[k:] that
// starts at s[p], or -1 when there is none.
func (m *matcher) match(p, k int) int {
	// Plain ASCII is written one way only: as it is, in either case.
	for ; k < len(m.secret) && p < len(m.s) && plain(m.s[p]); p, k = p+1, k+1 {
		if lower(m.s[p]) != lower(m.secret[k]) {
			return -1
		}
	}
	if k == len(m.secret) {
		return p
	}
	if p >= len(m.s) {
		return -1
	}
	st := m.state(p, k)
	if _, ok := m.failed[st]; ok {
		return -1
	}
	var buf [maxUnits]unit
	next := m.ways(p, k, buf[:0])
	if len(next) > 1 && m.failed == nil {
		m.failed = make(map[int]struct{})
	}
	for _, u := range next {
		if end := m.match(p+u.width, k+u.n); end >= 0 {
			return end
		}
	}
	if m.failed != nil {
		m.failed[st] = struct{}{}
	}
	return -1
}

// state numbers the pair (p, k): the text read up to p, the secret up to k.
func (m *matcher) state(p, k int) int {
	return p*(len(m.secret)+1) + k
}

// ways returns the units at s[p] that write the next bytes of the secret,
// secret[k:], the widest first.
func (m *matcher) ways(p, k int, out []unit) []unit {
	var all [maxUnits]unit
	for _, u := range units(m.s[p:], k > 0, all[:0]) {
		if u.n <= len(m.secret)-k && foldEqual(u.bytes[:u.n], m.secret[k:k+u.n]) {
			out = append(out, u)
		}
	}
	return out
}

// foldEqual reports whether a and b are equal, ASCII letters in either case.
func foldEqual(a []byte, b string) bool {
	for i := range a {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// plain reports whether c, in a text, can stand only for itself: an ASCII
// byte that starts no escape.
func plain(c byte) bool {
	return c < utf8.RuneSelf && c != '%' && c != '\\' && c != '+'
}

// upper returns c in upper case if it is an ASCII letter, else c.
func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// lower returns c in lower case if it is an ASCII letter, else c.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
