package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// teamCSV returns an import file of n readers, user0@example.com and on.
func teamCSV(n int) string {
	var b strings.Builder
	b.WriteString("email,role,projects\n")
	for i := range n {
		fmt.Fprintf(&b, "user%d@example.com,reader,proj_%d:member\n", i, i%3)
	}
	return b.String()
}

// readResults reads a results CSV into maps by column name.
func readResults(t *testing.T, text string) []map[string]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("results are not CSV: %v\n%s", err, text)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// countResults counts the rows by result.
func countResults(rows []map[string]string) map[string]int {
	counts := map[string]int{}
	for _, r := range rows {
		counts[r["result"]]++
	}
	return counts
}

// countPosts counts the create requests a fake received.
func countPosts(srv *apitest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost {
			n++
		}
	}
	return n
}

// wrappedServer serves the fake behind a test's own handler, for latency,
// rate limits and interruptions that the fake does not make itself.
func wrappedServer(t *testing.T, wrap func(next http.Handler) http.Handler) (*apitest.Handler, string) {
	t.Helper()
	h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithClock(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(wrap(h))
	t.Cleanup(srv.Close)
	return h, srv.URL + "/v1"
}

func envFor(baseURL string) map[string]string {
	return map[string]string{"OPENAI_BASE_URL": baseURL, "OPENAI_ADMIN_KEY": apitest.AdminKey}
}

func TestImportSkipsPendingOnRerun(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	file := writeFile(t, "team.csv", teamCSV(10))
	// One user already has a pending invite (in another letter case), one an
	// accepted one: only the pending one is skipped.
	srv.AddInvite(api.Invite{Email: "USER3@example.com", Role: api.RoleReader})
	accepted := srv.AddInvite(api.Invite{Email: "user4@example.com", Role: api.RoleReader})
	if err := srv.SetStatus(accepted.ID, api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}

	first := runCLI(t, invocation{args: []string{"import", file}, env: serverEnv(srv)})
	if first.code != exitOK {
		t.Fatalf("first run: exit %d\n%s", first.code, first.stderr)
	}
	difftest.Check(t, "first run", countResults(readResults(t, first.stdout)), map[string]int{"created": 9, "skipped": 1})
	postsAfterFirst := countPosts(srv)

	second := runCLI(t, invocation{args: []string{"import", file}, env: serverEnv(srv)})
	if second.code != exitOK {
		t.Fatalf("second run: exit %d\n%s", second.code, second.stderr)
	}
	difftest.Check(t, "second run", countResults(readResults(t, second.stdout)), map[string]int{"skipped": 10})
	if n := countPosts(srv) - postsAfterFirst; n != 0 {
		t.Errorf("the second run sent %d creates", n)
	}
	pending := map[string]int{}
	for _, inv := range srv.Invites() {
		if inv.Status == api.InviteStatusPending {
			pending[strings.ToLower(inv.Email)]++
		}
	}
	for email, n := range pending {
		if n != 1 {
			t.Errorf("%s has %d pending invites", email, n)
		}
	}
	if len(pending) != 10 {
		t.Errorf("%d users with a pending invite, want 10", len(pending))
	}
}

func TestImportInterruptedWritesResultsAndResumes(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var posts atomic.Int32
	h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && posts.Add(1) == 3 {
				cancel() // Ctrl-C while the third create is in flight
			}
			next.ServeHTTP(w, r)
		})
	})
	file := writeFile(t, "team.csv", teamCSV(8))
	results := filepath.Join(t.TempDir(), "results.csv")

	got := runCLI(t, invocation{ctx: ctx, args: []string{"import", file, "--concurrency", "1", "--results", results}, env: envFor(baseURL)})
	if got.code != exitInterrupted {
		t.Errorf("interrupted run: exit %d, want %d", got.code, exitInterrupted)
	}
	if !strings.Contains(got.stderr, "interrupted: 3 of 8 rows finished") {
		t.Errorf("stderr:\n%s", got.stderr)
	}
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatalf("no results file after Ctrl-C: %v", err)
	}
	rows := readResults(t, string(data))
	// The create in flight when Ctrl-C came was let finish, and is reported;
	// the rows never sent are there too.
	difftest.Check(t, "results after Ctrl-C", countResults(rows), map[string]int{"created": 3, "not_sent": 5})
	if n := len(h.Invites()); n != 3 {
		t.Errorf("%d invites after Ctrl-C, want 3", n)
	}

	again := runCLI(t, invocation{args: []string{"import", file, "--concurrency", "1"}, env: envFor(baseURL)})
	if again.code != exitOK {
		t.Fatalf("resumed run: exit %d\n%s", again.code, again.stderr)
	}
	difftest.Check(t, "resumed run", countResults(readResults(t, again.stdout)), map[string]int{"skipped": 3, "created": 5})
	if n := len(h.Invites()); n != 8 {
		t.Errorf("%d invites after resuming, want 8 (no duplicates)", n)
	}
}

