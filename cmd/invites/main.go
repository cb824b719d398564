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
)

func main() {
	ctx, hardStop := stopContexts()
	os.Exit(run(ctx, os.Args[1:], &env{
		stdin:          os.Stdin,
		stdout:         os.Stdout,
		stderr:         os.Stderr,
		lookupEnv:      os.LookupEnv,
		stdinTerminal:  isTerminal(os.Stdin),
		stdoutTerminal: isTerminal(os.Stdout),
		stderrTerminal: isTerminal(os.Stderr),
		hardStop:       hardStop,
	}))
}

// stopContexts returns the contexts that signals end. The first Ctrl-C ends
// ctx: a prompt ends at once, and the bulk commands stop starting work, let
// the requests in flight finish and write their results; the command then
// exits with 130. A second Ctrl-C, or SIGTERM, ends both: bulk
// commands abandon the requests in flight and write the results of the rows
// that finished. After that, the signals' default action is back, so that a
// further Ctrl-C ends the process at once whatever it is doing.
func stopContexts() (ctx, hardStop context.Context) {
	hardStop, stopHard := context.WithCancel(context.Background())
	ctx, stopSoft := context.WithCancel(hardStop)
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		if sig := <-signals; sig == os.Interrupt {
			stopSoft()
			<-signals
		}
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		stopHard()
	}()
	return ctx, hardStop
}

// isTerminal reports whether f is attached to a terminal: a character device
// other than the null device (which cron jobs and "< /dev/null" give as
// stdin).
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(info, null)
}
