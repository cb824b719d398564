package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var getCommand = &command{
	name:    "get",
	args:    "ID|EMAIL [flags]",
	summary: "show one invite",
	help: `
Show one invite: email, role, status, when it was created, expires and was
accepted, and its projects. An email stands for its pending invite, found
with one walk of the invites; an email without one fails, saying whether its
invite was accepted or expired.`,
	doc: "everyday-commands",
	example: `
invites get invite-abc123
invites get ada@example.com -o json
invites get invite-abc123 -o 'template={{.email}} {{.status}}'`,
	bind: func(fs *flag.FlagSet) runFunc { return runGet },
}

// oneID returns the single invite id or email a command takes; the SDK
// checks an id.
func oneID(name string, args []string) (target, error) {
	switch {
	case len(args) == 0:
		return target{}, usageErrorf("%s needs an invite id or email, such as 'invites %s invite-abc123' (see the ids with 'invites list')", name, name)
	case len(args) > 1:
		return target{}, usageErrorf("%s takes one invite id or email, got %d arguments", name, len(args))
	}
	return classify(args[0])
}

func runGet(ctx context.Context, c *cli, args []string) error {
	t, err := oneID("get", args)
	if err != nil {
		return c.badInput(err)
	}
	return c.showInvite(ctx, func(ctx context.Context, client *api.Client) (*api.Invite, error) {
		if !t.email {
			return client.GetInvite(ctx, t.input)
		}
		return pendingInviteOf(ctx, client, t.input)
	})
}

// pendingInviteOf returns the pending invite of email, found with one walk
// of the invites, or an error naming the email and saying why it has none.
func pendingInviteOf(ctx context.Context, client *api.Client, email string) (*api.Invite, error) {
	matches, err := resolveEmails(ctx, client, []string{email})
	if err != nil {
		return nil, err
	}
	m := matches.lookup(email)
	switch len(m.pending) {
	case 0:
		return nil, fmt.Errorf("%s: missing: %s (see its invites with 'invites list --email %s')", output.Printable(email), m.missingReason(false), output.Printable(email))
	case 1:
		return &m.pending[0], nil
	}
	ids := make([]string, len(m.pending))
	for i, inv := range m.pending {
		ids[i] = output.Printable(inv.ID)
	}
	return nil, fmt.Errorf("%s has %d pending invites (%s): name one by its id", output.Printable(email), len(ids), strings.Join(ids, ", "))
}
