package filegraph_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/filegraph"
)

// module is the import path of the module whose packages are held to
// reading top-down.
const module = "github.com/seed-a87280d7/invites"

// TestEveryPackageReadsTopDown holds every package of the module to reading
// top-down: no two of its files use each other, directly or through others.
// A failure names the files of each loop and the names that tie them.
func TestEveryPackageReadsTopDown(t *testing.T) {
	t.Parallel()
	out, err := exec.CommandContext(t.Context(), "go", "list", "-f", "{{.ImportPath}}={{.Dir}}", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n") // a directory may hold spaces
	if len(lines) < 10 {
		t.Fatalf("go list found %d packages, want every package of the module", len(lines))
	}
	for _, line := range lines {
		path, dir, _ := strings.Cut(line, "=")
		name := strings.TrimPrefix(path, module+"/")
		if path == module {
			name = "."
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			loops, err := filegraph.Loops(t.Context(), dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range loops {
				t.Errorf("%v", l)
			}
		})
	}
}
