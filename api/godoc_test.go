package api_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// updateGoDoc rewrites the golden files of TestGoDocOfReexportedTypes.
var updateGoDoc = flag.Bool("update-godoc", false, "rewrite testdata/godoc from go doc")

// TestGoDocOfReexportedTypes compares what `go doc ./api T` prints for each
// type that types.go re-exports with testdata/godoc/T.golden, so that a
// change to what users read is a reviewed diff. Run `go test ./api -run
// GoDoc -update-godoc` after a deliberate change.
func TestGoDocOfReexportedTypes(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to run go doc: %v", err)
	}
	for _, a := range reexported(t) {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(goTool, "doc", ".", a.name)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("go doc . %s: %v\n%s", a.name, err, stderr.Bytes())
			}
			path := filepath.Join("testdata", "godoc", a.name+".golden")
			if *updateGoDoc {
				if err := os.WriteFile(path, got, 0o600); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run 'go test ./api -run GoDoc -update-godoc' to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("go doc . %s differs from %s (run 'go test ./api -run GoDoc -update-godoc' if the change is intended)\n--- got:\n%s--- want:\n%s", a.name, path, got, want)
			}
		})
	}
}
