package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// formulaTeam is an import file whose values a spreadsheet would run as
// formulas.
const formulaTeam = "email,role,projects\n" +
	"=1+2@example.com,reader,@sum:member\n" +
	"+tag@example.com,reader,\"=cmd|' /C calc'!A0:member\"\n" +
	"-dash@example.com,owner,\n" +
	"'quote@example.com,reader,'proj:owner\n"

// TestResultsNeutraliseFormulas imports a file whose values start like
// formulas while the service fails every create, checks that the results
// file has them neutralised, and retries it with --only-failed: the service
// then receives exactly the original values.
func TestResultsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	_, down := wrappedServer(t, serveAnswer(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost {
			return false
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}))
	file := writeFile(t, "team.csv", formulaTeam)
	results := filepath.Join(t.TempDir(), "results.csv")
	if got := runCLI(t, invocation{args: []string{"--max-retries", "0", "import", file, "--results", results}, env: envFor(down)}); got.code != exitFailure {
		t.Fatalf("exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cells [][]string
	for _, rec := range records[1:] {
		cells = append(cells, rec[:3])
	}
	difftest.Check(t, "email, role and projects in the results", cells, [][]string{
		{"'=1+2@example.com", "reader", "'@sum:member"},
		{"'+tag@example.com", "reader", "'=cmd|' /C calc'!A0:member"},
		{"'-dash@example.com", "owner", ""},
		{"''quote@example.com", "reader", "''proj:owner"},
	})

	srv := newTestServer(t)
	if got := runCLI(t, invocation{args: []string{"import", results, "--only-failed", "--concurrency", "1"}, env: serverEnv(srv)}); got.code != exitOK {
		t.Fatalf("retry: exit %d\n%s", got.code, got.stderr)
	}
	var sent []api.InviteRequest
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost {
			var req api.InviteRequest
			if err := json.Unmarshal(r.Body, &req); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, req)
		}
	}
	difftest.Check(t, "creates of the retry", sent, []api.InviteRequest{
		{Email: "=1+2@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "@sum", Role: api.ProjectRoleMember}}},
		{Email: "+tag@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "=cmd|' /C calc'!A0", Role: api.ProjectRoleMember}}},
		{Email: "-dash@example.com", Role: api.RoleOwner},
		{Email: "'quote@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "'proj", Role: api.ProjectRoleOwner}}},
	})
}

// TestReasonEscapedInResultsFile checks that the reason column holds the
// service's text escaped in a results file too.
func TestReasonEscapedInResultsFile(t *testing.T) {
	t.Parallel()
	_, baseURL := wrappedServer(t, serveAnswer(hostileText))
	file := writeFile(t, "team.csv", "email,role\nada@example.com,reader\n")
	results := filepath.Join(t.TempDir(), "results.json")
	runCLI(t, invocation{args: []string{"--max-retries", "0", "import", file, "--results", results}, env: envFor(baseURL)})
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Rows []importResult }
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, r := range rep.Rows {
		reasons = append(reasons, r.Reason)
	}
	difftest.Check(t, "reasons", reasons, []string{`400 Bad Request: Bad \x1b[2J\x1b[Hproject\u009b (type=invalid_request_error code=\x1b[5mcode param=projects)`})
}

// dirContents returns the names and contents of the files in dir.
func dirContents(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// TestResultsFileUntouchedWhenNothingSent runs bulk commands that fail
// before sending anything: the --results file keeps what it held, and no
// temporary file is left beside it.
func TestResultsFileUntouchedWhenNothingSent(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(3))
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, looping := wrappedServer(t, serveAnswer(repeatedCursor))
	team := writeFile(t, "team.csv", "email,role\nada@example.com,reader\n")
	envs := map[string]map[string]string{
		"bad key":         {"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY": "sk-admin-wrong"},
		"server down":     envFor(closed.URL + "/v1"),
		"broken paginate": envFor(looping),
	}
	for name, env := range envs {
		for _, args := range [][]string{{"import", team}, {"prune", "--status", "pending", "--yes"}} {
			t.Run(name+"/"+args[0], func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				results := filepath.Join(dir, "results.csv")
				if err := os.WriteFile(results, []byte("earlier results\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				got := runCLI(t, invocation{args: append(args, "--results", results), env: env})
				if got.code != exitFailure {
					t.Errorf("exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
				}
				difftest.Check(t, "the folder", dirContents(t, dir), map[string]string{"results.csv": "earlier results\n"})
			})
		}
	}
}

// TestResultsFileReplacedAtOnce holds a create while the import runs, and
// checks that the --results file still holds its earlier content then, with
// the new results being written beside it, and that it is replaced at the
// end.
func TestResultsFileReplacedAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := filepath.Join(dir, "results.csv")
	if err := os.WriteFile(results, []byte("earlier results\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var during map[string]string
	_, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				during = dirContents(t, dir)
			}
			next.ServeHTTP(w, r)
		})
	})
	team := writeFile(t, "team.csv", "email,role\nada@example.com,reader\n")
	if got := runCLI(t, invocation{args: []string{"import", team, "--results", results}, env: envFor(baseURL)}); got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	type folder struct {
		results   string
		tempFiles int
	}
	summarise := func(files map[string]string) folder {
		f := folder{results: files["results.csv"]}
		for name, content := range files {
			if strings.HasPrefix(name, ".results.csv.") && strings.HasSuffix(name, ".tmp") && content == "" {
				f.tempFiles++
			}
		}
		return f
	}
	difftest.Check(t, "the folder while sending", summarise(during), folder{results: "earlier results\n", tempFiles: 1})
	after := dirContents(t, dir)
	difftest.Check(t, "the folder after", summarise(after), folder{results: after["results.csv"], tempFiles: 0})
	if len(after) != 1 || !strings.Contains(after["results.csv"], "ada@example.com,reader,,2,created,") {
		t.Errorf("the folder after the import:\n%v", after)
	}
}

