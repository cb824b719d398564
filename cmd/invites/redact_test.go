package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestKeyNeverEchoed gives a key where other things belong, with what
// surrounds it in shells and env files (a space, quotes, NAME=), and checks
// that no message shows it: the arguments' key-shaped strings and the key in
// use are redacted on stderr, whatever message quotes them.
func TestKeyNeverEchoed(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(1))
	gateway := newTestServer(t, apitest.WithAdminKey("gw-secret-0123"))
	base := map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY": apitest.AdminKey}
	results := filepath.Join(t.TempDir(), "results.csv")
	for _, tt := range []struct {
		name   string
		args   []string
		env    map[string]string
		stderr string
	}{
		{"key file: a leading space", []string{"list", "--admin-key-file", " " + profileKey}, base, "--admin-key-file: that is an admin key, not a file's path"},
		{"key file: Docker's quotes", []string{"list", "--admin-key-file", `"` + profileKey + `"`}, base, "--admin-key-file: that is an admin key, not a file's path"},
		{"key file: NAME=", []string{"list", "--admin-key-file", "OPENAI_ADMIN_KEY=" + profileKey}, base, "--admin-key-file: that is an admin key, not a file's path"},
		{"key file variable", []string{"list"}, map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY_FILE": "'" + profileKey + "'"}, "$OPENAI_ADMIN_KEY_FILE: that is an admin key"},
		{"an unknown command", []string{" " + profileKey}, base, `unknown command " [redacted]"`},
		{"a flag's value", []string{"list", "--status", `"` + profileKey + `"`}, base, `"\"[redacted]\""`},
		{"a duration", []string{"list", "--timeout", profileKey}, base, "[redacted]"},
		{"an id", []string{"get", "x" + " " + profileKey}, base, "[redacted]"},
		{"an id to revoke", []string{"delete", "-y", "invite-" + "x/" + profileKey}, base, "[redacted]"},
		{"a results path", []string{"delete", "-y", "--results", filepath.Join(t.TempDir(), profileKey, "r.csv"), "invite-x"}, base, "[redacted]"},
		{"an argument", []string{"list", "=" + profileKey}, base, "[redacted]"},
		{"the key in use, not key-shaped", []string{"delete", "-y", "gw-secret-0123"}, map[string]string{"OPENAI_BASE_URL": gateway.BaseURL(), "OPENAI_ADMIN_KEY": "gw-secret-0123"}, "[redacted]"},
		{"the key in use, as an id to get", []string{"get", "gw-secret-0123"}, map[string]string{"OPENAI_BASE_URL": gateway.BaseURL(), "OPENAI_ADMIN_KEY": "gw-secret-0123"}, "[redacted]"},
		{"the key in use, as an email to list", []string{"list", "--email", "gw-secret-0123"}, map[string]string{"OPENAI_BASE_URL": gateway.BaseURL(), "OPENAI_ADMIN_KEY": "gw-secret-0123"}, "[redacted]"},
		{"a results file's folder", []string{"delete", "-y", "--results", results + "/" + profileKey, "invite-x"}, base, "[redacted]"},
	} {
		got := runCLI(t, invocation{args: tt.args, env: tt.env})
		if got.code == exitOK || !strings.Contains(got.stderr, tt.stderr) {
			t.Errorf("%s: exit %d; stderr %q, want %q", tt.name, got.code, got.stderr, tt.stderr)
		}
		for _, secret := range []string{profileKey, profileKey[len("sk-admin-"):], "gw-secret-0123"} {
			if strings.Contains(got.stderr, secret) {
				t.Errorf("%s: stderr shows the key: %q", tt.name, got.stderr)
			}
		}
	}
}

// TestRedactKeys checks the shapes that count as a key, and that the fake's
// well-known test key, which the mock server prints on purpose, does not.
func TestRedactKeys(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"open " + profileKey + ": no such file":       "open [redacted]: no such file",
		`"` + profileKey + `"`:                        `"[redacted]"`,
		"KEY=" + profileKey:                           "KEY=[redacted]",
		"x sk-proj-" + strings.Repeat("a", 20):        "x [redacted]",
		"ask-marketing-department-of-acme@x":          "ask-marketing-department-of-acme@x",
		"sk-short":                                    "sk-short",
		"export OPENAI_ADMIN_KEY=" + apitest.AdminKey: "export OPENAI_ADMIN_KEY=" + apitest.AdminKey,
		apitest.AdminKey + "0":                        "[redacted]",
	} {
		if got := redactKeys(in, ""); got != want {
			t.Errorf("redactKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKeyFromStdinCtrlC waits for the key on stdin, which never comes:
// Ctrl-C ends the wait at once, with exit 130.
func TestKeyFromStdinCtrlC(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	r, w := io.Pipe()
	defer w.Close()
	runCtrlC(t, invocation{args: []string{"list", "--admin-key-file", "-"}, env: map[string]string{"OPENAI_BASE_URL": srv.BaseURL()}, stdinReader: r}, 50*time.Millisecond, "the wait for the key")
}

// TestDeleteNothingWritesResults runs delete with no ids: like import and
// prune with nothing to do, it writes its results, header only, in place of
// yesterday's file, and sends nothing.
func TestDeleteNothingWritesResults(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	dir := t.TempDir()
	for _, tt := range []struct{ file, want string }{
		{"revoked.csv", "id,result,reason,email\n"},
		{"revoked.json", "[]\n"},
		{"revoked.jsonl", ""},
	} {
		path := filepath.Join(dir, tt.file)
		if err := os.WriteFile(path, []byte("yesterday\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		got := runCLI(t, invocation{args: []string{"delete", "-", "-y", "--ignore-missing", "--results", path}, env: serverEnv(srv)})
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.code != exitOK || string(data) != tt.want || got.stderr != "invites: no invite ids or emails: nothing to revoke\n" {
			t.Errorf("%s: exit %d, file %q, want %q; stderr %q", tt.file, got.code, data, tt.want, got.stderr)
		}
	}
	stdout := runCLI(t, invocation{args: []string{"delete", "-", "-y", "-o", "csv"}, env: serverEnv(srv)})
	if stdout.code != exitOK || stdout.stdout != "id,result,reason,email\n" {
		t.Errorf("-o csv: exit %d, stdout %q", stdout.code, stdout.stdout)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestResultsFileEscapesServerText prunes an invite whose email, from the
// service, carries escape sequences and control characters: the results
// file shows them escaped, as the terminal does, so that reading it with cat
// runs nothing on the terminal.
func TestResultsFileEscapesServerText(t *testing.T) {
	t.Parallel()
	_, baseURL := wrappedServer(t, serveAnswer(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/organization/invites") {
			return false
		}
		writeAnswer(w, http.StatusOK, `{"object":"list","data":[`+hostileInvite("invite-evil", `a\u001b]0;pwned\u0007\u009b31m\u202eb@example.com`)+`],"first_id":"invite-evil","last_id":"invite-evil","has_more":false}`)
		return true
	}))
	path := filepath.Join(t.TempDir(), "pruned.csv")
	got := runCLI(t, invocation{args: []string{"prune", "--status", "pending", "-y", "--results", path}, env: envFor(baseURL)})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("exit %d: %v: %s", got.code, err, got.stderr)
	}
	if strings.ContainsFunc(string(data), func(r rune) bool { return r != '\n' && !unicode.IsPrint(r) }) {
		t.Errorf("raw control characters in the results file: %q", data)
	}
	if !strings.Contains(string(data), `invite-evil,a\x1b]0;pwned\a\u009b31m\u202eb@example.com,reader,pending,`) {
		t.Errorf("results file:\n%s", data)
	}
}
