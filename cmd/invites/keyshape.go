package main

import (
	"io"
	"regexp"
	"sync"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/redact"
)

// keyShape matches what looks like an OpenAI key wherever it is: sk- at the
// start of a word, then at least 20 of the characters keys are made of
// (sk-admin-..., sk-proj-..., sk-svcacct-...). A space, a quote or an
// equals sign before it, as shells, env files and Docker keep them, does not
// hide it.
var keyShape = regexp.MustCompile(`(?:^|[^A-Za-z0-9])(sk-[A-Za-z0-9_-]{20,})`)

// hasKeyShape reports whether s holds something that looks like a key.
func hasKeyShape(s string) bool { return keyShape.MatchString(s) }

// isPublicKey reports whether the key-shaped text at s[i:j] is the fake's
// well-known test key, which is no secret: the mock server prints it for
// its users to export.
func isPublicKey(s string, i, j int) bool {
	return s[i:j] == apitest.AdminKey && (j == len(s) || !isKeyByte(s[j]))
}

// isKeyByte reports whether b is one of the characters keys are made of.
func isKeyByte(b byte) bool {
	return b == '-' || b == '_' || ('0' <= b && b <= '9') || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

// redactKeys replaces in s every key-shaped string, and every written form
// of the secret (the key in use, when there is one), with
// redact.Placeholder.
func redactKeys(s, secret string) string {
	s = redact.String(s, secret)
	if !hasKeyShape(s) {
		return s
	}
	var out []byte
	last := 0
	for _, m := range keyShape.FindAllStringSubmatchIndex(s, -1) {
		if isPublicKey(s, m[2], m[3]) {
			continue
		}
		out = append(out, s[last:m[2]]...)
		out = append(out, redact.Placeholder...)
		last = m[3]
	}
	return string(append(out, s[last:]...))
}

// redactingWriter writes to w what it is given with every key-shaped string
// and the key in use redacted, one Write at a time: messages are written
// whole, in one Write each. It is what stderr is, so that no message, whatever
// argument it quotes, shows a key.
type redactingWriter struct {
	w io.Writer

	mu     sync.Mutex
	secret string
}

// setSecret makes the writer redact key too, in any written form.
func (r *redactingWriter) setSecret(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = key
}

func (r *redactingWriter) Write(p []byte) (int, error) {
	r.mu.Lock()
	secret := r.secret
	r.mu.Unlock()
	s := string(p)
	if clean := redactKeys(s, secret); clean != s {
		if _, err := io.WriteString(r.w, clean); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return r.w.Write(p)
}
