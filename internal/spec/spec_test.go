package spec_test

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/seed-a87280d7/invites/internal/spec"
)

// loadFile loads and validates the module's openapi.yaml from disk.
func loadFile(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("../../openapi.yaml")
	if err != nil {
		t.Fatalf("loading openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("openapi.yaml does not validate: %v", err)
	}
	return doc
}

func TestSpecValidates(t *testing.T) {
	doc := loadFile(t)
	if doc.OpenAPI != "3.0.3" {
		t.Fatalf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
}

// TestEmbeddedSpecMatchesTheFile compares the embedded spec with the file,
// but for the operationIds, which oapi-codegen rewrites into Go names
// (list-invites becomes ListInvites) before embedding.
func TestEmbeddedSpecMatchesTheFile(t *testing.T) {
	file := loadFile(t)
	embedded, err := spec.GetSwagger()
	if err != nil {
		t.Fatalf("GetSwagger: %v", err)
	}
	for _, doc := range []*openapi3.T{file, embedded} {
		for _, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				op.OperationID = ""
			}
		}
	}
	fromFile, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	fromEmbed, err := json.Marshal(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if string(fromFile) != string(fromEmbed) {
		t.Fatal("internal/spec is stale: run go generate ./...")
	}
}

func TestOperationsKeepUpstreamNames(t *testing.T) {
	doc := loadFile(t)
	want := map[string]string{
		"GET /organization/invites":                "list-invites",
		"POST /organization/invites":               "inviteUser",
		"GET /organization/invites/{invite_id}":    "retrieve-invite",
		"DELETE /organization/invites/{invite_id}": "delete-invite",
	}
	got := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			got[method+" "+path] = op.OperationID
			if op.Summary == "" {
				t.Errorf("%s %s has no summary", method, path)
			}
			for _, code := range []string{"400", "401", "429", "default"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s %s does not declare a %s response", method, path, code)
				}
			}
			if op.Security == nil || len(*op.Security) != 1 || (*op.Security)[0]["AdminApiKeyAuth"] == nil {
				t.Errorf("%s %s does not require the admin key", method, path)
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("operations = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: operationId %q, want %q", k, got[k], v)
		}
	}
	var names []string
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range []string{"Error", "ErrorResponse", "Invite", "InviteDeleteResponse", "InviteListResponse", "InviteRequest"} {
		if !slices.Contains(names, name) {
			t.Errorf("schema %s is missing (have %v)", name, names)
		}
	}
}

func TestEveryPropertyHasADescription(t *testing.T) {
	doc := loadFile(t)
	var walk func(where string, s *openapi3.SchemaRef)
	walk = func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || s.Ref != "" {
			return
		}
		for name, p := range s.Value.Properties {
			if p.Ref == "" && p.Value.Description == "" {
				t.Errorf("%s.%s has no description", where, name)
			}
			walk(where+"."+name, p)
		}
		if s.Value.Items != nil {
			walk(where+"[]", s.Value.Items)
		}
	}
	for name, s := range doc.Components.Schemas {
		if s.Value.Description == "" {
			t.Errorf("schema %s has no description", name)
		}
		walk(name, s)
	}
}

func TestEveryExampleValidates(t *testing.T) {
	doc := loadFile(t)
	check := func(where string, schema *openapi3.SchemaRef, example any) {
		if example == nil {
			return
		}
		if err := schema.Value.VisitJSON(example); err != nil {
			t.Errorf("the example of %s does not match its schema: %v", where, err)
		}
	}
	n := 0
	for name, s := range doc.Components.Schemas {
		if s.Value.Example != nil {
			n++
		}
		check("schema "+name, s, s.Value.Example)
	}
	for name, r := range doc.Components.Responses {
		for ct, mt := range r.Value.Content {
			if mt.Example != nil {
				n++
			}
			check("response "+name+" "+ct, mt.Schema, mt.Example)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					if mt.Example != nil {
						n++
					}
					check(method+" "+path+" request "+ct, mt.Schema, mt.Example)
				}
			}
			for code, r := range op.Responses.Map() {
				for ct, mt := range r.Value.Content {
					if mt.Example != nil {
						n++
					}
					check(method+" "+path+" "+code+" "+ct, mt.Schema, mt.Example)
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("found only %d examples; the walk is broken", n)
	}
}
