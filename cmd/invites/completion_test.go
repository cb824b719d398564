package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestBashCompletion loads the bash script into a real bash, with the built
// command on PATH, and completes as bash does when Tab is pressed: it sets
// COMP_WORDS and COMP_CWORD and calls the completion function.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := filepath.Dir(buildCommand(t))
	script := `source <(invites completion bash)
complete -p invites
tab() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _invites; echo "$* => ${COMPREPLY[*]}"; }
tab invites li
tab invites lst
tab invites list --st
tab invites list --status ''
tab invites prune --status e
tab invites create --role ''
tab invites --mock get -o j
tab invites delete --ig
tab invites completion ''
tab invites import ''
tab invites list --status = ''
tab invites list --status = p
tab invites --mock get invite-9
tab invites get ''
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
	cmd.Env = append(childEnv(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	difftest.Check(t, "bash completions", strings.Split(strings.TrimRight(string(out), "\n"), "\n"), []string{
		"complete -o default -F _invites invites",
		"invites li => list",
		"invites lst => ",
		"invites list --st => --status",
		"invites list --status  => accepted expired pending",
		"invites prune --status e => expired",
		"invites create --role  => owner reader",
		"invites --mock get -o j => json jsonl",
		"invites delete --ig => --ignore-missing",
		"invites completion  => bash zsh fish",
		"invites import  => ",
		"invites list --status =  => accepted expired pending",
		"invites list --status = p => pending",
		"invites --mock get invite-9 => invite-9d56k73dtkn9mpa4efmjjv1f invite-9eti2de8yhsljk4uo0bnle7x invite-9o8kabdsxqqvg3axt8hrsytr",
		"invites get  => ",
	})
}

// TestCompleteIDs completes get's and delete's arguments from a quick list
// of the fake's invites: every id for get, the pending ones for delete, and
// the prefix typed so far narrows them. With no key, a key that comes from a
// command, or a list that does not answer in time, it offers nothing and
// says nothing.
func TestCompleteIDs(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	pending := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
	accepted := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleReader})
	if err := srv.SetStatus(accepted.ID, api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}
	complete := func(inv invocation) []string {
		t.Helper()
		got := runCLI(t, inv)
		if got.code != exitOK || got.stderr != "" {
			t.Errorf("%q: exit %d, stderr %q", inv.args, got.code, got.stderr)
		}
		return strings.Fields(got.stdout)
	}
	args := func(words ...string) []string { return append([]string{"__complete", "--"}, words...) }
	difftest.Check(t, "get", complete(invocation{args: args("get", ""), env: serverEnv(srv)}), []string{accepted.ID, pending.ID})
	difftest.Check(t, "delete", complete(invocation{args: args("delete", pending.ID, ""), env: serverEnv(srv)}), []string{pending.ID})
	difftest.Check(t, "a prefix", complete(invocation{args: args("get", pending.ID[:len(pending.ID)-1]), env: serverEnv(srv)}), []string{pending.ID})
	// The global flags typed before the command choose the server.
	flagged := complete(invocation{args: args("--base-url", srv.BaseURL(), "get", ""), env: map[string]string{"OPENAI_ADMIN_KEY": apitest.AdminKey}})
	difftest.Check(t, "--base-url", flagged, []string{accepted.ID, pending.ID})
	difftest.Check(t, "--base-url=", complete(invocation{args: args("--base-url="+srv.BaseURL(), "get", ""), env: map[string]string{"OPENAI_ADMIN_KEY": apitest.AdminKey}}), flagged)

	difftest.Check(t, "no key", complete(invocation{args: args("get", ""), env: map[string]string{"OPENAI_BASE_URL": srv.BaseURL()}}), []string{})
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	config := writeConfig(t, dir, fmt.Sprintf(`{"profiles": {"cmd": {"base_url": %q, "admin_key_command": ["sh", "-c", "touch %s; echo %s"]}}}`, srv.BaseURL(), marker, apitest.AdminKey), 0o600)
	difftest.Check(t, "a key command", complete(invocation{args: args("get", ""), env: map[string]string{envConfig: config, "INVITES_PROFILE": "cmd"}}), []string{})
	if _, err := os.Stat(marker); err == nil {
		t.Error("completion ran the profile's key command")
	}

	// A server that never answers: the list ends at its time limit.
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hung.Close()
	difftest.Check(t, "a server that never answers", complete(invocation{args: args("get", ""), env: envFor(hung.URL + "/v1"), listTimeout: 50 * time.Millisecond}), []string{})
}

// TestCompleteFlagValues completes a flag's value typed as "--flag=value"
// (one word, as zsh and fish pass it) and as bash splits it ("--flag", "="
// and the value): the values of its set, whole words in the first case.
func TestCompleteFlagValues(t *testing.T) {
	t.Parallel()
	c := &cli{env: &env{}, global: newGlobalFlags(), commands: allCommands}
	for _, tt := range []struct {
		words []string
		want  []string
	}{
		{[]string{"list", "--status=p"}, []string{"--status=pending"}},
		{[]string{"list", "--status="}, []string{"--status=accepted", "--status=expired", "--status=pending"}},
		{[]string{"list", "--status", "=", ""}, []string{"accepted", "expired", "pending"}},
		{[]string{"list", "--status", "=", "ex"}, []string{"expired"}},
		{[]string{"-o", "=", "json", "list", "--st"}, []string{"--status"}},
		{[]string{"create", "--role", "=", "o"}, []string{"owner"}},
		{[]string{"--output=j"}, []string{"--output=json", "--output=jsonl"}},
		{[]string{"create", "--email="}, nil},
	} {
		difftest.Check(t, strings.Join(tt.words, " "), c.complete(tt.words), tt.want)
	}
}
