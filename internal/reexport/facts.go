package reexport

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file turns the facts of the spec that callers check against into
// Go: the values of each enum of more than one value (an object field's
// one value has its constant) in the spec's order, and the bounds and
// default of each integer query parameter. Validation, help texts and shell
// completion use them, so no list of roles or range of limit is typed by
// hand. What the generator cannot write as Go (an enum value that is not a
// string, an exclusive bound, a bound on a parameter that is not an
// integer…) is refused with an error naming the schema or parameter.

// enumValues returns the values of the enum that schema s declares, in the
// spec's order, checked against the constants oapi-codegen wrote for the
// type typ: each value a string, none twice, each with its constant and no
// constant without its value. where names the schema in errors.
func (g *generator) enumValues(where, typ string, s *openapi3.Schema) ([]string, error) {
	if len(s.Enum) == 0 {
		return nil, fmt.Errorf("%s: the generated code has the string type %s but the spec has no enum for it: the generator writes named string types only for enums", where, typ)
	}
	byValue := map[string]bool{}
	for _, c := range g.code.consts[typ] {
		byValue[c.value] = true
	}
	var out []string
	seen := map[string]bool{}
	for i, v := range s.Enum {
		str, ok := v.(string)
		switch {
		case !ok:
			return nil, fmt.Errorf("%s: enum value %d (%v) is not a string: the generator writes string enums only", where, i+1, v)
		case seen[str]:
			return nil, fmt.Errorf("%s: enum value %q is listed twice", where, str)
		case !byValue[str]:
			return nil, fmt.Errorf("%s: the generated code has no constant of %s for enum value %q", where, typ, str)
		}
		seen[str] = true
		out = append(out, str)
	}
	if len(out) != len(g.code.consts[typ]) {
		return nil, fmt.Errorf("%s: the generated code has %d constants of %s, the spec's enum %d values", where, len(g.code.consts[typ]), typ, len(out))
	}
	return out, nil
}

// enumWhere names, in errors, the schema that an enum is declared in: its
// component schema when ref points to one, else the property prop of the
// schema that holds it.
func enumWhere(ref *openapi3.SchemaRef, prop string) string {
	if name, ok := schemaName(ref); ok {
		return "enum schema " + name
	}
	return "property " + prop
}

// valuesFunc is the name of the function that lists an enum's values.
func valuesFunc(typ string) string { return typ + "Values" }

// addBounds records the bounds and default of a query parameter of
// operation op, whose field in the parameters struct params is field. It refuses
// what it cannot write as Go constants: an exclusive bound, a multipleOf,
// a bound or default that is not a whole number, a minimum over the maximum
// or a default outside them, and any bound or default on a parameter that
// is not an integer.
func (g *generator) addBounds(op *openapi3.Operation, p *openapi3.Parameter, params string, field goField) error {
	s := p.Schema.Value
	where := fmt.Sprintf("operation %s: parameter %s", op.OperationID, p.Name)
	if !s.Type.Is("integer") {
		if s.Min != nil || s.Max != nil || s.Default != nil || s.MultipleOf != nil || s.ExclusiveMin.IsSet() || s.ExclusiveMax.IsSet() ||
			s.MinLength > 0 || s.MaxLength != nil || s.MinItems > 0 || s.MaxItems != nil {
			return fmt.Errorf("%s: the generator writes the bounds and default of integer parameters only, and this one is %s: extend internal/reexport first", where, s.Type.Slice())
		}
		return nil
	}
	switch {
	case s.ExclusiveMin.IsTrue() || s.ExclusiveMin.Value != nil || s.ExclusiveMax.IsTrue() || s.ExclusiveMax.Value != nil:
		return fmt.Errorf("%s: an exclusive bound cannot be written as the generated constants: use minimum and maximum", where)
	case s.MultipleOf != nil:
		return fmt.Errorf("%s: multipleOf cannot be written as the generated constants", where)
	}
	b := paramBound{op: op.OperationID, param: p.Name, params: params, field: field.name, prefix: goName(op.OperationID)}
	var err error
	if b.min, err = whole(where, "minimum", s.Min); err != nil {
		return err
	}
	if b.max, err = whole(where, "maximum", s.Max); err != nil {
		return err
	}
	if s.Default != nil {
		f, ok := number(s.Default)
		if !ok {
			return fmt.Errorf("%s: default %v is not a number", where, s.Default)
		}
		if b.def, err = whole(where, "default", &f); err != nil {
			return err
		}
	}
	switch {
	case b.min != nil && b.max != nil && *b.min > *b.max:
		return fmt.Errorf("%s: minimum %d is above maximum %d", where, *b.min, *b.max)
	case b.def != nil && (b.min != nil && *b.def < *b.min || b.max != nil && *b.def > *b.max):
		return fmt.Errorf("%s: default %d is outside the minimum and maximum", where, *b.def)
	}
	if b.min != nil || b.max != nil || b.def != nil {
		g.bounds = append(g.bounds, b)
	}
	return nil
}

