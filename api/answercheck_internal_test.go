package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
)

// FuzzCheckAnswer throws arbitrary JSON at checkAnswer as a page of invites:
// it never panics, and it refuses every page whose top-level keys repeat, or
// differ from a field's name only in case, as a walk of the tokens of
// encoding/json finds them.
func FuzzCheckAnswer(f *testing.F) {
	for _, seed := range []string{
		`{"object":"list","data":[],"has_more":false}`,
		`{"object":"list","data":[{"id":"a","ID":"b"}],"has_more":true,"HAS_MORE":false}`,
		`{"object":"list","data":null,"has_more":true,"has_more":false}`,
		`{"object":"list","data":[null,{},[]],"haſ_more":false,"x":{"has_more":1}}`,
		`{"obj\u0065ct":"list","data":[{"projects":[{"Role":1}]}],"has_more":false} trailing`,
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
		if bad := topLevelKeyProblem(body); bad != "" && err == nil {
			t.Fatalf("checkAnswer(%q) accepted a page with %s", body, bad)
		}
	})
}

// topLevelKeyProblem returns what is wrong with the top-level keys of the
// JSON object body starts with: a key twice, or a key that encoding/json
// takes for a field of InviteListResponse but is not its name.
func topLevelKeyProblem(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	fields := []string{"object", "data", "first_id", "last_id", "has_more"}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		key := tok.(string)
		for _, name := range fields {
			if key != name && foldEqual(key, name) {
				return "the variant " + key
			}
		}
		if seen[key] && slices.Contains(fields, key) {
			return key + " twice"
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}
