// Command invites manages the invites of an OpenAI organization from a
// terminal: list, create, look up and revoke invites, import them in bulk from
// a CSV file, prune stale ones, and run a spec-validating mock server. Run
// "invites demo" to see the SDK at work without an admin key, and
// "invites --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/term"
)

// commands lists the subcommands in the order the help shows them.
var allCommands = []*command{demoCommand, listCommand, getCommand, createCommand, deleteCommand, importCommand, pruneCommand, mockServerCommand, completionCommand, helpCommand, versionCommand, completeCommand}

func main() {
	ctx, hardStop := stopContexts()
	e := &env{
		stdin:          os.Stdin,
		stdout:         os.Stdout,
		stderr:         os.Stderr,
		lookupEnv:      os.LookupEnv,
		stdinTerminal:  term.IsTerminal(os.Stdin),
		stdoutTerminal: term.IsTerminal(os.Stdout),
		stderrTerminal: term.IsTerminal(os.Stderr),
		hardStop:       hardStop,
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
	code := run(ctx, os.Args[1:], e)
	os.Exit(code) //nolint:gocritic // the trackers need no stopping once the process exits
}

// stopContexts returns the contexts that signals end. The first Ctrl-C ends
// ctx: a prompt ends at once, and the bulk commands stop starting work, let
// the requests in flight finish and write their results; the command then
// exits with 130. A second Ctrl-C, or SIGTERM, or SIGHUP (the terminal
// closed, or an SSH session dropped; unless nohup ignores it), ends both:
// bulk commands abandon the requests in flight and write their results,
// with those requests as unknown. After that, the signals' default action
// is back, so that a further Ctrl-C ends the process at once whatever it is
// doing.
func stopContexts() (ctx, hardStop context.Context) {
	hardStop, stopHard := context.WithCancel(context.Background())
	ctx, stopSoft := context.WithCancel(hardStop)
	signals := make(chan os.Signal, 2)
	stops := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		// Under nohup, SIGHUP stays ignored.
		stops = append(stops, syscall.SIGHUP)
	}
	signal.Notify(signals, stops...)
	go func() {
		if sig := <-signals; sig == os.Interrupt {
			stopSoft()
			<-signals
		}
		signal.Reset(stops...)
		stopHard()
	}()
	return ctx, hardStop
}
