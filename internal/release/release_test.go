package release

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// releaseScript runs the scripts/release.sh of the clone root with args,
// writing to dist, and returns its combined output and error.
func releaseScript(t *testing.T, root, dist string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(filepath.Join(root, "scripts", "release.sh"), args...)
	cmd.Env = append(os.Environ(), "DIST="+dist)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// git runs git in dir and returns its output, failing the test on an error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=release test", "GIT_AUTHOR_EMAIL=release@example.com",
		"GIT_COMMITTER_NAME=release test", "GIT_COMMITTER_EMAIL=release@example.com",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %q: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// scratchClone clones this repository's HEAD into a temporary directory
// and, as a maintainer does before a release, moves CHANGELOG.md's
// Unreleased entries under a section for version and commits that. With
// tag, it then tags the commit v + version. It returns the clone's path.
func scratchClone(t *testing.T, version string, tag bool) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, root, "clone", "-q", root, clone)
	release(t, clone, version)
	if tag {
		git(t, clone, "tag", "v"+version)
	}
	return clone
}

// release commits, in clone, a CHANGELOG.md whose Unreleased entries are
// under "## [version]".
func release(t *testing.T, clone, version string) {
	t.Helper()
	path := filepath.Join(clone, "CHANGELOG.md")
	changelog, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const unreleased = "## [Unreleased]\n"
	if !bytes.Contains(changelog, []byte(unreleased)) {
		t.Fatalf("CHANGELOG.md has no %q heading", unreleased)
	}
	changelog = bytes.Replace(changelog, []byte(unreleased), []byte(unreleased+"\n## ["+version+"] - 2026-12-07\n"), 1)
	if err := os.WriteFile(path, changelog, 0o600); err != nil {
		t.Fatal(err)
	}
	git(t, clone, "commit", "-q", "-am", "release "+version)
}

