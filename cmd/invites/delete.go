package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var deleteCommand = &command{
	name:    "delete",
	args:    "ID...|- [-y] [--ignore-missing] [--concurrency N] [--results FILE] [-o FORMAT]",
	summary: "revoke invites",
	help: `
Revoke the invites with these ids, so that they can no longer be accepted; -
reads the ids from stdin, separated by spaces or lines. An id given twice is
revoked once. On a terminal it shows
the invites and asks first; -y (--yes) skips the question, and is required
when stdin is not a terminal (in scripts) or holds the ids. An accepted invite
cannot be revoked. It says revoked only when the API answers that the invite
was deleted.

Each id gets a result: revoked, missing (no such invite: already revoked, or
never there), failed with the reason, or, when Ctrl-C or SIGTERM stopped the
run first, unknown (in flight: it may or may not have been revoked) or
not_sent. A missing id fails the run unless --ignore-missing is given, so
that a script revoking invites that may be gone already succeeds; with
--ignore-missing and no ids at all (an empty list from a pipe), there is
nothing to revoke and the run succeeds. Ids are revoked N at a time
(--concurrency), pausing when the API rate-limits them. -o json, jsonl and
csv print the results for scripts, or --results FILE keeps them; -o ids
prints the revoked ids.`,
	example: `
invites delete invite-abc123
invites delete invite-abc123 invite-def456 --yes
invites list --all --status expired -o ids | xargs invites delete -y --ignore-missing
invites list --all --status expired -o ids | invites delete - -y --results revoked.csv`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &deleteOptions{}
		o.register(fs, "invites to revoke")
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		flags.Alias(fs, "yes", "y")
		fs.BoolVar(&o.ignoreMissing, "ignore-missing", false, "succeed when an invite is already gone, or when there are no ids at all")
		return o.run
	},
}

type deleteOptions struct {
	bulkOptions
	yes           bool
	ignoreMissing bool
}

// deleteColumns are the fields of a delete's result.
var deleteColumns = []string{"id", "result", "reason"}

// deleteResult is what happened to one id.
type deleteResult struct {
	id      string
	outcome bulk.Outcome
	reason  string
	usage   bool // the SDK refused the id before sending it
}

// Values returns the row's cells.
func (r *deleteResult) Values() []any { return []any{r.id, string(r.outcome), r.reason} }

// Outcome is the id's outcome, such as revoked or missing.
func (r *deleteResult) Outcome() bulk.Outcome { return r.outcome }

// OutputID is the id that -o ids prints: the invite's when it was revoked.
func (r *deleteResult) OutputID() string {
	if r.outcome == bulk.Revoked {
		return r.id
	}
	return ""
}

func (o *deleteOptions) run(ctx context.Context, c *cli, args []string) error {
	if err := o.check(); err != nil {
		return err
	}
	ids, fromStdin, err := o.ids(c, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fmt.Fprintln(c.stderr, "invites: no invite ids: nothing to revoke")
		return nil
	}
	what := "revoke " + ids[0]
	if len(ids) > 1 {
		what = "revoke " + output.Plural(len(ids), "invite")
	}
	ask, err := c.needConfirmation(o.yes, what)
	if err != nil {
		return err
	}
	if ask && fromStdin {
		return usageErrorf("delete - reads the ids from stdin, so it cannot ask for confirmation there: add --yes")
	}
	client, out, done, err := c.startBulk(&o.bulkOptions, output.Table, false)
	if err != nil {
		return err
	}
	out.Layout = output.Layout{Whole: []string{"id", "result"}} // the reason is cut
	defer done()

	results := make([]*deleteResult, len(ids))
	for i, id := range ids {
		results[i] = &deleteResult{id: id}
	}
	if ask {
		ok, err := o.confirmDelete(ctx, c, client, out, results)
		if err != nil || !ok {
			return err
		}
	}
	var toSend []int // the ids not settled by the confirmation's look-up
	for i, res := range results {
		if res.outcome == "" {
			toSend = append(toSend, i)
		}
	}
	run := c.newRunner(&o.bulkOptions, "revoking", len(toSend)).Run(ctx, len(toSend), func(ctx context.Context, k int) error {
		return revoke(ctx, client, ids[toSend[k]])
	}, func(k int, err error) bulk.Outcome {
		res := results[toSend[k]]
		res.settle(err, c.settings)
		return res.outcome
	})
	for k, outcome := range run.Unfinished() {
		results[toSend[k]].outcome, results[toSend[k]].reason = outcome, outcome.Reason()
	}
	return o.report(c, out, results, run)
}

