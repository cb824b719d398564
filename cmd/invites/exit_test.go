package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

func TestExitCodes(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(3))
	good := serverEnv(srv)
	wrongKey := map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY": "sk-admin-wrong"}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	unreachable := map[string]string{"OPENAI_BASE_URL": closed.URL + "/v1", "OPENAI_ADMIN_KEY": apitest.AdminKey}
	csvFile := writeFile(t, "team.csv", "email,role\nada@example.com,reader\n")
	badCSV := writeFile(t, "bad.csv", "email,role\nada,reader\n")

	tests := []struct {
		args   []string
		env    map[string]string
		want   int
		stderr string // a part of the one line on stderr
	}{
		{nil, nil, exitUsage, "Usage:"},
		{[]string{"--help"}, nil, exitOK, ""},
		{[]string{"help", "import"}, nil, exitOK, ""},
		{[]string{"help", "nope"}, nil, exitUsage, `unknown command "nope"`},
		{[]string{"--version"}, nil, exitOK, ""},
		{[]string{"version"}, nil, exitOK, ""},
		{[]string{"nope"}, nil, exitUsage, `unknown command "nope"`},
		{[]string{"--nope", "list"}, nil, exitUsage, "unknown flag --nope"},
		{[]string{"list", "--limit", "many"}, nil, exitUsage, "invalid value"},
		{[]string{"list"}, nil, exitUsage, "no admin key: set one with 'export OPENAI_ADMIN_KEY=sk-admin-...'"},
		{[]string{"list"}, good, exitOK, ""},
		{[]string{"list", "-o", "json", "--", "x"}, good, exitUsage, "list takes no arguments"},
		{[]string{"list", "--json"}, good, exitUsage, "unknown flag --json"},
		{[]string{"list", "-o", "yaml"}, good, exitUsage, `invalid value "yaml" for flag -o: must be table, json, jsonl, csv or ids`},
		{[]string{"list", "--limit", "0"}, good, exitUsage, "--limit must be between 1 and 100"},
		{[]string{"list", "--status", "gone"}, good, exitUsage, `invalid value "gone" for flag --status: must be accepted, expired or pending`},
		{[]string{"list"}, wrongKey, exitFailure, "401 Unauthorized"},
		{[]string{"list"}, unreachable, exitFailure, "could not reach the API at " + closed.URL + "/v1"},
		{[]string{"--base-url", "http://api.example.com/v1", "list"}, good, exitUsage, "plaintext http"},
		{[]string{"--mock", "--base-url", srv.BaseURL(), "list"}, nil, exitUsage, "cannot be used together"},
		{[]string{"--timeout", "0s", "list"}, good, exitUsage, "--timeout must be positive"},
		{[]string{"--max-retries", "-1", "list"}, good, exitUsage, "--max-retries must be 0 or more"},
		{[]string{"list", "--mock"}, nil, exitOK, ""},
		{[]string{"get"}, good, exitUsage, "get needs an invite id"},
		{[]string{"get", "a", "b"}, good, exitUsage, "get takes one invite id"},
		{[]string{"get", ""}, good, exitUsage, "invalid invite_id: must not be empty"},
		{[]string{"delete", "", "--yes"}, good, exitUsage, "invalid invite_id: must not be empty"},
		{[]string{"get", "invite-missing"}, good, exitFailure, "404 Not Found"},
		{[]string{"create", "--email", "ada@example.com"}, good, exitUsage, "create needs --role"},
		{[]string{"create", "--role", "reader"}, good, exitUsage, "create needs --email"},
		{[]string{"create", "--email", "ada@example.com", "--role", "admin"}, nil, exitUsage, `invalid role: must be "owner" or "reader"`},
		{[]string{"create", "--email", "ada@example.com", "--role", "ownr"}, nil, exitUsage, `invalid role: must be "owner" or "reader", got "ownr" (did you mean --role owner?)`},
		{[]string{"create", "--email", "ada", "--role", "admin", "--project", "p1:boss"}, nil, exitUsage, `invalid email: must be an email address such as name@example.com, got "ada"; invalid role: must be "owner" or "reader", got "admin"; invalid projects[0].role`},
		{[]string{"create", "--email", "ada@example.com", "--role", "reader", "--project", "p1"}, nil, exitUsage, `project "p1" has no role`},
		{[]string{"create", "--email", "ada@example.com", "--role", "reader", "--project", "p1:admin"}, nil, exitUsage, "invalid projects[0].role"},
		{[]string{"create", "--email", "ada@example.com", "--role", "reader", "--project", "p1:"}, nil, exitUsage, `invalid projects[0].role: must be "member" or "owner", got ""`},
		{[]string{"create", "--email", "ada@example.com", "--role", "reader", "--project", ":member"}, nil, exitUsage, "invalid projects[0].id: must not be empty"},
		{[]string{"create", "--email", "ada@example.com", "--role", "reader", "--project", "p1:member", "--no-projects"}, nil, exitUsage, "cannot be used together"},
		{[]string{"create", "--email", "dup@example.com", "--role", "reader"}, good, exitOK, ""},
		{[]string{"create", "--email", "dup@example.com", "--role", "reader"}, good, exitFailure, "409 Conflict"},
		{[]string{"delete", "invite-x"}, good, exitUsage, "stdin is not a terminal; add --yes"},
		{[]string{"delete", "invite-missing", "--yes"}, good, exitFailure, "invite-missing: no such invite: already revoked, or never there (request_id=req_"},
		{[]string{"delete", "invite-missing", "--yes", "--ignore-missing"}, good, exitOK, "invite-missing: no such invite: already revoked, or never there (request_id=req_7); ignored (--ignore-missing)"},
		{[]string{"import"}, good, exitUsage, "import needs one CSV file"},
		{[]string{"import", "missing.csv"}, good, exitFailure, "missing.csv"},
		{[]string{"import", badCSV}, good, exitFailure, "1 bad row; nothing was sent"},
		{[]string{"import", csvFile, "--concurrency", "0"}, good, exitUsage, "--concurrency must be between 1 and 32"},
		{[]string{"import", csvFile, "--output", "xml"}, good, exitUsage, "for flag --output: must be table"},
		{[]string{"import", csvFile, "--results", csvFile}, good, exitUsage, "would overwrite the file being imported"},
		{[]string{"import", csvFile, "--dry-run"}, good, exitOK, ""},
		{[]string{"import", csvFile, "--results", filepath.Join(t.TempDir(), "no", "such", "dir.csv")}, good, exitFailure, "cannot write the results"},
		{[]string{"import", csvFile, "--dry-run"}, nil, exitUsage, "no admin key"},
		{[]string{"prune"}, good, exitUsage, "prune needs --status"},
		{[]string{"prune", "--status", "accepted"}, good, exitUsage, `invalid value "accepted" for flag --status: must be expired or pending`},
		{[]string{"prune", "--status", "expired"}, good, exitUsage, "stdin is not a terminal; add --yes"},
		{[]string{"prune", "--status", "expired", "--older-than", "-1h", "--yes"}, good, exitUsage, `invalid value "-1h" for flag --older-than: must not be negative`},
		{[]string{"prune", "--status", "expired", "--older-than", "30days", "--yes"}, good, exitUsage, "not an age: write days (30d), weeks (2w) or a duration (36h)"},
		// An age too long for a time.Duration once wrapped around to one that
		// every invite has: prune then revoked them all.
		{[]string{"prune", "--status", "pending", "--older-than", "213504d", "--yes"}, good, exitUsage, `invalid value "213504d" for flag --older-than: too long: at most 106751d`},
		{[]string{"prune", "--status", "expired", "--dry-run"}, good, exitOK, ""},
		{[]string{"mock-server", "extra"}, nil, exitUsage, "mock-server takes no arguments"},
		{[]string{"mock-server", "--samples", "-1"}, nil, exitUsage, "--samples must be 0 or more"},
		{[]string{"mock-server", "--fault", "GET /organization/invites 99"}, nil, exitUsage, `--fault "GET /organization/invites 99"`},
		{[]string{"mock-server", "--fault", "drop=sideways"}, nil, exitUsage, `--fault "drop=sideways"`},
		{[]string{"mock-server", "--addr", "127.0.0.1:99999"}, nil, exitFailure, "cannot listen on 127.0.0.1:99999"},
		{[]string{"demo", "extra"}, nil, exitUsage, "demo takes no arguments"},
	}
	for _, tt := range tests {
		// Serial: some cases build on the state the previous ones left.
		got := runCLI(t, invocation{args: tt.args, env: tt.env})
		if got.code != tt.want {
			t.Errorf("invites %s: exit %d, want %d\nstderr: %s", strings.Join(tt.args, " "), got.code, tt.want, got.stderr)
			continue
		}
		if !strings.Contains(got.stderr, tt.stderr) {
			t.Errorf("invites %s: stderr %q does not contain %q", strings.Join(tt.args, " "), got.stderr, tt.stderr)
		}
		if tt.want == exitOK || tt.stderr == "Usage:" {
			continue
		}
		// An error is one line, and never shows the key.
		if lines := strings.Split(strings.TrimSpace(got.stderr), "\n"); len(lines) != 1 && !strings.Contains(got.stderr, "--mock: ") && !strings.Contains(got.stderr, "bad row") {
			t.Errorf("invites %s: %d lines on stderr:\n%s", strings.Join(tt.args, " "), len(lines), got.stderr)
		}
		if strings.Contains(got.stderr, apitest.AdminKey) || strings.Contains(got.stderr, "sk-admin-wrong") {
			t.Errorf("invites %s: stderr shows the key: %s", strings.Join(tt.args, " "), got.stderr)
		}
	}
}

