package main

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// walkPageSize is the page size of the commands that walk every invite: the
// largest page the API serves, for the fewest requests.
const walkPageSize = api.MaxListInvitesLimit

// namedInviteColumns are the fields of an invite that a table shows, and
// that the formats for programs show first, in this order.
var namedInviteColumns = []string{"id", "email", "role", "status", "created_at", "expires_at", "accepted_at", "projects"}

// inviteLayout is how a table of invites gives way on a narrow terminal:
// the id, the handle of get and delete, is never cut; the email may be cut;
// the projects, the acceptance, creation and expiry times, the role and the
// status are left out in that order, each whole or not at all, before the
// email is cut and then left out. At 80 columns a table shows id, email,
// role and status for emails of up to 30 characters; at 50, the id and the
// email, cut after 16 characters.
var inviteLayout = output.Layout{
	Whole: []string{"id"},
	Cut:   []string{"email"},
	Drop:  []string{"projects", "accepted_at", "created_at", "expires_at", "role", "status", "email"},
}

// inviteColumns are the fields of an invite in json, jsonl and csv: the
// named ones, then every other field of api.Invite but its constant object,
// in the type's order, so that a field the spec gains is written with no
// change here.
var inviteColumns, otherInviteFields = inviteFields(reflect.TypeFor[api.Invite](), namedInviteColumns)

// inviteFields returns named followed by the JSON names of the fields of
// struct type t that named lacks (the object field aside), and the indexes
// of those other fields in t.
func inviteFields(t reflect.Type, named []string) (columns []string, others []int) {
	columns = slices.Clone(named)
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || name == "object" || slices.Contains(named, name) {
			continue
		}
		columns = append(columns, name)
		others = append(others, i)
	}
	return columns, others
}

// fieldValue returns a field's value as a record holds it: a time for a
// Unix time (the zero time for none), else the value itself, nil for a nil
// pointer.
func fieldValue(v reflect.Value) any {
	switch t := v.Interface().(type) {
	case api.UnixTime:
		return unixTime(&t)
	case *api.UnixTime:
		return unixTime(t)
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	return v.Interface()
}

// inviteRecord is an invite as a record: its named columns, and every
// field when all is set.
type inviteRecord struct {
	inv *api.Invite
	all bool
}

func (r inviteRecord) Values() []any {
	inv := r.inv
	values := []any{inv.ID, inv.Email, string(inv.Role), string(inv.Status),
		unixTime(&inv.CreatedAt), unixTime(inv.ExpiresAt), unixTime(inv.AcceptedAt), projectList(inv.Projects)}
	if !r.all {
		return values
	}
	v := reflect.ValueOf(inv).Elem()
	for _, i := range otherInviteFields {
		values = append(values, fieldValue(v.Field(i)))
	}
	return values
}

// inviteRows returns invites as rows in format: a table has the named
// columns, which fit a terminal; the formats for programs have every field.
func inviteRows(invites []api.Invite, format string) *output.Rows {
	all := format != output.Table
	r := &output.Rows{Columns: namedInviteColumns, Layout: inviteLayout}
	if all {
		r.Columns = inviteColumns
	}
	for i := range invites {
		r.Records = append(r.Records, inviteRecord{&invites[i], all})
	}
	return r
}

// writeInviteDetails writes one invite, a field a line, with times in loc.
func writeInviteDetails(w io.Writer, inv *api.Invite, loc *time.Location) error {
	projects := "- (none)"
	if len(inv.Projects) > 0 {
		projects = projectList(inv.Projects).String()
	}
	at := func(t *api.UnixTime) string { return output.OrDash(output.Text(unixTime(t), loc)) }
	p := output.Printable
	_, err := fmt.Fprintf(w, "id:        %s\nemail:     %s\nrole:      %s\nstatus:    %s\ncreated:   %s\nexpires:   %s\naccepted:  %s\nprojects:  %s\n",
		p(inv.ID), p(inv.Email), p(string(inv.Role)), p(string(inv.Status)), at(&inv.CreatedAt), at(inv.ExpiresAt), at(inv.AcceptedAt), p(projects))
	return err
}

// writeInvite prints one invite in the format of -o, where a table is the
// invite's details, a field a line, and json is the invite's object alone.
func (c *cli) writeInvite(inv *api.Invite) error {
	format := c.outputFormat(output.Table)
	if format == output.Table {
		return writeInviteDetails(c.stdout, inv, c.local)
	}
	r := inviteRows([]api.Invite{*inv}, format)
	return output.Write(c.stdout, format, r, output.Options{Local: c.local, Document: r.Objects()[0]})
}

// writeInviteTable writes invites as a table on stderr, fitting its width,
// for a command to show what it is about to do.
func (c *cli) writeInviteTable(invites []api.Invite) error {
	return output.Write(c.stderr, output.Table, inviteRows(invites, output.Table), output.Options{Local: c.local, Width: width(c.stderrWidth)})
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
