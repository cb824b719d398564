package specsync_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// TestCommittedSpecIsWhatTheSyncMakes is `make check-spec`: openapi.yaml and
// the differences table of docs/spec.md are what the sync makes from the kept facts.
func TestCommittedSpecIsWhatTheSyncMakes(t *testing.T) {
	t.Parallel()
	if err := specsync.Check(repoRoot); err != nil {
		t.Fatal(err)
	}
}

// TestCheckNamesHandEdits: a hand edit of openapi.yaml, or of docs/spec.md's
// table, fails the check, which names what differs.
func TestCheckNamesHandEdits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, old, new string
		want                 []string
	}{
		{"description", specsync.SpecFile, "description: The ID of the invite.", "description: The invite's ID.",
			[]string{`~ description  /components/parameters/InviteID/description: "The ID of the invite." → "The invite's ID."`}},
		{"enum value", specsync.SpecFile, "            - expired\n", "",
			[]string{"- enum value   /components/schemas/Invite/properties/status/enum/[expired]"}},
		{"maximum", specsync.SpecFile, "maximum: 100", "maximum: 1000",
			[]string{`/paths/~1organization~1invites/get/parameters/[limit]/schema/maximum: "100" → "1000"`}},
		{"comment", specsync.SpecFile, "openapi: 3.0.3\n", "# edited\nopenapi: 3.0.3\n",
			[]string{"in layout or comments, from line 5"}},
		{"docs table", specsync.DifferencesFile, "| only `AdminApiKeyAuth` |", "| `AdminApiKeyAuth` |",
			[]string{"docs/spec.md: the differences table is not the one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := repoCopy(t)
			path := filepath.Join(dir, tt.file)
			text := string(read(t, path))
			if !strings.Contains(text, tt.old) {
				t.Fatalf("%s has no %q", tt.file, tt.old)
			}
			write(t, path, []byte(strings.Replace(text, tt.old, tt.new, 1)))
			requireError(t, specsync.Check(dir), tt.want...)
		})
	}
}

// TestSyncTwiceIsByteIdentical: syncing from the kept facts reproduces the
// committed files, and a second run changes nothing.
func TestSyncTwiceIsByteIdentical(t *testing.T) {
	t.Parallel()
	dir := repoCopy(t)
	want := snapshotFiles(t, dir)
	for run := 1; run <= 2; run++ {
		report, err := specsync.Sync(context.Background(), specsync.Options{Root: dir, Upstream: filepath.Join(dir, specsync.FactsFile)})
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Changes) != 0 || len(report.Upstream) != 0 || len(report.Undescribed) != 0 {
			t.Errorf("run %d: report %+v, want no change", run, report)
		}
		for name, content := range snapshotFiles(t, dir) {
			if content != want[name] {
				t.Errorf("run %d changed %s", run, name)
			}
		}
	}
}

// TestSyncReproducesCommittedFromUpstream: OpenAI's whole file gives the
// committed facts and openapi.yaml byte for byte. It needs the file, named
// by $SPEC_SYNC_UPSTREAM.
func TestSyncReproducesCommittedFromUpstream(t *testing.T) {
	t.Parallel()
	upstream := os.Getenv(upstreamEnv)
	if upstream == "" {
		t.Skipf("set %s to OpenAI's openapi.yaml to run this test", upstreamEnv)
	}
	dir := repoCopy(t)
	want := snapshotFiles(t, dir)
	if _, err := specsync.Sync(context.Background(), specsync.Options{Root: dir, Upstream: upstream}); err != nil {
		t.Fatal(err)
	}
	for name, content := range snapshotFiles(t, dir) {
		if content != want[name] {
			t.Errorf("the sync from %s changed %s", upstream, name)
		}
	}
}

// TestSyncFailureLeavesFilesUntouched: a bad input, a stale overlay action or
// a failed generation leaves openapi.yaml, the facts, docs/spec.md and the
// generated code as they were.
func TestSyncFailureLeavesFilesUntouched(t *testing.T) {
	t.Parallel()
	stale := func(t *testing.T, dir string) {
		path := filepath.Join(dir, specsync.OverlayFile)
		text := strings.Replace(string(read(t, path)), "$.components.schemas.InviteDeleteResponse.properties.id", "$.components.schemas.InviteDeleteResponse.properties.ident", 1)
		write(t, path, []byte(text))
	}
	tests := []struct {
		name     string
		upstream string
		inDir    bool // upstream is a path in the copy of the module
		prepare  func(t *testing.T, dir string)
		generate func(ctx context.Context) error
		want     string
	}{
		{name: "Swagger input", upstream: "testdata/swagger.yaml", want: "not OpenAPI 3"},
		{name: "dangling $ref", upstream: "testdata/dangling-ref.yaml", want: "dangling $ref"},
		{name: "billion laughs", upstream: "testdata/alias-bomb.yaml", want: "YAML aliases stand for more than 10000 nodes"},
		{name: "over the size limit", upstream: "huge.yaml", inDir: true, prepare: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "huge.yaml"), nil)
			if err := os.Truncate(filepath.Join(dir, "huge.yaml"), specsync.MaxUpstreamBytes+1); err != nil {
				t.Fatal(err)
			}
		}, want: "8388609 bytes, over the limit of 8388608 bytes (8 MiB)"},
		{name: "stale action", prepare: stale, want: "matches nothing"},
		{name: "generation fails", want: "generating the code: the generator broke", generate: func(ctx context.Context) error {
			return errors.New("the generator broke")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := repoCopy(t)
			upstream := tt.upstream
			if upstream == "" {
				upstream = filepath.Join(dir, specsync.FactsFile)
				// A changed prose makes the sync write something new.
				prose := filepath.Join(dir, specsync.ProseFile)
				write(t, prose, []byte(strings.Replace(string(read(t, prose)), "The ID of the invite.", "The invite's ID.", 1)))
			}
			if tt.inDir {
				upstream = filepath.Join(dir, upstream)
			}
			if tt.prepare != nil {
				tt.prepare(t, dir)
			}
			before := snapshotFiles(t, dir)
			generate := tt.generate
			if generate != nil {
				inner := generate
				generate = func(ctx context.Context) error {
					// The generator writes before it fails.
					write(t, filepath.Join(dir, "gen/invites.gen.go"), []byte("package gen\n"))
					write(t, filepath.Join(dir, "gen/extra.gen.go"), []byte("package gen\n"))
					return inner(ctx)
				}
			}
			_, err := specsync.Sync(context.Background(), specsync.Options{Root: dir, Upstream: upstream, Generate: generate})
			requireError(t, err, tt.want)
			for name, content := range snapshotFiles(t, dir) {
				if content != before[name] {
					t.Errorf("%s changed although the sync failed", name)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "gen/extra.gen.go")); err == nil {
				t.Error("a generated file that did not exist before is left")
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, "*", ".specsync-*"))
			if len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
}
