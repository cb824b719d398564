package api

// The functions below step over the bytes of a JSON document that
// encoding/json has already accepted, without decoding it: checkAnswer reads
// an answer's keys with them.

// skipSpace returns the index of the first byte of body at or after i that
// is not JSON white space.
func skipSpace(body []byte, i int) int {
	for i < len(body) && isSpace(body[i]) {
		i++
	}
	return i
}

// isSpace reports whether b is JSON white space.
func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// skipValue returns the index just past the valid JSON value that starts at
// body[i].
func skipValue(body []byte, i int) int {
	depth := 0
	for ; i < len(body); i++ {
		switch b := body[i]; {
		case b == '"':
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' {
					i++ // the escaped byte
				}
			}
			if depth == 0 {
				return i + 1
			}
		case b == '{' || b == '[':
			depth++
		case (b == '}' || b == ']') && depth == 0:
			return i // the end of what holds a number, true, false or null
		case b == '}' || b == ']':
			if depth--; depth == 0 {
				return i + 1
			}
		case depth == 0 && (b == ',' || b == ':' || isSpace(b)):
			return i
		}
	}
	return i
}

// stringEnd returns the index just past the JSON string that starts at
// body[i], a quote, and whether it holds an escape.
func stringEnd(body []byte, i int) (int, bool) {
	escaped := false
	for i++; i < len(body); i++ {
		switch body[i] {
		case '"':
			return i + 1, escaped
		case '\\':
			escaped = true
			i++ // the escaped byte
		}
	}
	return i, escaped
}

// scalarEnd returns the index just past the number, true, false or null
// that starts at body[i].
func scalarEnd(body []byte, i int) int {
	for ; i < len(body); i++ {
		switch body[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return i
}
