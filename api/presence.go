package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// lookup finds fields in a body (whose first JSON value is the answer, and
// decoded): a top-level field by scanning the body once, without decoding
// it; a field inside an array by decoding the body, once.
type lookup struct {
	body []byte
	top  map[string]bool // whether each top-level field is there and not null
	doc  any
	err  error
}

// has reports whether the field at path (as has_more, or data[3].created_at)
// is in the body and not null.
func (l *lookup) has(path string) bool {
	if !strings.Contains(path, "[") {
		if l.top == nil {
			l.top = topLevelFields(l.body)
		}
		return l.top[path]
	}
	if l.doc == nil && l.err == nil {
		l.err = json.NewDecoder(bytes.NewReader(l.body)).Decode(&l.doc)
	}
	return present(l.doc, path)
}

// topLevelFields returns the names of the fields of the JSON object that
// body starts with, each with whether its value is not null (the last one
// counts, as for json.Unmarshal). body must start with a valid JSON value;
// this one decoded. The scan allocates little more than the map, and costs
// a fraction of decoding (on a page of 100 invites, 50 µs against 700 µs),
// which matters for has_more, false on the last page of every walk.
func topLevelFields(body []byte) map[string]bool {
	fields := map[string]bool{}
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return fields
	}
	for i < len(body) && body[i] != '}' {
		i = skipSpace(body, i+1) // past { or ,
		if i >= len(body) || body[i] != '"' {
			break // the } of an empty object
		}
		end := skipValue(body, i)
		var name string
		if json.Unmarshal(body[i:end], &name) != nil {
			break
		}
		i = skipSpace(body, skipSpace(body, end)+1) // past :
		end = skipValue(body, i)
		fields[name] = !bytes.Equal(body[i:end], []byte("null"))
		i = skipSpace(body, end)
	}
	return fields
}

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

// present reports whether the JSON value at path (as data[3].created_at) in
// doc, a decoded JSON document, is there and not null.
func present(doc any, path string) bool {
	for part := range strings.SplitSeq(path, ".") {
		name, index, hasIndex := strings.Cut(part, "[")
		obj, ok := doc.(map[string]any)
		if !ok {
			return false
		}
		doc = obj[name]
		if hasIndex {
			i, _ := strconv.Atoi(strings.TrimSuffix(index, "]"))
			arr, ok := doc.([]any)
			if !ok || i >= len(arr) {
				return false
			}
			doc = arr[i]
		}
	}
	return doc != nil
}
