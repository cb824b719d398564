package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/cli/output"
)

// walkPageSize is the page size of the commands that walk every invite: the
// largest page the API serves, for the fewest requests.
const walkPageSize = 100

// inviteColumns are the fields of an invite in every format.
var inviteColumns = []string{"id", "email", "role", "status", "created_at", "expires_at", "accepted_at", "projects"}

// inviteRecord is an invite as a record.
type inviteRecord struct{ inv *api.Invite }

func (r inviteRecord) Values() []any {
	inv := r.inv
	return []any{inv.ID, inv.Email, string(inv.Role), string(inv.Status),
		output.UnixTime(&inv.CreatedAt), output.UnixTime(inv.ExpiresAt), output.UnixTime(inv.AcceptedAt), inv.Projects}
}

// inviteRows returns invites as rows.
func inviteRows(invites []api.Invite) *output.Rows {
	r := &output.Rows{Columns: inviteColumns}
	for i := range invites {
		r.Records = append(r.Records, inviteRecord{&invites[i]})
	}
	return r
}

// writeInviteDetails writes one invite, a field a line, with times in loc.
func writeInviteDetails(w io.Writer, inv *api.Invite, loc *time.Location) error {
	projects := "- (none)"
	if len(inv.Projects) > 0 {
		projects = output.Projects(inv.Projects)
	}
	values := inviteRecord{inv}.Values()
	at := func(i int) string { return output.OrDash(output.Text(values[i], loc)) }
	p := output.Printable
	_, err := fmt.Fprintf(w, "id:        %s\nemail:     %s\nrole:      %s\nstatus:    %s\ncreated:   %s\nexpires:   %s\naccepted:  %s\nprojects:  %s\n",
		p(inv.ID), p(inv.Email), p(string(inv.Role)), p(string(inv.Status)), at(4), at(5), at(6), p(projects))
	return err
}

// writeInvite prints one invite in the format of -o, where a table is the
// invite's details, a field a line, and json is the invite's object alone.
func (c *cli) writeInvite(inv *api.Invite) error {
	format := c.outputFormat(output.Table)
	if format == output.Table {
		return writeInviteDetails(c.stdout, inv, c.local)
	}
	r := inviteRows([]api.Invite{*inv})
	return output.Write(c.stdout, format, r, output.Options{Local: c.local, Document: r.Objects()[0]})
}

// writeInviteTable writes invites as a table on stderr, fitting its width,
// for a command to show what it is about to do.
func (c *cli) writeInviteTable(invites []api.Invite) error {
	return output.Write(c.stderr, output.Table, inviteRows(invites), output.Options{Local: c.local, Width: width(c.stderrWidth)})
}

// showInvite connects, makes one call that answers an invite, and prints
// the invite in the format of -o.
func (c *cli) showInvite(ctx context.Context, call func(ctx context.Context, client *api.Client) (*api.Invite, error)) error {
	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()
	inv, err := call(ctx, client)
	if err != nil {
		return err
	}
	return c.writeInvite(inv)
}
