package main

import (
	"context"
	"flag"
)

var helpCommand = &command{
	name:    "help",
	args:    "[COMMAND]",
	summary: "show the commands, or a command's flags with an example",
	help: `
Show the commands and the global flags, or, given a command's name, that
command's flags with an example: "invites help import" is "invites import
--help".`,
	example: `
invites help
invites help import`,
	offline: true,
	bind:    func(*flag.FlagSet) runFunc { return runHelp },
}

func runHelp(_ context.Context, c *cli, args []string) error {
	switch {
	case len(args) == 0:
		printTopHelp(c.stdout, c.commands, c.helpWidth())
	case len(args) > 1:
		return usageErrorf("help takes one command name, got %d arguments", len(args))
	case c.lookup(args[0]) == nil:
		return c.unknownCommand(args[0])
	default:
		printCommandHelp(c.stdout, c.lookup(args[0]), c.helpWidth())
	}
	return nil
}
