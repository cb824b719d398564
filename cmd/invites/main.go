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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first Ctrl-C the commands wind down cleanly; a second
		// one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	os.Exit(run(ctx, os.Args[1:], &env{
		stdin:      os.Stdin,
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		lookupEnv:  os.LookupEnv,
		isTerminal: isTerminal,
	}))
}

// isTerminal reports whether f is an *os.File attached to a terminal: a
// character device other than the null device (which cron jobs and
// "< /dev/null" give as stdin).
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	info, err := file.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(info, null)
}
