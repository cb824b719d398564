package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzCheckAnswer throws arbitrary JSON at checkAnswer as a page of invites:
// it never panics; it refuses every page in which a key that decoding reads
// repeats, or is read as a field it is not the name of, at the top, in an
// invite of data or in one of its projects, as encoding/json itself decodes
// each key (see keyProblem); and it finds no such key in any other page.
func FuzzCheckAnswer(f *testing.F) {
	for _, seed := range []string{
		`{"object":"list","data":[],"has_more":false}`,
		`{"object":"list","data":[{"id":"a","ID":"b"}],"has_more":true,"HAS_MORE":false}`,
		`{"object":"list","data":null,"has_more":true,"has_more":false}`,
		`{"object":"list","data":[null,{},[]],"haſ_more":false,"x":{"has_more":1}}`,
		`{"obj\u0065ct":"list","data":[{"projects":[{"Role":1}]}],"has_more":false} trailing`,
		// The dotless ı matches no ASCII letter, the Kelvin sign matches k
		// and the long s matches s: only ſtatus is read as a field.
		`{"object":"list","data":[{"object":"organization.invite","id":"a","emaıl":"x","\u212a":1,"ſtatus":"pending"}],"has_more":false}`,
		`{"object":"list","data":[{"emaıl":"x","projectſ":[{"\u212aey":1}]}],"has_more":false}`,
		`{"object":"list","data":[{"emaıl":"x","\u212aey":1,"projects":[{"İD":"p"}]}],"has_more":false}`,
		`null`, `[]`, `{}`, `"x"`, `{"a":"\\","b":[{"}":"]"}]}`,
	} {
		f.Add([]byte(seed))
	}
	c := &Client{adminKey: secretKey("sk-fuzz")}
	f.Fuzz(func(t *testing.T, body []byte) {
		var page InviteListResponse
		if json.NewDecoder(bytes.NewReader(body)).Decode(&page) != nil {
			t.Skip("not a page of invites first")
		}
		err := c.checkAnswer(reflect.TypeFor[InviteListResponse](), body)
		if err != nil && !errors.Is(err, ErrNotPromised) {
			t.Fatalf("checkAnswer(%q) = %v, which does not wrap ErrNotPromised", body, err)
		}
		var first json.RawMessage
		_ = json.NewDecoder(bytes.NewReader(body)).Decode(&first)
		bad := keyProblem(first, reflect.TypeFor[InviteListResponse]())
		switch {
		case bad != "" && err == nil:
			t.Fatalf("checkAnswer(%q) accepted a page with %s", body, bad)
		case bad == "" && err != nil && (strings.Contains(err.Error(), " is a case variant of ") || strings.Contains(err.Error(), " appears twice")):
			t.Fatalf("checkAnswer(%q) = %v, but encoding/json reads every key of it as written, once", body, err)
		}
	})
}

// TestKeyProblemAsksEncodingJSON pins the oracle of FuzzCheckAnswer on the
// keys that a copy of encoding/json's folding got wrong.
func TestKeyProblemAsksEncodingJSON(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"data":[{"emaıl":"x"}]}`:                      "",
		`{"data":[{"EMAIL":"x"}]}`:                      `the variant "EMAIL" of "email"`,
		`{"data":[{"ſtatus":"x"}]}`:                     `the variant "ſtatus" of "status"`,
		`{"data":[{"projects":[{"İD":"p","id":"q"}]}]}`: "",
		`{"data":[{"projects":[{"iD":"p"}]}]}`:          `the variant "iD" of "id"`,
		`{"has_more":true,"has_more":false}`:            `"has_more" twice`,
		`{"x":{"has_more":1,"has_more":2}}`:             "",
	} {
		if got := keyProblem([]byte(body), reflect.TypeFor[InviteListResponse]()); got != want {
			t.Errorf("keyProblem(%s) = %q, want %q", body, got, want)
		}
	}
}

// keyProblem returns what is wrong with the keys of raw, a JSON value that
// decodes into a value of type t, and of the objects nested in it that
// decoding fills: a key that decodes into a field twice, or into a field it
// is not the name of. It asks encoding/json which field each key decodes
// into (decodesInto), and knows no rule of its own.
func keyProblem(raw []byte, t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	switch {
	case err != nil:
		return ""
	case tok == json.Delim('[') && t.Kind() == reflect.Slice:
		for dec.More() {
			var item json.RawMessage
			if dec.Decode(&item) != nil {
				return ""
			}
			if bad := keyProblem(item, t.Elem()); bad != "" {
				return bad
			}
		}
	case tok == json.Delim('{') && t.Kind() == reflect.Struct:
		seen := map[int]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return ""
			}
			key := tok.(string)
			var value json.RawMessage
			if dec.Decode(&value) != nil {
				return ""
			}
			k := decodesInto(t, key)
			if k < 0 {
				continue
			}
			name := jsonName(t.Field(k))
			switch {
			case key != name:
				return "the variant " + quoteJSON(key) + " of " + quoteJSON(name)
			case seen[k]:
				return quoteJSON(key) + " twice"
			}
			seen[k] = true
			if bad := keyProblem(value, t.Field(k).Type); bad != "" {
				return bad
			}
		}
	}
	return ""
}

// decodesInto returns the index of the field of the struct type t that
// encoding/json stores the value of key in, or -1: it decodes
// {key: a value of the field's type that is not zero} into a new t, field
// by field, and sees which one is set.
func decodesInto(t reflect.Type, key string) int {
	quoted, err := json.Marshal(key)
	if err != nil {
		return -1
	}
	for i := range t.NumField() {
		value, err := json.Marshal(notZero(t.Field(i).Type).Interface())
		if err != nil {
			panic(err)
		}
		v := reflect.New(t)
		_ = json.Unmarshal([]byte("{"+string(quoted)+":"+string(value)+"}"), v.Interface())
		if !v.Elem().Field(i).IsZero() {
			return i
		}
	}
	return -1
}

// notZero returns a value of type t that is not its zero value, unless t is
// a struct.
func notZero(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Pointer:
		v.Set(notZero(t.Elem()).Addr())
	case reflect.Slice:
		v.Set(reflect.Append(v, notZero(t.Elem())))
	}
	return v
}

// jsonName returns the JSON name of the struct field f.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// quoteJSON returns s as a JSON string.
func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
