package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/internal/version"
)

// runCommandLine runs the command line args (without the program name) and
// returns the exit code.
func runCommandLine(ctx context.Context, args []string, e *env) int {
	if e.now == nil {
		e.now = time.Now
	}
	if e.hardStop == nil {
		e.hardStop = context.WithoutCancel(ctx)
	}
	if e.local == nil {
		e.local = time.Local
	}
	// No message shows a key, whatever argument it quotes. Workers, the
	// progress line and the SDK's logger write to stderr at the same time.
	redactor := &redactingWriter{w: e.stderr}
	e.stderr = &lockedWriter{w: redactor}
	c := &cli{env: e, global: newGlobalFlags(), commands: e.commands, stop: ctx, redactor: redactor}

	top := flags.New("invites")
	c.global.register(top)
	showVersion := top.Bool("version", false, "print the version, the commit and its time, and exit")
	rest, err := flags.ParseUntilCommand(top, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printTopHelp(c.stdout, c.commands, c.helpWidth())
		return exitOK
	case err != nil:
		return c.fail(usageErrorf("%v (see 'invites --help')", err))
	case *showVersion:
		fmt.Fprintln(c.stdout, version.Get().String())
		return exitOK
	case len(rest) == 0:
		printTopHelp(c.stderr, c.commands, 0)
		return exitUsage
	}

	name, rest := rest[0], rest[1:]
	cmd := c.lookup(name)
	if cmd == nil {
		return c.fail(c.unknownCommand(name))
	}
	fs := flags.New("invites " + cmd.name)
	runCmd := cmd.bind(fs)
	c.global.register(fs)
	positional, err := flags.ParseInterspersed(fs, rest)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printCommandHelp(c.stdout, cmd, c.helpWidth())
		return exitOK
	case err != nil:
		return c.fail(usageErrorf("%s: %v (see 'invites %s --help')", cmd.name, err, cmd.name))
	}
	if err := c.global.check(); err != nil {
		return c.fail(err)
	}
	if c.global.utc {
		c.local = time.UTC
	}
	return c.fail(runCmd(ctx, c, positional))
}
