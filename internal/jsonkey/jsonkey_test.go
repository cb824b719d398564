package jsonkey

import (
	"encoding/json"
	"reflect"
	"testing"
)

// target is a struct whose fields' names hold every letter that a rune
// outside ASCII folds to (k and s), and i, which the dotted and dotless
// capital and small i look like.
type target struct {
	Email   string `json:"email"`
	Kind    string `json:"kind"`
	Size    string `json:"size"`
	ID      string `json:"id"`
	HasMore string `json:"has_more"`
}

// targetNames are the JSON names of target's fields, in order.
var targetNames = []string{"email", "kind", "size", "id", "has_more"}

// decodedField asks encoding/json which field of target it stores the value
// of key in: the index of the one field set, or -1.
func decodedField(t *testing.T, key string) int {
	t.Helper()
	quoted, err := json.Marshal(key)
	if err != nil {
		t.Skipf("key %q cannot be written as JSON: %v", key, err)
	}
	var v target
	if err := json.Unmarshal([]byte(`{`+string(quoted)+`:"x"}`), &v); err != nil {
		t.Fatalf("decoding key %q: %v", key, err)
	}
	got := -1
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		if !rv.Field(i).IsZero() {
			got = i
		}
	}
	return got
}

func TestFieldIsWhatEncodingJSONDecodesInto(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]int{
		"email":       0,
		"EMAIL":       0,
		"eMaIl":       0,
		"emaıl":       -1, // dotless small i
		"emaİl":       -1, // dotted capital I
		"\u212aind":   1,  // Kelvin sign
		"\u017fize":   2,  // long s
		"\u017fIZE":   2,
		"İd":          -1,
		"ID":          3,
		"has_more":    4,
		"haſ_more":    4,
		"has-more":    -1,
		"hasmore":     -1,
		"":            -1,
		"email ":      -1,
		"e\u0301mail": -1,
	} {
		if got := decodedField(t, key); got != want {
			t.Fatalf("the table says %q decodes into field %d, encoding/json says %d", key, want, got)
		}
		if got := Field(key, targetNames); got != want {
			t.Errorf("Field(%q) = %d, want %d, as encoding/json decodes it", key, got, want)
		}
	}
}

// FuzzField checks Field against encoding/json itself: for any key, the
// field it names is the one decoding the key sets.
func FuzzField(f *testing.F) {
	for _, seed := range []string{"email", "emaıl", "\u212aind", "\u017fize", "İD", "HAS_MORE", "\xff", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if got, want := Field(key, targetNames), decodedField(t, key); got != want {
			t.Fatalf("Field(%q) = %d, encoding/json decodes it into field %d", key, got, want)
		}
	})
}
