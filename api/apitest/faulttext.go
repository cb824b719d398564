package apitest

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// String returns the drop mode's name in the text form of a fault:
// "before-headers", "after-headers", or "none" for the zero value.
func (d Drop) String() string {
	switch d {
	case DropNone:
		return "none"
	case DropBeforeHeaders:
		return "before-headers"
	case DropAfterHeaders:
		return "after-headers"
	}
	return "Drop(" + strconv.Itoa(int(d)) + ")"
}

// bodyFaultNames are the names of the body faults in the text form, by
// value.
var bodyFaultNames = [...]string{
	BodyIntact:      "intact",
	BodyTruncated:   "truncated",
	BodyNotJSON:     "not-json",
	BodyEmptyObject: "empty-object",
	BodyNull:        "null",
	BodyList:        "list",
	BodyArray:       "array",
	BodyNoID:        "no-id",
	BodyWrongObject: "wrong-object",
}

// String returns the body fault's name in the text form of a fault, such as
// "truncated" or "empty-object", or "intact" for the zero value.
func (b BodyFault) String() string {
	if b >= 0 && int(b) < len(bodyFaultNames) {
		return bodyFaultNames[b]
	}
	return "BodyFault(" + strconv.Itoa(int(b)) + ")"
}

// String returns the fault in its text form, which ParseFault reads back:
// method, path, status, count, then key=value settings, such as
// "POST /organization/invites 503 x2 retry-after-ms=10".
func (f Fault) String() string {
	parts := []string{orDefault(f.Method, "*"), orDefault(f.Path, "*")}
	if f.Status != 0 {
		parts = append(parts, strconv.Itoa(f.Status))
	}
	if f.Times != 0 {
		parts = append(parts, "x"+strconv.Itoa(f.Times))
	}
	if f.Location != "" {
		parts = append(parts, "location="+f.Location)
	}
	if f.RetryAfterSeconds != 0 {
		parts = append(parts, "retry-after="+strconv.Itoa(f.RetryAfterSeconds))
	}
	if f.RetryAfterMilliseconds != 0 {
		parts = append(parts, "retry-after-ms="+strconv.Itoa(f.RetryAfterMilliseconds))
	}
	if f.Latency != 0 {
		parts = append(parts, "latency="+f.Latency.String())
	}
	if f.Drop != DropNone {
		parts = append(parts, "drop="+f.Drop.String())
	}
	if f.Body != BodyIntact {
		parts = append(parts, "body="+f.Body.String())
	}
	for _, name := range slices.Sorted(maps.Keys(f.Header)) {
		for _, v := range f.Header[name] {
			parts = append(parts, quoteToken("header="+name+":"+v))
		}
	}
	return strings.Join(parts, " ")
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// quoteToken quotes the value of a key=value token that holds white space
// or a double quote.
func quoteToken(tok string) string {
	if !strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsSpace(r) || r == '"' }) {
		return tok
	}
	k, v, _ := strings.Cut(tok, "=")
	return k + "=" + strconv.Quote(v)
}

// ParseFault reads a fault from its text form, which is what Fault.String
// writes:
//
//	[METHOD] [PATH] [STATUS] [xN] [key=value ...]
//
// METHOD is an HTTP method or "*" for any; PATH starts with "/" or is "*"
// for any (both may be left out, for any); STATUS is a three-digit status;
// xN applies the fault to the next N matching requests (without it, to every
// one). The settings are status=N, times=N, location=URL (where a redirect
// points), retry-after=N (seconds), retry-after-ms=N (milliseconds),
// latency= (a duration such as 2s or 250ms),
// drop=before-headers|after-headers,
// body=truncated|not-json|empty-object|null|list|array|no-id|wrong-object,
// and header=Name:value, which may be repeated. A value with spaces is
// written in double quotes. For example:
//
//	POST /organization/invites 503 x2 retry-after-ms=10
//	GET /organization/invites/{invite_id} drop=after-headers x1
//	* * latency=3s
//	DELETE * 409 header=X-Should-Retry:false
//	GET /organization/invites 429 header="Retry-After: Wed, 21 Oct 2026 07:28:00 GMT"
//	POST /organization/invites 303
//	DELETE /organization/invites/{invite_id} 302 location=https://elsewhere.example/v1/organization/invites
//	GET /organization/invites/{invite_id} body=no-id
//
// The fault is validated as InjectFault would.
func ParseFault(s string) (Fault, error) {
	toks, err := tokenize(s)
	if err != nil {
		return Fault{}, err
	}
	if len(toks) == 0 {
		return Fault{}, errors.New("fault: empty")
	}
	var f Fault
	if t := toks[0]; t == "*" || isLetters(t) {
		f.Method = strings.ToUpper(t)
		toks = toks[1:]
	}
	if len(toks) > 0 && (toks[0] == "*" || strings.HasPrefix(toks[0], "/")) {
		f.Path = toks[0]
		toks = toks[1:]
	}
	if f.Method == "*" {
		f.Method = ""
	}
	if f.Path == "*" {
		f.Path = ""
	}
	seen := map[string]bool{}
	for _, tok := range toks {
		key, value, isKV := strings.Cut(tok, "=")
		switch {
		case !isKV && len(tok) == 3 && isDigits(tok):
			key, value = "status", tok
		case !isKV && len(tok) > 1 && tok[0] == 'x' && isDigits(tok[1:]):
			key, value = "times", tok[1:]
		case !isKV:
			return Fault{}, fmt.Errorf("fault: %q is not a status, a count like x2 or a key=value setting", tok)
		}
		if seen[key] && key != "header" {
			return Fault{}, fmt.Errorf("fault: %s is given twice", key)
		}
		seen[key] = true
		if err := f.set(key, value); err != nil {
			return Fault{}, err
		}
	}
	if err := f.Validate(); err != nil {
		return Fault{}, err
	}
	return f, nil
}

