package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// plainInvite is api.Invite as it was with timestamps as plain integers, the
// JSON tags copied from the generated code.
type plainInvite struct {
	AcceptedAt *int64           `json:"accepted_at,omitempty"`
	CreatedAt  int64            `json:"created_at"`
	Email      string           `json:"email"`
	ExpiresAt  *int64           `json:"expires_at,omitempty"`
	ID         string           `json:"id"`
	Object     api.InviteObject `json:"object"`
	Projects   []api.Project    `json:"projects"`
	Role       api.Role         `json:"role"`
	Status     api.InviteStatus `json:"status"`
}

// TestTimestampJSONIsThePlainInteger checks that UnixTime changes nothing on
// the wire: an invite decodes to the same numbers and encodes to the same
// bytes as with plain int64 timestamps, null and absent included.
func TestTimestampJSONIsThePlainInteger(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"object":"organization.invite","id":"invite-abc","email":"a@example.com","role":"owner","status":"accepted","created_at":1711471533,"expires_at":4102444800,"accepted_at":-1,"projects":[]}`,
		`{"object":"organization.invite","id":"invite-abc","email":"a@example.com","role":"reader","status":"pending","created_at":0,"expires_at":null,"projects":[]}`,
	} {
		var typed api.Invite
		var plain plainInvite
		if err := json.Unmarshal([]byte(body), &typed); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(body), &plain); err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(typed)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(plain)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("with UnixTime:\n%s\nwith int64:\n%s", got, want)
		}
	}
}

// TestTimestampsReadAsTime reads an invite from the fake and its timestamps
// as time.Time values, without conversion by hand.
func TestTimestampsReadAsTime(t *testing.T) {
	t.Parallel()
	sent := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := apitest.NewServer(apitest.WithClock(func() time.Time { return sent }))
	t.Cleanup(srv.Close)
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := client.GetInvite(context.Background(), created.ID)
	if err != nil {
		t.Fatal(err)
	}
	type times struct {
		Created, Expires time.Time
		Accepted         *api.UnixTime
	}
	want := times{Created: sent, Expires: sent.Add(7 * 24 * time.Hour)}
	got := times{Created: inv.CreatedAt.Time(), Expires: inv.ExpiresAt.Time(), Accepted: inv.AcceptedAt}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
