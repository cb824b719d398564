package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestImportContinuesItsResultsFile interrupts an import of five rows at
// the third create, continues its results file into itself, and finds one
// row per original row, all created, each with its line and its extra
// column as before; the hint of the interrupted run names the file.
func TestImportContinuesItsResultsFile(t *testing.T) {
	t.Parallel()
	stop, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		mu    sync.Mutex
		posts int
	)
	_, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				mu.Lock()
				posts++
				if posts == 3 {
					cancel()
				}
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	})
	dir := t.TempDir()
	team := filepath.Join(dir, "team.csv")
	var b strings.Builder
	b.WriteString("email,role,team\n")
	for _, name := range []string{"ada", "grace", "alan", "edsger", "barbara"} {
		b.WriteString(name + "@example.com,reader,=" + name + "\n\n")
	}
	if err := os.WriteFile(team, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r1 := filepath.Join(dir, "r1.csv")
	got := runCLI(t, invocation{ctx: stop, args: []string{"import", team, "--concurrency", "1", "--results", r1}, env: envFor(baseURL)})
	if got.code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", got.code, exitInterrupted, got.stderr)
	}
	if want := "to finish: invites import " + r1 + " --only-failed --results " + r1; !strings.Contains(got.stderr, want) {
		t.Errorf("the hint does not name the results file: want %q in\n%s", want, got.stderr)
	}
	first := readResultsFile(t, r1)
	difftest.Check(t, "interrupted", countResults(first), map[string]int{"created": 3, "not_sent": 2})

	args := []string{"import", r1, "--only-failed", "--results", r1}
	got = runCLI(t, invocation{args: args, env: envFor(baseURL)})
	if got.code != exitOK {
		t.Fatalf("%v: exit %d\n%s", args, got.code, got.stderr)
	}
	if !strings.Contains(got.stderr, "5 rows: 5 created") {
		t.Errorf("the summary does not count the whole import:\n%s", got.stderr)
	}
	final := readResultsFile(t, r1)
	difftest.Check(t, "continued", countResults(final), map[string]int{"created": 5})
	for i, row := range final {
		if row["line"] != first[i]["line"] || row["email"] != first[i]["email"] || row["team"] != first[i]["team"] || row["invite_id"] == "" {
			t.Errorf("row %d: %v, was %v", i, row, first[i])
		}
		if i < 3 && (row["invite_id"] != first[i]["invite_id"] || row["attempt"] != first[i]["attempt"]) {
			t.Errorf("row %d, done before, changed: %v, was %v", i, row, first[i])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if posts != 5 {
		t.Errorf("%d creates, want 5: one a row", posts)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// readResultsFile reads a results CSV file into maps by column name, cells
// as the file has them.
func readResultsFile(t *testing.T, path string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readResults(t, string(data))
}

// TestImportContinuingRefusesWhatWouldLoseRows names the imported file as
// its --results without --only-failed, in a dry run, or with -o json: each
// is a usage error, and the file is left as it was.
func TestImportContinuingRefusesWhatWouldLoseRows(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	results := writeFile(t, "r1.csv", "email,role,projects,line,result,invite_id,reason,attempt\nada@example.com,reader,,2,failed,,boom,\n")
	before, _ := os.ReadFile(results)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"import", results, "--results", results}, "add --only-failed to continue"},
		{[]string{"import", results, "--only-failed", "--dry-run", "--results", results}, "a dry run would replace its outcomes"},
		{[]string{"import", results, "--only-failed", "-o", "json", "--results", results}, "it must stay CSV"},
	} {
		got := runCLI(t, invocation{args: tt.args, env: serverEnv(srv)})
		if got.code != exitUsage || !strings.Contains(got.stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q\n%s", tt.args, got.code, exitUsage, tt.want, got.stderr)
		}
	}
	if after, _ := os.ReadFile(results); string(after) != string(before) {
		t.Errorf("the file changed:\n%s", after)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
