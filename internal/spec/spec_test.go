package spec_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/seed-a87280d7/invites/gen"
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
	if problems := validationProblems(doc); len(problems) > 0 {
		t.Fatalf("openapi.yaml does not validate: %s", problems[0])
	}
	return doc
}

// A rule checks one aspect of the spec's hygiene and returns its problems,
// one sentence each; none means the spec keeps the rule. Each rule has a test
// on openapi.yaml and, in TestRulesCatchBrokenSpecs, a test on a spec broken
// on purpose, so that no rule can quietly stop checking.
type rule func(*openapi3.T) []string

// validationProblems: the spec validates with kin-openapi, examples included.
func validationProblems(doc *openapi3.T) []string {
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		return []string{err.Error()}
	}
	return nil
}

// errorResponses are the error answers every operation must declare.
var errorResponses = []string{"400", "401", "429", "default"}

// operationProblems: every operation has an operationId, a summary, its
// error responses, and requires the admin key.
func operationProblems(doc *openapi3.T) []string {
	var problems []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" {
				problems = append(problems, where+" has no operationId")
			}
			if op.Summary == "" {
				problems = append(problems, where+" has no summary")
			}
			for _, code := range errorResponses {
				if op.Responses.Value(code) == nil {
					problems = append(problems, fmt.Sprintf("%s does not declare a %s response", where, code))
				}
			}
			if op.Security == nil || len(*op.Security) != 1 || (*op.Security)[0]["AdminApiKeyAuth"] == nil {
				problems = append(problems, where+" does not require the admin key")
			}
		}
	}
	return problems
}

