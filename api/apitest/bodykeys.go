package apitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/api"
)

// encoding/json matches an object's keys to a struct's fields without regard
// to case, the last one winning, while kin-openapi validates each key as it
// is written. So in {"role":"reader","ROLE":"owner"} the validator sees a
// reader and encoding/json decodes an owner. The create handler refuses such
// a body before it decodes it.

// createFields and projectFields map each field of a create body, and of one
// of its projects, by its name as encoding/json folds it, to its name.
var (
	createFields  = foldedFields(reflect.TypeFor[createRequest]())
	projectFields = foldedFields(reflect.TypeFor[api.Project]())
)

// foldedFields maps the JSON name of each field of the struct type t, folded
// (see foldKey), to that name.
func foldedFields(t reflect.Type) map[string]string {
	out := map[string]string{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out[foldKey(name)] = name
	}
	return out
}

// foldKey folds a key as encoding/json does to match it with a field's name:
// ASCII letters to upper case, any other rune to the upper case of its lower
// case.
func foldKey(key string) string {
	var b strings.Builder
	for _, r := range key {
		switch {
		case 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		case r >= utf8.RuneSelf:
			r = unicode.ToUpper(unicode.ToLower(r))
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keyProblem returns the field of body, a create request that kin-openapi
// accepted, and the rule its key breaks, when a key that encoding/json takes
// for a field is given twice or is not written as the field's name, at the
// top or in an item of projects; else "", "".
func keyProblem(body []byte) (field, rule string) {
	dec := json.NewDecoder(bytes.NewReader(body))
	field, rule, _ = objectKeyProblem(dec, createFields, "")
	return field, rule
}

// objectKeyProblem reads the next value of dec, an object whose fields are
// known, and returns the first field whose key breaks the rule of
// keyProblem, named under path, or "", "" and any error reading it.
func objectKeyProblem(dec *json.Decoder, known map[string]string, path string) (field, rule string, err error) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", "", errNotChecked
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", "", err
		}
		key, _ := tok.(string)
		name, isField := known[foldKey(key)]
		switch {
		case !isField:
		case key != name:
			return path + name, "key " + quote(key) + " is a case variant of " + quote(name), nil
		case seen[name]:
			return path + name, "key " + quote(name) + " appears twice", nil
		}
		seen[name] = true
		if isField && name == "projects" && path == "" {
			field, rule, err = projectsKeyProblem(dec)
		} else {
			err = skipValue(dec)
		}
		if field != "" || err != nil {
			return field, rule, err
		}
	}
	_, err = dec.Token() // }
	return "", "", err
}

// projectsKeyProblem reads the value of projects from dec and returns the
// first field of one of its items that breaks the rule of keyProblem.
func projectsKeyProblem(dec *json.Decoder) (field, rule string, err error) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return "", "", errNotChecked
	}
	for i := 0; dec.More(); i++ {
		field, rule, err := objectKeyProblem(dec, projectFields, "projects["+strconv.Itoa(i)+"].")
		if field != "" || err != nil {
			return field, rule, err
		}
	}
	_, err = dec.Token() // ]
	return "", "", err
}

// errNotChecked ends the check of a body that is not a create request's
// shape, which kin-openapi refuses anyway.
var errNotChecked = errors.New("not a create request")

// skipValue reads the next value of dec, whatever it is.
func skipValue(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}
