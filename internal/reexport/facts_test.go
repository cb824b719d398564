package reexport_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/reexport"
)

// The pieces of openapi.yaml that the tests below change: the enum of
// OrganizationRole, the enum of Invite's status and the schema of
// list-invites' limit.
const (
	roleEnum   = "      enum:\n        - owner\n        - reader\n      x-go-name: Role\n"
	statusEnum = "            - accepted\n            - expired\n            - pending\n"
	limitRange = "            default: 20\n            minimum: 1\n            maximum: 100\n"
)

// edit returns the committed openapi.yaml with old replaced by new, once.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	spec := readFile(t, "../../openapi.yaml")
	if strings.Count(spec, old) != 1 {
		t.Fatalf("openapi.yaml holds %q %d times, want once: the test must follow the spec", old, strings.Count(spec, old))
	}
	return strings.Replace(spec, old, new, 1)
}

// withThirdRole is openapi.yaml with a third organization role, auditor,
// after the others.
func withThirdRole(t *testing.T) string {
	return edit(t, roleEnum, strings.Replace(roleEnum, "        - reader\n", "        - reader\n        - auditor\n", 1))
}

// TestEnumValuesFollowTheSpec: a value the spec's enum gains is in the
// generated list, and the list keeps the spec's order, not the generated
// constants' or the alphabet's.
func TestEnumValuesFollowTheSpec(t *testing.T) {
	for name, tt := range map[string]struct{ spec, want string }{
		"the committed spec": {readFile(t, "../../openapi.yaml"), "return []Role{RoleOwner, RoleReader}"},
		"a third role":       {withThirdRole(t), "return []Role{RoleOwner, RoleReader, RoleAuditor}"},
		"the roles reversed": {edit(t, roleEnum, "      enum:\n        - reader\n        - owner\n      x-go-name: Role\n"), "return []Role{RoleReader, RoleOwner}"},
	} {
		out := generate(t, tt.spec, oapiCodegen(t, tt.spec))
		if !strings.Contains(out, "func RoleValues() []Role {\n\t"+tt.want+"\n}") {
			t.Errorf("%s: the output lacks RoleValues with %q:\n%s", name, tt.want, out)
		}
	}
	out := generate(t, withThirdRole(t), oapiCodegen(t, withThirdRole(t)))
	if want := `Its known values are RoleOwner ("owner"), RoleReader ("reader") and RoleAuditor ("auditor").`; !strings.Contains(strings.ReplaceAll(out, "\n// ", " "), want) {
		t.Errorf("the doc comment of Role lacks %q:\n%s", want, out)
	}
	// An object field's one value has its constant and no list.
	if strings.Contains(out, "InviteObjectValues") {
		t.Errorf("the output lists the values of a one-value enum:\n%s", out)
	}
}

