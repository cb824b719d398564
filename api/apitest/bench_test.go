package apitest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// BenchmarkServer measures the fake as a test suite sees it: a request over
// loopback, routed, validated against the spec, served, and its answer
// validated against the spec too. It reports requests per second on one
// connection.
//
//	go test ./api/apitest -run '^$' -bench Server
func BenchmarkServer(b *testing.B) {
	srv := apitest.NewServer(apitest.WithTB(b), apitest.WithSampleInvites(150))
	id := srv.Invites()[0].ID
	for _, bc := range []struct{ name, path string }{
		{"op=get", "/organization/invites/" + id},
		{"op=list100", "/organization/invites?limit=100"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, err := http.NewRequestWithContext(b.Context(), http.MethodGet, srv.BaseURL()+bc.path, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
			hc := srv.Client()
			b.ReportAllocs()
			for b.Loop() {
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
