package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestCleanupPipeline runs the cleanup pipeline of the docs through a shell,
// as a cron job does: it revokes the expired invites, and its second run,
// on an empty list (xargs then runs delete once with no ids), succeeds too.
func TestCleanupPipeline(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs sh and xargs")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	if _, err := exec.LookPath("xargs"); err != nil {
		t.Skip("no xargs")
	}
	bin := buildCommand(t)
	srv := newTestServer(t)
	for i := range 3 {
		inv := srv.AddInvite(api.Invite{Email: "user" + string(rune('a'+i)) + "@example.com", Role: api.RoleReader})
		if err := srv.SetStatus(inv.ID, api.InviteStatusExpired); err != nil {
			t.Fatal(err)
		}
	}
	srv.AddInvite(api.Invite{Email: "pending@example.com", Role: api.RoleReader})
	env := append(childEnv(), "OPENAI_BASE_URL="+srv.BaseURL(), "OPENAI_ADMIN_KEY="+apitest.AdminKey, "BIN="+bin)
	pipeline := `"$BIN" list --all --status expired -o ids | xargs "$BIN" delete -y --ignore-missing`
	for run, want := range []string{"revoked", "nothing to revoke"} {
		cmd := exec.Command(sh, "-c", pipeline)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("run %d: %v\n%s", run+1, err, out)
		}
	}
	if n := len(srv.Invites()); n != 1 {
		t.Errorf("%d invites left, want the pending one", n)
	}
	// Every help that shows the pipeline shows this one, which an empty
	// list does not fail (without --ignore-missing, xargs exits 123).
	helps, err := filepath.Glob("testdata/help_*.golden")
	if err != nil || len(helps) == 0 {
		t.Fatalf("help golden files: %v", err)
	}
	for _, name := range helps {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(text)) {
			if strings.Contains(line, "| xargs invites delete") && !strings.Contains(line, "--ignore-missing") {
				t.Errorf("%s: an example that fails on an empty list: %s", name, strings.TrimSpace(line))
			}
		}
	}
}

// TestVersionFromBuildInfo builds the command in this clone: "invites
// version" and --version name the module version, the commit, its time and
// whether the tree was modified.
func TestVersionFromBuildInfo(t *testing.T) {
	buildCommand(t) // skips where it cannot build
	bin := filepath.Join(t.TempDir(), "invites")
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Skipf("cannot build with VCS information: %v\n%s", err, out)
	}
	line := regexp.MustCompile(`^invites \S+ \(commit [0-9a-f]{40}, committed \d{4}-\d\d-\d\dT\S+(, modified)?\) go\S+\n$`)
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !line.Match(out) {
			if strings.Contains(string(out), "(devel) go") {
				t.Skip("built without VCS information: " + string(out))
			}
			t.Errorf("invites %s: %q", args[0], out)
		}
	}
}
