package redact

import (
	"unicode/utf16"
	"unicode/utf8"
)

// unit is one piece of a text that stands for bytes of the secret: a byte as
// it is, or an escape, or a run of bytes that are not UTF-8, which stands
// for nothing.
type unit struct {
	width int               // how many bytes of the text it takes
	n     int               // how many bytes it stands for
	bytes [utf8.UTFMax]byte // the bytes it stands for
}

// maxUnits bounds how many units can start at one place of a text.
const maxUnits = 4

// units returns the units that s starts with, the widest first. A run of
// bytes that are not UTF-8 counts only inside the secret (inner), where it
// may have split it.
func units(s string, inner bool, out []unit) []unit {
	switch c := s[0]; c {
	case '%':
		out = percent(s, out)
	case '\\':
		out = backslash(s, out)
	case '+':
		out = append(out, byteUnit(' ', 1))
	default:
		if n := junk(s); n > 0 && inner {
			out = append(out, unit{width: n})
		}
	}
	return append(out, byteUnit(s[0], 1))
}

// percent returns the URL escapes s starts with: %2573 (escaped twice), then
// %73.
func percent(s string, out []unit) []unit {
	if len(s) >= 5 && s[1] == '2' && s[2] == '5' {
		if b, ok := hexByte(s[3:5]); ok {
			out = append(out, byteUnit(b, 5))
		}
	}
	if len(s) >= 3 {
		if b, ok := hexByte(s[1:3]); ok {
			out = append(out, byteUnit(b, 3))
		}
	}
	return out
}

// backslash returns the escape s starts with: \u0073 (a surrogate pair
// \ud83d\ude00 counts as one rune), \U00000073, \x73, or one of JSON's
// escapes of one character.
func backslash(s string, out []unit) []unit {
	if len(s) < 2 {
		return out
	}
	switch s[1] {
	case 'u':
		if len(s) < 6 {
			return out
		}
		r, ok := unhex(s[2:6])
		switch {
		case !ok:
		case !utf16.IsSurrogate(r):
			return append(out, runeUnit(r, 6))
		case len(s) >= 12 && s[6] == '\\' && s[7] == 'u':
			if low, ok := unhex(s[8:12]); ok {
				if pair := utf16.DecodeRune(r, low); pair != utf8.RuneError {
					return append(out, runeUnit(pair, 12))
				}
			}
		}
	case 'U':
		if len(s) >= 10 {
			if r, ok := unhex(s[2:10]); ok && utf8.ValidRune(r) {
				return append(out, runeUnit(r, 10))
			}
		}
	case 'x':
		if len(s) >= 4 {
			if b, ok := hexByte(s[2:4]); ok {
				return append(out, byteUnit(b, 4))
			}
		}
	case '/', '\\', '"', '\'':
		return append(out, byteUnit(s[1], 2))
	case 'b':
		return append(out, byteUnit('\b', 2))
	case 'f':
		return append(out, byteUnit('\f', 2))
	case 'n':
		return append(out, byteUnit('\n', 2))
	case 'r':
		return append(out, byteUnit('\r', 2))
	case 't':
		return append(out, byteUnit('\t', 2))
	}
	return out
}

// byteUnit returns the unit of width bytes that stands for b.
func byteUnit(b byte, width int) unit {
	u := unit{width: width, n: 1}
	u.bytes[0] = b
	return u
}

// runeUnit returns the unit of width bytes that stands for r in UTF-8.
func runeUnit(r rune, width int) unit {
	u := unit{width: width}
	u.n = utf8.EncodeRune(u.bytes[:], r)
	return u
}

// hexByte returns the byte that two hex digits stand for.
func hexByte(hex string) (byte, bool) {
	hi, ok1 := hexDigit(hex[0])
	lo, ok2 := hexDigit(hex[1])
	return hi<<4 | lo, ok1 && ok2
}

// unhex returns the number that hex, hex digits, stands for.
func unhex(hex string) (rune, bool) {
	var r rune
	for i := 0; i < len(hex); i++ {
		d, ok := hexDigit(hex[i])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// hexDigit returns the value of a hex digit in either case.
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

// junk returns how many bytes at the start of s are not UTF-8.
func junk(s string) int {
	n := 0
	for n < len(s) {
		if r, size := utf8.DecodeRuneInString(s[n:]); r != utf8.RuneError || size != 1 {
			break
		}
		n++
	}
	return n
}
