package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/seed-a87280d7/invites/api"
)

var deleteCommand = &command{
	name:    "delete",
	args:    "ID... [-y] [--ignore-missing] [-o FORMAT]",
	summary: "revoke invites",
	help: `
Revoke the invites with these ids, so that they can no longer be accepted. On
a terminal it shows the invites and asks first; -y (--yes) skips the question,
and is required when stdin is not a terminal (in scripts). An accepted invite
cannot be revoked. It says revoked only when the API answers that the invite
was deleted.

Each id gets a result: revoked, missing (no such invite: already revoked, or
never there) or failed, with the reason. A missing id fails the run unless
--ignore-missing is given, so that a script revoking invites that may be gone
already succeeds. -o json, jsonl and csv print the results for scripts; -o ids
prints the revoked ids.`,
	example: `
invites delete invite-abc123
invites delete invite-abc123 invite-def456 --yes
invites list --all --status expired -o ids | xargs invites delete -y --ignore-missing`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &deleteOptions{}
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		alias(fs, "yes", "y")
		fs.BoolVar(&o.ignoreMissing, "ignore-missing", false, "succeed when an invite is already gone")
		return o.run
	},
}

type deleteOptions struct {
	yes           bool
	ignoreMissing bool
}

// Results of delete, besides revoked and failed.
const resultMissing = "missing"

// deleteColumns are the fields of a delete's result.
var deleteColumns = []string{"id", "result", "reason"}

// deleteResult is what happened to one id.
type deleteResult struct {
	id, result, reason string
	code               int // the exit code the result calls for
}

func (r *deleteResult) values() []any { return []any{r.id, r.result, r.reason} }

// outputID is the id that -o ids prints: the invite's when it was revoked.
func (r *deleteResult) outputID() string {
	if r.result == resultRevoked {
		return r.id
	}
	return ""
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
// yes (in any case) is a yes. Ctrl-C while it waits ends it at once with
// context.Canceled, so that the command stops with nothing done.
func (c *cli) confirm(ctx context.Context, question string) (bool, error) {
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
		fmt.Fprintln(c.stderr)
		return false, ctx.Err()
	}
	if !strings.HasSuffix(line, "\n") {
		fmt.Fprintln(c.stderr)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

func (o *deleteOptions) run(ctx context.Context, c *cli, ids []string) error {
	if len(ids) == 0 {
		return usageErrorf("delete needs an invite id, such as 'invites delete invite-abc123' (see the ids with 'invites list')")
	}
	what := "revoke " + ids[0]
	if len(ids) > 1 {
		what = "revoke " + plural(len(ids), "invite")
	}
	ask, err := c.needConfirmation(o.yes, what)
	if err != nil {
		return err
	}
	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()

	results := make([]*deleteResult, len(ids))
	for i, id := range ids {
		results[i] = &deleteResult{id: id}
	}
	if ask {
		ok, err := o.confirmDelete(ctx, c, client, results)
		if err != nil || !ok {
			return err
		}
	}
	for _, res := range results {
		if ctx.Err() != nil {
			break // interrupted: the rest are not tried
		}
		if res.result == "" { // else missing when looked up
			o.setResult(res, revoke(ctx, client, res.id))
		}
	}
	return o.report(c, results)
}

// confirmDelete looks the invites up, shows them and asks. An id that is
// missing gets its result now; it reports false when nothing is left to do
// or the answer is no.
func (o *deleteOptions) confirmDelete(ctx context.Context, c *cli, client *api.Client, results []*deleteResult) (bool, error) {
	var found []api.Invite
	for _, res := range results {
		inv, err := client.GetInvite(ctx, res.id)
		switch {
		case errors.Is(err, api.ErrNotFound):
			o.setResult(res, err)
		case err != nil:
			return false, err
		default:
			found = append(found, *inv)
		}
	}
	if len(found) == 0 {
		return false, o.report(c, results)
	}
	var question string
	if len(found) == 1 {
		if err := writeInviteDetails(c.stderr, &found[0], c.local); err != nil {
			return false, err
		}
		question = fmt.Sprintf("Revoke the invite for %s?", printable(found[0].Email))
	} else {
		if err := writeRows(c.stderr, formatTable, inviteRows(found), c.local, nil, false); err != nil {
			return false, err
		}
		question = fmt.Sprintf("Revoke these %s?", plural(len(found), "invite"))
	}
	yes, err := c.confirm(ctx, question)
	if err != nil {
		return false, err
	}
	if !yes {
		fmt.Fprintln(c.stderr, "invites: not revoked")
		return false, errReported
	}
	return true, nil
}

// setResult records the outcome of revoking res's invite.
func (o *deleteOptions) setResult(res *deleteResult, err error) {
	switch {
	case err == nil:
		res.result = resultRevoked
	case errors.Is(err, api.ErrNotFound):
		res.result, res.reason = resultMissing, "no such invite: already revoked, or never there"
		var apiErr *api.Error
		if errors.As(err, &apiErr) && apiErr.RequestID != "" {
			res.reason += " (request_id=" + apiErr.RequestID + ")"
		}
	default:
		var msg string
		msg, res.code = describe(err, "")
		res.result, res.reason = resultFailed, printable(oneLine(msg))
	}
}

// report prints the results of the ids that were tried, says on stderr
// what failed, and returns the error that sets the exit code: the highest
// that a result calls for (a failure, a usage error for an id the SDK
// refuses, 130 when interrupted), a failure for a missing id without
// --ignore-missing, and 130 when Ctrl-C left ids untried.
func (o *deleteOptions) report(c *cli, results []*deleteResult) error {
	r := &rows{columns: deleteColumns}
	code := exitOK
	for _, res := range results {
		if res.result == "" {
			code = max(code, exitInterrupted)
			continue
		}
		r.records = append(r.records, res)
		switch {
		case res.result == resultMissing && o.ignoreMissing:
			fmt.Fprintf(c.stderr, "invites: %s: already gone; ignored (--ignore-missing)\n", printable(res.id))
		case res.result == resultMissing:
			fmt.Fprintf(c.stderr, "invites: %s: %s; add --ignore-missing if that is fine\n", printable(res.id), res.reason)
			code = max(code, exitFailure)
		case res.result == resultFailed:
			fmt.Fprintf(c.stderr, "invites: %s: %s\n", printable(res.id), res.reason)
			code = max(code, res.code)
		}
	}
	if err := writeRows(c.stdout, c.outputFormat(formatTable), r, c.local, nil, false); err != nil {
		return err
	}
	if code == exitInterrupted {
		fmt.Fprintf(c.stderr, "invites: interrupted: %d of %d ids tried\n", len(r.records), len(results))
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// revoke deletes the invite, and fails unless the answer says it was
// deleted: an answer of deleted: false is never a revoke. The failure names
// the answer's request id, when it has one.
func revoke(ctx context.Context, client *api.Client, id string) error {
	var answer api.Response
	resp, err := client.DeleteInvite(ctx, id, api.WithResponseInto(&answer))
	if err != nil {
		return err
	}
	if !resp.Deleted {
		msg := "the API answered deleted: false: the invite was not revoked"
		if answer.RequestID != "" {
			msg += " (request_id=" + answer.RequestID + ")"
		}
		return errors.New(msg)
	}
	return nil
}