// ids returns the ids to revoke: the arguments, with "-" standing for the
// ids read from stdin, each id once, in the order first given (a second
// request for an id would find it gone and call it missing). No ids at all
// is a usage error, unless they were to come from stdin or --ignore-missing
// is given: an empty list then has nothing to revoke.
func (o *deleteOptions) ids(c *cli, args []string) (ids []string, fromStdin bool, err error) {
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, a := range args {
		if a != "-" {
			add(a)
			continue
		}
		if fromStdin {
			return nil, false, usageErrorf("delete reads stdin once: give - once")
		}
		fromStdin = true
		c.stdinHolds = "the invite ids"
		sc := bufio.NewScanner(c.stdin)
		sc.Split(bufio.ScanWords)
		for sc.Scan() {
			add(sc.Text())
		}
		if err := sc.Err(); err != nil {
			return nil, false, fmt.Errorf("reading the ids from stdin: %w", err)
		}
	}
	if len(args) == 0 && !o.ignoreMissing {
		return nil, false, usageErrorf("delete needs an invite id, such as 'invites delete invite-abc123', or - to read them from stdin (see the ids with 'invites list'; add --ignore-missing to accept an empty list)")
	}
	return ids, fromStdin, nil
}

// confirmDelete looks the invites up, shows them and asks. An id that is
// missing gets its result now; it reports false when nothing is left to do
// or the answer is no.
func (o *deleteOptions) confirmDelete(ctx context.Context, c *cli, client *api.Client, out *bulk.Sink, results []*deleteResult) (bool, error) {
	var found []api.Invite
	for _, res := range results {
		inv, err := client.GetInvite(ctx, res.id)
		switch {
		case inviteNotFound(err):
			res.settle(err, c.settings)
		case err != nil:
			return false, err
		default:
			found = append(found, *inv)
		}
	}
	if len(found) == 0 {
		return false, o.report(c, out, results, bulk.Run{})
	}
	var question string
	if len(found) == 1 {
		if err := writeInviteDetails(c.stderr, &found[0], c.local); err != nil {
			return false, err
		}
		question = fmt.Sprintf("Revoke the invite for %s?", output.Printable(found[0].Email))
	} else {
		if err := c.writeInviteTable(found); err != nil {
			return false, err
		}
		question = fmt.Sprintf("Revoke these %s?", output.Plural(len(found), "invite"))
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

// settle records the outcome of revoking res's invite with the API and key
// of s.
func (res *deleteResult) settle(err error, s settings) {
	switch {
	case err == nil:
		res.outcome = bulk.Revoked
	case inviteNotFound(err):
		res.outcome, res.reason = bulk.Missing, "no such invite: already revoked, or never there"
		var apiErr *api.Error
		if errors.As(err, &apiErr) && apiErr.RequestID != "" {
			res.reason += " (request_id=" + output.Printable(apiErr.RequestID) + ")"
		}
	default:
		msg, code := describe(err, s)
		res.outcome, res.reason, res.usage = bulk.Failed, output.Printable(output.OneLine(msg)), code == exitUsage
	}
}

// report writes the results to out, says on
// stderr what failed, and returns the error that sets the exit code: the
// verdict of the results (a missing id fails the run unless
// --ignore-missing), or a usage error for an id the SDK refuses.
func (o *deleteOptions) report(c *cli, out *bulk.Sink, results []*deleteResult, run bulk.Run) error {
	rep := bulk.NewReport("delete", "", false)
	bulk.Add(rep, results)
	usage := false
	for _, res := range results {
		switch {
		case res.outcome == bulk.Missing && o.ignoreMissing:
			fmt.Fprintf(c.stderr, "invites: %s: already gone; ignored (--ignore-missing)\n", output.Printable(res.id))
		case res.outcome == bulk.Missing:
			fmt.Fprintf(c.stderr, "invites: %s: %s; add --ignore-missing if that is fine\n", output.Printable(res.id), res.reason)
		case res.outcome == bulk.Failed:
			fmt.Fprintf(c.stderr, "invites: %s: %s\n", output.Printable(res.id), res.reason)
			usage = usage || res.usage
		}
	}
	if err := out.Commit(deleteColumns, rep); err != nil {
		return err
	}
	c.reportRemaining(rep, run, "id", "run the same command again with --ignore-missing to do the rest")
	verdict := rep.Verdict(run.Stop, !o.ignoreMissing)
	if usage && verdict != bulk.Stopped {
		return &exitError{code: exitUsage}
	}
	return verdictError(verdict)
}
