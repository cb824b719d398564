package apitest

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"invite-abc":             `'invite-abc'`,
		"ü#1":                    `'ü#1'`,
		"it's":                   `'it\'s'`,
		`back\slash`:             `'back\\slash'`,
		"new\nline\t\x00":        `'new\nline\t\x00'`,
		"\xff":                   `'\ufffd'`,
		"\u200b":                 `'\u200b'`,
		strings.Repeat("a", 101): "'" + strings.Repeat("a", 100) + "…'",
		strings.Repeat("a", 100): "'" + strings.Repeat("a", 100) + "'",
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}
