package specsync

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Change is one difference between two versions of a document.
type Change struct {
	// Op is '+' for added, '-' for removed, '~' for changed.
	Op byte
	// Kind is what changed: operation, parameter, response, header, field,
	// enum value, required, nullable, description, or other.
	Kind string
	// Pointer is where, as a JSON pointer; a member of a list of names
	// (enum, required, tags) is written [value], a parameter [name].
	Pointer string
	// Old and New are the values of a changed scalar.
	Old, New string
}

// String is the change as one line of a report.
func (c Change) String() string {
	if c.Op == '~' {
		old, new := fromFirstDifference(c.Old, c.New)
		return fmt.Sprintf("~ %-12s %s: %s → %s", c.Kind, safe(c.Pointer), quote(old), quote(new))
	}
	return fmt.Sprintf("%c %-12s %s", c.Op, c.Kind, safe(c.Pointer))
}

// fromFirstDifference drops most of what two long texts share at their start,
// keeping a few words of context behind "…", so that a shortened report line
// still shows where they differ.
func fromFirstDifference(a, b string) (string, string) {
	const context = 20
	ra, rb := []rune(a), []rune(b)
	same := 0
	for same < len(ra) && same < len(rb) && ra[same] == rb[same] {
		same++
	}
	if same <= context {
		return a, b
	}
	cut := same - context
	return "…" + string(ra[cut:]), "…" + string(rb[cut:])
}

// flatNode is one node of a flattened document: a scalar's value, or the
// kind of a collection.
type flatNode struct {
	value  string
	scalar bool
}

// flatten maps the pointer of every node under n to the node.
func flatten(n *yaml.Node, at string, out map[string]flatNode) {
	switch n.Kind {
	case yaml.MappingNode:
		out[at] = flatNode{value: "{}"}
		for i := 0; i+1 < len(n.Content); i += 2 {
			flatten(n.Content[i+1], at+"/"+escapeToken(n.Content[i].Value), out)
		}
	case yaml.SequenceNode:
		out[at] = flatNode{value: "[]"}
		for i, c := range n.Content {
			flatten(c, at+"/"+itemToken(c, i), out)
		}
	case yaml.AliasNode:
		flatten(n.Alias, at, out)
	default:
		out[at] = flatNode{value: n.Value, scalar: true}
	}
}

// itemToken names a list item by what it is rather than where it is, when
// it can: a scalar by its value, a parameter by its name, a $ref by its
// target; otherwise by its index.
func itemToken(n *yaml.Node, i int) string {
	switch {
	case n.Kind == yaml.ScalarNode:
		return "[" + escapeToken(n.Value) + "]"
	case mapValue(n, "name") != nil && mapValue(n, "name").Kind == yaml.ScalarNode:
		return "[" + escapeToken(mapValue(n, "name").Value) + "]"
	case mapValue(n, "$ref") != nil:
		return "[" + escapeToken(mapValue(n, "$ref").Value) + "]"
	}
	return strconv.Itoa(i)
}

// Diff lists the differences from old to new, in pointer order: a node
// added or removed whole counts once, not once per member.
func Diff(old, new *yaml.Node) []Change {
	a, b := map[string]flatNode{}, map[string]flatNode{}
	if old != nil {
		flatten(old, "", a)
	}
	if new != nil {
		flatten(new, "", b)
	}
	var changes []Change
	for p, n := range b {
		o, ok := a[p]
		switch {
		case !ok && (p == "" || has(a, parent(p))):
			changes = append(changes, Change{Op: '+', Kind: kindOf(p), Pointer: p})
		case ok && (o.scalar || n.scalar) && o != n:
			changes = append(changes, Change{Op: '~', Kind: kindOf(p), Pointer: p, Old: o.value, New: n.value})
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok && (p == "" || has(b, parent(p))) {
			changes = append(changes, Change{Op: '-', Kind: kindOf(p), Pointer: p})
		}
	}
	slices.SortFunc(changes, func(x, y Change) int {
		if c := strings.Compare(x.Pointer, y.Pointer); c != 0 {
			return c
		}
		return int(x.Op) - int(y.Op)
	})
	return changes
}

// has tells whether the flattened document holds p.
func has(m map[string]flatNode, p string) bool {
	_, ok := m[p]
	return ok
}

// parent is the pointer one level up from p.
func parent(p string) string {
	return p[:strings.LastIndex(p, "/")]
}

// operationPointer matches the pointer of an operation.
var operationPointer = regexp.MustCompile(`^/paths/[^/]+/(get|put|post|delete|options|head|patch|trace)$`)

// kindOf tells what the node at p is, for the report.
func kindOf(p string) string {
	last := p[strings.LastIndex(p, "/")+1:]
	up := parent(p)
	upLast := up[strings.LastIndex(up, "/")+1:]
	switch {
	case operationPointer.MatchString(p):
		return "operation"
	case last == "description" || last == "summary":
		return "description"
	case upLast == "responses" && strings.HasPrefix(p, "/paths/"):
		return "response"
	case last == "headers" || upLast == "headers":
		return "header"
	case upLast == "required" && strings.HasPrefix(last, "["):
		return "required"
	case last == "nullable":
		return "nullable"
	}
	if kind, ok := kindByParent[upLast]; ok {
		return kind
	}
	return "other"
}

// kindByParent names the kind of the items of a few lists and maps, by
// the name of the list or map.
var kindByParent = map[string]string{"parameters": "parameter", "enum": "enum value", "properties": "field"}
