package redact_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/internal/redact"
)

// FuzzString writes a secret in a mixture of forms between two texts, and
// checks that String finds it and that nothing String leaves is the secret
// in any form.
func FuzzString(f *testing.F) {
	f.Add(key, `{"message":"`, `"}`, []byte{0, 2, 4, 5, 8})
	f.Add(`sk-admin/with+odd"chars&=é \😀`, "%25", `\u00`, []byte{9, 3, 6, 7, 1})
	f.Add("%41", "%2541", "", []byte{0, 5})
	f.Add("a\\b", `\\\`, "\xff", []byte{9, 2})
	f.Fuzz(func(t *testing.T, secret, before, after string, choice []byte) {
		// A secret the placeholder itself could complete can show again
		// once replaced; one that is not UTF-8 cannot come from a split.
		if secret == "" || len(secret) > 64 || !utf8.ValidString(secret) ||
			strings.ContainsAny(secret, "[]") || redact.String(redact.Placeholder, secret) != redact.Placeholder {
			t.Skip()
		}
		written := write(secret, choice)
		if redact.String(written, secret) == written {
			t.Fatalf("secret %q written as %q is not found", secret, written)
		}
		out := redact.String(before+written+after, secret)
		if again := redact.String(out, secret); again != out {
			t.Fatalf("secret %q in %q: String left a form of it in %q (found again: %q)", secret, before+written+after, out, again)
		}
	})
}
