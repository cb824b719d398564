package specsync

import (
	"fmt"
	"strconv"
	"unicode"
)

// How text taken from the input appears in an error or a report: never raw,
// so that nothing from an upstream spec reaches a terminal as it is.

// quote shows a value from the input in an error, escaped and shortened, so
// that nothing from the input reaches a terminal raw.
func quote(s string) string {
	const limit = 60
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// safe shows a name taken from the input, such as a JSON pointer, as it is
// when every character is printable, and quoted and escaped otherwise.
func safe(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
