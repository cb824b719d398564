package specsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
)

// Options are the settings of Sync.
type Options struct {
	// Root is the module root, where openapi.yaml and spec/ are.
	Root string
	// Upstream is the path of OpenAI's openapi.yaml, or of facts that the
	// sync kept before.
	Upstream string
	// Generate regenerates the code from the new openapi.yaml (`go generate
	// ./...`); nil skips it.
	Generate func(ctx context.Context) error
}

// Sync makes openapi.yaml, the facts and the differences table of docs/spec.md from
// the upstream file and the project's inputs, writes each atomically, and
// regenerates the code. On any failure every file is left, or put back, as
// it was. The report compares the result with the previous openapi.yaml.
func Sync(ctx context.Context, opts Options) (*Report, error) {
	in, err := loadInputs(opts.Root)
	if err != nil {
		return nil, err
	}
	upstream, err := ReadUpstream(opts.Upstream)
	if err != nil {
		return nil, err
	}
	facts, err := Facts(ctx, upstream, in.subset)
	if err != nil {
		return nil, fmt.Errorf("upstream: %w", err)
	}
	spec, err := Build(facts, in.overlay, in.prose)
	if err != nil {
		return nil, err
	}
	doc, err := readFile(opts.Root, DifferencesFile)
	if err != nil {
		return nil, err
	}
	if doc, err = WithTable(doc, in.overlay.Table()); err != nil {
		return nil, err
	}
	oldSpec, err := readOptional(opts.Root, SpecFile)
	if err != nil {
		return nil, err
	}
	oldFacts, err := readOptional(opts.Root, FactsFile)
	if err != nil {
		return nil, err
	}
	report, err := NewReport(ctx, oldSpec, spec, oldFacts, facts)
	if err != nil {
		return nil, err
	}
	snap, err := takeSnapshot(opts.Root)
	if err != nil {
		return nil, err
	}
	err = errors.Join(
		writeAtomic(opts.Root, FactsFile, facts),
		writeAtomic(opts.Root, SpecFile, spec),
		writeAtomic(opts.Root, DifferencesFile, doc),
	)
	if err == nil && opts.Generate != nil {
		if err = opts.Generate(ctx); err != nil {
			err = fmt.Errorf("generating the code: %w", err)
		}
	}
	if err != nil {
		if rerr := snap.restore(opts.Root); rerr != nil {
			return nil, fmt.Errorf("%w; restoring the previous files also failed: %w", err, rerr)
		}
		return nil, fmt.Errorf("%w; %s, %s, %s and the generated code are as they were", err, SpecFile, FactsFile, DifferencesFile)
	}
	return report, nil
}

// Check re-runs the sync from the facts kept under root, offline, and fails
// naming every difference when openapi.yaml or the differences table of docs/spec.md is
// not what the sync makes: a hand edit, or an input changed without a sync.
func Check(root string) error {
	in, err := loadInputs(root)
	if err != nil {
		return err
	}
	facts, err := readFile(root, FactsFile)
	if err != nil {
		return err
	}
	made, err := Build(facts, in.overlay, in.prose)
	if err != nil {
		return err
	}
	current, err := readFile(root, SpecFile)
	if err != nil {
		return err
	}
	var problems []string
	if !bytes.Equal(made, current) {
		problems = append(problems, specDrift(made, current))
	}
	doc, err := readFile(root, DifferencesFile)
	if err != nil {
		return err
	}
	want, err := WithTable(doc, in.overlay.Table())
	if err != nil {
		return err
	}
	if !bytes.Equal(want, doc) {
		problems = append(problems, DifferencesFile+": the differences table is not the one spec/overlay.yaml's x-differences make")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s\nopenapi.yaml is made, not written: change spec/overlay.yaml or spec/prose.yaml and run 'make spec-sync UPSTREAM=%s'", strings.Join(problems, "\n"), FactsFile)
	}
	return nil
}

// specDrift names how the current openapi.yaml differs from the one the
// sync makes.
func specDrift(made, current []byte) string {
	var b strings.Builder
	b.WriteString(SpecFile + " differs from what the sync makes")
	docs, err := parseBoth(made, current)
	if err != nil {
		b.WriteString(": " + err.Error())
		return b.String()
	}
	changes := Diff(docs[0], docs[1])
	if len(changes) == 0 {
		madeLines, currentLines := strings.Split(string(made), "\n"), strings.Split(string(current), "\n")
		line := 0
		for line < len(madeLines) && line < len(currentLines) && madeLines[line] == currentLines[line] {
			line++
		}
		fmt.Fprintf(&b, " in layout or comments, from line %d", line+1)
		return b.String()
	}
	b.WriteString(" (+ only in openapi.yaml, - only in what the sync makes, ~ changed from the sync's to openapi.yaml's):")
	for _, c := range changes {
		b.WriteString("\n  " + c.String())
	}
	return b.String()
}
