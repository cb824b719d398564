package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/seed-a87280d7/invites/internal/difftest"
	"github.com/seed-a87280d7/invites/internal/spec"
)

// docField is one field of a struct as a doc comment or the generated code
// declares it.
type docField struct {
	Name, Type string
	// JSON is the field's JSON name (from its tag); Comment is the doc
	// comment's words about it. Each is set on one side only.
	JSON, Comment string
}

// alias is a type that types.go re-exports: its name, its target and its
// doc comment.
type alias struct {
	name, target, doc string
}

// TestReexportedTypesDocumentTheirFields checks the doc comment of every
// re-exported struct against the generated struct and against openapi.yaml,
// so that go doc shows the fields without a second package and the list
// cannot drift: the same fields with the same types, each JSON name the
// field's name in snake case, and, from the spec, "nil" said of exactly the
// fields that may be null or absent, every enum value named, and every
// minimum, maximum and default given.
func TestReexportedTypesDocumentTheirFields(t *testing.T) {
	t.Parallel()
	structs := generatedStructs(t)
	properties := specProperties(t)
	documented := 0
	for _, a := range reexported(t) {
		want, isStruct := structs[a.target]
		if !isStruct {
			continue
		}
		documented++
		t.Run(a.name, func(t *testing.T) {
			got := docStruct(t, a)
			if d := difftest.Diff(names(want), names(got)); d != "" {
				t.Fatalf("the doc comment's fields differ from gen.%s's (-gen +doc):\n%s", a.target, d)
			}
			props, ok := properties[a.target]
			if !ok {
				t.Fatalf("openapi.yaml has no schema or parameters that generate %s", a.target)
			}
			comments := map[string]string{}
			for _, f := range got {
				comments[f.Name] = f.Comment
			}
			for _, f := range want {
				if f.JSON != snakeCase(f.Name) {
					t.Errorf("%s's JSON name is %q, not %q as the docs say", f.Name, f.JSON, snakeCase(f.Name))
				}
				p, ok := props[f.JSON]
				if !ok {
					t.Errorf("%s (%s) is not in openapi.yaml", f.Name, f.JSON)
					continue
				}
				for _, problem := range fieldDocProblems(f, p, comments[f.Name]) {
					t.Errorf("%s: %s", f.Name, problem)
				}
			}
		})
	}
	if documented == 0 {
		t.Fatal("found no re-exported struct")
	}
}

// TestReexportedEnumsNameTheirValues checks that the doc comment of every
// re-exported enum type names each of its generated constants, and that
// types.go re-exports each constant under the same name.
func TestReexportedEnumsNameTheirValues(t *testing.T) {
	t.Parallel()
	consts := generatedConsts(t)
	reexportedConsts := map[string]bool{}
	for _, decl := range parse(t, "types.go").Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if sel, ok := vs.Values[i].(*ast.SelectorExpr); ok && sel.Sel.Name == name.Name {
						reexportedConsts[name.Name] = true
					}
				}
			}
		}
	}
	enums := 0
	for _, a := range reexported(t) {
		for _, c := range consts[a.target] {
			enums++
			if !regexp.MustCompile(`\b` + c + `\b`).MatchString(a.doc) {
				t.Errorf("the doc comment of %s does not name %s", a.name, c)
			}
			if !reexportedConsts[c] {
				t.Errorf("types.go does not re-export gen.%s as %s", c, c)
			}
		}
	}
	if enums == 0 {
		t.Fatal("found no enum constant")
	}
}

// generatedConsts parses the generated code for its typed constants, by
// type name.
func generatedConsts(t *testing.T) map[string][]string {
	t.Helper()
	consts := map[string][]string{}
	for _, decl := range parse(t, "../gen/invites.gen.go").Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if typ, ok := vs.Type.(*ast.Ident); ok {
					for _, name := range vs.Names {
						consts[typ.Name] = append(consts[typ.Name], name.Name)
					}
				}
			}
		}
	}
	return consts
}

// specProperty is what openapi.yaml says of one field.
type specProperty struct {
	schema   *openapi3.Schema
	optional bool // not required, or nullable
}

// fieldDocProblems lists what the doc comment of field f gets wrong about
// property p.
func fieldDocProblems(f docField, p specProperty, comment string) []string {
	var problems []string
	lower := strings.ToLower(comment)
	saysNil := regexp.MustCompile(`\bnil\b`).MatchString(comment)
	switch {
	case p.optional && !saysNil:
		problems = append(problems, "may be null or absent, but its doc comment does not say when it is nil")
	case !p.optional && saysNil:
		problems = append(problems, "is required and not nullable, but its doc comment speaks of nil")
	case p.optional && !strings.HasPrefix(f.Type, "*") && !strings.HasPrefix(f.Type, "[]"):
		problems = append(problems, "may be null or absent, but "+f.Type+" cannot be nil")
	}
	s := p.schema
	if s.Items != nil && s.Items.Value != nil && len(s.Items.Value.Enum) > 0 {
		s = s.Items.Value
	}
	for _, v := range s.Enum {
		if text := strings.ToLower(toString(v)); !strings.Contains(lower, text) {
			problems = append(problems, "does not name the value "+strconv.Quote(text))
		}
	}
	for what, v := range map[string]any{"minimum": s.Min, "maximum": s.Max, "default": s.Default} {
		if text := toString(v); text != "" && !regexp.MustCompile(`\b`+regexp.QuoteMeta(text)+`\b`).MatchString(comment) {
			problems = append(problems, "does not give its "+what+", "+text)
		}
	}
	return problems
}

