// Package reexport writes package api's re-export file from openapi.yaml and
// the code that oapi-codegen generated from it in gen/: an alias of each type
// that an operation sends or answers (and of the types of their fields), a
// doc comment that lists its fields with the spec's prose, the enum
// constants and the list of each enum's values, the bounds and defaults of
// integer query parameters, and the table of what each answer promises (its
// object value and required fields). So facts flow one way, openapi.yaml →
// gen → api, and a new field or enum value needs no hand-written Go.
package reexport

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Options says what Generate reads and how the output names things.
type Options struct {
	// Spec is the OpenAPI document's text (openapi.yaml).
	Spec []byte
	// Gen is the Go source that oapi-codegen generated from Spec.
	Gen []byte
	// GenImport is the import path of the generated package.
	GenImport string
	// Package is the name of the package the output belongs to.
	Package string
	// Source names the inputs in the output's header.
	Source string
}

// Generate returns the gofmt-ed Go source of the re-export file.
func Generate(opts Options) ([]byte, error) {
	doc, err := openapi3.NewLoader().LoadFromData(opts.Spec)
	if err != nil {
		return nil, fmt.Errorf("reading the spec: %w", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(opts.Spec, &root); err != nil {
		return nil, fmt.Errorf("reading the spec: %w", err)
	}
	if err := hiddenCharacters(&root); err != nil {
		return nil, err
	}
	code, err := readGen(opts.Gen)
	if err != nil {
		return nil, err
	}
	g := &generator{doc: doc, root: &root, code: code, done: map[string]bool{}}
	if err := g.collect(); err != nil {
		return nil, err
	}
	if err := g.checkNames(); err != nil {
		return nil, err
	}
	promises, err := g.promises()
	if err != nil {
		return nil, err
	}
	src := g.render(opts, promises)
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("formatting the output: %w\n%s", err, src)
	}
	return out, nil
}

// hiddenCharacters returns an error naming the first control or format
// character (Unicode Cc other than tab and line ends, and Cf: the bidi
// overrides and isolates, zero-width characters…) in any key or value of
// the spec, as YAML decodes it, escapes included. The spec's prose and
// defaults become the doc comments of the generated code, where such a
// character would hide text or reorder what a reviewer reads; the spec is
// refused rather than the character carried or silently dropped.
func hiddenCharacters(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		for _, r := range n.Value {
			if (unicode.Is(unicode.Cc, r) && r != '\t' && r != '\n' && r != '\r') || unicode.Is(unicode.Cf, r) {
				return fmt.Errorf("the spec's line %d, column %d, holds %U, a control or format character, in %s: the generated code's comments must not carry it; remove it", n.Line, n.Column, r, strconv.QuoteToASCII(n.Value))
			}
		}
	}
	for _, c := range n.Content {
		if err := hiddenCharacters(c); err != nil {
			return err
		}
	}
	return nil
}

// readGen parses the generated source.
func readGen(src []byte) (*genCode, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "gen.go", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("reading the generated code: %w", err)
	}
	code := &genCode{structs: map[string][]goField{}, strings: map[string]bool{}, consts: map[string][]goConst{}, params: map[string]string{}}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range gd.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Assign.IsValid() {
					continue
				}
				switch t := s.Type.(type) {
				case *ast.StructType:
					code.structs[s.Name.Name] = structFields(t)
					if doc := gd.Doc.Text(); strings.Contains(doc, " defines parameters for ") {
						_, op, _ := strings.Cut(strings.TrimSpace(doc), " defines parameters for ")
						code.params[strings.TrimSuffix(op, ".")] = s.Name.Name
					}
				case *ast.Ident:
					if t.Name == "string" {
						code.strings[s.Name.Name] = true
					}
				}
			case *ast.ValueSpec:
				if gd.Tok != token.CONST || s.Type == nil || len(s.Values) != 1 {
					continue
				}
				lit, ok := s.Values[0].(*ast.BasicLit)
				typ, ok2 := s.Type.(*ast.Ident)
				if !ok || !ok2 || lit.Kind != token.STRING {
					continue
				}
				v, _ := strconv.Unquote(lit.Value)
				code.consts[typ.Name] = append(code.consts[typ.Name], goConst{s.Names[0].Name, v})
			}
		}
	}
	return code, nil
}