// descriptionProblems: every schema in components, every property of every
// schema (inline ones included), every parameter and every response header
// has a description.
func descriptionProblems(doc *openapi3.T) []string {
	var problems []string
	var walk func(where string, s *openapi3.SchemaRef)
	walk = func(where string, s *openapi3.SchemaRef) {
		// A reference is walked where it is defined, in components.
		if s == nil || s.Value == nil || s.Ref != "" {
			return
		}
		for name, p := range s.Value.Properties {
			if p.Ref == "" && p.Value.Description == "" {
				problems = append(problems, where+"."+name+" has no description")
			}
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Value.Items)
		walk(where+"{}", s.Value.AdditionalProperties.Schema)
		walk(where+"!", s.Value.Not)
		for _, group := range []openapi3.SchemaRefs{s.Value.AllOf, s.Value.AnyOf, s.Value.OneOf} {
			for i, sub := range group {
				walk(fmt.Sprintf("%s(%d)", where, i), sub)
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		if s.Value.Description == "" {
			problems = append(problems, "schema "+name+" has no description")
		}
		walk(name, s)
	}
	param := func(where string, p *openapi3.ParameterRef) {
		if p.Ref == "" && p.Value.Description == "" {
			problems = append(problems, "parameter "+p.Value.Name+" of "+where+" has no description")
		}
		if p.Ref == "" {
			walk(where+" parameter "+p.Value.Name, p.Value.Schema)
		}
	}
	headers := func(where string, hs openapi3.Headers) {
		for name, h := range hs {
			if h.Ref == "" && h.Value.Description == "" {
				problems = append(problems, "header "+name+" of "+where+" has no description")
			}
		}
	}
	for _, p := range doc.Components.Parameters {
		param("components", &openapi3.ParameterRef{Value: p.Value})
	}
	for name, h := range doc.Components.Headers {
		if h.Value.Description == "" {
			problems = append(problems, "header "+name+" in components has no description")
		}
	}
	for name, r := range doc.Components.Responses {
		headers("response "+name, r.Value.Headers)
		for ct, mt := range r.Value.Content {
			walk("response "+name+" "+ct, mt.Schema)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			for _, p := range append(slices.Clone(item.Parameters), op.Parameters...) {
				param(where, p)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					walk(where+" request "+ct, mt.Schema)
				}
			}
			for code, r := range op.Responses.Map() {
				if r.Ref != "" {
					continue
				}
				headers(where+" "+code, r.Value.Headers)
				for ct, mt := range r.Value.Content {
					walk(where+" "+code+" "+ct, mt.Schema)
				}
			}
		}
	}
	return problems
}

// exampleProblems: every example, `example` or `examples`, in schemas,
// parameters, request bodies and responses, validates against its schema.
func exampleProblems(doc *openapi3.T) []string {
	var problems []string
	n := 0
	check := func(where string, schema *openapi3.SchemaRef, example any) {
		if example == nil || schema == nil || schema.Value == nil {
			return
		}
		n++
		if err := schema.Value.VisitJSON(example); err != nil {
			problems = append(problems, fmt.Sprintf("the example of %s does not match its schema: %v", where, err))
		}
	}
	content := func(where string, c openapi3.Content) {
		for ct, mt := range c {
			check(where+" "+ct, mt.Schema, mt.Example)
			for name, ex := range mt.Examples {
				if ex.Value != nil {
					check(where+" "+ct+" example "+name, mt.Schema, ex.Value.Value)
				}
			}
		}
	}
	param := func(where string, p *openapi3.Parameter) {
		check(where+" parameter "+p.Name, p.Schema, p.Example)
		for name, ex := range p.Examples {
			if ex.Value != nil {
				check(where+" parameter "+p.Name+" example "+name, p.Schema, ex.Value.Value)
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		check("schema "+name, s, s.Value.Example)
	}
	for _, p := range doc.Components.Parameters {
		param("components", p.Value)
	}
	for name, r := range doc.Components.Responses {
		content("response "+name, r.Value.Content)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			for _, p := range op.Parameters {
				if p.Ref == "" {
					param(where, p.Value)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(where+" request", op.RequestBody.Value.Content)
			}
			for code, r := range op.Responses.Map() {
				if r.Ref == "" {
					content(where+" "+code, r.Value.Content)
				}
			}
		}
	}
	if n < 10 {
		problems = append(problems, fmt.Sprintf("found only %d examples; the walk is broken", n))
	}
	return problems
}

// goKey reduces an operationId or a Go method name to the letters and digits
// that oapi-codegen keeps, lower-cased: list-invites and ListInvites are both
// listinvites. Initialisms (InviteID, InviteId) change only the case.
func goKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// generatedInterface is an interface of package gen with one method (or a
// family of methods, told apart by their suffixes) per operation.
type generatedInterface struct {
	name     string
	methods  []string
	suffixes []string // longest first; the method name less one of these is the operation's
}

// generatedInterfaces lists the methods of the generated client interfaces.
func generatedInterfaces() []generatedInterface {
	names := func(t reflect.Type) []string {
		var out []string
		for i := range t.NumMethod() {
			out = append(out, t.Method(i).Name)
		}
		return out
	}
	return []generatedInterface{
		{"gen.ClientInterface", names(reflect.TypeFor[gen.ClientInterface]()), []string{"WithBody", ""}},
		{"gen.ClientWithResponsesInterface", names(reflect.TypeFor[gen.ClientWithResponsesInterface]()), []string{"WithBodyWithResponse", "WithResponse"}},
	}
}

// generatedOperationProblems: the generated client has a method for every
// operation in the spec, and no method for an operation the spec lacks.
func generatedOperationProblems(ifaces []generatedInterface) rule {
	return func(doc *openapi3.T) []string {
		var problems []string
		ops := map[string]string{} // goKey -> "METHOD /path (operationId)"
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				desc := fmt.Sprintf("%s %s (%s)", method, path, op.OperationID)
				key := goKey(op.OperationID)
				if other, dup := ops[key]; dup {
					problems = append(problems, fmt.Sprintf("%s and %s get the same Go name", desc, other))
				}
				ops[key] = desc
			}
		}
		for _, iface := range ifaces {
			have := map[string]bool{}
			for _, m := range iface.methods {
				matched := false
				for _, suffix := range iface.suffixes {
					base, ok := strings.CutSuffix(m, suffix)
					if ok && ops[goKey(base)] != "" {
						have[goKey(base)], matched = true, true
						break
					}
				}
				if !matched {
					problems = append(problems, fmt.Sprintf("%s.%s matches no operation in openapi.yaml: run make generate", iface.name, m))
				}
			}
			for key, desc := range ops {
				if !have[key] {
					problems = append(problems, fmt.Sprintf("%s has no method in %s: run make generate", desc, iface.name))
				}
			}
		}
		sort.Strings(problems)
		return problems
	}
}

// expectNone fails the test with each problem.
func expectNone(t *testing.T, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Error(p)
	}
}

// sha256Hex matches a hex SHA-256.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// provenanceProblems: info.x-upstream records the upstream info.version and
// the SHA-256 of the upstream file the spec was made from.
func provenanceProblems(doc *openapi3.T) []string {
	up, _ := doc.Info.Extensions["x-upstream"].(map[string]any)
	version, _ := up["info-version"].(string)
	sum, _ := up["sha256"].(string)
	var problems []string
	if version == "" {
		problems = append(problems, "info.x-upstream.info-version is missing: the spec does not say which upstream version it was made from")
	}
	if !sha256Hex.MatchString(sum) {
		problems = append(problems, "info.x-upstream.sha256 is not a hex SHA-256 of the upstream file")
	}
	return problems
}