// TestReleaseIsReproducible runs scripts/release.sh twice for linux/amd64,
// the way `make release` does for every target, in a scratch clone whose
// HEAD is a release commit with its throwaway tag, and checks that the two
// runs give byte-identical files, that SHA256SUMS verifies them, that the
// archive holds the binary with LICENSE, NOTICE, README.md and the MIT
// licence, and that the binary's "invites version", its module list and
// the User-Agent it sends all name the tag, and the commit it was built from.
func TestReleaseIsReproducible(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the CLI twice")
	}
	const version = "0.0.7-rc.1"
	const name = "invites_" + version + "_linux_amd64"
	clone := scratchClone(t, version, true)
	dists := []string{t.TempDir(), t.TempDir()}
	for _, dist := range dists {
		if out, err := releaseScript(t, clone, dist, version, "linux/amd64"); err != nil {
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

	rev := git(t, clone, "rev-parse", "HEAD")
	bom, err := os.ReadFile(filepath.Join(dists[0], name+".bom.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"invites: go",
		"\tpath\tgithub.com/seed-a87280d7/invites/cmd/invites\n",
		"\tmod\tgithub.com/seed-a87280d7/invites\tv" + version + "\t",
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
		committed := git(t, clone, "show", rev+":"+f)
		if !bytes.Equal(bytes.TrimSpace(files[name+"/"+f]), []byte(committed)) {
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
	if want := "invites v" + version + " (commit " + rev + ", "; !strings.HasPrefix(string(out), want) {
		t.Errorf("invites version says %q, want it to begin %q", out, want)
	}
	if ua := userAgent(t, bin); !strings.HasPrefix(ua, "invites-cli/v"+version+" invites-go/v"+version+" (") {
		t.Errorf("the released binary sends User-Agent %q, want it to name v%s", ua, version)
	}
}

// userAgent runs the binary bin's "list" against a local server and returns
// the User-Agent that server received.
func userAgent(t *testing.T, bin string) string {
	t.Helper()
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case got <- r.Header.Get("User-Agent"):
		default:
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`)
	}))
	defer srv.Close()
	cmd := exec.Command(bin, "list", "--base-url", srv.URL+"/v1", "-o", "json")
	cmd.Env = append(os.Environ(), "OPENAI_ADMIN_KEY=sk-admin-release-test")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("invites list: %v\n%s", err, out)
	}
	select {
	case ua := <-got:
		return ua
	default:
		t.Fatal("invites list sent no request")
		return ""
	}
}

// TestReleaseIsTheTaggedCommit: the script refuses, before it builds
// anything, unless the tag of VERSION names HEAD and CHANGELOG.md has the
// version's section and nothing left under Unreleased.
func TestReleaseIsTheTaggedCommit(t *testing.T) {
	t.Parallel()
	const version = "0.0.8"
	untagged := scratchClone(t, version, false)

	moved := scratchClone(t, version, true)
	if err := os.WriteFile(filepath.Join(moved, "NOTES"), []byte("after the tag\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	git(t, moved, "add", "NOTES")
	git(t, moved, "commit", "-q", "-m", "a commit after the tag")

	noSection := scratchClone(t, "0.0.9", false)
	git(t, noSection, "tag", "v"+version)

	leftOver := scratchClone(t, version, true)
	path := filepath.Join(leftOver, "CHANGELOG.md")
	changelog, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	changelog = bytes.Replace(changelog, []byte("## [Unreleased]\n"), []byte("## [Unreleased]\n\n### Fixed\n\n- A change made after the release was prepared.\n"), 1)
	if err := os.WriteFile(path, changelog, 0o600); err != nil {
		t.Fatal(err)
	}
	git(t, leftOver, "commit", "-q", "-am", "an entry after the release section")
	git(t, leftOver, "tag", "-f", "v"+version)

	for _, tt := range []struct {
		name, clone, want string
	}{
		{"no tag", untagged, "no tag v0.0.8"},
		{"the tag is not at HEAD", moved, "tag v0.0.8 is at "},
		{"no section in CHANGELOG.md", noSection, "CHANGELOG.md has no '## [0.0.8]' section"},
		{"entries left under Unreleased", leftOver, "CHANGELOG.md has 1 line(s) under Unreleased"},
	} {
		dist := t.TempDir()
		out, err := releaseScript(t, tt.clone, dist, version, "linux/amd64")
		if err == nil || !strings.Contains(out, tt.want) {
			t.Errorf("%s: release.sh: %v, %q; want a failure saying %q", tt.name, err, out, tt.want)
		}
		if left, _ := os.ReadDir(dist); len(left) != 0 {
			t.Errorf("%s: release.sh left %d files in dist", tt.name, len(left))
		}
	}
}

// TestReleaseRefusesBadArguments: a version that is not SemVer, or a target
// that is not one of the six, stops the script before it builds anything.
func TestReleaseRefusesBadArguments(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "usage:"},
		{[]string{"1.2"}, "VERSION must be SemVer MAJOR.MINOR.PATCH"},
		{[]string{"01.2.3"}, "VERSION must be SemVer MAJOR.MINOR.PATCH"},
		{[]string{"2.0.0"}, "needs the module path to end in /v2"},
		{[]string{"0.1.0", "plan9/amd64"}, "unknown target 'plan9/amd64'"},
	} {
		dist := t.TempDir()
		out, err := releaseScript(t, root, dist, tt.args...)
		if err == nil || !strings.Contains(out, tt.want) {
			t.Errorf("release.sh %q: %v, %q; want a failure saying %q", tt.args, err, out, tt.want)
		}
		if left, _ := os.ReadDir(dist); len(left) != 0 {
			t.Errorf("release.sh %q left %d files in dist", tt.args, len(left))
		}
	}
}

// TestMakeReleaseRunsNoCommandFromVersion: a VERSION holding quotes and a
// command reaches release.sh as one argument, which refuses it, and the
// command never runs.
func TestMakeReleaseRunsNoCommandFromVersion(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(t.TempDir(), "ran")
	for _, version := range []string{
		`0.1.0"; touch ` + marker + `; echo "`,
		`0.1.0'; touch ` + marker + `; echo '`,
		"0.1.0`touch " + marker + "`",
	} {
		cmd := exec.Command("make", "--no-print-directory", "-C", root, "release", "VERSION="+version)
		cmd.Env = append(os.Environ(), "DIST="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "VERSION must be SemVer") {
			t.Errorf("make release VERSION=%q: %v, %q; want release.sh to refuse it", version, err, out)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Fatalf("make release VERSION=%q ran the command in it", version)
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