// TestFlagRulesComeFromTheSDK checks that list's flags are checked by the
// SDK's validator, with its words, before a key is asked for.
func TestFlagRulesComeFromTheSDK(t *testing.T) {
	t.Parallel()
	var got, want []string
	for _, limit := range []int{0, 101} {
		var ve *api.ValidationError
		if !errors.As(api.ValidateListParams(&api.ListInvitesParams{Limit: &limit}), &ve) {
			t.Fatalf("the SDK accepts limit %d", limit)
		}
		want = append(want, fmt.Sprintf("exit %d: invites: --%s %s\n", exitUsage, ve.Field, ve.Rule))
		out := runCLI(t, invocation{args: []string{"list", "--limit", fmt.Sprint(limit)}})
		got = append(got, fmt.Sprintf("exit %d: %s", out.code, out.stderr))
	}
	difftest.Check(t, "list --limit 0 and 101", got, want)
}

// TestCtrlCAtConfirmation interrupts a delete while it waits for its
// confirmation: the command ends at once with exit 130, and nothing is
// revoked.
func TestCtrlCAtConfirmation(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
	stdin, typing := io.Pipe()
	defer typing.Close()
	ctx, cancel := context.WithCancel(t.Context())
	var got outcome
	done := make(chan struct{})
	go func() {
		defer close(done)
		got = runCLI(t, invocation{ctx: ctx, args: []string{"delete", inv.ID}, env: serverEnv(srv), stdinReader: stdin, stdinTerminal: true})
	}()
	// An empty write returns once the command reads its answer: then press
	// Ctrl-C.
	if _, err := typing.Write(nil); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	type result struct {
		code    int
		pending int
	}
	difftest.Check(t, "exit and pending invites", result{got.code, len(pendingIDs(srv.Invites()))}, result{exitInterrupted, 1})
	if !strings.HasSuffix(got.stderr, "[y/N] \ninvites: interrupted\n") {
		t.Errorf("stderr:\n%s", got.stderr)
	}
}
