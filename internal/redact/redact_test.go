package redact_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/internal/difftest"
	"github.com/seed-a87280d7/invites/internal/redact"
)

const key = "sk-admin/test-SECRET-0123456789"

// form is one way to write a rune of the secret.
type form func(r rune) string

// forms lists the ways a text may write a rune, as servers, proxies and
// clients do.
var forms = []form{
	func(r rune) string { return string(r) },
	func(r rune) string {
		if r < utf8.RuneSelf {
			return strings.ToUpper(string(r))
		}
		return string(r)
	},
	func(r rune) string { return jsonEscape(r, "%04x") },
	func(r rune) string { return jsonEscape(r, "%04X") },
	func(r rune) string { return percentEscape(r, "%%%02X") },
	func(r rune) string { return percentEscape(r, "%%25%02x") },
	func(r rune) string { return fmt.Sprintf(`\U%08X`, r) },
	func(r rune) string { return percentEscape(r, `\x%02x`) },
	func(r rune) string { return "\xff" + string(r) }, // write drops it before the first rune
	func(r rune) string {
		switch r {
		case '/', '"', '\\':
			return `\` + string(r)
		case ' ':
			return "+"
		}
		return string(r)
	},
}

// jsonEscape writes r as JSON's \u escapes, a surrogate pair outside the
// Basic Multilingual Plane.
func jsonEscape(r rune, hex string) string {
	if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
		return fmt.Sprintf(`\u`+hex+`\u`+hex, r1, r2)
	}
	return fmt.Sprintf(`\u`+hex, r)
}

// percentEscape writes each byte of r in UTF-8 with format.
func percentEscape(r rune, format string) string {
	var b strings.Builder
	for _, c := range []byte(string(r)) {
		fmt.Fprintf(&b, format, c)
	}
	return b.String()
}

// write writes secret with the forms that choice picks for its runes, turn
// by turn.
func write(secret string, choice []byte) string {
	var b strings.Builder
	i := 0
	for _, r := range secret {
		c := 0
		if len(choice) > 0 {
			c = int(choice[i%len(choice)])
		}
		w := forms[c%len(forms)](r)
		if i == 0 {
			w = strings.TrimPrefix(w, "\xff")
		}
		b.WriteString(w)
		i++
	}
	return b.String()
}

func TestStringFindsEveryForm(t *testing.T) {
	t.Parallel()
	for _, secret := range []string{key, `sk-admin/with+odd"chars&=é \😀`} {
		for i := range forms {
			written := write(secret, []byte{byte(i)})
			for _, text := range []string{
				written,
				`{"error":{"message":"bad key ` + written + `"}}`,
				`{"detail":"cut ` + written, // not JSON
				"/v1/organization/invites/" + written + "?k=" + written,
				"<p>" + written + "</p>\xff",
			} {
				got := redact.String(text, secret)
				want := strings.ReplaceAll(text, written, redact.Placeholder)
				if got != want {
					t.Errorf("secret %q, form %d:\n text %q\n  got %q\n want %q", secret, i, text, got, want)
				}
			}
		}
		mixed := write(secret, []byte{0, 2, 4, 5, 8, 3, 6, 7, 1, 9})
		if got := redact.String("x"+mixed+"y", secret); got != "x[redacted]y" {
			t.Errorf("secret %q, mixed forms %q: got %q", secret, mixed, got)
		}
	}
}

func TestStringKeepsWhatIsNotTheSecret(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"no secret":              `{"message":"Incorrect API key provided"}`,
		"one byte off":           strings.Replace(key, "9", "8", 1),
		"cut short":              key[:len(key)-1],
		"escapes of other bytes": `\u0041%41%2541\x41\/\U00000041` + "\xff",
		"escapes cut short":      `\u00` + `%2` + `%25` + `\U0000` + `\x` + `\`,
		"prefix, then junk":      "sk-admin/te\xff",
		"empty":                  "",
	}
	for name, text := range tests {
		if got := redact.String(text, key); got != text {
			t.Errorf("%s: %q became %q", name, text, got)
		}
	}
	if got := redact.String(key, ""); got != key {
		t.Errorf("an empty secret changed %q into %q", key, got)
	}
}

func TestStringReplacesEachPlace(t *testing.T) {
	t.Parallel()
	text := key + key + " and " + write(key, []byte{2}) + "," + write(key, []byte{5}) + key[:5]
	want := "[redacted][redacted] and [redacted],[redacted]" + key[:5]
	if got := redact.String(text, key); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	h.Set("X-"+key[:8], "1") // net/http writes the name as X-Sk-Admin
	h.Set("X-Echo", "Bearer "+write(key[:8], []byte{4})+"/rest")
	h.Add("X-Echo", "kept")
	got := redact.Header(h, "sk-admin")
	want := http.Header{"X-[redacted]": {"1"}, "X-Echo": {"Bearer [redacted]/rest", "kept"}}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	if h.Get("X-Echo") == got.Get("X-Echo") {
		t.Error("Header changed the header it was given")
	}
	if redact.Header(nil, key) != nil {
		t.Error("Header(nil) is not nil")
	}
}

func TestMaxWrittenLen(t *testing.T) {
	t.Parallel()
	for i := range forms {
		if written := write(key, []byte{byte(i)}); len(written) > redact.MaxWrittenLen(key) && i != 8 {
			t.Errorf("form %d writes the key in %d bytes, more than MaxWrittenLen's %d", i, len(written), redact.MaxWrittenLen(key))
		}
	}
}
