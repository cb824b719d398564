package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var listCommand = &command{
	name:    "list",
	args:    "[flags]",
	summary: "list invites, newest first",
	help: `
List the organization's invites, newest first: up to -n (20 by default), or
every one with --all. --status and --email (repeatable, or comma-separated;
compared without regard to case) filter them; the API cannot filter, so one
walk of the pages finds them. When more invites follow, stderr says how to
get them. -o json, jsonl and csv print every field; -o ids the ids alone.`,
	doc: "everyday-commands",
	example: `
invites list
invites list -n 50 --after invite-abc123
invites list --status pending -n 5
invites list --email ada@example.com,grace@example.com
invites list --all --status expired -o ids | xargs invites delete --yes --ignore-missing
invites list --all -o jsonl | jq -r 'select(.status == "pending") | .email'`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &listOptions{}
		fs.Var(&o.limit, "limit", fmt.Sprintf("show up to `N` invites, from %d to %d (default %d)", api.MinListInvitesLimit, api.MaxListInvitesLimit, api.DefaultListInvitesLimit))
		flags.Alias(fs, "limit", "n")
		fs.StringVar(&o.after, "after", "", "start after the invite with this `ID`, as stderr suggests for the next page")
		fs.BoolVar(&o.all, "all", false, "show every invite, walking every page")
		fs.Var(&flags.Choice{Value: &o.status, Choices: listStatuses, Strict: true}, "status", "show only invites with this `status`: "+output.OrList(listStatuses))
		fs.Var(&o.emails, "email", "show only the invites of this `address`; repeatable, or a comma-separated list")
		return o.run
	},
}

// listStatuses are the statuses that list --status accepts, as openapi.yaml
// lists them.
var listStatuses = enumStrings(api.InviteStatusValues())

type listOptions struct {
	limit  flags.OptionalInt
	after  string
	all    bool
	status string
	emails flags.StringList
}

// checkFlags checks flags with the SDK's own validator, whose
// *api.ValidationError names the API field that a flag of the same name
// sets: it becomes a usage error naming the flag.
func checkFlags(err error) error {
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		return usageErrorf("%s", listProblems(ve, "--%s %s"))
	}
	return err
}

func (o *listOptions) run(ctx context.Context, c *cli, args []string) error {
	if err := noArguments("list", args); err != nil {
		return err
	}
	params := &api.ListInvitesParams{}
	if o.limit.IsSet {
		params.Limit = api.Ptr(o.limit.Value)
	}
	if o.after != "" {
		params.After = api.Ptr(o.after)
	}
	if err := checkFlags(api.ValidateListParams(params)); err != nil {
		return err
	}
	emails, err := o.emailFilter()
	if err != nil {
		return c.badInput(err)
	}
	want := defaultListLimit
	if o.limit.IsSet {
		want = o.limit.Value
	}
	walk := o.all || o.status != "" || emails != nil
	if walk {
		params.Limit = api.Ptr(walkPageSize)
	}

	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()

	var found []api.Invite
	var next string // the cursor of the invites that follow, when some may
	if walk {
		for inv, err := range client.AllInvites(ctx, params) {
			if err != nil {
				return err
			}
			if o.status != "" && string(inv.Status) != o.status {
				continue
			}
			if emails != nil {
				if _, ok := emails[emailKey(inv.Email)]; !ok {
					continue
				}
				emails[emailKey(inv.Email)] = true
			}
			if !o.all && len(found) == want {
				next = found[len(found)-1].ID
				break
			}
			found = append(found, inv)
		}
	} else {
		page, err := client.ListInvites(ctx, params)
		if err != nil {
			return err
		}
		found = page.Data
		if page.HasMore && len(page.Data) > 0 {
			next = page.Data[len(page.Data)-1].ID
			if page.LastID != nil && *page.LastID != "" {
				next = *page.LastID
			}
		}
	}

	format := c.outputFormat(output.Table)
	if len(found) == 0 && format == output.Table {
		fmt.Fprintln(c.stderr, "invites: no invites"+statusSuffix(o.status)+emailSuffix(emails))
	} else if err := output.Write(c.stdout, format, inviteRows(found, format), output.Options{Local: c.local, Width: c.tableWidth(format)}); err != nil {
		return err
	}
	if next == "" {
		for _, e := range o.emailsWithout(emails) {
			fmt.Fprintln(c.stderr, output.Printable("invites: "+e+": missing: no invite for this email"+statusSuffix(o.status)))
		}
	}
	if next != "" {
		fmt.Fprintf(c.stderr, "invites: more invites follow: add --after %s for the next ones, or --all for every one\n", output.Printable(next))
	}
	return nil
}

// defaultListLimit is how many invites list shows without -n: the API's
// default page.
const defaultListLimit = api.DefaultListInvitesLimit

func statusSuffix(status string) string {
	if status == "" {
		return ""
	}
	return " with status " + status
}

// emailFilter checks the addresses of --email, each given once or as a
// comma-separated list, and returns them by emailKey, each marked not yet
// found; nil without --email.
func (o *listOptions) emailFilter() (map[string]bool, error) {
	if len(o.emails) == 0 {
		return nil, nil
	}
	emails := map[string]bool{}
	for _, given := range o.emails {
		for e := range strings.SplitSeq(given, ",") {
			e = strings.TrimSpace(e)
			if e == "" {
				continue
			}
			var err error
			if !strings.Contains(e, "@") {
				err = fmt.Errorf("%q is not an email address", output.Printable(e))
			} else {
				_, err = classify(e)
			}
			if err != nil {
				return nil, usageErrorf("--email: %v", err)
			}
			emails[emailKey(e)] = false
		}
	}
	if len(emails) == 0 {
		return nil, usageErrorf("--email needs an address, such as --email ada@example.com")
	}
	return emails, nil
}

// emailsWithout returns the addresses of --email, as given, whose invites
// the walk did not find.
func (o *listOptions) emailsWithout(found map[string]bool) []string {
	var missing []string
	seen := map[string]bool{}
	for _, given := range o.emails {
		for e := range strings.SplitSeq(given, ",") {
			e = strings.TrimSpace(e)
			if k := emailKey(e); e != "" && !found[k] && !seen[k] {
				seen[k] = true
				missing = append(missing, e)
			}
		}
	}
	return missing
}

func emailSuffix(emails map[string]bool) string {
	if emails == nil {
		return ""
	}
	return " for " + output.Plural(len(emails), "email")
}
