package specsync

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The files of the sync, relative to the module root.
const (
	// SpecFile is the spec that the sync makes.
	SpecFile = "openapi.yaml"
	// FactsFile keeps what the sync took from upstream.
	FactsFile = "spec/upstream.yaml"
	// OverlayFile declares our differences from upstream.
	OverlayFile = "spec/overlay.yaml"
	// ProseFile holds our descriptions and summaries.
	ProseFile = "spec/prose.yaml"
	// SubsetFile names what the sync takes from upstream.
	SubsetFile = "spec/subset.yaml"
	// DifferencesFile is the page of the docs that holds the differences table.
	DifferencesFile = "docs/spec.md"
)

// generatedGlobs match the generated code, which a failed sync restores.
var generatedGlobs = []string{"gen/*.gen.go", "internal/spec/*.gen.go", "api/*.gen.go"}

// inputs are the project's side of the sync.
type inputs struct {
	subset  *Subset
	overlay *Overlay
	prose   *Prose
}

// loadInputs reads and checks the subset, overlay and prose under root.
func loadInputs(root string) (*inputs, error) {
	var in inputs
	data, err := readFile(root, SubsetFile)
	if err == nil {
		in.subset, err = ParseSubset(data)
	}
	if err == nil {
		data, err = readFile(root, OverlayFile)
	}
	if err == nil {
		in.overlay, err = ParseOverlay(data)
	}
	if err == nil {
		data, err = readFile(root, ProseFile)
	}
	if err == nil {
		in.prose, err = ParseProse(data)
	}
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// readFile reads root/name.
func readFile(root, name string) ([]byte, error) {
	data, err := fs.ReadFile(os.DirFS(root), name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, errors.Unwrap(err))
	}
	return data, nil
}

// readOptional reads root/name, or nil when it does not exist.
func readOptional(root, name string) ([]byte, error) {
	data, err := fs.ReadFile(os.DirFS(root), name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, errors.Unwrap(err))
	}
	return data, nil
}

// writeAtomic replaces root/name with data through a temporary file in the
// same directory and a rename, so that a reader sees the old or the new
// content, never a part.
func writeAtomic(root, name string, data []byte) error {
	path := filepath.Join(root, name)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".specsync-*")
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename; cleanup otherwise
	if _, err := tmp.Write(data); err != nil {
		tmp.Close() //nolint:errcheck // the write error is the one to report
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close() //nolint:errcheck // the chmod error is the one to report
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// snapshot is the content of files before a sync, nil for a file that did
// not exist.
type snapshot map[string][]byte

// takeSnapshot records the files that a sync writes or regenerates.
func takeSnapshot(root string) (snapshot, error) {
	s := snapshot{}
	names := []string{SpecFile, FactsFile, DifferencesFile}
	generated, err := generatedFiles(root)
	if err != nil {
		return nil, err
	}
	for _, name := range append(names, generated...) {
		data, err := readOptional(root, name)
		if err != nil {
			return nil, err
		}
		s[name] = data
	}
	return s, nil
}

// generatedFiles lists the generated files under root.
func generatedFiles(root string) ([]string, error) {
	var names []string
	for _, g := range generatedGlobs {
		matches, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			rel, err := filepath.Rel(root, m)
			if err != nil {
				return nil, err
			}
			names = append(names, rel)
		}
	}
	return names, nil
}

// restore puts every file back as it was, and removes generated files that
// did not exist.
func (s snapshot) restore(root string) error {
	var errs []error
	for name, data := range s {
		if data == nil {
			if err := os.Remove(filepath.Join(root, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		errs = append(errs, writeAtomic(root, name, data))
	}
	generated, err := generatedFiles(root)
	if err != nil {
		return err
	}
	for _, name := range generated {
		if _, ok := s[name]; !ok {
			errs = append(errs, os.Remove(filepath.Join(root, name)))
		}
	}
	return errors.Join(errs...)
}
