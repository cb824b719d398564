package reexport_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"gopkg.in/yaml.v3"

	"github.com/seed-a87280d7/invites/internal/reexport"
)

// withNewField returns openapi.yaml with one more nullable string field in
// Invite, as a new upstream version might add it, with the one line of
// prose that spec/prose.yaml would give it.
func withNewField(t *testing.T, prose string) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(readFile(t, "../../openapi.yaml")), &doc); err != nil {
		t.Fatal(err)
	}
	props := lookup(doc.Content[0], "components", "schemas", "Invite", "properties")
	if props == nil {
		t.Fatal("openapi.yaml has no Invite properties")
	}
	var field yaml.Node
	if err := yaml.Unmarshal([]byte("type: string\ndescription: "+prose+"\nnullable: true\n"), &field); err != nil {
		t.Fatal(err)
	}
	props.Content = append(props.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: newField}, field.Content[0])
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// newField and newFieldProse are the field withNewField adds, with its text.
const (
	newField      = "added_by_a_test"
	newFieldProse = "The email address of the admin who sent the invite."
)

// lookup returns the node at keys under the mapping n, or nil.
func lookup(n *yaml.Node, keys ...string) *yaml.Node {
	for _, key := range keys {
		var next *yaml.Node
		for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// TestNewFieldNeedsNoHandWrittenGo runs the chain that go generate runs, on
// openapi.yaml with one more nullable field in Invite: oapi-codegen, then
// reexport. The re-export file documents the field with the spec's prose
// and says that it may be null, without a hand-written line of Go.
func TestNewFieldNeedsNoHandWrittenGo(t *testing.T) {
	for _, prose := range []string{newFieldProse, strings.TrimSuffix(newFieldProse, ".")} {
		spec := withNewField(t, prose)
		out := generate(t, spec, oapiCodegen(t, spec))
		// A line of prose without a full stop gets one, before the facts.
		want := "//\t\t// " + newFieldProse + " May be null or\n//\t\t// absent: nil then.\n//\t\tAddedByATest *string\n"
		if !strings.Contains(out, want) {
			t.Errorf("prose %q: the output lacks %q:\n%s", prose, want, out)
		}
	}
}

// TestOutputIsTheCommittedFile checks that the committed api/types.gen.go is
// what the generator makes from the committed openapi.yaml and gen code.
func TestOutputIsTheCommittedFile(t *testing.T) {
	spec := readFile(t, "../../openapi.yaml")
	got := generate(t, spec, readFile(t, "../../gen/invites.gen.go"))
	if want := readFile(t, "../../api/types.gen.go"); got != want {
		t.Error("api/types.gen.go is not what the generator makes: run go generate ./...")
	}
}

// TestSpecAndGeneratedCodeMustAgree checks that a property without a field
// in the generated struct fails the generator, naming both.
func TestSpecAndGeneratedCodeMustAgree(t *testing.T) {
	_, err := reexport.Generate(options(withNewField(t, newFieldProse), readFile(t, "../../gen/invites.gen.go")))
	if err == nil || !strings.Contains(err.Error(), newField) || !strings.Contains(err.Error(), "Invite") {
		t.Errorf("err = %v, want one naming %s and Invite", err, newField)
	}
}

// TestHiddenCharactersAreRefused: a control or format character in the
// spec's prose or in a default, written raw or as a YAML escape, fails the
// generator, naming its code point and line, before it can reach a doc
// comment of the generated code.
func TestHiddenCharactersAreRefused(t *testing.T) {
	spec := readFile(t, "../../openapi.yaml")
	gen := readFile(t, "../../gen/invites.gen.go")
	for name, text := range map[string]string{
		"a bidi override in prose":         withNewField(t, "Sent by \u202Etxt.exe\u202C the admin."),
		"an escaped bidi isolate in prose": withNewField(t, `"Sent by \u2066the admin\u2069."`),
		"an escape character in prose":     withNewField(t, `"Sent by \e[31m the admin."`),
		"a zero-width space in a default":  strings.Replace(spec, "default: 20", "default: \"2\u200b0\"", 1),
	} {
		if text == spec {
			t.Fatalf("%s: the test did not change the spec", name)
		}
		_, err := reexport.Generate(options(text, gen))
		if err == nil || !strings.Contains(err.Error(), "control or format character") || !strings.Contains(err.Error(), "line ") {
			t.Errorf("%s: err = %v, want one naming the character and its line", name, err)
		}
	}
}

// oapiCodegen runs oapi-codegen with gen/'s settings on spec.
func oapiCodegen(t *testing.T, spec string) string {
	t.Helper()
	var cfg codegen.Configuration
	if err := yaml.Unmarshal([]byte(readFile(t, "../../gen/oapi-codegen.yaml")), &cfg); err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	code, err := codegen.Generate(doc, cfg.UpdateDefaults())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// generate runs the generator and writes its output where a failing test
// can show it.
func generate(t *testing.T, spec, gen string) string {
	t.Helper()
	out, err := reexport.Generate(options(spec, gen))
	if err != nil {
		t.Fatal(err)
	}
	if err := reexport.WriteFile(filepath.Join(t.TempDir(), "types.gen.go"), out); err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// options are the generator's options for package api.
func options(spec, gen string) reexport.Options {
	return reexport.Options{Spec: []byte(spec), Gen: []byte(gen), GenImport: "github.com/seed-a87280d7/invites/gen", Package: "api", Source: "openapi.yaml and gen/invites.gen.go"}
}

// readFile returns a file's text.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
