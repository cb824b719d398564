package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/seed-a87280d7/invites/api"
)

var deleteCommand = &command{
	name:    "delete",
	args:    "ID [--yes]",
	summary: "revoke an invite",
	help: `
Revoke the invite with this id, so that it can no longer be accepted. On a
terminal it shows the invite and asks first; --yes skips the question, and is
required when stdin is not a terminal (in scripts). An accepted invite cannot
be revoked. It says revoked only when the API answers that the invite was
deleted.`,
	example: `
invites delete invite-abc123
invites delete invite-abc123 --yes`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &deleteOptions{}
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		return o.run
	},
}

type deleteOptions struct {
	yes bool
}

// needConfirmation reports whether the command must ask before acting, and
// fails when it cannot ask because stdin is not a terminal.
func (c *cli) needConfirmation(yes bool, what string) (bool, error) {
	if yes {
		return false, nil
	}
	if !c.stdinTerminal {
		return false, usageErrorf("refusing to %s without confirmation: stdin is not a terminal; add --yes", what)
	}
	return true, nil
}

// confirm asks question on stderr and reads the answer from stdin: only y or
// yes (in any case) is a yes. Ctrl-C while it waits is a no.
func (c *cli) confirm(ctx context.Context, question string) bool {
	fmt.Fprintf(c.stderr, "%s [y/N] ", question)
	answer := make(chan string, 1)
	go func() {
		line, err := bufio.NewReader(c.stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			line = ""
		}
		answer <- line
	}()
	var line string
	select {
	case line = <-answer:
	case <-ctx.Done():
	}
	if !strings.HasSuffix(line, "\n") {
		fmt.Fprintln(c.stderr)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

func (o *deleteOptions) run(ctx context.Context, c *cli, args []string) error {
	id, err := oneID("delete", args)
	if err != nil {
		return err
	}
	ask, err := c.needConfirmation(o.yes, "revoke "+id)
	if err != nil {
		return err
	}
	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()
	if ask {
		inv, err := client.GetInvite(ctx, id)
		if err != nil {
			return err
		}
		if err := writeInviteDetails(c.stderr, inv); err != nil {
			return err
		}
		if !c.confirm(ctx, fmt.Sprintf("Revoke the invite for %s?", printable(inv.Email))) {
			fmt.Fprintln(c.stderr, "invites: not revoked")
			return errReported
		}
	}
	if err := revoke(ctx, client, id); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "revoked %s\n", printable(id))
	return nil
}

// revoke deletes the invite, and fails unless the answer says it was
// deleted: an answer of deleted: false is never a revoke.
func revoke(ctx context.Context, client *api.Client, id string) error {
	resp, err := client.DeleteInvite(ctx, id)
	if err != nil {
		return err
	}
	if !resp.Deleted {
		return fmt.Errorf("the API answered deleted: false for %s: the invite was not revoked", printable(id))
	}
	return nil
}
