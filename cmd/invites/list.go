package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-a87280d7/invites/api"
)

var listCommand = &command{
	name:    "list",
	args:    "[--limit N] [--after ID] [--all] [--status pending|accepted|expired] [--json]",
	summary: "list invites, newest first",
	help: `
List the organization's invites, newest first: one page (20 by default), or
every page with --all. The table shows id, email, role, status, when the
invite was created and when it expires, and its projects as id:role pairs;
--json prints one JSON object a line instead, as the API returns it.

--status keeps the invites with that status among the ones fetched: combine it
with --all to search every invite. When more invites follow a page, stderr
says how to get the next one.`,
	example: `
invites list
invites list --limit 50 --after invite-abc123
invites list --all --status expired
invites list --all --json | jq -r 'select(.status == "pending") | .email'`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &listOptions{}
		fs.Var(&o.limit, "limit", "invites a page, `N` from 1 to 100 (default 20, or 100 with --all)")
		fs.StringVar(&o.after, "after", "", "start after the invite with this `ID`: the last id of the previous page")
		fs.BoolVar(&o.all, "all", false, "fetch every page")
		fs.StringVar(&o.status, "status", "", "keep only invites with this `status`: pending, accepted or expired")
		fs.BoolVar(&o.json, "json", false, "print JSON Lines, one invite a line")
		return o.run
	},
}

type listOptions struct {
	limit  optionalInt
	after  string
	all    bool
	status string
	json   bool
}

// optionalInt is an int flag that knows whether it was given.
type optionalInt struct {
	value int
	set   bool
}

func (o *optionalInt) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.Itoa(o.value)
}

func (o *optionalInt) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", s)
	}
	o.value, o.set = v, true
	return nil
}

// checkStatus validates a --status value; allowed lists the statuses the
// command accepts.
func checkStatus(status string, allowed ...api.InviteStatus) error {
	if slices.Contains(allowed, api.InviteStatus(status)) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, s := range allowed {
		names[i] = string(s)
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return usageErrorf("--status must be %s, got %q", list, status)
}

// walkPageSize is the page size of the commands that walk every invite: the
// largest page the API serves, for the fewest requests.
const walkPageSize = 100

// checkFlags checks flags with the SDK's own validator, whose
// *api.ValidationError names the API field that a flag of the same name
// sets: it becomes a usage error naming the flag.
func checkFlags(err error) error {
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		return usageErrorf("--%s %s", ve.Field, ve.Rule)
	}
	return err
}

func (o *listOptions) run(ctx context.Context, c *cli, args []string) error {
	if len(args) > 0 {
		return usageErrorf("list takes no arguments, got %q (see 'invites list --help')", args[0])
	}
	if o.status != "" {
		if err := checkStatus(o.status, api.InviteStatusPending, api.InviteStatusAccepted, api.InviteStatusExpired); err != nil {
			return err
		}
	}
	params := &api.ListInvitesParams{}
	if o.limit.set {
		params.Limit = api.Ptr(o.limit.value)
	} else if o.all {
		params.Limit = api.Ptr(walkPageSize)
	}
	if o.after != "" {
		params.After = api.Ptr(o.after)
	}
	if err := checkFlags(api.ValidateListParams(params)); err != nil {
		return err
	}

	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()

	keep := func(inv api.Invite) bool { return o.status == "" || string(inv.Status) == o.status }
	var table []api.Invite
	emit := func(inv api.Invite) error {
		if !keep(inv) {
			return nil
		}
		if o.json {
			return writeJSON(c.stdout, inv, "")
		}
		table = append(table, inv)
		return nil
	}

	var next string // the cursor of the next page, when there is one
	if o.all {
		for inv, err := range client.AllInvites(ctx, params) {
			if err != nil {
				return err
			}
			if err := emit(inv); err != nil {
				return err
			}
		}
	} else {
		page, err := client.ListInvites(ctx, params)
		if err != nil {
			return err
		}
		for _, inv := range page.Data {
			if err := emit(inv); err != nil {
				return err
			}
		}
		if page.HasMore && len(page.Data) > 0 {
			next = page.Data[len(page.Data)-1].ID
			if page.LastID != nil && *page.LastID != "" {
				next = *page.LastID
			}
		}
	}

	if !o.json {
		if len(table) == 0 {
			fmt.Fprintln(c.stderr, "invites: no invites"+statusSuffix(o.status))
		} else if err := writeInviteTable(c.stdout, table); err != nil {
			return err
		}
	}
	if next != "" {
		fmt.Fprintf(c.stderr, "invites: more invites follow: add --after %s for the next page, or --all for every page\n", printable(next))
	}
	return nil
}

func statusSuffix(status string) string {
	if status == "" {
		return ""
	}
	return " with status " + status
}
