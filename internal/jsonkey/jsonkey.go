// Package jsonkey holds encoding/json's rule for which struct field an
// object's key decodes into, so that the SDK, which refuses answers whose
// keys encoding/json would read otherwise than they are written, and the
// fake, which refuses such requests, follow the rule itself and not a copy
// of it.
//
// encoding/json stores the value of a key in the field whose JSON name is
// the key, else in one whose name equals the key under Unicode simple case
// folding, which is what strings.EqualFold compares: EMAIL, the Kelvin sign
// in "\u212aind" and the long s in "\u017fize" match email, kind and size,
// while the dotless ı of "emaıl" and the dotted İ of "İd" match no ASCII
// letter, so those keys are unknown ones.
package jsonkey

import "strings"

// Matches reports whether encoding/json may decode the value of the object
// key key into a struct field whose JSON name is name: the two are equal
// under Unicode simple case folding.
func Matches(key, name string) bool {
	return strings.EqualFold(key, name)
}

// Field returns the index in names, the JSON names of a struct's fields, of
// the field that encoding/json decodes the value of key into, or -1 when it
// decodes into none: the field named key, else the first whose name Matches
// key.
func Field(key string, names []string) int {
	for i, name := range names {
		if name == key {
			return i
		}
	}
	for i, name := range names {
		if Matches(key, name) {
			return i
		}
	}
	return -1
}