// whole returns v as an integer, or an error when it is not a whole number
// that an int of 32 bits holds.
func whole(where, what string, v *float64) (*int64, error) {
	if v == nil {
		return nil, nil
	}
	if *v != math.Trunc(*v) || *v < math.MinInt32 || *v > math.MaxInt32 {
		return nil, fmt.Errorf("%s: %s %s is not a whole number that an int holds", where, what, strconv.FormatFloat(*v, 'g', -1, 64))
	}
	n := int64(*v)
	return &n, nil
}

// number returns a default the spec decoder read as a number.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// constants returns the constants of b, each with the rest of its doc
// comment: MinListInvitesLimit, MaxListInvitesLimit and
// DefaultListInvitesLimit, for those the spec states.
func (b paramBound) constants() []boundConst {
	field := b.params + "." + b.field
	var out []boundConst
	if b.min != nil {
		out = append(out, boundConst{"Min" + b.prefix + b.field, "is the smallest " + b.param + " of the operation " + b.op + ": the minimum of " + field + " in openapi.yaml.", *b.min})
	}
	if b.max != nil {
		out = append(out, boundConst{"Max" + b.prefix + b.field, "is the largest " + b.param + " of the operation " + b.op + ": the maximum of " + field + " in openapi.yaml.", *b.max})
	}
	if b.def != nil {
		out = append(out, boundConst{"Default" + b.prefix + b.field, "is the " + b.param + " that the operation " + b.op + " uses when " + field + " is nil: its default in openapi.yaml.", *b.def})
	}
	return out
}

// checkNames returns an error when a name the facts add is already the name
// of a type or constant of the generated code, as the constant of an enum
// value "values" would be RoleValues.
func (g *generator) checkNames() error {
	taken := map[string]string{}
	for name := range g.code.structs {
		taken[name] = "a type"
	}
	for name := range g.code.strings {
		taken[name] = "a type"
	}
	for typ, consts := range g.code.consts {
		for _, c := range consts {
			taken[c.name] = fmt.Sprintf("the constant of %s value %q", typ, c.value)
		}
	}
	add := func(name, what string) error {
		if other, ok := taken[name]; ok {
			return fmt.Errorf("%s: its generated name %s is also %s: rename one with x-go-name or x-enum-varnames", what, name, other)
		}
		taken[name] = what
		return nil
	}
	for _, e := range g.enums {
		if len(e.values) < 2 {
			continue
		}
		if err := add(valuesFunc(e.name), "the list of values of "+e.name); err != nil {
			return err
		}
	}
	for _, b := range g.bounds {
		for _, c := range b.constants() {
			if err := add(c.name, "a bound of parameter "+b.param+" of operation "+b.op); err != nil {
				return err
			}
		}
	}
	return nil
}

// renderFacts writes the bounds of the parameters and the functions that
// list each enum's values.
func (g *generator) renderFacts(b *bytes.Buffer) {
	if len(g.bounds) > 0 {
		b.WriteString("// The bounds and defaults of the operations' integer query parameters, as\n" +
			"// openapi.yaml states them. The Validate functions check a call against them\n" +
			"// before it is sent.\nconst (\n")
		for i, bound := range g.bounds {
			if i > 0 {
				b.WriteString("\n")
			}
			for _, c := range bound.constants() {
				for _, line := range wrap(c.name+" "+c.doc, 72) {
					b.WriteString("\t// " + line + "\n")
				}
				fmt.Fprintf(b, "\t%s = %d\n", c.name, c.value)
			}
		}
		b.WriteString(")\n\n")
	}
	for _, e := range g.enums {
		if len(e.values) < 2 {
			continue // a type of one value, such as an object field's, has its constant
		}
		names := make([]string, len(e.values))
		for i, v := range e.values {
			names[i] = g.constName(e.name, v)
		}
		comment(b, valuesFunc(e.name)+" returns the known values of "+e.name+" in the order openapi.yaml lists them: "+
			list(names)+". Each call returns a new slice, which the caller may change.")
		fmt.Fprintf(b, "func %s() []%s {\n\treturn []%s{%s}\n}\n\n", valuesFunc(e.name), e.name, e.name, strings.Join(names, ", "))
	}
}

// constName returns the name of the generated constant of typ with value v.
func (g *generator) constName(typ, v string) string {
	for _, c := range g.code.consts[typ] {
		if c.value == v {
			return c.name
		}
	}
	return ""
}