// structFields returns the fields of a generated struct.
func structFields(t *ast.StructType) []goField {
	var out []goField
	for _, f := range t.Fields.List {
		if len(f.Names) != 1 || f.Tag == nil {
			continue
		}
		tag, _ := strconv.Unquote(f.Tag.Value)
		name, _, _ := strings.Cut(reflectTag(tag, "json"), ",")
		out = append(out, goField{name: f.Names[0].Name, typ: typeString(f.Type), json: name})
	}
	return out
}

// reflectTag returns the value of key in a struct tag.
func reflectTag(tag, key string) string {
	for tag != "" {
		tag = strings.TrimLeft(tag, " ")
		k, rest, ok := strings.Cut(tag, ":")
		if !ok || len(rest) == 0 || rest[0] != '"' {
			return ""
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return ""
		}
		if k == key {
			return rest[1 : end+1]
		}
		tag = rest[end+2:]
	}
	return ""
}

// typeString writes a field's type as users of package api read it: a
// type of another package by its name alone (timestamp.UnixTime is
// api.UnixTime).
func typeString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.StarExpr:
		return "*" + typeString(t.X)
	case *ast.ArrayType:
		return "[]" + typeString(t.Elt)
	case *ast.MapType:
		return "map[" + typeString(t.Key) + "]" + typeString(t.Value)
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return "any"
}

// baseType returns the named type a field's type is built on: Project for
// []Project, UnixTime for *UnixTime.
func baseType(typ string) string {
	return strings.TrimLeft(typ, "*[]")
}

