package specsync_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// overlayHead is the start of every test overlay: version, JSONPath and one
// row of the differences table.
const overlayHead = `overlay: 1.0.0
x-speakeasy-jsonpath: rfc9535
info: {title: test, version: 1.0.0}
x-differences:
  - {id: row, upstream: u, here: h, why: w}
`

// TestOverlayRules: every action says why and names a row, every row has an
// action, and the overlay is 1.0.0 with RFC 9535 JSONPath.
func TestOverlayRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, overlay string
		want          []string
	}{
		{"no description", overlayHead + "actions:\n  - {target: $.info, x-difference: row, update: {title: t}}\n",
			[]string{"action 1 (target $.info", "no description: say why"}},
		{"unknown row", overlayHead + "actions:\n  - {target: $.info, description: why, x-difference: nope, update: {title: t}}\n",
			[]string{"action 1", `x-difference "nope" is not a row`}},
		{"unused row", overlayHead + "  - {id: spare, upstream: u, here: h, why: w}\nactions:\n  - {target: $.info, description: why, x-difference: row, update: {title: t}}\n",
			[]string{`row "spare" has no action`}},
		{"no update or remove", overlayHead + "actions:\n  - {target: $.info, description: why, x-difference: row}\n",
			[]string{"action 1", "neither update nor remove"}},
		{"legacy JSONPath", strings.Replace(overlayHead, "x-speakeasy-jsonpath: rfc9535\n", "", 1) + "actions: []\n",
			[]string{"want rfc9535"}},
		{"version 1.1.0", strings.Replace(overlayHead, "overlay: 1.0.0", "overlay: 1.1.0", 1) + "actions: []\n",
			[]string{`overlay "1.1.0": want 1.0.0`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := specsync.ParseOverlay([]byte(tt.overlay))
			requireError(t, err, tt.want...)
		})
	}
}

// TestStaleActionFailsNamingIt: an action that matches nothing in the facts
// fails the build with its number, target and reason.
func TestStaleActionFailsNamingIt(t *testing.T) {
	t.Parallel()
	o, err := specsync.ParseOverlay([]byte(overlayHead + `actions:
  - target: $.info
    description: a title of ours
    x-difference: row
    update: {title: ours}
  - target: $.components.schemas.Invite.properties.invited_at
    description: invited_at is seconds
    x-difference: row
    update: {format: int64}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, p := inputs(t)
	_, err = specsync.Build(read(t, filepath.Join(repoRoot, specsync.FactsFile)), o, p)
	requireError(t, err, "action 2 (target $.components.schemas.Invite.properties.invited_at", "invited_at is seconds", "matches nothing")
}

// TestStaleProseFails: a text of ours for something that no longer exists
// fails the build, naming it.
func TestStaleProseFails(t *testing.T) {
	t.Parallel()
	o, _ := inputs(t)
	p, err := specsync.ParseProse([]byte("/components/schemas/Gone/description: A schema that upstream removed.\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = specsync.Build(read(t, filepath.Join(repoRoot, specsync.FactsFile)), o, p)
	requireError(t, err, `prose: "/components/schemas/Gone/description": nothing to describe there`)
}

// TestProseRules: prose is only descriptions and summaries, never empty.
func TestProseRules(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"/info/title: Ours\n":       "only a description or a summary is prose",
		"/info/description: \"\"\n": "want a non-empty text",
		"info/description: Ours\n":  "is not a JSON pointer",
	} {
		_, err := specsync.ParseProse([]byte(text))
		requireError(t, err, want)
	}
}
