package main

import (
	"fmt"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
)

// Exit codes.
const (
	exitOK      = 0 // success: nothing is left to do
	exitFailure = 1 // the API or the run failed; in a bulk command, work remains
	exitUsage   = 2 // the command line is wrong, or a required setting is missing
	// exitInterrupted is what shells give a process that SIGINT ended
	// (128+2): a command stopped by Ctrl-C or SIGTERM exits with it, after
	// writing what it must.
	exitInterrupted = 130
)

// exitError is an error with its own exit code. An empty message prints
// nothing: the command has already said what went wrong.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageErrorf is an error in the command line or the settings: exit code 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// errInterrupted ends a command that Ctrl-C stopped, with exit code 130,
// after it has said what it did.
var errInterrupted = &exitError{code: exitInterrupted}

// errReported ends a command with exit code 1 after it has reported its
// failures itself (an import with failed rows, say).
var errReported = &exitError{code: exitFailure}

// verdictError is the error that gives a bulk command's verdict its exit
// code: 0 when nothing is left to do, 1 when rows failed or a failure
// stopped the run, 130 when Ctrl-C or SIGTERM stopped it.
func verdictError(v bulk.Verdict) error {
	switch v {
	case bulk.Stopped:
		return errInterrupted
	case bulk.Failures:
		return errReported
	}
	return nil
}