// collect finds the types to re-export: what each operation sends (its
// parameters and request body) and answers with a 2xx status, in the order
// of the spec's paths, then the types of their fields.
func (g *generator) collect() error {
	paths := g.doc.Paths.Keys()
	sort.Strings(paths)
	for _, path := range paths {
		item := g.doc.Paths.Value(path)
		for _, method := range methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			if name, ok := g.code.params[goName(op.OperationID)]; ok {
				if err := g.addParams(name, op, item.Parameters); err != nil {
					return err
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
					if err := g.addSchema(mt.Schema); err != nil {
						return err
					}
					g.markSent(mt.Schema)
				}
			}
			for _, ref := range answers(op) {
				if err := g.addSchema(ref); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// methods are the HTTP methods in the order the output follows.
var methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// answers returns the JSON schemas of an operation's 2xx answers.
func answers(op *openapi3.Operation) []*openapi3.SchemaRef {
	var out []*openapi3.SchemaRef
	codes := op.Responses.Keys()
	sort.Strings(codes)
	for _, code := range codes {
		if len(code) != 3 || code[0] != '2' {
			continue
		}
		resp := op.Responses.Value(code)
		if resp == nil || resp.Value == nil {
			continue
		}
		if mt := resp.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			out = append(out, mt.Schema)
		}
	}
	return out
}

// addSchema adds the struct generated from the component schema that ref
// points to, and the types of its fields.
func (g *generator) addSchema(ref *openapi3.SchemaRef) error {
	schema, ok := schemaName(ref)
	if !ok {
		return fmt.Errorf("a request or answer body is not a $ref to a component schema (%q): give it a name in openapi.yaml", ref.Ref)
	}
	name := typeName(schema, ref.Value)
	if g.done[name] {
		return nil
	}
	fields, ok := g.code.structs[name]
	if !ok {
		return fmt.Errorf("schema %s: the generated code has no struct %s", schema, name)
	}
	g.done[name] = true
	st := &structType{name: name, about: name + " is the schema " + schema + " of openapi.yaml. " + oneLine(ref.Value.Description)}
	g.structs = append(g.structs, st)
	byJSON := map[string]goField{}
	for _, f := range fields {
		byJSON[f.json] = f
	}
	var nested []*openapi3.SchemaRef
	for _, prop := range g.propertyOrder(schema) {
		p := ref.Value.Properties[prop]
		f, ok := byJSON[prop]
		if !ok || p == nil {
			return fmt.Errorf("schema %s: property %s has no field in the generated struct %s", schema, prop, name)
		}
		delete(byJSON, prop)
		st.fields = append(st.fields, fieldDoc{goField: f, prose: fieldProse(p, slices.Contains(ref.Value.Required, prop), f.typ)})
		if err := g.addFieldType(f, p, &nested); err != nil {
			return fmt.Errorf("schema %s: %w", schema, err)
		}
	}
	if len(byJSON) > 0 {
		return fmt.Errorf("schema %s: the generated struct %s has fields the spec does not list", schema, name)
	}
	for _, n := range nested {
		if err := g.addSchema(n); err != nil {
			return err
		}
	}
	return nil
}

// markSent marks the struct of a request body as one that calls send.
func (g *generator) markSent(ref *openapi3.SchemaRef) {
	schema, _ := schemaName(ref)
	for _, st := range g.structs {
		if st.name == typeName(schema, ref.Value) {
			st.sent = true
		}
	}
}

// addFieldType adds the enum type of a field, or queues the schema of a
// field that is a struct (or an array of them) in nested.
func (g *generator) addFieldType(f goField, p *openapi3.SchemaRef, nested *[]*openapi3.SchemaRef) error {
	base := baseType(f.typ)
	if g.done[base] {
		return nil
	}
	item := p
	if p.Value.Type.Is("array") && p.Value.Items != nil {
		item = p.Value.Items
	}
	switch {
	case g.code.structs[base] != nil:
		*nested = append(*nested, item)
	case g.code.strings[base]:
		about := item.Value.Description
		if about == "" {
			about = p.Value.Description
		}
		return g.addEnum(enumWhere(item, f.json), base, item.Value, about)
	}
	return nil
}

// addEnum adds the enum type typ that schema s declares; where names s in
// errors.
func (g *generator) addEnum(where, typ string, s *openapi3.Schema, about string) error {
	values, err := g.enumValues(where, typ, s)
	if err != nil {
		return err
	}
	g.done[typ] = true
	g.enums = append(g.enums, &enumType{name: typ, about: oneLine(about), values: values})
	return nil
}

// addParams adds the struct of an operation's parameters.
func (g *generator) addParams(name string, op *openapi3.Operation, shared openapi3.Parameters) error {
	if g.done[name] {
		return nil
	}
	g.done[name] = true
	byJSON := map[string]goField{}
	for _, f := range g.code.structs[name] {
		byJSON[f.json] = f
	}
	st := &structType{sent: true, name: name, about: name + " holds the query parameters of the operation " + op.OperationID + " of openapi.yaml."}
	for _, p := range append(slices.Clone(shared), op.Parameters...) {
		if p.Value == nil || p.Value.In == "path" {
			continue
		}
		f, ok := byJSON[p.Value.Name]
		if !ok {
			return fmt.Errorf("operation %s: parameter %s has no field in the generated struct %s", op.OperationID, p.Value.Name, name)
		}
		delete(byJSON, p.Value.Name)
		prose := oneLine(p.Value.Description)
		if p.Value.Schema != nil {
			prose = join(prose, facts(p.Value.Schema.Value, p.Value.Required, p.Value.Schema.Value.Nullable, f.typ))
			if err := g.addParamTypes(op, p.Value, name, f); err != nil {
				return err
			}
		}
		st.fields = append(st.fields, fieldDoc{goField: f, prose: prose})
	}
	if len(byJSON) > 0 {
		return fmt.Errorf("operation %s: the generated struct %s has fields the spec does not list", op.OperationID, name)
	}
	g.structs = append(g.structs, st)
	return nil
}

// addParamTypes adds the facts of a query parameter: its bounds and
// default, and the enum type of its values.
func (g *generator) addParamTypes(op *openapi3.Operation, p *openapi3.Parameter, params string, f goField) error {
	if err := g.addBounds(op, p, params, f); err != nil {
		return err
	}
	s := p.Schema.Value
	if s.Type.Is("array") && s.Items != nil {
		s = s.Items.Value
	}
	base := baseType(f.typ)
	switch {
	case len(s.Enum) == 0:
		return nil
	case !g.code.strings[base]:
		return fmt.Errorf("operation %s: parameter %s has an enum, but its field %s.%s is not of a named string type: the generator writes string enums only", op.OperationID, p.Name, params, f.name)
	case g.done[base]:
		return nil
	}
	return g.addEnum(fmt.Sprintf("operation %s: parameter %s", op.OperationID, p.Name), base, s, p.Description)
}

// propertyOrder returns the property names of a component schema in the
// order openapi.yaml writes them.
func (g *generator) propertyOrder(schema string) []string {
	n := mapValue(g.root.Content[0], "components", "schemas", schema, "properties")
	var out []string
	if n != nil {
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, n.Content[i].Value)
		}
	}
	return out
}

