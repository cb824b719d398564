package apitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/jsonkey"
)

// encoding/json matches an object's keys to a struct's fields without regard
// to case, the last one winning, while kin-openapi validates each key as it
// is written. So in {"role":"reader","ROLE":"owner"} the validator sees a
// reader and encoding/json decodes an owner. The create handler refuses such
// a body before it decodes it.

// createFields and projectFields are the JSON names of the fields of a
// create body, and of one of its projects.
var (
	createFields  = fieldNames(reflect.TypeFor[createRequest]())
	projectFields = fieldNames(reflect.TypeFor[api.Project]())
)

// fieldNames returns the JSON name of each field of the struct type t.
func fieldNames(t reflect.Type) []string {
	out := make([]string, t.NumField())
	for i := range t.NumField() {
		out[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return out
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
func objectKeyProblem(dec *json.Decoder, known []string, path string) (field, rule string, err error) {
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
		k := jsonkey.Field(key, known)
		if k < 0 {
			if err := skipValue(dec); err != nil {
				return "", "", err
			}
			continue
		}
		name := known[k]
		switch {
		case key != name:
			return path + name, "key " + quote(key) + " is a case variant of " + quote(name), nil
		case seen[name]:
			return path + name, "key " + quote(name) + " appears twice", nil
		}
		seen[name] = true
		if name == "projects" && path == "" {
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
