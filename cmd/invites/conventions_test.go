package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestListStatusWalksPages lists invites of one status among many: list
// walks as many pages as it needs for -n of them, and no more.
func TestListStatusWalksPages(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	for i := range 250 {
		inv := srv.AddInvite(api.Invite{Email: fmt.Sprintf("user%d@example.com", i), Role: api.RoleReader})
		if i%10 != 0 {
			continue
		}
		// One invite in ten, spread over every page, is expired.
		if err := srv.SetStatus(inv.ID, api.InviteStatusExpired); err != nil {
			t.Fatal(err)
		}
	}
	got := runCLI(t, invocation{args: []string{"list", "--status", "expired", "-n", "15", "-o", "ids"}, env: serverEnv(srv)})
	ids := strings.Fields(got.stdout)
	gets := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet {
			gets++
		}
	}
	type summary struct {
		Code, IDs, Pages int
		More             bool
	}
	difftest.Check(t, "list --status expired -n 15", summary{got.code, len(ids), gets, strings.Contains(got.stderr, "more invites follow: add --after "+ids[len(ids)-1])},
		summary{exitOK, 15, 2, true})
	for _, inv := range srv.Invites() {
		if slices.Contains(ids, inv.ID) && inv.Status != api.InviteStatusExpired {
			t.Errorf("%s is %s", inv.ID, inv.Status)
		}
	}
	all := runCLI(t, invocation{args: []string{"list", "--status", "expired", "--all", "-o", "ids"}, env: serverEnv(srv)})
	if n := len(strings.Fields(all.stdout)); n != 25 || strings.Contains(all.stderr, "more invites follow") {
		t.Errorf("--all --status expired: %d ids, stderr %q", n, all.stderr)
	}
}

// TestMachineFormatsAgree prints the same invites as json, jsonl and csv:
// the field names are the same, and every time is RFC 3339 in UTC.
func TestMachineFormatsAgree(t *testing.T) {
	t.Parallel()
	formats := map[string][]map[string]string{}
	for _, format := range []string{"json", "jsonl", "csv"} {
		got := runCLI(t, invocation{args: []string{"--mock", "list", "-n", "30", "--output", format}})
		if got.code != exitOK {
			t.Fatalf("-o %s: exit %d: %s", format, got.code, got.stderr)
		}
		formats[format] = parseRecords(t, format, got.stdout)
	}
	difftest.Check(t, "jsonl and json", formats["jsonl"], formats["json"])
	difftest.Check(t, "csv and json", formats["csv"], formats["json"])
	rfc3339UTC := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	for _, rec := range formats["csv"] {
		for _, key := range []string{"created_at", "expires_at", "accepted_at"} {
			if v := rec[key]; v != "" && !rfc3339UTC.MatchString(v) {
				t.Errorf("%s %q is not RFC 3339 in UTC", key, v)
			}
		}
	}
	if len(formats["csv"]) != 25 || formats["csv"][0]["created_at"] == "" {
		t.Errorf("csv: %v", formats["csv"])
	}
}

