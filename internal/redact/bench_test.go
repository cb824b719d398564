package redact_test

import (
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/redact"
)

// BenchmarkString scrubs an error body of 64 KiB, the most the SDK reads of
// one: plain text, text full of escapes, and text full of near misses of the
// key. Each should take time in proportion to the text.
func BenchmarkString(b *testing.B) {
	texts := map[string]string{
		"plain":       strings.Repeat("Incorrect API key provided. ", 64<<10/28),
		"escaped":     strings.Repeat(`{"m":"\u0041%41%2541\/"} `, 64<<10/25),
		"near-misses": strings.Repeat(write(key[:len(key)-1], []byte{0, 2, 5, 8})+" ", 64<<10/128),
	}
	for name, text := range texts {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				redact.String(text+key, key)
			}
		})
	}
}
