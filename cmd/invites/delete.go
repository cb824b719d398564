package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var deleteCommand = &command{
	name:    "delete",
	args:    "ID|EMAIL...|- [flags]",
	summary: "revoke invites",
	help: `
Revoke invites, given by id or email (an email stands for its pending
invite); - reads them from stdin. On a terminal it shows them and asks first;
-y skips the question, and scripts need it. Each gets a result: revoked,
missing, failed, would_revoke (--dry-run), unknown or not_sent (stopped); it
says revoked only when the API did. A missing one fails the run unless
--ignore-missing. Exit status 0 only when nothing is left to do.`,
	doc: "everyday-commands",
	example: `
invites delete invite-abc123 ada@example.com
invites delete ada@example.com --dry-run
invites list --all --status expired -o ids | xargs invites delete -y --ignore-missing
cut -d, -f1 leavers.csv | invites delete - -y --results revoked.csv`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &deleteOptions{}
		o.register(fs, "deletes")
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		flags.Alias(fs, "yes", "y")
		fs.BoolVar(&o.ignoreMissing, "ignore-missing", false, "succeed when an invite is gone, an email has none, or no ids are given")
		fs.BoolVar(&o.dryRun, "dry-run", false, "check that each invite exists; revoke nothing")
		return o.run
	},
}

type deleteOptions struct {
	bulkOptions
	yes           bool
	ignoreMissing bool
	dryRun        bool
}

// deleteColumns are the fields of a delete's result: email is the email
// address the invite was given by, empty when it was given by its id.
var deleteColumns = []string{"id", "result", "reason", "email"}

// deleteLayout is how delete's results give way on a narrow terminal: the
// id and the email (the key of a row given by email) are never cut; the
// reason is cut, then left out; the result is left out last. An id (31
// characters) and an email whole fit in 50 columns when the email has at
// most 17 characters; a longer one makes the lines longer than the
// terminal.
var deleteLayout = output.Layout{
	Whole: []string{"id", "email"},
	Cut:   []string{"reason"},
	Drop:  []string{"reason", "result"},
}

// deleteResult is what happened to one invite.
type deleteResult struct {
	id      string // "" for an email with no pending invite
	email   string // the email given, when the invite was given by email
	inv     *api.Invite
	outcome bulk.Outcome
	reason  string
	usage   bool // the SDK refused the id before sending it
}

// Values returns the row's cells.
func (r *deleteResult) Values() []any { return []any{r.id, string(r.outcome), r.reason, r.email} }

// Outcome is the id's outcome, such as revoked or missing.
func (r *deleteResult) Outcome() bulk.Outcome { return r.outcome }

// OutputID is the id that -o ids prints: the invite's when it was revoked.
func (r *deleteResult) OutputID() string {
	if r.outcome == bulk.Revoked {
		return r.id
	}
	return ""
}

// name is how messages name the row: its id, and the email it was given
// by.
func (r *deleteResult) name() string {
	switch {
	case r.email == "":
		return r.id
	case r.id == "":
		return r.email
	}
	return r.email + " (" + r.id + ")"
}

