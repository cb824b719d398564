package specsync

import (
	"context"
	"os"
	"testing"
)

func TestTryFacts(t *testing.T) {
	up, err := ReadUpstream(os.Getenv("SPEC_SYNC_UPSTREAM"))
	if err != nil {
		t.Skip(err)
	}
	sub, _ := ParseSubset([]byte("paths: [/organization/invites, '/organization/invites/{invite_id}']\ncomponents: ['#/components/responses/TooManyRequests']\n"))
	out, err := Facts(context.Background(), up, sub)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/facts.yaml", out, 0o644)
}
