package main

import (
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestTemplateOutput prints invites, one invite and a bulk command's report
// through -o template= and --template: the template sees the fields of -o
// json, under their JSON names.
func TestTemplateOutput(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	ada := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleOwner, Projects: []api.Project{{ID: "proj_a", Role: api.ProjectRoleMember}}})
	srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleReader})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "-o", `template={{range .}}{{.email}} {{.role}} {{.accepted_at}}{{"\n"}}{{end}}`}, "grace@example.com reader \nada@example.com owner \n"},
		{[]string{"get", ada.ID, "--template", `{{.id}} {{json .projects}} {{.created_at}}`}, ada.ID + ` [{"id":"proj_a","role":"member"}] 2026-03-01T12:00:00Z`},
		{[]string{"get", "ADA@example.com", "--template", `{{.id}}`}, ada.ID},
		{[]string{"delete", ada.ID, "--dry-run", "--template", `{{range .}}{{.id}} {{.result}}{{end}}`}, ada.ID + " would_revoke"},
		{[]string{"prune", "--status", "pending", "--dry-run", "--template", `{{.command}} {{.summary.would_revoke}}{{range .rows}} {{.email}}{{end}}`}, "prune 2 grace@example.com ada@example.com"},
	} {
		got := runCLI(t, invocation{args: tt.args, env: serverEnv(srv)})
		if got.code != exitOK || got.stdout != tt.want {
			t.Errorf("%v: exit %d, stdout %q, want %q\n%s", tt.args, got.code, got.stdout, tt.want, got.stderr)
		}
	}
}

// TestTemplateErrorsNameTheFlag gives templates that do not parse, that
// name a field the data lacks, and a template beside another -o: each error
// names the flag; a bad template is a usage error and sends nothing.
func TestTemplateErrorsNameTheFlag(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"list", "-o", "template={{range .}"}, exitUsage, `invalid value "template={{range .}" for flag -o: the template does not parse`},
		{[]string{"list", "--template", "{{.x"}, exitUsage, `for flag --template: the template does not parse`},
		{[]string{"list", "-o", "template="}, exitUsage, "the template is empty"},
		{[]string{"list", "--template", "{{.id}}", "-o", "json"}, exitUsage, "--template and -o json cannot be used together"},
		{[]string{"list", "--template", "{{range .}}{{.nope}}{{end}}"}, exitFailure, `-o template (--template): TEXT:1:13: executing "TEXT" at <.nope>: map has no entry for key "nope"`},
	} {
		srv.AddInvite(api.Invite{Email: "u@example.com", Role: api.RoleReader})
		before := len(srv.Requests())
		got := runCLI(t, invocation{args: tt.args, env: serverEnv(srv)})
		if got.code != tt.code || !strings.Contains(got.stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q\n%s", tt.args, got.code, tt.code, tt.want, got.stderr)
		}
		if tt.code == exitUsage && len(srv.Requests()) != before {
			t.Errorf("%v: a request was sent", tt.args)
		}
	}
}

// TestTemplateEscapesServerText lists an invite whose email holds a
// terminal escape: the template shows it escaped, and the template's own
// newline as it is.
func TestTemplateEscapesServerText(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	srv.AddInvite(api.Invite{Email: "evil\x1b[31m@example.com", Role: api.RoleReader})
	got := runCLI(t, invocation{args: []string{"list", "--template", `{{range .}}{{.email}}{{"\n"}}{{end}}`}, env: serverEnv(srv)})
	difftest.Check(t, "stdout", got.stdout, `evil\x1b[31m@example.com`+"\n")
}