// parseRecords reads json, jsonl or csv output as a list of records whose
// values are text, with projects written as csv writes them.
func parseRecords(t *testing.T, format, out string) []map[string]string {
	t.Helper()
	var objects []map[string]any
	switch format {
	case "csv":
		return readResults(t, out)
	case "json":
		if err := json.Unmarshal([]byte(out), &objects); err != nil {
			t.Fatal(err)
		}
	default:
		for line := range strings.Lines(out) {
			var obj map[string]any
			if err := json.Unmarshal([]byte(line), &obj); err != nil {
				t.Fatal(err)
			}
			objects = append(objects, obj)
		}
	}
	var rows []map[string]string
	for _, obj := range objects {
		row := map[string]string{}
		for k, v := range obj {
			switch v := v.(type) {
			case nil:
				row[k] = ""
			case string:
				row[k] = v
			case []any:
				var parts []string
				for _, p := range v {
					p := p.(map[string]any)
					parts = append(parts, fmt.Sprint(p["id"], ":", p["role"]))
				}
				row[k] = strings.Join(parts, ";")
			default:
				row[k] = fmt.Sprint(v)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// TestDebugLogsEveryAttempt runs a list whose first attempt fails with 503:
// --debug logs both attempts on stderr, with the wait before the retry, and
// never the key; the failure message of a failed run names the request id.
func TestDebugLogsEveryAttempt(t *testing.T) {
	t.Parallel()
	fault, err := apitest.ParseFault("GET /organization/invites 503 x1 retry-after-ms=1")
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, apitest.WithFaults(fault))
	got := runCLI(t, invocation{args: []string{"--debug", "list", "-o", "ids"}, env: serverEnv(srv)})
	if got.code != exitOK {
		t.Fatalf("exit %d: %s", got.code, got.stderr)
	}
	var lines []string
	for line := range strings.Lines(got.stderr) {
		lines = append(lines, strings.TrimSpace(line))
	}
	difftest.Check(t, "debug lines", lines, []string{
		`time=2026-03-01T12:00:00Z level=DEBUG msg="invites: request" method=GET path=/organization/invites attempt=1 status=503 request_id=req_1 error="invites: 503 Service Unavailable: Simulated 503 Service Unavailable (an injected fault). (type=server_error request_id=req_1 retry_after=1ms)" retry_in=1ms`,
		`time=2026-03-01T12:00:00Z level=DEBUG msg="invites: request" method=GET path=/organization/invites attempt=2 status=200 request_id=req_2`,
	})
	if strings.Contains(got.stderr, apitest.AdminKey) {
		t.Error("the key is in the debug log")
	}

	failing, err := apitest.ParseFault("GET * 500")
	if err != nil {
		t.Fatal(err)
	}
	broken := newTestServer(t, apitest.WithFaults(failing))
	for _, args := range [][]string{{"list"}, {"get", "invite-x"}, {"delete", "invite-x", "-y"}, {"prune", "--status", "expired", "-y"}} {
		got := runCLI(t, invocation{args: append([]string{"--max-retries", "0"}, args...), env: serverEnv(broken)})
		if got.code != exitFailure || !regexp.MustCompile(`request_id=req_[0-9a-f]+`).MatchString(got.stderr) {
			t.Errorf("invites %s: exit %d, stderr without a request id: %q", strings.Join(args, " "), got.code, got.stderr)
		}
	}
}

// TestComplete asks for completions as the shells' scripts do.
func TestComplete(t *testing.T) {
	t.Parallel()
	c := &cli{env: &env{}, global: newGlobalFlags(), commands: allCommands}
	tests := []struct {
		words []string
		want  []string
	}{
		{[]string{""}, []string{"demo", "list", "get", "create", "delete", "import", "prune", "auth", "mock-server", "completion", "help", "version"}},
		{[]string{"de"}, []string{"demo", "delete"}},
		{[]string{"--mock", "li"}, []string{"list"}},
		{[]string{"--timeout", "30s", "pr"}, []string{"prune"}},
		{[]string{"list", "--st"}, []string{"--status"}},
		{[]string{"list", "--status", ""}, []string{"accepted", "expired", "pending"}},
		{[]string{"prune", "--status", ""}, []string{"expired", "pending"}},
		{[]string{"create", "--role", "o"}, []string{"owner"}},
		{[]string{"get", "-o", ""}, []string{"table", "json", "jsonl", "csv", "ids"}},
		{[]string{"--output", "j"}, []string{"json", "jsonl"}},
		{[]string{"delete", "--"}, []string{"--admin-key", "--admin-key-file", "--base-url", "--concurrency", "--debug", "--dry-run", "--help", "--ignore-missing", "--insecure-http", "--max-rate-wait", "--max-retries", "--mock", "--org", "--output", "--profile", "--rate", "--results", "--template", "--timeout", "--utc", "--yes"}},
		{[]string{"list", "-"}, []string{"--admin-key", "--admin-key-file", "--after", "--all", "--base-url", "--debug", "--email", "--help", "--insecure-http", "--limit", "--max-retries", "--mock", "--org", "--output", "--profile", "--status", "--template", "--timeout", "--utc", "-h", "-n", "-o"}},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish"}},
		{[]string{"help", "im"}, []string{"import"}},
		{[]string{"import", ""}, nil},
		{[]string{"create", "--email", ""}, nil},
		{[]string{"nope", ""}, nil},
	}
	for _, tt := range tests {
		difftest.Check(t, "complete "+strings.Join(tt.words, " "), c.complete(tt.words), tt.want)
	}
}

// TestSuggest checks the suggestions for typos of commands and flags.
func TestSuggest(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ args, want string }{
		{"lst", `unknown command "lst": did you mean "list"?`},
		{"lsit", `unknown command "lsit": did you mean "list"?`},
		{"improt x.csv", `unknown command "improt": did you mean "import"?`},
		{"help delet", `unknown command "delet": did you mean "delete"?`},
		{"frobnicate", `unknown command "frobnicate" (the commands are demo, list, get, create, delete, import, prune, auth, mock-server, completion, help, version;`},
		{"list --stauts pending", "unknown flag --stauts (did you mean --status?)"},
		{"delete x --ignore-mising", "unknown flag --ignore-mising (did you mean --ignore-missing?)"},
	} {
		got := runCLI(t, invocation{args: strings.Fields(tt.args)})
		if got.code != exitUsage || !strings.Contains(got.stderr, tt.want) {
			t.Errorf("invites %s: exit %d, stderr %q, want %q", tt.args, got.code, got.stderr, tt.want)
		}
	}
}

// TestShortFlags checks that each one-letter flag sets the same value as its
// long form, and that -h is help everywhere.
func TestShortFlags(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(5))
	run := func(args ...string) outcome { return runCLI(t, invocation{args: args, env: serverEnv(srv)}) }
	difftest.Check(t, "-n 2 -o ids", run("list", "-n", "2", "-o", "ids"), run("list", "--limit", "2", "--output", "ids"))
	difftest.Check(t, "-o=jsonl -n=3", run("-o=jsonl", "list", "-n=3"), run("list", "--limit=3", "--output=jsonl"))
	inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
	if got := run("delete", inv.ID, "-y"); got.code != exitOK || !strings.Contains(got.stdout, "revoked") {
		t.Errorf("delete -y: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	for _, cmd := range allCommands {
		if cmd.hidden {
			continue
		}
		short, long := run(cmd.name, "-h"), run(cmd.name, "--help")
		difftest.Check(t, cmd.name+" -h", short, long)
		if !strings.Contains(short.stdout, "-h, --help") {
			t.Errorf("%s --help does not list -h", cmd.name)
		}
	}
	difftest.Check(t, "-h", run("-h"), run("--help"))
}

// TestAgesSelectTheSameInvites checks that an age in weeks and the same
// age as a Go duration select the same invites.
func TestAgesSelectTheSameInvites(t *testing.T) {
	t.Parallel()
	a := runCLI(t, invocation{args: []string{"--mock", "prune", "--status", "pending", "--older-than", "2w", "--dry-run", "-o", "ids"}})
	b := runCLI(t, invocation{args: []string{"--mock", "prune", "--status", "pending", "--older-than", "336h", "--dry-run", "-o", "ids"}})
	difftest.Check(t, "2w and 336h", a.stdout, b.stdout)
}

// TestInsecureHTTP checks that --insecure-http lets a plaintext base URL
// to another host through, as the SDK's option does.
func TestInsecureHTTP(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OPENAI_ADMIN_KEY": apitest.AdminKey, "OPENAI_BASE_URL": "http://gateway.invalid/v1"}
	without := runCLI(t, invocation{args: []string{"--max-retries", "0", "list"}, env: env})
	with := runCLI(t, invocation{args: []string{"--max-retries", "0", "list", "--insecure-http"}, env: env})
	type result struct {
		Code      int
		Plaintext bool
	}
	difftest.Check(t, "without and with --insecure-http",
		[]result{{without.code, strings.Contains(without.stderr, "plaintext")}, {with.code, strings.Contains(with.stderr, "plaintext")}},
		[]result{{exitUsage, true}, {exitFailure, false}})
	if !strings.Contains(with.stderr, "could not reach the API at http://gateway.invalid/v1") {
		t.Errorf("stderr: %s", with.stderr)
	}
}

// TestNoRepeatedPrefix checks that no line on stderr, in any golden file,
// repeats the "invites: " prefix, as a wrapped SDK error would.
func TestNoRepeatedPrefix(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.golden")
	if err != nil || len(files) == 0 {
		t.Fatal(err)
	}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, stderr, _ := strings.Cut(string(text), "-- stderr --\n")
		for line := range strings.Lines(stderr) {
			if strings.Contains(line, "invites: invites:") || strings.Contains(line, ": invites: ") {
				t.Errorf("%s: %q", file, line)
			}
		}
	}
}
