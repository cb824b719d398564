package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/seed-a87280d7/invites/internal/spec"
)

// TestPromisesAreTheSpec holds promises to the embedded openapi.yaml, so
// that what decode checks cannot drift from the spec: every schema that a
// 2xx answer holds, directly or as the items of an array, has a promise;
// each promise has the schema's required fields, and the one value of its
// object enum; no required field may be null (a null is taken for a missing
// field); and every required field is a field of the Go type.
func TestPromisesAreTheSpec(t *testing.T) {
	t.Parallel()
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]promise{}
	for _, p := range promises {
		byName[p.schema] = p
	}
	answered := map[string]bool{}
	var visit func(ref *openapi3.SchemaRef)
	visit = func(ref *openapi3.SchemaRef) {
		name := strings.TrimPrefix(ref.Ref, "#/components/schemas/")
		if ref.Ref == "" || answered[name] {
			return
		}
		answered[name] = true
		for _, prop := range ref.Value.Properties {
			if prop.Value.Type.Is("array") && prop.Value.Items != nil {
				visit(prop.Value.Items)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				media := resp.Value.Content.Get("application/json")
				if media == nil || media.Schema.Ref == "" {
					t.Errorf("%s %s: the %s answer is not a schema of components", method, path, code)
					continue
				}
				visit(media.Schema)
			}
		}
	}
	var names []string
	for name := range answered {
		names = append(names, name)
	}
	slices.Sort(names)
	var promised []string
	for _, p := range promises {
		promised = append(promised, p.schema)
	}
	slices.Sort(promised)
	if !slices.Equal(names, promised) {
		t.Errorf("promises are for %v; the 2xx answers hold %v", promised, names)
	}

	for _, p := range promises {
		t.Run(p.schema, func(t *testing.T) {
			ref := doc.Components.Schemas[p.schema]
			if ref == nil {
				t.Fatalf("openapi.yaml has no schema %s", p.schema)
			}
			s := ref.Value
			goName := p.schema
			if name, ok := s.Extensions["x-go-name"].(string); ok {
				goName = name
			}
			if p.goType.Name() != goName {
				t.Errorf("the Go type is %s, openapi.yaml's schema is %s", p.goType.Name(), goName)
			}
			if got, want := sorted(p.required), sorted(s.Required); !slices.Equal(got, want) {
				t.Errorf("required = %v, openapi.yaml says %v", got, want)
			}
			var enum []any
			if obj := s.Properties["object"]; obj != nil {
				enum = obj.Value.Enum
			}
			switch {
			case p.object == "" && enum != nil:
				t.Errorf("object = \"\", openapi.yaml's enum is %v", enum)
			case p.object != "" && (len(enum) != 1 || enum[0] != p.object):
				t.Errorf("object = %q, openapi.yaml's enum is %v", p.object, enum)
			}
			for _, name := range s.Required {
				if prop := s.Properties[name]; prop == nil || prop.Value.Nullable || prop.Value.Type.Includes("null") {
					t.Errorf("required field %s is not a property, or may be null", name)
				}
			}
			sh := shapes[p.goType]
			for _, f := range sh.fields {
				if f.index < 0 {
					t.Errorf("required field %s is no field of %s", f.name, p.goType)
				}
				prop := s.Properties[f.name]
				if prop == nil || !prop.Value.Type.Is("array") {
					continue
				}
				want := strings.TrimPrefix(prop.Value.Items.Ref, "#/components/schemas/")
				if f.items == nil || f.items.schema != want {
					t.Errorf("the items of %s are not checked as %s", f.name, want)
				}
			}
		})
	}
}

// sorted returns a sorted copy of s.
func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
