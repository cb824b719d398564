package specsync_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// BenchmarkSyncUpstream measures the sync's own work on OpenAI's whole file
// (about 3 MB), named by $SPEC_SYNC_UPSTREAM: extracting the facts and
// building openapi.yaml, without writing files or generating code.
func BenchmarkSyncUpstream(b *testing.B) {
	path := os.Getenv(upstreamEnv)
	if path == "" {
		b.Skipf("set %s to OpenAI's openapi.yaml to run this benchmark", upstreamEnv)
	}
	upstream, err := specsync.ReadUpstream(path)
	if err != nil {
		b.Fatal(err)
	}
	subset, err := specsync.ParseSubset(read(b, filepath.Join(repoRoot, specsync.SubsetFile)))
	if err != nil {
		b.Fatal(err)
	}
	o, p := inputs(b)
	b.SetBytes(int64(len(upstream)))
	b.ReportAllocs()
	for b.Loop() {
		facts, err := specsync.Facts(context.Background(), upstream, subset)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := specsync.Build(facts, o, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck measures `make check-spec`'s work: building openapi.yaml
// from the kept facts and comparing.
func BenchmarkCheck(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := specsync.Check(repoRoot); err != nil {
			b.Fatal(err)
		}
	}
}
