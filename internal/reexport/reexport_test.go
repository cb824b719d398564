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

// invitedBy is a nullable field that a new upstream version might add to
// Invite, with the one line of prose that spec/prose.yaml would give it.
const invitedBy = `
        invited_by:
          type: string
          description: The email address of the admin who sent the invite.
          nullable: true
`

// TestNewFieldNeedsNoHandWrittenGo runs the chain that go generate runs, on
// openapi.yaml with one more nullable field in Invite: oapi-codegen, then
// reexport. The re-export file documents the field with the spec's prose
// and says that it may be null, without a hand-written line of Go.
func TestNewFieldNeedsNoHandWrittenGo(t *testing.T) {
	spec := readFile(t, "../../openapi.yaml")
	anchor := "\n        projects:\n          type: array\n          description: The projects that were granted"
	if !strings.Contains(spec, anchor) {
		t.Fatal("openapi.yaml no longer has Invite's projects where this test adds a field")
	}
	spec = strings.Replace(spec, anchor, strings.TrimSuffix(invitedBy, "\n")+anchor, 1)

	out := generate(t, spec, oapiCodegen(t, spec))
	for _, want := range []string{
		"//\t\t// The email address of the admin who sent the invite. May be null or\n//\t\t// absent: nil then.\n//\t\tInvitedBy *string\n",
		"type Invite = gen.Invite",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
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
	spec := readFile(t, "../../openapi.yaml")
	gen := readFile(t, "../../gen/invites.gen.go")
	spec2 := strings.Replace(spec, "\n        projects:\n          type: array\n          description: The projects that were granted", strings.TrimSuffix(invitedBy, "\n")+"\n        projects:\n          type: array\n          description: The projects that were granted", 1)
	_, err := reexport.Generate(options(spec2, gen))
	if err == nil || !strings.Contains(err.Error(), "invited_by") || !strings.Contains(err.Error(), "Invite") {
		t.Errorf("err = %v, want one naming invited_by and Invite", err)
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
