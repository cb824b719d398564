package specsync_test

import (
	"context"
	"slices"
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

// sortStrings sorts in place.
func sortStrings(s []string) { slices.Sort(s) }
