package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
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
				code := runCommandLine(b.Context(), []string{"import", file, "--concurrency", fmt.Sprint(workers)}, e)
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
	if err := checkInvitedOnce(srv, rows); err != nil {
		return err
	}
	if n := len(srv.Invites()); n != rows {
		return fmt.Errorf("%d invites, want %d", n, rows)
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

// benchEnv is the environment of an in-process run in a benchmark, pointed
// at baseURL, with stdin.
func benchEnv(baseURL, stdin string, stdout, stderr *bytes.Buffer) *env {
	return &env{stdin: strings.NewReader(stdin), stdout: stdout, stderr: stderr, commands: allCommands, newAttempt: newAttempt,
		lookupEnv: func(name string) (string, bool) {
			v, ok := map[string]string{"OPENAI_BASE_URL": baseURL, "OPENAI_ADMIN_KEY": apitest.AdminKey}[name]
			return v, ok
		}}
}

// BenchmarkBulkAt50ms imports 1,000 rows into the fake with 50 ms of
// latency on every request (as `invites mock-server --fault "* * latency=50ms"`
// serves it), then revokes them with delete, both at --concurrency 8, and
// reports each command's time as a multiple of the ideal, 1,000 × 50 ms / 8
// = 6.25 s. The bar is 1.3.
//
//	go test ./cmd/invites -run '^$' -bench BulkAt50ms -benchtime 1x
func BenchmarkBulkAt50ms(b *testing.B) {
	const rows, latency, workers = 1000, 50 * time.Millisecond, 8
	ideal := time.Duration(rows) * latency / workers
	file := filepath.Join(b.TempDir(), "team.csv")
	if err := os.WriteFile(file, []byte(teamCSV(rows)), 0o600); err != nil {
		b.Fatal(err)
	}
	var importTime, deleteTime time.Duration
	for b.Loop() {
		srv := apitest.NewServer(apitest.WithFaults(apitest.Fault{Latency: latency}))
		var stdout, stderr bytes.Buffer
		start := time.Now()
		if code := runCommandLine(b.Context(), []string{"import", file, "--concurrency", fmt.Sprint(workers), "-o", "ids"}, benchEnv(srv.BaseURL(), "", &stdout, &stderr)); code != exitOK {
			b.Fatalf("import: exit %d\n%s", code, stderr.String())
		}
		importTime += time.Since(start)
		if err := checkImported(srv, rows); err != nil {
			b.Fatal(err)
		}
		ids := stdout.String()
		stdout.Reset()
		start = time.Now()
		if code := runCommandLine(b.Context(), []string{"delete", "-", "-y", "--concurrency", fmt.Sprint(workers), "-o", "ids"}, benchEnv(srv.BaseURL(), ids, &stdout, &stderr)); code != exitOK {
			b.Fatalf("delete: exit %d\n%s", code, stderr.String())
		}
		deleteTime += time.Since(start)
		if stdout.String() != ids || len(srv.Invites()) != 0 {
			b.Fatalf("delete revoked %d of %d invites", len(strings.Fields(stdout.String())), rows)
		}
		srv.Close()
	}
	b.ReportMetric(importTime.Seconds()/float64(b.N)/ideal.Seconds(), "import-x-ideal")
	b.ReportMetric(deleteTime.Seconds()/float64(b.N)/ideal.Seconds(), "delete-x-ideal")
}

// BenchmarkImportDryRun100k checks a file of 100,000 rows with --dry-run
// against --mock's in-process fake, writing the results as CSV, and reports
// the most memory the process held from the Go runtime while it ran. The
// bar is 300 MB.
//
//	go test ./cmd/invites -run '^$' -bench DryRun100k -benchtime 1x
func BenchmarkImportDryRun100k(b *testing.B) {
	const rows = 100_000
	file := filepath.Join(b.TempDir(), "team.csv")
	if err := os.WriteFile(file, []byte(teamCSV(rows)), 0o600); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	for b.Loop() {
		runtime.GC()
		done := make(chan struct{})
		sampled := make(chan uint64)
		go func() {
			sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
			var most uint64
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				metrics.Read(sample)
				most = max(most, sample[0].Value.Uint64())
				select {
				case <-done:
					sampled <- most
					return
				case <-tick.C:
				}
			}
		}()
		var stdout, stderr bytes.Buffer
		code := runCommandLine(b.Context(), []string{"--mock", "import", file, "--dry-run", "-o", "csv"}, benchEnv("", "", &stdout, &stderr))
		close(done)
		peak = max(peak, <-sampled)
		if code != exitOK || strings.Count(stdout.String(), "would_create") != rows {
			b.Fatalf("exit %d\n%s", code, stderr.String())
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
