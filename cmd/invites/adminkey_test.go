package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestAdminKeyFile reads the admin key from a file, from the environment's
// file and from stdin, and refuses a file that others may read, an empty
// one, one of several lines, the key itself given for the file's path
// (without echoing it), and the flag and the file together.
func TestAdminKeyFile(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(2))
	dir := t.TempDir()
	keyFile := func(name, content string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	private := keyFile("key", apitest.AdminKey+"\n", 0o600)
	readable := keyFile("shared", apitest.AdminKey+"\n", 0o644)
	empty := keyFile("empty", "\n", 0o600)
	lines := keyFile("lines", apitest.AdminKey+"\nsecond\n", 0o600)
	wrong := keyFile("wrong", "sk-admin-wrong\n", 0o600)
	base := map[string]string{"OPENAI_BASE_URL": srv.BaseURL()}
	withFile := map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY_FILE": private}
	for _, tt := range []struct {
		name   string
		args   []string
		env    map[string]string
		stdin  string
		code   int
		stderr string
	}{
		{"flag", []string{"list", "--admin-key-file", private, "-o", "ids"}, base, "", exitOK, ""},
		{"environment", []string{"list", "-o", "ids"}, withFile, "", exitOK, ""},
		{"stdin", []string{"list", "--admin-key-file", "-", "-o", "ids"}, base, apitest.AdminKey + "\n", exitOK, ""},
		{"readable by others", []string{"list", "--admin-key-file", readable}, base, "", exitUsage, "--admin-key-file: " + readable + " can be read or written by others (mode 0644): run 'chmod 600 " + readable + "'"},
		{"empty", []string{"list", "--admin-key-file", empty}, base, "", exitUsage, "the file is empty"},
		{"several lines", []string{"list", "--admin-key-file", lines}, base, "", exitUsage, "more than one line"},
		{"missing", []string{"list", "--admin-key-file", filepath.Join(dir, "nope")}, base, "", exitUsage, "no such file"},
		{"the key for the path", []string{"list", "--admin-key-file", apitest.AdminKey}, base, "", exitUsage, "--admin-key-file: that is an admin key, not a file's path"},
		{"the key for the environment's path", []string{"list"}, map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY_FILE": apitest.AdminKey}, "", exitUsage, "$OPENAI_ADMIN_KEY_FILE: that is an admin key, not a file's path"},
		{"a refused key names its file", []string{"list", "--admin-key-file", wrong}, map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY": "sk-admin-unused"}, "", exitFailure, "check --admin-key-file " + wrong + ": it must be an organization admin key"},
		{"both", []string{"list", "--admin-key", "x", "--admin-key-file", private}, base, "", exitUsage, "cannot be used together"},
		{"stdin holds the ids", []string{"delete", "-", "-y", "--admin-key-file", "-"}, base, "invite-x\n", exitUsage, "--admin-key-file -: stdin holds the invite ids already"},
		{"stdin holds the file", []string{"import", "-", "--admin-key-file", "-"}, base, "email,role\nada@example.com,reader\n", exitUsage, "--admin-key-file -: stdin holds the CSV file already"},
	} {
		got := runCLI(t, invocation{args: tt.args, env: tt.env, stdin: tt.stdin})
		if got.code != tt.code || !strings.Contains(got.stderr, tt.stderr) {
			t.Errorf("%s: exit %d, want %d; stderr %q, want %q", tt.name, got.code, tt.code, got.stderr, tt.stderr)
		}
		if tt.code == exitOK && len(strings.Fields(got.stdout)) != 2 {
			t.Errorf("%s: %q", tt.name, got.stdout)
		}
		if strings.Contains(got.stderr, apitest.AdminKey) {
			t.Errorf("%s: the key is on stderr", tt.name)
		}
	}
}
