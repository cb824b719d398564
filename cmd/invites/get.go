package main

import (
	"context"
	"flag"
)

var getCommand = &command{
	name:    "get",
	args:    "ID [--json]",
	summary: "show one invite",
	help: `
Show the invite with this id: email, role, status, when it was created,
expires and was accepted, and its projects. --json prints it as the API
returns it.`,
	example: `
invites get invite-abc123
invites get invite-abc123 --json`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &getOptions{}
		fs.BoolVar(&o.json, "json", false, "print the invite as JSON")
		return o.run
	},
}

type getOptions struct {
	json bool
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

func (o *getOptions) run(ctx context.Context, c *cli, args []string) error {
	id, err := oneID("get", args)
	if err != nil {
		return err
	}
	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()
	inv, err := client.GetInvite(ctx, id)
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(c.stdout, inv, "")
	}
	return writeInviteDetails(c.stdout, inv)
}
