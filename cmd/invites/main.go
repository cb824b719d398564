// Command invites manages the invites of an OpenAI organization from a
// terminal: list, create, look up and revoke invites, import them in bulk from
// a CSV file, prune stale ones, and run a spec-validating mock server. Run
// "invites demo" to see the SDK at work without an admin key, and
// "invites --help" for the commands.
package main

import (
	"os"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/term"
)

// commands lists the subcommands in the order the help shows them.
var allCommands = []*command{demoCommand, listCommand, getCommand, createCommand, deleteCommand, importCommand, pruneCommand, authCommand, mockServerCommand, completionCommand, helpCommand, versionCommand, completeCommand}

func main() {
	ctx, hardStop, holdStops := stopContexts()
	e := &env{
		stdin:          os.Stdin,
		stdout:         os.Stdout,
		stderr:         os.Stderr,
		lookupEnv:      os.LookupEnv,
		stdinTerminal:  term.IsTerminal(os.Stdin),
		stdoutTerminal: term.IsTerminal(os.Stdout),
		stderrTerminal: term.IsTerminal(os.Stderr),
		hardStop:       hardStop,
		holdStops:      holdStops,
		userConfigDir:  os.UserConfigDir,
		newAttempt:     newAttempt,
		commands:       allCommands,
	}
	if e.stdoutTerminal {
		t := term.Track(os.Stdout)
		defer t.Stop()
		e.stdoutWidth = t.Width
	}
	if e.stderrTerminal {
		t := term.Track(os.Stderr)
		defer t.Stop()
		e.stderrWidth = t.Width
	}
	code := runCommandLine(ctx, os.Args[1:], e)
	os.Exit(code) //nolint:gocritic // the trackers need no stopping once the process exits
}
