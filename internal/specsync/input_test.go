package specsync_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// TestUpstreamRejected: every input the sync cannot trust fails with an
// error that says what is wrong.
func TestUpstreamRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
		want       []string
	}{
		{"missing file", "testdata/no-such-file.yaml", []string{"no such file"}},
		{"a directory", "testdata", []string{"not a regular file"}},
		{"not YAML", "testdata/not-yaml.json", []string{"not OpenAPI: not YAML or JSON"}},
		{"not OpenAPI", "testdata/not-openapi.yaml", []string{"not OpenAPI: no 'openapi' version field"}},
		{"Swagger 2.0", "testdata/swagger.yaml", []string{"not OpenAPI 3", `Swagger "2.0"`}},
		{"unsupported version", "testdata/unsupported-version.yaml", []string{`openapi "4.0.0"`, "only OpenAPI 3.0 and 3.1"}},
		{"no invite paths", "testdata/no-invites.yaml", []string{"paths: no /organization/invites, /organization/invites/{invite_id}"}},
		{"dangling $ref", "testdata/dangling-ref.yaml", []string{`dangling $ref "#/components/schemas/Missing"`, "/paths/~1organization~1invites/get/responses/200/content/application~1json/schema"}},
		{"billion laughs", "testdata/alias-bomb.yaml", []string{"YAML aliases stand for more than 10000 nodes once expanded, the limit on the upstream file"}},
		{"alias inside its anchor", "testdata/alias-cycle.yaml", []string{"a YAML alias refers to a node that contains it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := specsync.ReadUpstream(tt.path)
			if err == nil {
				_, err = specsync.Facts(context.Background(), data, testSubset(t))
			}
			requireError(t, err, tt.want...)
		})
	}
}

// TestUpstreamOverTheLimits: a file over the size limit is refused from its
// size alone, before it is read; one with too many YAML nodes once parsed.
func TestUpstreamOverTheLimits(t *testing.T) {
	t.Parallel()
	// A sparse file of a terabyte: reading it would take all the memory
	// there is; only its size says how large it is.
	huge := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 1<<40); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	_, err := specsync.ReadUpstream(huge)
	requireError(t, err, "1099511627776 bytes, over the limit of 8388608 bytes (8 MiB) on the upstream file")

	data := read(t, "testdata/upstream.yaml")
	dense := append(slices.Clip(data), "\nx-dense: ["+strings.Repeat("1,", specsync.MaxUpstreamNodes)+"1]\n"...)
	_, err = specsync.Facts(context.Background(), dense, testSubset(t))
	requireError(t, err, "YAML nodes, over the limit of 300000 on the upstream file")
	if _, err := specsync.Facts(context.Background(), data, testSubset(t)); err != nil {
		t.Errorf("the fixture itself: %v", err)
	}
}

// sortStrings sorts in place.
func sortStrings(s []string) { slices.Sort(s) }
