package release

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// releaseScript runs scripts/release.sh with args, writing to dist, and
// returns its combined output and error.
func releaseScript(t *testing.T, dist string, args ...string) (string, error) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "release.sh"), args...)
	cmd.Env = append(os.Environ(), "DIST="+dist)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestReleaseIsReproducible runs scripts/release.sh twice for linux/amd64,
// the way `make release` does for every target, and checks that the two
// runs give byte-identical files, that SHA256SUMS verifies them, that the
// archive holds the binary with LICENSE, NOTICE, README.md and the MIT
// licence, and that the binary names the version it was given and the
// commit it was built from.
func TestReleaseIsReproducible(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the CLI twice")
	}
	const version = "0.0.7-rc.1"
	const name = "invites_" + version + "_linux_amd64"
	dists := []string{t.TempDir(), t.TempDir()}
	for _, dist := range dists {
		if out, err := releaseScript(t, dist, version, "linux/amd64"); err != nil {
			t.Fatalf("release.sh: %v\n%s", err, out)
		}
	}
	want := []string{"SHA256SUMS", name + ".bom.txt", name + ".tar.gz"}
	for _, file := range want {
		a, errA := os.ReadFile(filepath.Join(dists[0], file))
		b, errB := os.ReadFile(filepath.Join(dists[1], file))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v, %v", file, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", file)
		}
	}
	entries, err := os.ReadDir(dists[0])
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("dist holds %q, want %q", got, want)
	}

	check := exec.Command("sha256sum", "--check", "--strict", "SHA256SUMS")
	check.Dir = dists[0]
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("sha256sum --check: %v\n%s", err, out)
	}

	commit, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	rev := strings.TrimSpace(string(commit))
	bom, err := os.ReadFile(filepath.Join(dists[0], name+".bom.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"invites: go",
		"\tpath\tgithub.com/seed-a87280d7/invites/cmd/invites\n",
		"\tbuild\t-trimpath=true\n",
		"\tbuild\tCGO_ENABLED=0\n",
		"\tbuild\tvcs.revision=" + rev + "\n",
		"\tbuild\tvcs.modified=false\n",
	} {
		if !strings.Contains(string(bom), line) {
			t.Errorf("the module list does not say %q:\n%s", line, bom)
		}
	}

	files := untar(t, filepath.Join(dists[0], name+".tar.gz"))
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	wantNames := []string{name + "/", name + "/LICENSE", name + "/NOTICE", name + "/README.md", name + "/invites", name + "/spec/", name + "/spec/LICENSE-openai-openapi"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("the archive holds %q, want %q", names, wantNames)
	}
	for _, f := range []string{"LICENSE", "NOTICE", "README.md", "spec/LICENSE-openai-openapi"} {
		// The files come from the commit; compare with what git holds.
		committed, err := exec.Command("git", "show", rev+":"+f).Output()
		if err != nil {
			t.Fatalf("git show %s: %v", f, err)
		}
		if !bytes.Equal(files[name+"/"+f], committed) {
			t.Errorf("the archive's %s is not the committed one", f)
		}
	}

	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("the linux/amd64 binary does not run on %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin := filepath.Join(t.TempDir(), "invites")
	if err := os.WriteFile(bin, files[name+"/invites"], 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("invites version: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "v"+version) {
		t.Errorf("invites version says %q, want the stamped v%s", out, version)
	}
	if strings.Contains(string(out), "commit") && !strings.Contains(string(out), rev[:12]) {
		t.Errorf("invites version says %q, which names a commit other than %s", out, rev)
	}
}

// TestReleaseRefusesBadArguments: a version that is not SemVer, or a target
// that is not one of the six, stops the script before it builds anything.
func TestReleaseRefusesBadArguments(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "usage:"},
		{[]string{"1.2"}, "VERSION must be SemVer MAJOR.MINOR.PATCH"},
		{[]string{"01.2.3"}, "VERSION must be SemVer MAJOR.MINOR.PATCH"},
		{[]string{"0.1.0", "plan9/amd64"}, "unknown target 'plan9/amd64'"},
	} {
		dist := t.TempDir()
		out, err := releaseScript(t, dist, tt.args...)
		if err == nil || !strings.Contains(out, tt.want) {
			t.Errorf("release.sh %q: %v, %q; want a failure saying %q", tt.args, err, out, tt.want)
		}
		if left, _ := os.ReadDir(dist); len(left) != 0 {
			t.Errorf("release.sh %q left %d files in dist", tt.args, len(left))
		}
	}
}

// untar returns the entries of a .tar.gz file by name.
func untar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = data
	}
}