// toString formats a value of the spec, "" for none.
func toString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case *float64:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return reflect.ValueOf(v).String()
}

// snakeCase turns a Go field name into its JSON name: CreatedAt is
// created_at, FirstID is first_id.
func snakeCase(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// names returns the fields' names and types, sorted by name.
func names(fields []docField) []docField {
	out := make([]docField, len(fields))
	for i, f := range fields {
		out[i] = docField{Name: f.Name, Type: f.Type}
	}
	slices.SortFunc(out, func(a, b docField) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// reexported parses types.go for its aliases.
func reexported(t *testing.T) []alias {
	t.Helper()
	file := parse(t, "types.go")
	var out []alias
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			sel, ok := ts.Type.(*ast.SelectorExpr)
			if !ts.Assign.IsValid() || !ok {
				t.Fatalf("types.go: %s is not an alias of another package's type", ts.Name.Name)
			}
			doc := ts.Doc // in a group, the spec's own comment
			if !gd.Lparen.IsValid() {
				doc = gd.Doc // a declaration of its own
			}
			out = append(out, alias{name: ts.Name.Name, target: sel.Sel.Name, doc: doc.Text()})
		}
	}
	return out
}

// generatedStructs parses the generated models for their structs' fields,
// with types written without package names.
func generatedStructs(t *testing.T) map[string][]docField {
	t.Helper()
	file := parse(t, "../gen/invites.gen.go")
	structs := map[string][]docField{}
	ast.Inspect(file, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		var fields []docField
		for _, f := range st.Fields.List {
			tag := ""
			if f.Tag != nil {
				tag, _ = strconv.Unquote(f.Tag.Value)
			}
			json, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
			for _, name := range f.Names {
				fields = append(fields, docField{Name: name.Name, Type: unqualified(f.Type), JSON: json})
			}
		}
		structs[ts.Name.Name] = fields
		return false
	})
	return structs
}

// unqualified writes a type expression without package names, as package
// api's aliases name the same types.
func unqualified(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.StarExpr:
		return "*" + unqualified(e.X)
	case *ast.ArrayType:
		return "[]" + unqualified(e.Elt)
	}
	return "?"
}

// docFieldLine is one field of the struct in a doc comment: name, type and
// a // comment.
var docFieldLine = regexp.MustCompile(`^\t\t(\w+)\s+(\S+)\s+// (.+)$`)

// docStruct reads the fields from the struct that a's doc comment shows.
func docStruct(t *testing.T, a alias) []docField {
	t.Helper()
	_, block, ok := strings.Cut(a.doc, "\ttype "+a.name+" struct {\n")
	block, _, closed := strings.Cut(block, "\n\t}\n")
	if !ok || !closed {
		t.Fatalf("the doc comment of %s does not show its fields as \"type %s struct { ... }\":\n%s", a.name, a.name, a.doc)
	}
	var fields []docField
	for line := range strings.Lines(block) {
		m := docFieldLine.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
		if m == nil {
			t.Fatalf("the doc comment of %s has a field line that is not \"Name Type // words\": %q", a.name, line)
		}
		fields = append(fields, docField{Name: m[1], Type: m[2], Comment: m[3]})
	}
	return fields
}

// parse parses one Go file with its comments.
func parse(t *testing.T, path string) *ast.File {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// specProperties returns, for each Go struct that the generator makes from
// openapi.yaml, its properties by JSON name: the schemas' properties (named
// by x-go-name when there is one) and the query parameters of each operation
// (as OperationIDParams).
func specProperties(t *testing.T) map[string]map[string]specProperty {
	t.Helper()
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]specProperty{}
	for name, ref := range doc.Components.Schemas {
		s := ref.Value
		if goName, ok := s.Extensions["x-go-name"].(string); ok {
			name = goName
		}
		props := map[string]specProperty{}
		for prop, pref := range s.Properties {
			props[prop] = specProperty{schema: pref.Value, optional: pref.Value.Nullable || !slices.Contains(s.Required, prop)}
		}
		out[name] = props
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			props := map[string]specProperty{}
			for _, p := range op.Parameters {
				if p.Value.In == openapi3.ParameterInQuery {
					props[p.Value.Name] = specProperty{schema: p.Value.Schema.Value, optional: !p.Value.Required || p.Value.Schema.Value.Nullable}
				}
			}
			if len(props) > 0 {
				out[goName(op.OperationID)+"Params"] = props
			}
		}
	}
	return out
}

// goName turns an operationId such as list-invites into ListInvites.
func goName(operationID string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(operationID, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