func TestSpecRecordsItsUpstream(t *testing.T) {
	expectNone(t, provenanceProblems(loadFile(t)))
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

func TestEveryOperationIsComplete(t *testing.T) {
	expectNone(t, operationProblems(loadFile(t)))
}

func TestEveryPropertyHasADescription(t *testing.T) {
	expectNone(t, descriptionProblems(loadFile(t)))
}

func TestEveryExampleValidates(t *testing.T) {
	expectNone(t, exampleProblems(loadFile(t)))
}

func TestEveryOperationIsGenerated(t *testing.T) {
	expectNone(t, generatedOperationProblems(generatedInterfaces())(loadFile(t)))
}

// TestRulesCatchBrokenSpecs breaks a fresh copy of openapi.yaml in one way
// per case and checks that the rule meant to catch it names the problem.
func TestRulesCatchBrokenSpecs(t *testing.T) {
	op := func(doc *openapi3.T, method, path string) *openapi3.Operation {
		return doc.Paths.Value(path).GetOperation(method)
	}
	generated := generatedOperationProblems(generatedInterfaces())
	tests := []struct {
		name   string
		rule   rule
		mangle func(*openapi3.T)
		want   string
	}{
		{
			name: "schema of the wrong type",
			rule: validationProblems,
			mangle: func(doc *openapi3.T) {
				doc.Components.Schemas["Invite"].Value.Properties["created_at"].Value.Type = &openapi3.Types{"timestamp"}
			},
			want: "timestamp",
		},
		{
			name:   "operation without an operationId",
			rule:   operationProblems,
			mangle: func(doc *openapi3.T) { op(doc, "GET", "/organization/invites").OperationID = "" },
			want:   "GET /organization/invites has no operationId",
		},
		{
			name:   "operation without a summary",
			rule:   operationProblems,
			mangle: func(doc *openapi3.T) { op(doc, "DELETE", "/organization/invites/{invite_id}").Summary = "" },
			want:   "DELETE /organization/invites/{invite_id} has no summary",
		},
		{
			name:   "operation without a 429 response",
			rule:   operationProblems,
			mangle: func(doc *openapi3.T) { op(doc, "POST", "/organization/invites").Responses.Delete("429") },
			want:   "POST /organization/invites does not declare a 429 response",
		},
		{
			name: "operation that does not require the admin key",
			rule: operationProblems,
			mangle: func(doc *openapi3.T) {
				op(doc, "GET", "/organization/invites").Security = &openapi3.SecurityRequirements{}
			},
			want: "GET /organization/invites does not require the admin key",
		},
		{
			name: "property without a description",
			rule: descriptionProblems,
			mangle: func(doc *openapi3.T) {
				doc.Components.Schemas["Invite"].Value.Properties["email"].Value.Description = ""
			},
			want: "Invite.email has no description",
		},
		{
			name: "property of an inline request schema without a description",
			rule: descriptionProblems,
			mangle: func(doc *openapi3.T) {
				mt := op(doc, "POST", "/organization/invites").RequestBody.Value.Content["application/json"]
				mt.Schema = openapi3.NewObjectSchema().WithProperty("note", openapi3.NewStringSchema()).NewRef()
			},
			want: "POST /organization/invites request application/json.note has no description",
		},
		{
			name: "parameter without a description",
			rule: descriptionProblems,
			mangle: func(doc *openapi3.T) {
				for _, p := range op(doc, "GET", "/organization/invites").Parameters {
					if p.Value.Name == "limit" {
						p.Value.Description = ""
					}
				}
			},
			want: "parameter limit of GET /organization/invites has no description",
		},
		{
			name: "schema example that breaks its schema",
			rule: exampleProblems,
			mangle: func(doc *openapi3.T) {
				doc.Components.Schemas["Invite"].Value.Example.(map[string]any)["status"] = "no_such_status"
			},
			want: "the example of schema Invite does not match its schema",
		},
		{
			name: "response example that breaks its schema",
			rule: exampleProblems,
			mangle: func(doc *openapi3.T) {
				mt := op(doc, "DELETE", "/organization/invites/{invite_id}").Responses.Value("200").Value.Content["application/json"]
				delete(mt.Example.(map[string]any), "deleted")
			},
			want: "the example of DELETE /organization/invites/{invite_id} 200 application/json does not match its schema",
		},
		{
			name: "no provenance",
			rule: provenanceProblems,
			mangle: func(doc *openapi3.T) {
				delete(doc.Info.Extensions["x-upstream"].(map[string]any), "sha256")
			},
			want: "info.x-upstream.sha256 is not a hex SHA-256",
		},
		{
			name: "operation that was not generated",
			rule: generated,
			mangle: func(doc *openapi3.T) {
				doc.Paths.Value("/organization/invites").Put = &openapi3.Operation{OperationID: "modify-invites"}
			},
			want: "PUT /organization/invites (modify-invites) has no method in gen.ClientInterface",
		},
		{
			name:   "generated method whose operation is gone",
			rule:   generated,
			mangle: func(doc *openapi3.T) { doc.Paths.Value("/organization/invites/{invite_id}").Delete = nil },
			want:   "gen.ClientInterface.DeleteInvite matches no operation in openapi.yaml",
		},
		{
			name: "generated method whose operation was renamed",
			rule: generated,
			mangle: func(doc *openapi3.T) {
				op(doc, "GET", "/organization/invites/{invite_id}").OperationID = "get-invite"
			},
			want: "GET /organization/invites/{invite_id} (get-invite) has no method in gen.ClientWithResponsesInterface",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadFile(t)
			if problems := tt.rule(doc); len(problems) > 0 {
				t.Fatalf("the rule fails before the spec is broken: %v", problems)
			}
			tt.mangle(doc)
			problems := tt.rule(doc)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Fatalf("problems = %q, want one containing %q", problems, tt.want)
			}
		})
	}
}
