package api

import (
	"bytes"
	"encoding/json"
	"maps"
	"testing"
)

// FuzzTopLevelFields checks topLevelFields against encoding/json on any
// JSON object: the same names, and null where json says null.
func FuzzTopLevelFields(f *testing.F) {
	for _, seed := range []string{
		`{}`, ` { } `, `{"has_more":false}`, `{"has_more":false }`, "{\n\t\"has_more\" :\r\n true\n}",
		`{"a":1,"has_more":null}`, `{"has_more":null,"has_more":false}`, `{"has_more":false,"has_more":null}`,
		`{"data":[{"has_more":true},[1,2,{"x":"}"}]],"has_more":1e3}`, `{"s":"a\"b}\\","has\u005fmore":-0.5}`,
		`{"x":{"y":{"z":[[],{}]}},"deleted":true}`, `{"a":"\\","b":[]}`, `[{"has_more":true}]`, `null`, `"x"`, `{"a":{}} trailing`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var want map[string]json.RawMessage
		if json.NewDecoder(bytes.NewReader(body)).Decode(&want) != nil {
			t.Skip("not a JSON object first")
		}
		wantFields := map[string]bool{}
		for name, v := range want {
			wantFields[name] = string(v) != "null"
		}
		if got := topLevelFields(body); !maps.Equal(got, wantFields) && want != nil {
			t.Fatalf("topLevelFields(%q) = %v, want %v", body, got, wantFields)
		}
	})
}