// TestImportHardStopKeepsFinishedRows stops an import hard while a create is
// in flight: the request is abandoned, and the results hold the rows that
// finished before.
func TestImportHardStopKeepsFinishedRows(t *testing.T) {
	t.Parallel()
	soft, stopSoft := context.WithCancel(t.Context())
	hard, stopHard := context.WithCancel(t.Context())
	defer stopSoft()
	defer stopHard()
	// Two Ctrl-Cs while the third create is in flight, which never ends on
	// its own.
	h, baseURL := wrappedServer(t, holdThirdCreate(func() {
		stopSoft()
		stopHard()
	}))
	team := writeFile(t, "team.csv", teamCSV(5))
	results := filepath.Join(t.TempDir(), "results.csv")
	got := runCLI(t, invocation{ctx: soft, hardStop: hard, args: []string{"import", team, "--concurrency", "1", "--results", results}, env: envFor(baseURL)})
	if got.code != exitInterrupted || !strings.Contains(got.stderr, "interrupted: 2 of 5 rows finished") {
		t.Errorf("exit %d, want %d\n%s", got.code, exitInterrupted, got.stderr)
	}
	created := pendingIDs(h.Invites())
	difftest.Check(t, "results", resultsOf(t, results), []map[string]string{
		{"email": "user0@example.com", "role": "reader", "projects": "proj_0:member", "line": "2", "result": "created", "invite_id": created["user0@example.com"], "reason": "", "attempt": "true"},
		{"email": "user1@example.com", "role": "reader", "projects": "proj_1:member", "line": "3", "result": "created", "invite_id": created["user1@example.com"], "reason": "", "attempt": "true"},
		{"email": "user2@example.com", "role": "reader", "projects": "proj_2:member", "line": "4", "result": "unknown", "invite_id": "", "reason": "the run stopped while the request was in flight: it may or may not have taken effect", "attempt": "true"},
		{"email": "user3@example.com", "role": "reader", "projects": "proj_0:member", "line": "5", "result": "not_sent", "invite_id": "", "reason": "the run stopped before it was sent", "attempt": "false"},
		{"email": "user4@example.com", "role": "reader", "projects": "proj_1:member", "line": "6", "result": "not_sent", "invite_id": "", "reason": "the run stopped before it was sent", "attempt": "false"},
	})
}

// holdThirdCreate passes requests on to the fake, except the third create:
// it calls onHold, and holds the request until its client leaves.
func holdThirdCreate(onHold func()) func(next http.Handler) http.Handler {
	return holdCreate(3, onHold, nil)
}

// holdCreate passes requests on to the fake, except the nth create: it
// calls onHold, and holds the request until release is closed, then passes
// it on, or until its client leaves. A nil release holds it for good.
func holdCreate(n int, onHold func(), release <-chan struct{}) func(next http.Handler) http.Handler {
	var (
		mu    sync.Mutex
		posts int
	)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				mu.Lock()
				posts++
				k := posts
				mu.Unlock()
				if k == n {
					// Read the body, so that the server notices the client
					// leave, and keep it for the fake.
					body, _ := io.ReadAll(r.Body)
					r.Body = io.NopCloser(bytes.NewReader(body))
					onHold()
					select {
					case <-release:
					case <-r.Context().Done():
						return
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestHeaderRoundTrip imports a file with a column whose name a
// spreadsheet would run, while the service fails every create: the results
// file's header cell is neutralised, and importing the results again with
// --only-failed restores it, carries the column through, and neutralises it
// once again, not twice. A column named with a leading quote keeps it, and
// a column's name keeps its letter case.
func TestHeaderRoundTrip(t *testing.T) {
	t.Parallel()
	var fail atomic.Bool
	fail.Store(true)
	_, baseURL := wrappedServer(t, serveAnswer(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || !fail.Load() {
			return false
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}))
	file := writeFile(t, "team.csv", "email,role,=cmd|calc,'=x,Team Name\nada@example.com,reader,@x,'=y,Blue\n")
	dir := t.TempDir()
	results, retry := filepath.Join(dir, "results.csv"), filepath.Join(dir, "retry.csv")
	if got := runCLI(t, invocation{args: []string{"--max-retries", "0", "import", file, "--results", results}, env: envFor(baseURL)}); got.code != exitFailure {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	fail.Store(false)
	if got := runCLI(t, invocation{args: []string{"import", results, "--only-failed", "--results", retry}, env: envFor(baseURL)}); got.code != exitOK {
		t.Fatalf("retry: exit %d\n%s", got.code, got.stderr)
	}
	for _, path := range []string{results, retry} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		header, row, _ := strings.Cut(string(data), "\n")
		if header != "email,role,projects,'=cmd|calc,''=x,Team Name,line,result,invite_id,reason,attempt" || !strings.HasPrefix(row, "ada@example.com,reader,,'@x,''=y,Blue,2,") {
			t.Errorf("%s:\n%s", filepath.Base(path), data)
		}
	}
}