// mapValue returns the node at keys under n, or nil.
func mapValue(n *yaml.Node, keys ...string) *yaml.Node {
	for _, key := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// fieldProse is a property's description followed by the facts of its
// schema.
func fieldProse(p *openapi3.SchemaRef, required bool, typ string) string {
	return join(oneLine(p.Value.Description), facts(p.Value, required, p.Value.Nullable, typ))
}

// facts says what a schema allows: whether the field is required or may be
// missing or null (and what the Go value then is), its default and bounds.
func facts(s *openapi3.Schema, required, nullable bool, typ string) string {
	var out []string
	pointer := strings.HasPrefix(typ, "*")
	switch {
	case required && !nullable:
		out = append(out, "Required.")
	case required && nullable:
		out = append(out, "Always sent, may be null: nil then.")
	case nullable && pointer:
		out = append(out, "May be null or absent: nil then.")
	case pointer:
		out = append(out, "Optional: nil when absent.")
	default:
		out = append(out, "Optional.")
	}
	var bounds []string
	if s.Default != nil {
		bounds = append(bounds, "default "+fmt.Sprint(s.Default))
	}
	if s.Min != nil {
		bounds = append(bounds, "minimum "+strconv.FormatFloat(*s.Min, 'f', -1, 64))
	}
	if s.Max != nil {
		bounds = append(bounds, "maximum "+strconv.FormatFloat(*s.Max, 'f', -1, 64))
	}
	if s.MinLength > 0 {
		bounds = append(bounds, "at least "+strconv.FormatUint(s.MinLength, 10)+" characters")
	}
	if s.MaxLength != nil {
		bounds = append(bounds, "at most "+strconv.FormatUint(*s.MaxLength, 10)+" characters")
	}
	if len(bounds) > 0 {
		b := strings.Join(bounds, ", ")
		out = append(out, strings.ToUpper(b[:1])+b[1:]+".")
	}
	return strings.Join(out, " ")
}

// promise is what an answer of one schema must hold.
type promise struct {
	schema, goType, object string
	required               []string
}

// promises returns what each schema of a 2xx answer promises, directly or
// as the items of an array field: the one value of its object field's enum
// and its required fields that may not be null. A required field that may
// be null is left out: a nil there is no missing field.
func (g *generator) promises() ([]promise, error) {
	var out []promise
	seen := map[string]bool{}
	var visit func(ref *openapi3.SchemaRef) error
	visit = func(ref *openapi3.SchemaRef) error {
		schema, ok := schemaName(ref)
		if !ok || seen[schema] || len(ref.Value.Properties) == 0 {
			return nil
		}
		seen[schema] = true
		s := ref.Value
		p := promise{schema: schema, goType: typeName(schema, s)}
		if obj := s.Properties["object"]; obj != nil && len(obj.Value.Enum) == 1 {
			p.object = fmt.Sprint(obj.Value.Enum[0])
		}
		for _, name := range s.Required {
			prop := s.Properties[name]
			if prop == nil {
				return fmt.Errorf("schema %s: required field %s is not a property", schema, name)
			}
			if !prop.Value.Nullable {
				p.required = append(p.required, name)
			}
		}
		out = append(out, p)
		for _, name := range g.propertyOrder(schema) {
			prop := s.Properties[name]
			if prop.Value.Type.Is("array") && prop.Value.Items != nil {
				prop = prop.Value.Items
			}
			if err := visit(prop); err != nil {
				return err
			}
		}
		return nil
	}
	paths := g.doc.Paths.Keys()
	sort.Strings(paths)
	for _, path := range paths {
		item := g.doc.Paths.Value(path)
		for _, method := range methods {
			if op := item.GetOperation(method); op != nil {
				for _, ref := range answers(op) {
					if err := visit(ref); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return out, nil
}

// render writes the output, before formatting.
func (g *generator) render(opts Options, promises []promise) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/reexport from %s; DO NOT EDIT.\n\n", opts.Source)
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"reflect\"\n\n\t%q\n)\n\n", opts.Package, opts.GenImport)
	b.WriteString("// The types below are the generated models, re-exported so that users\n" +
		"// import only this package. They are aliases: a value of Invite is a\n" +
		"// gen.Invite. Each doc comment lists the fields with openapi.yaml's prose.\n\n")
	for _, st := range g.structs {
		comment(&b, st.about)
		b.WriteString("//\n")
		fmt.Fprintf(&b, "//\ttype %s struct {\n", st.name)
		for i, f := range st.fields {
			if i > 0 {
				b.WriteString("//\n")
			}
			for _, line := range wrap(f.prose, 72) {
				fmt.Fprintf(&b, "//\t\t// %s\n", line)
			}
			fmt.Fprintf(&b, "//\t\t%s %s\n", f.name, f.typ)
		}
		b.WriteString("//\t}\n")
		if st.sent && g.hasPointer(st) {
			b.WriteString("//\n// Fill a pointer field with Ptr, as in Ptr(50).\n")
		}
		fmt.Fprintf(&b, "type %s = gen.%s\n\n", st.name, st.name)
	}
	for _, e := range g.enums {
		about := join(e.name+" is a string type.", e.about)
		var named []string
		for _, v := range e.values {
			named = append(named, g.constName(e.name, v)+" ("+strconv.Quote(v)+")")
		}
		if len(named) == 1 {
			about += " Always " + named[0] + "."
		} else {
			about += " Its known values are " + list(named) + ". The API may add values: unknown ones decode without error, the Valid method reports whether a value is one of these, and " + valuesFunc(e.name) + " lists them."
		}
		comment(&b, about)
		fmt.Fprintf(&b, "type %s = gen.%s\n\n", e.name, e.name)
	}
	b.WriteString("// The known values of the enums.\nconst (\n")
	for i, e := range g.enums {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, v := range e.values {
			c := g.constName(e.name, v)
			fmt.Fprintf(&b, "\t%s %s = gen.%s\n", c, e.name, c)
		}
	}
	b.WriteString(")\n\n")
	g.renderFacts(&b)
	b.WriteString("// answerSchemas lists, for each schema that a 2xx answer holds (directly or\n" +
		"// as the items of an array field), the value its object field must hold\n" +
		"// (\"\" when it has none) and its required fields that may not be null.\n" +
		"var answerSchemas = []answerSchema{\n")
	for _, p := range promises {
		quoted := make([]string, len(p.required))
		for i, r := range p.required {
			quoted[i] = strconv.Quote(r)
		}
		fmt.Fprintf(&b, "\t{%q, reflect.TypeFor[%s](), %q, []string{%s}},\n", p.schema, p.goType, p.object, strings.Join(quoted, ", "))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// hasPointer reports whether a struct has a pointer field.
func (g *generator) hasPointer(st *structType) bool {
	for _, f := range st.fields {
		if strings.HasPrefix(f.typ, "*") {
			return true
		}
	}
	return false
}

// WriteFile writes data to path unless the file already holds it.
func WriteFile(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) { //nolint:gosec // the generator writes where go generate points it
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.WriteFile(path, data, 0o644) //nolint:gosec // a source file, readable like the others
}