// TestBoundsFollowTheSpec: the constants of limit are the spec's minimum,
// maximum and default, and a bound the spec leaves out has no constant.
func TestBoundsFollowTheSpec(t *testing.T) {
	gen := readFile(t, "../../gen/invites.gen.go")
	out := generate(t, edit(t, limitRange, "            default: 10\n            minimum: 2\n            maximum: 50\n"), gen)
	for _, want := range []string{"\tMinListInvitesLimit = 2\n", "\tMaxListInvitesLimit = 50\n", "\tDefaultListInvitesLimit = 10\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	out = generate(t, edit(t, limitRange, "            maximum: 100\n"), gen)
	if !strings.Contains(out, "\tMaxListInvitesLimit = 100\n") || strings.Contains(out, "MinListInvitesLimit") || strings.Contains(out, "DefaultListInvitesLimit") {
		t.Errorf("with only a maximum, the output has other bounds or lacks it:\n%s", out)
	}
}

// TestInexpressibleFactsAreRefused: an enum or a bound that the generated
// constants cannot say fails the generator with an error naming the schema
// or the parameter and what is wrong, instead of a list or a range that is
// not the spec's.
func TestInexpressibleFactsAreRefused(t *testing.T) {
	gen := readFile(t, "../../gen/invites.gen.go")
	withRole := func(value string) string {
		return edit(t, roleEnum, strings.Replace(roleEnum, "        - reader\n", "        - reader\n        - "+value+"\n", 1))
	}
	withLimit := func(schema string) string { return edit(t, limitRange, schema) }
	tests := []struct {
		name, spec, gen string
		want            []string
	}{
		{"an enum value that is not a string", withRole("3"), gen, []string{"OrganizationRole", "is not a string"}},
		{"an enum value listed twice", withRole("owner"), gen, []string{"OrganizationRole", `"owner" is listed twice`}},
		{"an enum value without its constant", withThirdRole(t), gen, []string{"OrganizationRole", `no constant of Role for enum value "auditor"`}},
		{"a status without its constant", edit(t, statusEnum, statusEnum+"            - revoked\n"), gen, []string{"Invite", "property status", `"revoked"`}},
		{"a value whose constant takes the list's name", withRole("values"), "", []string{"RoleValues", `the constant of Role value "values"`}},
		{"an exclusive minimum", withLimit(limitRange + "            exclusiveMinimum: true\n"), gen, []string{"list-invites", "parameter limit", "exclusive"}},
		{"a minimum that is not whole", withLimit("            minimum: 1.5\n            maximum: 100\n"), gen, []string{"list-invites", "parameter limit", "minimum 1.5 is not a whole number"}},
		{"a maximum too large for an int", withLimit("            maximum: 1e12\n"), gen, []string{"list-invites", "parameter limit", "maximum 1e+12"}},
		{"a minimum over the maximum", withLimit("            minimum: 200\n            maximum: 100\n"), gen, []string{"list-invites", "parameter limit", "minimum 200 is above maximum 100"}},
		{"a default outside the bounds", withLimit("            default: 500\n            minimum: 1\n            maximum: 100\n"), gen, []string{"list-invites", "parameter limit", "default 500"}},
		{"a multipleOf", withLimit(limitRange + "            multipleOf: 10\n"), gen, []string{"list-invites", "parameter limit", "multipleOf"}},
		{"a bound on a string parameter", edit(t, "          schema:\n            type: string\n      responses:", "          schema:\n            type: string\n            maxLength: 64\n      responses:"), gen, []string{"list-invites", "parameter after", "integer parameters only"}},
	}
	for _, tt := range tests {
		code := tt.gen
		if code == "" {
			code = oapiCodegen(t, tt.spec)
		}
		_, err := reexport.Generate(options(tt.spec, code))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, want := range tt.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: err = %v, want one naming %q", tt.name, err, want)
			}
		}
	}
}

// TestFactsReachTheCLI builds the CLI from openapi.yaml with a third
// organization role, a fourth status and limit's range narrowed, the way go
// generate would write gen/ and api/types.gen.go from it (a build overlay
// stands in for the files), and runs it: the SDK's validation message, the
// CLI's check of --limit, its help and its completion all follow the
// changed spec, with no hand-written line changed.
func TestFactsReachTheCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	spec := withThirdRole(t)
	spec = strings.Replace(spec, statusEnum, statusEnum+"            - revoked\n", 1)
	spec = strings.Replace(spec, limitRange, "            default: 10\n            minimum: 1\n            maximum: 50\n", 1)
	code := oapiCodegen(t, spec)
	types := generate(t, spec, code)

	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	replace := map[string]string{}
	for path, text := range map[string]string{"gen/invites.gen.go": code, "api/types.gen.go": types} {
		file := filepath.Join(dir, filepath.Base(path))
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(root, path)] = file
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "invites")
	build := exec.Command("go", "build", "-overlay", overlayFile, "-o", bin, "./cmd/invites")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"create", "--email", "ada@example.com", "--role", "x"}, `invalid role: must be "owner", "reader" or "auditor", got "x"`},
		{[]string{"__complete", "--", "create", "--role", ""}, "owner\nreader\nauditor\n"},
		{[]string{"__complete", "--", "list", "--status", ""}, "accepted\nexpired\npending\nrevoked\n"},
		{[]string{"list", "--status", "gone"}, "must be accepted, expired, pending or revoked"},
		{[]string{"list", "--limit", "51"}, "--limit must be between 1 and 50, got 51"},
		{[]string{"list", "--help"}, "show up to N invites, from 1 to 50 (default 10)"},
		{[]string{"create", "--help"}, "--role owner|reader|auditor"},
	} {
		cmd := exec.Command(bin, tt.args...)
		cmd.Env = []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "PATH=" + os.Getenv("PATH")}
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), tt.want) {
			t.Errorf("invites %s: output %q does not contain %q", strings.Join(tt.args, " "), out, tt.want)
		}
	}
}