func (o *deleteOptions) run(ctx context.Context, c *cli, args []string) error {
	if err := o.check(); err != nil {
		return err
	}
	targets, fromStdin, err := o.targets(c, args)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		// Nothing to revoke: the results, header only, say so, as
		// import's and prune's do.
		fmt.Fprintln(c.stderr, "invites: no invite ids or emails: nothing to revoke")
		out, err := c.openResults(&o.bulkOptions, output.Table, false)
		if err != nil {
			return err
		}
		defer out.Discard()
		return o.report(c, out, nil, bulk.Run{})
	}
	what := "revoke " + targets[0].input
	if len(targets) > 1 {
		what = "revoke " + output.Plural(len(targets), "invite")
	}
	ask, err := c.needConfirmation(o.yes || o.dryRun, what)
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
	out.Layout = deleteLayout
	defer done()

	results, emails, err := resolveTargets(ctx, client, targets)
	if err != nil {
		return err // nothing was sent: the results are not written
	}
	if emails > 0 {
		withPending := map[string]bool{}
		for _, res := range results {
			if res.email != "" && res.id != "" {
				withPending[emailKey(res.email)] = true
			}
		}
		fmt.Fprintf(c.stderr, "invites: %s given, found with one walk of the invites: %d with a pending invite, %d without\n",
			output.Plural(emails, "email"), len(withPending), emails-len(withPending))
	}
	if o.dryRun {
		return o.dryRunReport(ctx, c, client, out, results)
	}
	if ask {
		ok, err := o.confirmDelete(ctx, c, client, out, results)
		if err != nil || !ok {
			return err
		}
	}
	var toSend []int // the invites not settled by the resolution or the confirmation's look-up
	for i, res := range results {
		if res.outcome == "" {
			toSend = append(toSend, i)
		}
	}
	run := c.newRunner(&o.bulkOptions, "revoking", deleteEndpoint, len(toSend)).Run(ctx, len(toSend), func(ctx context.Context, k int) error {
		return revoke(ctx, client, results[toSend[k]].id, o.pace)
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

// targets returns the invites to revoke: the arguments, with "-" standing
// for those read from stdin, each once, in the order first given (a second
// request for an id would find it gone and call it missing); an email given
// twice, in any case, is one. An input that is neither an id nor an email is
// a usage error naming it, before anything is sent. No input at all is a
// usage error, unless it was to come from stdin or --ignore-missing is
// given: an empty list then has nothing to revoke.
func (o *deleteOptions) targets(c *cli, args []string) (targets []target, fromStdin bool, err error) {
	seen := map[string]bool{}
	var bad []error
	add := func(s string) {
		t, err := classify(s)
		if err != nil {
			bad = append(bad, err)
			return
		}
		key := t.input
		if t.email {
			key = "@" + emailKey(t.input)
		}
		if !seen[key] {
			seen[key] = true
			targets = append(targets, t)
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
	if len(bad) > 0 {
		msgs := make([]string, len(bad))
		for i, err := range bad {
			msgs[i] = err.Error()
		}
		return nil, false, c.badInput(usageErrorf("%s; nothing was revoked", strings.Join(msgs, "; ")))
	}
	if len(args) == 0 && !o.ignoreMissing {
		return nil, false, usageErrorf("delete needs an invite id or email, such as 'invites delete invite-abc123', or - to read them from stdin (see the ids with 'invites list'; add --ignore-missing to accept an empty list)")
	}
	return targets, fromStdin, nil
}

// resolveTargets returns a result for each invite to revoke, in the order
// given: an id as it is, an email as its pending invite, found by one walk
// of every invite for all the emails together. An email with no pending
// invite is missing, with the reason (accepted, expired, none); an invite
// given twice, by its id and its email, is revoked once. It also returns how
// many inputs were emails.
func resolveTargets(ctx context.Context, client *api.Client, targets []target) ([]*deleteResult, int, error) {
	var emails []string
	for _, t := range targets {
		if t.email {
			emails = append(emails, t.input)
		}
	}
	matches, err := resolveEmails(ctx, client, emails)
	if err != nil {
		return nil, 0, err
	}
	var results []*deleteResult
	byID := map[string]*deleteResult{}
	add := func(res *deleteResult) {
		if res.id == "" {
			results = append(results, res)
			return
		}
		if first := byID[res.id]; first != nil {
			if first.email == "" {
				first.email, first.inv = res.email, res.inv
			}
			return
		}
		byID[res.id] = res
		results = append(results, res)
	}
	for _, t := range targets {
		if !t.email {
			add(&deleteResult{id: t.input})
			continue
		}
		m := matches.lookup(t.input)
		if len(m.pending) == 0 {
			add(&deleteResult{email: t.input, outcome: bulk.Missing, reason: m.missingReason(true)})
			continue
		}
		for i := range m.pending {
			add(&deleteResult{id: m.pending[i].ID, email: t.input, inv: &m.pending[i]})
		}
	}
	return results, len(emails), nil
}

// lookUp finds the invites of the results not yet known, with one GET each:
// an id the API does not know gets its missing result now. It returns the
// invites found.
func lookUp(ctx context.Context, c *cli, client *api.Client, results []*deleteResult) ([]api.Invite, error) {
	var found []api.Invite
	for _, res := range results {
		if res.outcome != "" {
			continue
		}
		if res.inv == nil {
			inv, err := client.GetInvite(ctx, res.id)
			switch {
			case inviteNotFound(err):
				res.settle(err, c.settings)
				continue
			case err != nil:
				return nil, err
			}
			res.inv = inv
		}
		found = append(found, *res.inv)
	}
	return found, nil
}

// dryRunReport checks that each invite exists, by its GET or the walk that
// found its email, and reports would_revoke for each one found: nothing that
// changes state is sent.
func (o *deleteOptions) dryRunReport(ctx context.Context, c *cli, client *api.Client, out *bulk.Sink, results []*deleteResult) error {
	found, err := lookUp(ctx, c, client, results)
	if err != nil {
		return err
	}
	for _, res := range results {
		if res.outcome == "" {
			res.outcome = bulk.WouldRevoke
		}
	}
	err = o.report(c, out, results, bulk.Run{})
	fmt.Fprintf(c.stderr, "invites: dry run: would revoke %s; nothing was sent\n", output.Plural(len(found), "invite"))
	return err
}

// confirmDelete looks the invites up, shows them and asks. An id that is
// missing gets its result now; it reports false when nothing is left to do
// or the answer is no.
func (o *deleteOptions) confirmDelete(ctx context.Context, c *cli, client *api.Client, out *bulk.Sink, results []*deleteResult) (bool, error) {
	found, err := lookUp(ctx, c, client, results)
	if err != nil {
		return false, err
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
// verdict of the results (a missing invite fails the run unless
// --ignore-missing), or a usage error for an id the SDK refuses.
func (o *deleteOptions) report(c *cli, out *bulk.Sink, results []*deleteResult, run bulk.Run) error {
	rep := bulk.NewReport("delete", "", o.dryRun)
	bulk.Add(rep, results)
	usage := false
	for _, res := range results {
		switch {
		case res.outcome == bulk.Missing && o.ignoreMissing:
			fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %s; ignored (--ignore-missing)", res.name(), res.reason)))
		case res.outcome == bulk.Missing:
			fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %s; add --ignore-missing if that is fine", res.name(), res.reason)))
		case res.outcome == bulk.Failed:
			fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %s", res.name(), res.reason)))
			usage = usage || res.usage
		}
	}
	if err := out.Commit(deleteColumns, rep); err != nil {
		return err
	}
	if waited := o.waitedText(); waited != "" {
		fmt.Fprintf(c.stderr, "invites: %s: %d revoked%s\n", output.Plural(len(results), "invite"), rep.Count(bulk.Revoked), waited)
	}
	c.reportRemaining(rep, run, "invite", "run the same command again with --ignore-missing to do the rest")
	verdict := rep.Verdict(run.Stop, !o.ignoreMissing)
	if usage && verdict != bulk.Stopped {
		return &exitError{code: exitUsage}
	}
	return verdictError(verdict)
}
