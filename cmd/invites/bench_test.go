package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// BenchmarkImport imports 200 rows into a fake that takes 20ms to answer
// each request, as a remote API would, at several concurrencies:
//
//	go test ./cmd/invites -run '^$' -bench Import -benchtime 3x
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
				h, err := apitest.NewHandler()
				if err != nil {
					b.Fatal(err)
				}
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					time.Sleep(latency)
					h.ServeHTTP(w, r)
				}))
				var stdout, stderr bytes.Buffer
				e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
					lookupEnv: func(name string) (string, bool) {
						v, ok := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_ADMIN_KEY": apitest.AdminKey}[name]
						return v, ok
					}}
				b.StartTimer()
				code := run(b.Context(), []string{"import", file, "--concurrency", fmt.Sprint(workers)}, e)
				b.StopTimer()
				srv.Close()
				if code != exitOK || len(h.Invites()) != rows {
					b.Fatalf("exit %d, %d invites\n%s", code, len(h.Invites()), stderr.String())
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
