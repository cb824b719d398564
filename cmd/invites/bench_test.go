package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// BenchmarkImport imports 200 rows into the mock server with 20 ms of latency
// on every request (as `invites mock-server --fault "* * latency=20ms"`
// serves it), at several concurrencies, and checks each run: every row
// invited exactly once, one create request per row.
//
//	go test ./cmd/invites -run '^$' -bench Import -benchtime 3x
//
// With the latency dominating, concurrency 4 should take a quarter of the
// time of concurrency 1; BENCHMARKS.md records the ratio.
func BenchmarkImport(b *testing.B) {
	const rows, latency = 200, 20 * time.Millisecond
	file := filepath.Join(b.TempDir(), "team.csv")
	if err := os.WriteFile(file, []byte(teamCSV(rows)), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", workers), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				srv := apitest.NewServer(apitest.WithFaults(apitest.Fault{Latency: latency}))
				var stdout, stderr bytes.Buffer
				e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, commands: allCommands, newAttempt: newAttempt,
					lookupEnv: func(name string) (string, bool) {
						v, ok := map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY": apitest.AdminKey}[name]
						return v, ok
					}}
				b.StartTimer()
				code := run(b.Context(), []string{"import", file, "--concurrency", fmt.Sprint(workers)}, e)
				b.StopTimer()
				srv.Close()
				if code != exitOK {
					b.Fatalf("exit %d\n%s", code, stderr.String())
				}
				if err := checkImported(srv, rows); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// checkImported checks that an import of teamCSV(rows) invited every row
// exactly once, with one create request each.
func checkImported(srv *apitest.Server, rows int) error {
	invited := map[string]int{}
	for _, inv := range srv.Invites() {
		invited[inv.Email]++
	}
	for i := range rows {
		if email := fmt.Sprintf("user%d@example.com", i); invited[email] != 1 {
			return fmt.Errorf("%s invited %d times, want once", email, invited[email])
		}
	}
	if len(invited) != rows {
		return fmt.Errorf("%d emails invited, want %d", len(invited), rows)
	}
	posts := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != rows {
		return fmt.Errorf("%d create requests, want %d (one per row)", posts, rows)
	}
	return nil
}
