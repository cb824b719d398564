package specsync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// repoRoot is the module root, where the real inputs are.
const repoRoot = "../.."

// upstreamEnv names the environment variable that points the tests that
// need OpenAI's whole file at it; they skip without it.
const upstreamEnv = "SPEC_SYNC_UPSTREAM"

// read reads a file or fails the test.
func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// write writes a file or fails the test.
func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// repoFiles are the files a sync reads and writes, copied by repoCopy.
var repoFiles = []string{
	specsync.SpecFile, specsync.FactsFile, specsync.OverlayFile, specsync.ProseFile,
	specsync.SubsetFile, specsync.DifferencesFile, "gen/invites.gen.go", "internal/spec/spec.gen.go",
}

// repoCopy copies the module's sync files into a temporary directory and
// returns it.
func repoCopy(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range repoFiles {
		write(t, filepath.Join(dir, name), read(t, filepath.Join(repoRoot, name)))
	}
	return dir
}

// snapshotFiles reads every repo file under dir.
func snapshotFiles(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, name := range repoFiles {
		files[name] = string(read(t, filepath.Join(dir, name)))
	}
	return files
}

// requireError fails unless err is an error that contains every one of want.
func requireError(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// inputs loads the module's overlay and prose.
func inputs(t testing.TB) (*specsync.Overlay, *specsync.Prose) {
	t.Helper()
	o, err := specsync.ParseOverlay(read(t, filepath.Join(repoRoot, specsync.OverlayFile)))
	if err != nil {
		t.Fatal(err)
	}
	p, err := specsync.ParseProse(read(t, filepath.Join(repoRoot, specsync.ProseFile)))
	if err != nil {
		t.Fatal(err)
	}
	return o, p
}

// testSubset loads the subset of the test fixtures.
func testSubset(t testing.TB) *specsync.Subset {
	t.Helper()
	s, err := specsync.ParseSubset(read(t, "testdata/subset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
