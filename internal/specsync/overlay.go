package specsync

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// Keys of the overlay's extensions that tie actions to docs/spec.md's table.
const (
	// keyDifferences, at the top of the overlay, lists the rows of docs/spec.md's
	// "Differences from OpenAI's published spec" table.
	keyDifferences = "x-differences"
	// keyDifference, on an action, names the row the action belongs to.
	keyDifference = "x-difference"
)

// Difference is one row of the differences table of docs/spec.md: what upstream says,
// what openapi.yaml says instead, and why.
type Difference struct {
	ID       string `yaml:"id"`
	Upstream string `yaml:"upstream"`
	Here     string `yaml:"here"`
	Why      string `yaml:"why"`
}

// Overlay is the project's declared differences from upstream: an OpenAPI
// Overlay 1.0 document whose every action says why in its description and
// names its row of the differences table of docs/spec.md in x-difference.
type Overlay struct {
	doc         *overlay.Overlay
	Differences []Difference
}

// ParseOverlay reads and checks an overlay: version 1.0.0, RFC 9535
// JSONPath, and every action with a target, a description of why, and a row
// of the differences table that exists; every row used by some action.
func ParseOverlay(data []byte) (*Overlay, error) {
	doc, err := overlay.ParseReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	if doc.Version != overlay.Version100 {
		return nil, fmt.Errorf("overlay: overlay %s: want 1.0.0", quote(doc.Version))
	}
	if !doc.UsesRFC9535() {
		return nil, fmt.Errorf("overlay: x-speakeasy-jsonpath: want rfc9535, the JSONPath of RFC 9535")
	}
	var top struct {
		Differences []Difference `yaml:"x-differences"`
	}
	if err := yaml.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("overlay: %s: %w", keyDifferences, err)
	}
	o := &Overlay{doc: doc, Differences: top.Differences}
	used := map[string]bool{}
	rows := map[string]bool{}
	for _, d := range o.Differences {
		if d.ID == "" || d.Upstream == "" || d.Here == "" || d.Why == "" {
			return nil, fmt.Errorf("overlay: %s: row %s needs an id, upstream, here and why", keyDifferences, quote(d.ID))
		}
		rows[d.ID] = true
	}
	for i, a := range doc.Actions {
		name := actionName(i, a)
		row, _ := a.Extensions[keyDifference].(string)
		switch {
		case a.Target == "":
			return nil, fmt.Errorf("overlay: %s: no target", name)
		case a.Description == "":
			return nil, fmt.Errorf("overlay: %s: no description: say why upstream is not followed", name)
		case !rows[row]:
			return nil, fmt.Errorf("overlay: %s: %s %s is not a row of %s", name, keyDifference, quote(row), keyDifferences)
		case !a.Remove && a.Update.IsZero():
			return nil, fmt.Errorf("overlay: %s: neither update nor remove", name)
		}
		used[row] = true
	}
	for _, d := range o.Differences {
		if !used[d.ID] {
			return nil, fmt.Errorf("overlay: %s: row %s has no action", keyDifferences, quote(d.ID))
		}
	}
	return o, nil
}

// actionName names an action in messages: its number, target and why.
func actionName(i int, a overlay.Action) string {
	return fmt.Sprintf("action %d (target %s, %q)", i+1, safe(a.Target), a.Description)
}

// errStale is the error of an action that matches nothing.
var errStale = errors.New("matches nothing: upstream moved or fixed what it patches, so read upstream's change and update or drop the action")

// Apply applies the actions in order to the document whose root mapping is
// root; an action that matches nothing fails, naming the action.
func (o *Overlay) Apply(root *yaml.Node) error {
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	for i, a := range o.doc.Actions {
		path, err := o.doc.NewPath(a.Target, nil)
		if err != nil {
			return fmt.Errorf("overlay: %s: %w", actionName(i, a), err)
		}
		if len(path.Query(doc)) == 0 {
			return fmt.Errorf("overlay: %s %w", actionName(i, a), errStale)
		}
		one := *o.doc
		one.Actions = o.doc.Actions[i : i+1]
		if err := one.ApplyTo(doc); err != nil {
			return fmt.Errorf("overlay: %s: %w", actionName(i, a), err)
		}
	}
	return nil
}
