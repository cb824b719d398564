package specsync

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Report says what a sync changed: the facts of openapi.yaml (operations,
// fields, enum values, required and nullable properties, anything else),
// upstream's descriptions that changed, to re-read, and the elements that
// still need a text of ours.
type Report struct {
	// Changes are the changes to openapi.yaml, our prose left out.
	Changes []Change
	// Upstream are upstream's descriptions that were added, removed or
	// changed since the previous facts.
	Upstream []Change
	// Undescribed are the elements with no text of ours.
	Undescribed []string
}

// NewReport compares the previous spec and facts (nil when there were none)
// with the new ones.
func NewReport(ctx context.Context, oldSpec, newSpec, oldFacts, newFacts []byte) (*Report, error) {
	var r Report
	specs, err := parseBoth(oldSpec, newSpec)
	if err != nil {
		return nil, err
	}
	for _, c := range Diff(specs[0], specs[1]) {
		if c.Kind != "description" {
			r.Changes = append(r.Changes, c)
		}
	}
	facts, err := parseBoth(oldFacts, newFacts)
	if err != nil {
		return nil, err
	}
	for _, c := range Diff(mapValue(facts[0], keyProse), mapValue(facts[1], keyProse)) {
		if c.Pointer != "" {
			c.Kind = "upstream text"
			c.Old, c.New = "", ""
			c.Pointer = unescapeToken(c.Pointer[1:])
			r.Upstream = append(r.Upstream, c)
		}
	}
	if r.Undescribed, err = Undescribed(ctx, newSpec); err != nil {
		return nil, err
	}
	return &r, nil
}

// parseBoth parses two documents, either of which may be missing.
func parseBoth(a, b []byte) ([2]*yaml.Node, error) {
	var out [2]*yaml.Node
	for i, data := range [][]byte{a, b} {
		if len(data) == 0 {
			continue
		}
		n, err := parseNode(data)
		if err != nil {
			return out, err
		}
		out[i] = n
	}
	return out, nil
}

// unescapeToken undoes escapeToken.
func unescapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
}

// Write prints the report.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	if len(r.Changes) == 0 {
		fmt.Fprintln(&b, "openapi.yaml: no change to its facts")
	} else {
		fmt.Fprintf(&b, "openapi.yaml: %d changes (+ added, - removed, ~ changed):\n", len(r.Changes))
		kinds := []string{"operation", "parameter", "response", "header", "field", "enum value", "required", "nullable", "other"}
		sorted := slices.Clone(r.Changes)
		slices.SortStableFunc(sorted, func(a, b Change) int {
			return slices.Index(kinds, a.Kind) - slices.Index(kinds, b.Kind)
		})
		for _, c := range sorted {
			fmt.Fprintln(&b, "  "+c.String())
		}
	}
	if len(r.Upstream) > 0 {
		fmt.Fprintf(&b, "upstream's descriptions: %d added, removed or changed; re-read them in the upstream file, they may carry behaviour:\n", len(r.Upstream))
		for _, c := range r.Upstream {
			fmt.Fprintln(&b, "  "+c.String())
		}
	}
	if len(r.Undescribed) > 0 {
		fmt.Fprintf(&b, "needs a text of ours in spec/prose.yaml (make ci fails until then): %d\n", len(r.Undescribed))
		for _, p := range r.Undescribed {
			fmt.Fprintln(&b, "  "+safe(p))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