func TestImportConcurrencyIsBounded(t *testing.T) {
	t.Parallel()
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			t.Parallel()
			var (
				mu             sync.Mutex
				inFlight, peak int
				second         = make(chan struct{})
				once           sync.Once
			)
			_, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method != http.MethodPost {
						next.ServeHTTP(w, r)
						return
					}
					mu.Lock()
					inFlight++
					peak = max(peak, inFlight)
					n := inFlight
					mu.Unlock()
					if workers > 1 {
						// Hold the first create until a second one arrives, so
						// that the overlap does not depend on timing.
						if n >= 2 {
							once.Do(func() { close(second) })
						}
						select {
						case <-second:
						case <-time.After(10 * time.Second):
						}
					}
					next.ServeHTTP(w, r)
					mu.Lock()
					inFlight--
					mu.Unlock()
				})
			})
			file := writeFile(t, "team.csv", teamCSV(12))
			got := runCLI(t, invocation{args: []string{"import", file, "--concurrency", fmt.Sprint(workers)}, env: envFor(baseURL)})
			if got.code != exitOK {
				t.Fatalf("exit %d\n%s", got.code, got.stderr)
			}
			if peak > workers || (workers > 1 && peak < 2) {
				t.Errorf("--concurrency %d: %d creates in flight at once", workers, peak)
			}
		})
	}
}

// TestImportIdempotencyKeys checks that each run is a new attempt, with a
// key of its own for each row, and that within an attempt the key follows
// what the row asks for.
func TestImportIdempotencyKeys(t *testing.T) {
	t.Parallel()
	file := writeFile(t, "team.csv", teamCSV(4))
	keys := func() map[string]string {
		srv := newTestServer(t)
		if got := runCLI(t, invocation{args: []string{"import", file}, env: serverEnv(srv)}); got.code != exitOK {
			t.Fatalf("exit %d\n%s", got.code, got.stderr)
		}
		byBody := map[string]string{}
		for _, r := range srv.Requests() {
			if r.Method == http.MethodPost {
				byBody[string(r.Body)] = r.Header.Get("Idempotency-Key")
			}
		}
		return byBody
	}
	first, second := keys(), keys()
	type sharing struct{ rows, keys, sharedAcrossRuns int }
	got := sharing{rows: len(first)}
	distinct := map[string]bool{}
	for body, key := range first {
		distinct[key] = true
		if second[body] == key {
			got.sharedAcrossRuns++
		}
	}
	got.keys = len(distinct)
	difftest.Check(t, "keys of two runs", got, sharing{rows: 4, keys: 4, sharedAcrossRuns: 0})

	key := func(attempt, email, role, projects string) string {
		row, err := parseImportRow(2, email, role, projects)
		if err != nil {
			t.Fatal(err)
		}
		return row.idempotencyKey(attempt)
	}
	base := key("a1", "a@example.com", "reader", "p1:member;p2:owner")
	difftest.Check(t, "same key", []bool{
		key("a1", "A@example.com", "reader", "p2:owner;p1:member") == base, // email case, project order
		key("a1", "a@example.com", "owner", "p1:member;p2:owner") == base,  // another role
		key("a2", "a@example.com", "reader", "p1:member;p2:owner") == base, // another attempt
	}, []bool{true, false, false})
}

func TestImportProgressOnTerminal(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	file := writeFile(t, "team.csv", teamCSV(5))
	got := runCLI(t, invocation{args: []string{"import", file}, env: serverEnv(srv), stderrTerminal: true})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	if !regexp.MustCompile(`\rimporting `+regexp.QuoteMeta(file)+`: 5/5 \(5 created\), [0-9.]+/s, 0s left\x1b\[K`).MatchString(got.stderr) || !strings.Contains(got.stderr, "\r\x1b[Kinvites: ") {
		t.Errorf("no progress line on a terminal:\n%q", got.stderr)
	}
	plain := runCLI(t, invocation{args: []string{"import", file}, env: serverEnv(srv)})
	if strings.Contains(plain.stderr, "\r") {
		t.Errorf("progress line when stderr is not a terminal:\n%q", plain.stderr)
	}
}

