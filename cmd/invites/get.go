package main

import (
	"context"
	"flag"

	"github.com/seed-a87280d7/invites/api"
)

var getCommand = &command{
	name:    "get",
	args:    "ID [-o table|json|jsonl|csv|ids]",
	summary: "show one invite",
	help: `
Show the invite with this id: email, role, status, when it was created,
expires and was accepted, and its projects. -o json prints it as one JSON
object, with times in RFC 3339, UTC.`,
	example: `
invites get invite-abc123
invites get invite-abc123 -o json`,
	bind: func(fs *flag.FlagSet) runFunc { return runGet },
}

// oneID returns the single invite id a command takes; the SDK checks it.
func oneID(name string, args []string) (string, error) {
	switch {
	case len(args) == 0:
		return "", usageErrorf("%s needs an invite id, such as 'invites %s invite-abc123' (see the ids with 'invites list')", name, name)
	case len(args) > 1:
		return "", usageErrorf("%s takes one invite id, got %d arguments", name, len(args))
	}
	return args[0], nil
}

func runGet(ctx context.Context, c *cli, args []string) error {
	id, err := oneID("get", args)
	if err != nil {
		return err
	}
	return c.showInvite(ctx, func(ctx context.Context, client *api.Client) (*api.Invite, error) {
		return client.GetInvite(ctx, id)
	})
}
