package reexport

import (
	"bytes"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// goName turns an operationId into the Go name oapi-codegen gives it:
// list-invites is ListInvites.
func goName(operationID string) string {
	var b strings.Builder
	up := true
	for _, r := range operationID {
		switch {
		case r == '-' || r == '_' || r == ' ' || r == '.':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// schemaName returns the name of the component schema that ref points to.
func schemaName(ref *openapi3.SchemaRef) (string, bool) {
	name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/")
	return name, ok && !strings.Contains(name, "/")
}

// typeName returns the Go name of a component schema: its x-go-name, or its
// own name.
func typeName(schema string, s *openapi3.Schema) string {
	if n, ok := s.Extensions["x-go-name"].(string); ok && n != "" {
		return n
	}
	return schema
}

// join joins two pieces of prose with a space.
func join(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + " " + b
}

// oneLine returns prose with its white space collapsed, ending with a full
// stop when it ends with no . ! or ?: what follows it, such as the facts of
// a field, starts a sentence of its own.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s != "" && !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// comment writes text as a doc comment, wrapped.
func comment(b *bytes.Buffer, text string) {
	for _, line := range wrap(text, 76) {
		b.WriteString("// " + line + "\n")
	}
}

// wrap cuts text into lines of at most width bytes, between words.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		line = join(line, w)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// list joins items as "a, b and c".
func list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
