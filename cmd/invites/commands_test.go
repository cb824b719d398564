package main

import (
	"strings"
	"testing"
)

// Invites among the sample invites of --mock.
const (
	samplePendingID  = "invite-9d56k73dtkn9mpa4efmjjv1f" // grace.1@example.com
	sampleAcceptedID = "invite-c09jmfzb4frbxnniu9o854p1" // edsger.20@example.org
)

func TestGolden(t *testing.T) {
	t.Parallel()
	importFile := writeFile(t, "team.csv", "email,role,projects\n"+
		"ada@example.com,owner,proj_abc:owner\n"+
		"grace@example.com,reader,proj_abc:member;proj_xyz:member\n"+
		"alan@example.com,Reader,\n"+
		"GRACE.1@example.com,reader,\n")
	badFile := writeFile(t, "bad.csv", "\ufeffemail,role,projects\n"+
		"ada@example.com,owner,proj_abc:owner\n"+
		"bob,reader,\n"+
		"carol@example.com,admin,\n"+
		"dave@example.com,reader,proj_a\n"+
		"ADA@example.com,reader,\n"+
		"erin@example.com,reader,proj_a:member;proj_a:owner\n"+
		"frank@example.com,reader\n"+
		",,\n"+
		"\"grace@example.com\",reader,proj_b:boss\n")
	extraFile := writeFile(t, "extra.csv", "name,email,role,ticket\n"+
		"Ada Lovelace,ada@example.com,owner,=HYPERLINK(1)\n"+
		"Grace Hopper,grace.1@example.com,reader,OPS-2\n")
	formulaHeaderFile := writeFile(t, "formula.csv", "email,role,=cmd|calc\nada@example.com,reader,+1\n")
	tests := []struct {
		name string
		inv  invocation
	}{
		{"help", invocation{args: []string{"--help"}}},
		{"version", invocation{args: []string{"--version"}}},
		{"demo", invocation{args: []string{"demo"}}},
		{"list", invocation{args: []string{"--mock", "list"}}},
		{"list_page", invocation{args: []string{"list", "--mock", "--limit", "3", "--after", samplePendingID}}},
		{"list_all_expired_json", invocation{args: []string{"--mock", "list", "--all", "--status", "expired", "-o", "jsonl"}}},
		{"get", invocation{args: []string{"--mock", "get", samplePendingID}}},
		{"get_json", invocation{args: []string{"--mock", "get", "-o", "json", samplePendingID}}},
		{"get_not_found", invocation{args: []string{"--mock", "get", "invite-missing"}}},
		{"create", invocation{args: []string{"--mock", "create", "--email", "ada@example.com", "--role", "owner", "--project", "proj_abc:owner", "--project", "proj_xyz:member"}}},
		{"create_no_projects_json", invocation{args: []string{"--mock", "create", "--email", "ada@example.com", "--role", "reader", "--no-projects", "--output", "json"}}},
		{"create_bad_email", invocation{args: []string{"create", "--email", "ada at example.com", "--role", "reader"}}},
		{"delete", invocation{args: []string{"--mock", "delete", samplePendingID, "--yes"}}},
		{"delete_confirmed", invocation{args: []string{"--mock", "delete", samplePendingID}, stdinTerminal: true, stdin: "y\n"}},
		{"delete_declined", invocation{args: []string{"--mock", "delete", samplePendingID}, stdinTerminal: true, stdin: "n\n"}},
		{"delete_not_terminal", invocation{args: []string{"--mock", "delete", samplePendingID}}},
		{"delete_accepted", invocation{args: []string{"--mock", "delete", sampleAcceptedID, "--yes"}}},
		{"import", invocation{args: []string{"--mock", "import", importFile, "--concurrency", "1"}}},
		{"import_dry_run", invocation{args: []string{"--mock", "import", importFile, "--dry-run"}}},
		{"import_json", invocation{args: []string{"--mock", "import", importFile, "--concurrency", "1", "-o", "json"}}},
		{"import_bad_rows", invocation{args: []string{"--mock", "import", badFile}}},
		{"import_extra_columns", invocation{args: []string{"--mock", "import", extraFile, "--concurrency", "1"}}},
		{"import_extra_columns_jsonl", invocation{args: []string{"--mock", "import", extraFile, "--dry-run", "-o", "jsonl"}}},
		{"prune_dry_run", invocation{args: []string{"--mock", "prune", "--status", "expired", "--older-than", "720h", "--dry-run"}}},
		{"prune", invocation{args: []string{"--mock", "prune", "--status", "expired", "--yes", "--concurrency", "1", "-o", "json"}}},
		{"prune_confirmed", invocation{args: []string{"--mock", "prune", "--status", "pending", "--older-than", "120h"}, stdinTerminal: true, stdin: "yes\n"}},
		{"prune_nothing", invocation{args: []string{"--mock", "prune", "--status", "pending", "--older-than", "10000h", "--yes"}}},
		{"list_status_limit", invocation{args: []string{"--mock", "list", "--status", "pending", "-n", "3"}}},
		{"list_csv", invocation{args: []string{"--mock", "list", "-n", "3", "-o", "csv"}}},
		{"list_json", invocation{args: []string{"--mock", "list", "-n", "2", "-o", "json"}}},
		{"list_ids", invocation{args: []string{"--mock", "list", "--all", "--status", "expired", "-o", "ids"}}},
		{"list_utc", invocation{args: []string{"--mock", "--utc", "list", "-n", "3"}}},
		{"get_csv", invocation{args: []string{"--mock", "get", sampleAcceptedID, "-o", "csv"}}},
		{"get_utc", invocation{args: []string{"--mock", "get", sampleAcceptedID, "--utc"}}},
		{"delete_several", invocation{args: []string{"--mock", "delete", "--concurrency", "1", samplePendingID, "invite-gone", sampleAcceptedID, "-y"}}},
		{"delete_ignore_missing_json", invocation{args: []string{"--mock", "delete", "--concurrency", "1", samplePendingID, "invite-gone", "-y", "--ignore-missing", "-o", "json"}}},
		{"delete_several_ids", invocation{args: []string{"--mock", "delete", "--concurrency", "1", samplePendingID, "invite-gone", "-y", "-o", "ids"}}},
		{"delete_several_confirmed", invocation{args: []string{"--mock", "delete", "--concurrency", "1", samplePendingID, "invite-gone", sampleAcceptedID}, stdinTerminal: true, stdin: "y\n"}},
		{"import_terminal", invocation{args: []string{"--mock", "import", importFile, "--concurrency", "1"}, stdoutTerminal: true}},
		{"import_ids", invocation{args: []string{"--mock", "import", importFile, "--concurrency", "1", "-o", "ids"}}},
		{"prune_terminal_weeks", invocation{args: []string{"--mock", "prune", "--status", "expired", "--older-than", "1w", "-y"}, stdoutTerminal: true}},
		{"prune_days_jsonl", invocation{args: []string{"--mock", "prune", "--status", "expired", "--older-than", "30d", "--dry-run", "-o", "jsonl"}}},
		{"delete_stdin_empty", invocation{args: []string{"--mock", "delete", "-", "-y", "--ignore-missing"}, stdin: ""}},
		{"delete_no_ids_ignore_missing", invocation{args: []string{"--mock", "delete", "-y", "--ignore-missing"}}},
		{"delete_no_ids", invocation{args: []string{"--mock", "delete", "-y"}}},
		{"delete_stdin", invocation{args: []string{"--mock", "delete", "-", "-y", "--concurrency", "1"}, stdin: samplePendingID + "\n  invite-gone\n"}},
		{"list_status_typo", invocation{args: []string{"--mock", "list", "--status", "pendng"}}},
		{"list_attached_short_values", invocation{args: []string{"--mock", "list", "-n2", "-oids"}}},
		{"plaintext_refused", invocation{args: []string{"--base-url", "http://api.example.com/v1", "list"}, env: map[string]string{"OPENAI_ADMIN_KEY": "sk-admin-x"}}},
		{"import_formula_header", invocation{args: []string{"--mock", "import", formulaHeaderFile, "--dry-run", "-o", "csv"}}},
		{"completion_bash", invocation{args: []string{"completion", "bash"}}},
		{"completion_zsh", invocation{args: []string{"completion", "zsh"}}},
		{"completion_fish", invocation{args: []string{"completion", "fish"}}},
		{"completion_unknown_shell", invocation{args: []string{"completion", "tcsh"}}},
		{"unknown_command_suggestion", invocation{args: []string{"lst"}}},
		{"no_key", invocation{args: []string{"list"}}},
		{"unknown_command", invocation{args: []string{"lsit"}}},
		{"unknown_flag", invocation{args: []string{"list", "--colour"}}},
		{"delete_by_email", invocation{args: []string{"--mock", "delete", "-", "-y", "--ignore-missing", "--concurrency", "1"}, stdin: "GRACE.1@example.com\nedsger.20@example.org linus.19@example.org\nnobody@example.com " + samplePendingID + "\n"}},
		{"delete_by_email_confirmed", invocation{args: []string{"--mock", "delete", "grace.1@example.com"}, stdinTerminal: true, stdin: "y\n"}},
		{"delete_neither_id_nor_email", invocation{args: []string{"--mock", "delete", "grace", "-y"}}},
		{"delete_dry_run", invocation{args: []string{"--mock", "delete", samplePendingID, "linus.19@example.org", "invite-gone", "--dry-run"}}},
		{"get_by_email", invocation{args: []string{"--mock", "get", "Grace.1@Example.com"}}},
		{"get_by_email_accepted", invocation{args: []string{"--mock", "get", "edsger.20@example.org"}}},
		{"list_email", invocation{args: []string{"--mock", "list", "--email", "grace.1@example.com,edsger.20@example.org", "--email", "nobody@example.com"}}},
		{"create_dry_run", invocation{args: []string{"--mock", "create", "--email", "ada@example.com", "--role", "owner", "--project", "proj_abc:owner", "--dry-run"}}},
		{"create_dry_run_json", invocation{args: []string{"--mock", "create", "--email", "ada@example.com", "--role", "reader", "--dry-run", "-o", "json"}}},
		{"list_template", invocation{args: []string{"--mock", "list", "-n", "3", "-o", `template={{range .}}{{.id}} {{.email}} {{.status}} {{json .projects}}{{"\n"}}{{end}}`}}},
		{"prune_template", invocation{args: []string{"--mock", "prune", "--status", "expired", "--dry-run", "--template", `{{.summary.would_revoke}} would be revoked:{{range .rows}} {{.email}}{{end}}{{"\n"}}`}}},
	}
	for _, cmd := range allCommands {
		if cmd.hidden {
			continue
		}
		tests = append(tests, struct {
			name string
			inv  invocation
		}{"help_" + strings.ReplaceAll(cmd.name, "-", "_"), invocation{args: []string{cmd.name, "--help"}}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := runCLI(t, tt.inv)
			checkGolden(t, tt.name, tt.inv, got, importFile, "TEAM.csv", badFile, "BAD.csv", extraFile, "EXTRA.csv", formulaHeaderFile, "FORMULA.csv")
		})
	}
}
