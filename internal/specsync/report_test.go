package specsync_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// TestRemovedActionShowsInReport: dropping an overlay action brings
// upstream's fact back, and the report names it.
func TestRemovedActionShowsInReport(t *testing.T) {
	t.Parallel()
	dir := repoCopy(t)
	path := filepath.Join(dir, specsync.OverlayFile)
	text := string(read(t, path))
	action := `  - target: $.paths['/organization/invites'].get.parameters[?@.name=='limit'].schema
    description: Upstream gives limit's range only in prose; the client and the fake enforce it.
    x-difference: limit-range
    update:
      minimum: 1
      maximum: 100
`
	if !strings.Contains(text, action) {
		t.Fatalf("%s has no limit-range action", specsync.OverlayFile)
	}
	// The row goes too, as it would have no action left.
	text = strings.Replace(text, action, "", 1)
	text = strings.Replace(text, "  - id: limit-range\n    upstream: \"`limit`'s 1..100 range only in prose\"\n    here: \"`minimum: 1`, `maximum: 100`, `default: 20`\"\n    why: the client and the fake enforce it\n", "", 1)
	write(t, path, []byte(text))
	syncReports(t, dir, filepath.Join(dir, specsync.FactsFile),
		"openapi.yaml: 2 changes",
		"- other        /paths/~1organization~1invites/get/parameters/[limit]/schema/maximum",
		"- other        /paths/~1organization~1invites/get/parameters/[limit]/schema/minimum",
	)
	if strings.Contains(string(read(t, filepath.Join(dir, specsync.DifferencesFile))), "range only in prose") {
		t.Error("docs/spec.md's table still has the removed row")
	}
}

// TestNewUpstreamFieldIsReported: a field that upstream adds, and a
// description that upstream changes, do not fail the sync; the report names
// the field among what needs a text of ours and the description to re-read.
func TestNewUpstreamFieldIsReported(t *testing.T) {
	t.Parallel()
	dir := repoCopy(t)
	path := filepath.Join(dir, specsync.FactsFile)
	text := string(read(t, path))
	for old, new := range map[string]string{
		// A new nullable timestamp, as upstream writes them, under a name
		// upstream will not take, so that this test outlives real syncs.
		"        accepted_at:\n": "        probe_only_at:\n          anyOf:\n            - type: integer\n              format: unixtime\n            - type: \"null\"\n        accepted_at:\n",
		// A changed text of upstream's.
		"  /components/schemas/InviteRequest/properties/projects/description: f": "  /components/schemas/InviteRequest/properties/projects/description: 0",
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("%s has no %q", specsync.FactsFile, old)
		}
		text = strings.Replace(text, old, new, 1)
	}
	// The edited facts stand for a new upstream file; the kept ones stay
	// the previous facts.
	upstream := filepath.Join(dir, "new-upstream.yaml")
	write(t, upstream, []byte(text))
	syncReports(t, dir, upstream,
		"+ field        /components/schemas/Invite/properties/probe_only_at",
		"~ upstream text /components/schemas/InviteRequest/properties/projects/description",
		"needs a text of ours in spec/prose.yaml (make ci fails until then): 1\n  /components/schemas/Invite/properties/probe_only_at/description",
	)
	spec := string(read(t, filepath.Join(dir, specsync.SpecFile)))
	if !strings.Contains(spec, "probe_only_at:\n          x-go-type: timestamp.UnixTime\n          x-go-type-import:\n            path: github.com/seed-a87280d7/invites/internal/timestamp\n          type: integer\n          format: int64\n          nullable: true\n") {
		t.Errorf("the new field did not get the declared differences (api.UnixTime, int64, nullable):\n%s", spec)
	}
}

// syncReports syncs dir from upstream and fails unless the report says each
// of want.
func syncReports(t *testing.T, dir, upstream string, want ...string) {
	t.Helper()
	report, err := specsync.Sync(context.Background(), specsync.Options{Root: dir, Upstream: upstream})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report.Write(&out); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("report does not say %q:\n%s", w, out.String())
		}
	}
}
