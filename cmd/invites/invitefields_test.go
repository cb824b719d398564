package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// inviteJSONNames returns the JSON names of api.Invite's fields, its
// constant object aside.
func inviteJSONNames() []string {
	var names []string
	t := reflect.TypeFor[api.Invite]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && name != "object" {
			names = append(names, name)
		}
	}
	return names
}

// TestProgramFormatsCarryEveryInviteField checks that -o json, jsonl and
// csv write every field of the generated invite type, so that a field the
// spec gains reaches the CLI's output for programs with no hand-written
// change.
func TestProgramFormatsCarryEveryInviteField(t *testing.T) {
	for _, args := range [][]string{
		{"--mock", "get", "-o", "json", samplePendingID},
		{"--mock", "list", "--limit", "1", "-o", "jsonl"},
		{"--mock", "list", "--limit", "1", "-o", "csv"},
	} {
		out := runCLI(t, invocation{args: args})
		if out.code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, out.code, out.stderr)
		}
		var got map[string]any
		if args[len(args)-1] == "csv" {
			header, _, _ := strings.Cut(out.stdout, "\n")
			got = map[string]any{}
			for name := range strings.SplitSeq(header, ",") {
				got[name] = nil
			}
		} else if err := json.Unmarshal([]byte(out.stdout), &got); err != nil {
			t.Fatalf("%v: %v in %q", args, err, out.stdout)
		}
		for _, name := range inviteJSONNames() {
			if _, ok := got[name]; !ok {
				t.Errorf("%v: no %q in %s", args, name, out.stdout)
			}
		}
	}
}

// TestInviteFieldsFollowTheType checks that a field of the invite type that
// the named columns lack becomes a column of its own, its value a time when
// it is a Unix time and nil when it is a nil pointer.
func TestInviteFieldsFollowTheType(t *testing.T) {
	type grown struct {
		Object    string        `json:"object"`
		ID        string        `json:"id"`
		RevokedAt *api.UnixTime `json:"revoked_at"`
		SentAt    api.UnixTime  `json:"sent_at"`
		InvitedBy *string       `json:"invited_by,omitempty"`
	}
	columns, others := inviteFields(reflect.TypeFor[grown](), []string{"id"})
	if want := []string{"id", "revoked_at", "sent_at", "invited_by"}; !slices.Equal(columns, want) {
		t.Fatalf("columns %q, want %q", columns, want)
	}
	revoked := api.UnixTime(1700000000)
	by := "ada@example.com"
	v := reflect.ValueOf(grown{RevokedAt: &revoked, SentAt: revoked, InvitedBy: &by})
	at := time.Unix(1700000000, 0).UTC()
	want := []any{at, at, "ada@example.com"}
	for k, i := range others {
		if got := fieldValue(v.Field(i)); !reflect.DeepEqual(got, want[k]) {
			t.Errorf("%s: %#v, want %#v", columns[k+1], got, want[k])
		}
	}
	if got := fieldValue(reflect.ValueOf(grown{}).Field(others[2])); got != nil {
		t.Errorf("a nil pointer gives %#v, want nil", got)
	}
}
