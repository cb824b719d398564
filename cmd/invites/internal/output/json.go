package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Object is a JSON object whose fields keep the order of Keys.
type Object struct {
	Keys   []string
	Values []any
}

// MarshalJSON writes the object: times in RFC 3339, UTC (null for none),
// projects as an array of {id, role} (null for an import row without a
// projects cell, which joins the default project).
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, key := range o.Keys {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		v := o.Values[i]
		if t, ok := v.(time.Time); ok {
			v = nil
			if !t.IsZero() {
				v = t.UTC().Format(MachineTime)
			}
		}
		enc, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(enc)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// WriteJSON writes v as JSON and a newline: compact with an empty indent (a
// line of JSON Lines), else indented. <, > and & are left as they are, and
// every character that is not printable is escaped as \uXXXX, so that no
// value reaches a terminal raw and every value decodes back exactly.
func WriteJSON(w io.Writer, v any, indent string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(buf.Bytes()))
	return err
}

// escapeJSON escapes the characters of encoded JSON that encoding/json
// leaves raw but a terminal may act on: DEL, the C1 controls (such as the
// one-byte CSI) and other characters that are not printable, such as
// direction overrides. encoding/json escapes the C0 controls itself, so the
// only raw ones left are its own newlines between values.
func escapeJSON(b []byte) []byte {
	isRaw := func(r rune) bool { return r >= 0x7f && !unicode.IsPrint(r) }
	if !bytes.ContainsFunc(b, isRaw) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for _, r := range string(b) {
		if !isRaw(r) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r > 0xffff {
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, "\\u%04x\\u%04x", hi, lo)
			continue
		}
		out = fmt.Appendf(out, "\\u%04x", r)
	}
	return out
}
