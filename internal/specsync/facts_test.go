package specsync_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// TestFactsKeepsTheSubsetOnly: the subset's paths, what they and the extra
// roots reference, transitively, and nothing else; upstream's prose removed
// and remembered by SHA-256; a property named description kept; the
// provenance recorded; the document's extensions dropped.
func TestFactsKeepsTheSubsetOnly(t *testing.T) {
	t.Parallel()
	upstream := read(t, "testdata/upstream.yaml")
	facts, err := specsync.Facts(context.Background(), upstream, testSubset(t))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info       map[string]any            `yaml:"info"`
		Paths      map[string]any            `yaml:"paths"`
		Components map[string]map[string]any `yaml:"components"`
		Prose      map[string]string         `yaml:"x-upstream-prose"`
		Meta       any                       `yaml:"x-oaiMeta"`
		Tags       []any                     `yaml:"tags"`
	}
	if err := yaml.Unmarshal(facts, &doc); err != nil {
		t.Fatal(err)
	}
	if got := keys(doc.Paths); got != "/organization/invites /organization/invites/{invite_id}" {
		t.Errorf("paths %s, want the two invite paths", got)
	}
	if got := keys(doc.Components["schemas"]); got != "Error ErrorResponse Invite InviteList" {
		t.Errorf("schemas %s, want what the invite paths and TooManyRequests reference", got)
	}
	if got := keys(doc.Components["securitySchemes"]); got != "AdminApiKeyAuth ApiKeyAuth" {
		t.Errorf("security schemes %s, want the two that security requirements name", got)
	}
	if doc.Meta != nil || len(doc.Tags) != 0 {
		t.Errorf("x-oaiMeta %v, tags %v: want the document's extensions and unused tags dropped", doc.Meta, doc.Tags)
	}
	sum := sha256.Sum256(upstream)
	if doc.Info["version"] != "9.8.7" || doc.Info["x-upstream-sha256"] != hex.EncodeToString(sum[:]) {
		t.Errorf("info %v: want upstream's version and the input's SHA-256", doc.Info)
	}
	if strings.Contains(string(facts), "Upstream's") {
		t.Errorf("upstream's prose left in the facts:\n%s", facts)
	}
	if !strings.Contains(string(facts), "description:\n          type: string") {
		t.Errorf("the property named description was removed:\n%s", facts)
	}
	const about = "/components/schemas/Invite/properties/id/description"
	if want := sha256.Sum256([]byte("Upstream's words about the id.")); doc.Prose[about] != hex.EncodeToString(want[:]) {
		t.Errorf("x-upstream-prose[%s] = %q, want the SHA-256 of upstream's text", about, doc.Prose[about])
	}
	if len(doc.Prose) != 10 {
		t.Errorf("x-upstream-prose has %d texts, want 10: %v", len(doc.Prose), doc.Prose)
	}
}

// TestFactsOfFactsAreTheSame: the kept facts are a valid input that comes
// back unchanged, so the sync re-runs without the upstream file.
func TestFactsOfFactsAreTheSame(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	facts, err := specsync.Facts(ctx, read(t, "testdata/upstream.yaml"), testSubset(t))
	if err != nil {
		t.Fatal(err)
	}
	again, err := specsync.Facts(ctx, facts, testSubset(t))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(facts) {
		t.Errorf("facts of facts differ:\n%s\nwant:\n%s", again, facts)
	}
}

// keys lists a map's keys, sorted, space-separated.
func keys[V any](m map[string]V) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sortStrings(ks)
	return strings.Join(ks, " ")
}