func TestReadImport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		onlyFailed bool
		rows       int
		problems   []string // "line: text" prefixes
	}{
		{"header only", "email,role,projects\n", false, 0, nil},
		{"empty", "", false, 0, []string{"1: the file is empty"}},
		{"columns in any order, no projects column", "role,email\nreader,a@example.com\n", false, 1, nil},
		{"misspelt column", "email,role,projets\n", false, 0, []string{`1: unknown column "projets": did you mean "projects"?`}},
		{"extra columns", "name,email,role,team\nAda,a@example.com,reader,blue\n", false, 1, nil},
		// The results would replace these columns, and lose their values.
		{"a column the results add", "email,role,reason,Line\na@example.com,reader,new hire,7\n", false, 0, []string{
			`1: column "reason" is one that the results add: rename it`, `1: column "line" is one that the results add: rename it`}},
		{"missing role column", "email,projects\n", false, 0, []string{"1: no role column"}},
		{"duplicate column", "email,role,email\n", false, 0, []string{`1: column "email" appears twice`}},
		{"malformed quote stops reading", "email,role\n\"a@example.com,reader\nb@example.com,reader\n", false, 0, []string{"2: malformed CSV"}},
		{"trailing semicolon and spaces", "email,role,projects\n a@example.com , OWNER , p1:Member; \n", false, 1, nil},
		{"empty project id", "email,role,projects\na@example.com,reader,:member\n", false, 0, []string{"2: invalid projects[0].id: must not be empty"}},
		{"only failed needs a result column", "email,role\n", true, 0, []string{"1: --only-failed needs a results file"}},
		{"only failed", "email,role,projects,line,result,invite_id,reason\na@example.com,reader,,2,created,invite-1,\nb@example.com,reader,,3,failed,,429\nc@example.com,reader,,4,skipped,invite-2,x\n", true, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, problems := readImport(strings.NewReader(tt.file), tt.onlyFailed)
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems %v, want %v", problems, tt.problems)
			}
			for i, p := range problems {
				if got := fmt.Sprintf("%d: %s", p.line, p.msg); !strings.HasPrefix(got, tt.problems[i]) {
					t.Errorf("problem %q, want %q…", got, tt.problems[i])
				}
			}
		})
	}
}

// TestReadImportResultsFile reads a results file with --only-failed: only
// failed rows, each with its attempt and with its cells restored; and
// without --only-failed: every row, as a new attempt.
func TestReadImportResultsFile(t *testing.T) {
	t.Parallel()
	file := "email,role,projects,line,result,invite_id,reason,attempt\n" +
		"'=a@example.com,reader,'@p:member,2,failed,,503,att1\n" +
		"b@example.com,reader,,3,created,invite-1,,att1\n" +
		"''c@example.com,owner,,4,failed,,429,\n"
	failed, problems := readImport(strings.NewReader(file), true)
	difftest.Check(t, "problems", problems, []problem(nil))
	difftest.Check(t, "rows with --only-failed", failed, []importRow{
		{line: 2, req: api.InviteRequest{Email: "=a@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "@p", Role: api.ProjectRoleMember}}}, attempt: "att1", earlier: bulk.Failed},
		{line: 4, seq: 2, req: api.InviteRequest{Email: "'c@example.com", Role: api.RoleOwner}, earlier: bulk.Failed},
	})
	// Continued into itself, the file keeps the done row as it was, and the
	// rows sent again keep their line.
	kept, _ := readImportFile(strings.NewReader(file), true, true)
	var carried [][]any
	for _, r := range kept.carried {
		carried = append(carried, r.Values())
	}
	difftest.Check(t, "rows carried", carried, [][]any{{"b@example.com", "reader", "", "3", "created", "invite-1", "", "att1"}})
	difftest.Check(t, "line kept", []string{kept.rows[0].resultLine, kept.rows[1].resultLine}, []string{"2", "4"})
	all, _ := readImport(strings.NewReader(file), false)
	var attempts []string
	for _, r := range all {
		attempts = append(attempts, r.attempt)
	}
	difftest.Check(t, "attempts without --only-failed", attempts, []string{"", "", ""})
}