// set applies one key=value setting of the text form.
func (f *Fault) set(key, value string) error {
	var err error
	switch key {
	case "status":
		f.Status, err = strconv.Atoi(value)
	case "times":
		f.Times, err = strconv.Atoi(value)
	case "retry-after":
		f.RetryAfterSeconds, err = strconv.Atoi(value)
	case "retry-after-ms":
		f.RetryAfterMilliseconds, err = strconv.Atoi(value)
	case "latency":
		f.Latency, err = time.ParseDuration(value)
	case "drop":
		switch value {
		case "before-headers", "before":
			f.Drop = DropBeforeHeaders
		case "after-headers", "after":
			f.Drop = DropAfterHeaders
		default:
			return fmt.Errorf("fault: drop=%s: want before-headers or after-headers", value)
		}
	case "location":
		f.Location = value
	case "body":
		i := slices.Index(bodyFaultNames[:], value)
		if i <= int(BodyIntact) {
			return fmt.Errorf("fault: body=%s: want one of %s", value, strings.Join(bodyFaultNames[BodyIntact+1:], ", "))
		}
		f.Body = BodyFault(i)
	case "header":
		name, v, ok := strings.Cut(value, ":")
		if !ok || name == "" {
			return fmt.Errorf("fault: header=%s: want header=Name:value", value)
		}
		if f.Header == nil {
			f.Header = http.Header{}
		}
		f.Header.Add(strings.TrimSpace(name), strings.TrimSpace(v))
	default:
		return fmt.Errorf("fault: unknown setting %q (want status, times, location, retry-after, retry-after-ms, latency, drop, body or header)", key)
	}
	if err != nil {
		return fmt.Errorf("fault: %s=%s: %w", key, value, err)
	}
	return nil
}

// tokenize splits the text form at white space; a double-quoted part, as in
// header="Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", may hold white space.
func tokenize(s string) ([]string, error) {
	var toks []string
	var cur strings.Builder
	inToken := false
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '"':
			q, err := strconv.QuotedPrefix(s[i:])
			if err != nil {
				return nil, fmt.Errorf("fault: unterminated or bad quoted text at %q", s[i:])
			}
			v, _ := strconv.Unquote(q)
			cur.WriteString(v)
			inToken = true
			i += len(q)
		case ' ', '\t', '\n', '\r':
			if inToken {
				toks = append(toks, cur.String())
				cur.Reset()
				inToken = false
			}
			i++
		default:
			cur.WriteByte(c)
			inToken = true
			i++
		}
	}
	if inToken {
		toks = append(toks, cur.String())
	}
	return toks, nil
}

func isLetters(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') })
}

func isDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// MarshalText returns the fault's text form, for flag.TextVar and encoders.
// It fails for a fault that is not valid.
func (f Fault) MarshalText() ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return []byte(f.String()), nil
}

// UnmarshalText reads the fault's text form, as ParseFault does.
func (f *Fault) UnmarshalText(text []byte) error {
	parsed, err := ParseFault(string(text))
	if err != nil {
		return err
	}
	*f = parsed
	return nil
}
