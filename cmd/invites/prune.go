package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var pruneCommand = &command{
	name:    "prune",
	args:    "--status expired|pending [flags]",
	summary: "revoke invites by status and age",
	help: `
Revoke every invite with this status created more than --older-than ago (any
age by default; 30d, 2w, 36h), such as the stale invites nobody accepted. On
a terminal it lists them and asks first; -y skips the question, and scripts
need it; --dry-run only lists them. The results (revoked, missing, failed,
unknown, not_sent, would_revoke) go to stdout or --results FILE, as import's
do. Run the same command again to finish: what is revoked no longer matches.`,
	doc: "prune",
	example: `
invites prune --status expired --dry-run
invites prune --status expired --older-than 30d --yes --results pruned.csv
invites prune --status pending --older-than 2w -o json`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &pruneOptions{}
		fs.Var(&flags.Choice{Value: &o.status, Choices: pruneStatuses, Strict: true}, "status", "revoke invites with this `status`: expired or pending (required)")
		fs.Var(&o.olderThan, "older-than", "only invites created more than this `age` ago: days (30d), weeks (2w) or a Go duration (36h)")
		fs.BoolVar(&o.dryRun, "dry-run", false, "list what would be revoked; send nothing")
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		flags.Alias(fs, "yes", "y")
		o.register(fs, "deletes")
		return o.run
	},
}

// pruneStatuses are the statuses that prune --status accepts.
var pruneStatuses = []string{string(api.InviteStatusExpired), string(api.InviteStatusPending)}

type pruneOptions struct {
	status    string
	olderThan flags.Age
	dryRun    bool
	yes       bool
	bulkOptions
}

// pruneResult is the outcome for one invite.
type pruneResult struct {
	inv    api.Invite
	Result bulk.Outcome
	Reason string
}

// pruneLayout is how prune's results give way on a narrow terminal: the id
// is never cut; the email and the reason may be cut; the status (the same
// on every row), the time, the role, the reason, the email and the result
// are left out in that order. At 50 columns the results show the id and the
// result.
var pruneLayout = output.Layout{
	Whole: []string{"id"},
	Cut:   []string{"email", "reason"},
	Drop:  []string{"status", "created_at", "role", "reason", "email", "result"},
}

var pruneResultColumns = []string{"id", "email", "role", "status", "created_at", "result", "reason"}

// Values returns the row's cells.
func (r *pruneResult) Values() []any {
	return []any{r.inv.ID, r.inv.Email, string(r.inv.Role), string(r.inv.Status), unixTime(&r.inv.CreatedAt), string(r.Result), r.Reason}
}

// Outcome is the row's outcome, such as revoked or failed.
func (r *pruneResult) Outcome() bulk.Outcome { return r.Result }

func (o *pruneOptions) run(ctx context.Context, c *cli, args []string) error {
	if err := noArguments("prune", args); err != nil {
		return err
	}
	if o.status == "" {
		return usageErrorf("prune needs --status expired or --status pending")
	}
	if err := o.check(); err != nil {
		return err
	}
	ask, err := c.needConfirmation(o.yes || o.dryRun, "revoke invites")
	if err != nil {
		return err
	}
	// what describes n matching invites: "3 expired invites created more
	// than 720h ago".
	what := func(n int) string {
		s := output.Plural(n, o.status+" invite")
		if o.olderThan.D > 0 {
			s += " created more than " + o.olderThan.String() + " ago"
		}
		return s
	}

	client, out, done, err := c.startBulk(&o.bulkOptions, output.CSV, true)
	if err != nil {
		return err
	}
	defer done()
	out.Layout = pruneLayout
	rep := bulk.NewReport("prune", "", o.dryRun, bulk.Revoked, bulk.Missing, bulk.Failed)
	if o.dryRun {
		rep = bulk.NewReport("prune", "", o.dryRun, bulk.WouldRevoke)
	}
	matches, err := o.matching(ctx, c, client)
	if err != nil {
		return err // nothing was sent: the results are not written
	}
	rep.Summary["invites"] = len(matches)
	results := make([]*pruneResult, len(matches))
	for i, inv := range matches {
		results[i] = &pruneResult{inv: inv}
	}
	switch {
	case len(matches) == 0:
		fmt.Fprintf(c.stderr, "invites: %s: nothing to revoke\n", strings.Replace(what(0), "0 ", "no ", 1))
		return out.Commit(pruneResultColumns, rep)
	case o.dryRun:
		for _, res := range results {
			res.Result = bulk.WouldRevoke
		}
		bulk.Add(rep, results)
		if err := out.Commit(pruneResultColumns, rep); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "invites: dry run: would revoke %s; nothing was sent\n", what(len(matches)))
		return nil
	case ask:
		_ = c.writeInviteTable(matches)
		yes, err := c.confirm(ctx, fmt.Sprintf("Revoke %s?", what(len(matches))))
		if err != nil {
			return err
		}
		if !yes {
			fmt.Fprintln(c.stderr, "invites: nothing revoked")
			return errReported
		}
	}

	run := c.newRunner(&o.bulkOptions, "revoking", deleteEndpoint, len(matches)).Run(ctx, len(matches), func(ctx context.Context, i int) error {
		return revoke(ctx, client, matches[i].ID, o.pace)
	}, func(i int, err error) bulk.Outcome {
		res := results[i]
		switch {
		case err == nil:
			res.Result = bulk.Revoked
		case inviteNotFound(err):
			// Listed, then gone: not revoked by this run, so never
			// counted as revoked, nor said to be revoked at all.
			res.Result, res.Reason = bulk.Missing, reasonGone
		default:
			res.Result, res.Reason = bulk.Failed, c.reason(err)
		}
		return res.Result
	})
	for i, outcome := range run.Unfinished() {
		results[i].Result, results[i].Reason = outcome, outcome.Reason()
	}
	bulk.Add(rep, results)
	if err := out.Commit(pruneResultColumns, rep); err != nil {
		return err
	}
	line := fmt.Sprintf("invites: %s: %d revoked, %d missing (gone before this run revoked them), %d failed",
		what(len(matches)), rep.Count(bulk.Revoked), rep.Count(bulk.Missing), rep.Count(bulk.Failed))
	if n := rep.Count(bulk.Unknown); n > 0 {
		line += fmt.Sprintf(", %d unknown", n)
	}
	if n := rep.Count(bulk.NotSent); n > 0 {
		line += fmt.Sprintf(", %d not sent", n)
	}
	fmt.Fprintln(c.stderr, output.Printable(line+o.waitedText()+"; results "+o.results.Describe()))
	c.reportRemaining(rep, run, "invite", "run the same command again to do the rest")
	return verdictError(rep.Verdict(run.Stop, false))
}

// reasonGone is the reason of an invite that prune listed and then found
// gone when it tried to revoke it.
const reasonGone = "no such invite any more: it was listed, then gone before this run could revoke it (revoked by someone else?); not revoked by this run"

// matching walks every invite and returns those that prune revokes.
func (o *pruneOptions) matching(ctx context.Context, c *cli, client *api.Client) ([]api.Invite, error) {
	cutoff := api.UnixTime(c.now().Add(-o.olderThan.D).Unix())
	var matches []api.Invite
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(walkPageSize)}) {
		if err != nil {
			return nil, err
		}
		if string(inv.Status) == o.status && (o.olderThan.D == 0 || inv.CreatedAt < cutoff) {
			matches = append(matches, inv)
		}
	}
	return matches, nil
}
