package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

var pruneCommand = &command{
	name:    "prune",
	args:    "--status expired|pending [--older-than AGE] [--dry-run] [-y] [--concurrency N] [--results FILE] [-o FORMAT]",
	summary: "revoke invites by status and age",
	help: `
Revoke every invite with the given status (expired or pending) that was
created more than --older-than ago (any age by default: an age such as 30d,
2w or 36h), such as the stale invites nobody accepted. On a terminal it lists
them and asks first; -y (--yes) skips the question and is required when stdin
is not a terminal; --dry-run only lists them.

The results (one row per invite: revoked, skipped when it was already gone,
failed with the reason, also when the API answers deleted: false, or
would_revoke with --dry-run) go to stdout (a table on a terminal, else CSV)
or to --results FILE, in the format of -o, as for import. Deletes run N at a
time and pause when the API rate-limits them; Ctrl-C stops cleanly, writes
the results of what finished and exits with 130; a second Ctrl-C, or
SIGTERM, abandons the deletes in flight and writes the results of what
finished until then.`,
	example: `
invites prune --status expired --dry-run
invites prune --status expired --older-than 30d --yes --results pruned.csv
invites prune --status pending --older-than 2w -o json`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &pruneOptions{}
		fs.Var(&choice{value: &o.status, choices: pruneStatuses, strict: true}, "status", "revoke invites with this `status`: expired or pending (required)")
		fs.Var(&o.olderThan, "older-than", "only invites created more than this `age` ago: days (30d), weeks (2w) or a Go duration (36h)")
		fs.BoolVar(&o.dryRun, "dry-run", false, "list what would be revoked; send nothing")
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		alias(fs, "yes", "y")
		fs.IntVar(&o.concurrency, "concurrency", 4, "how many invites to revoke at a time, `N` from 1 to "+strconv.Itoa(maxConcurrency))
		o.results.register(fs)
		return o.run
	},
}

// pruneStatuses are the statuses that prune --status accepts.
var pruneStatuses = []string{string(api.InviteStatusExpired), string(api.InviteStatusPending)}

type pruneOptions struct {
	status      string
	olderThan   age
	dryRun      bool
	yes         bool
	concurrency int
	results     resultsOptions
}

// pruneResult is the outcome for one invite.
type pruneResult struct {
	inv    api.Invite
	Result string
	Reason string
}

var pruneResultColumns = []string{"id", "email", "role", "status", "created_at", "result", "reason"}

func (r *pruneResult) values() []any {
	return []any{r.inv.ID, r.inv.Email, string(r.inv.Role), string(r.inv.Status), unixTime(&r.inv.CreatedAt), r.Result, r.Reason}
}

// result is the row's outcome, such as created or failed.
func (r *pruneResult) result() string { return r.Result }

// shortDuration writes a duration without trailing zero units: 720h, not 720h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (o *pruneOptions) run(ctx context.Context, c *cli, args []string) error {
	switch {
	case len(args) > 0:
		return usageErrorf("prune takes no arguments, got %q (see 'invites prune --help')", args[0])
	case o.status == "":
		return usageErrorf("prune needs --status expired or --status pending")
	}
	if err := checkConcurrency(o.concurrency); err != nil {
		return err
	}
	ask, err := c.needConfirmation(o.yes || o.dryRun, "revoke invites")
	if err != nil {
		return err
	}
	// what describes n matching invites: "3 expired invites created more
	// than 720h ago".
	what := func(n int) string {
		s := plural(n, o.status+" invite")
		if o.olderThan.d > 0 {
			s += " created more than " + o.olderThan.String() + " ago"
		}
		return s
	}

	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()
	out, err := o.results.open(c)
	if err != nil {
		return err
	}
	defer out.discard()
	rep := &report{Command: "prune", DryRun: o.dryRun, Summary: map[string]int{}}
	if o.dryRun {
		rep.Summary[resultWouldRevoke] = 0
	} else {
		rep.Summary[resultRevoked], rep.Summary[resultSkipped], rep.Summary[resultFailed] = 0, 0, 0
	}
	cutoff := api.UnixTime(c.now().Add(-o.olderThan.d).Unix())
	var matches []api.Invite
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(walkPageSize)}) {
		if err != nil {
			return err // nothing was sent: the results are not written
		}
		if string(inv.Status) == o.status && (o.olderThan.d == 0 || inv.CreatedAt < cutoff) {
			matches = append(matches, inv)
		}
	}
	rep.Summary["invites"] = len(matches)
	results := make([]*pruneResult, len(matches))
	for i, inv := range matches {
		results[i] = &pruneResult{inv: inv}
	}
	if len(matches) == 0 {
		fmt.Fprintf(c.stderr, "invites: %s: nothing to revoke\n", strings.Replace(what(0), "0 ", "no ", 1))
		return out.commit(pruneResultColumns, rep)
	}
	if o.dryRun {
		for _, res := range results {
			res.Result = resultWouldRevoke
			rep.rows.records = append(rep.rows.records, res)
		}
		rep.Summary[resultWouldRevoke] = len(results)
		if err := out.commit(pruneResultColumns, rep); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "invites: dry run: would revoke %s; nothing was sent\n", what(len(matches)))
		return nil
	}
	if ask {
		var table bytes.Buffer
		_ = writeRows(&table, formatTable, inviteRows(matches), c.local, nil, false)
		_, _ = c.stderr.Write(table.Bytes())
		yes, err := c.confirm(ctx, fmt.Sprintf("Revoke %s?", what(len(matches))))
		if err != nil {
			return err
		}
		if !yes {
			fmt.Fprintln(c.stderr, "invites: nothing revoked")
			return errReported
		}
	}

	finished := make([]bool, len(matches))
	prog := newProgress(c.stderr, c.stderrTerminal, "revoking", len(matches))
	p := c.newPool(o.concurrency, prog)
	p.run(ctx, len(matches), func(ctx context.Context, i int) error {
		return revoke(ctx, client, matches[i].ID)
	}, func(i int, err error) {
		res := results[i]
		switch {
		case err == nil:
			res.Result = resultRevoked
		case errors.Is(err, api.ErrNotFound):
			res.Result, res.Reason = resultSkipped, "already revoked"
		default:
			res.Result, res.Reason = resultFailed, reason(err)
		}
		finished[i] = true
		prog.add(res.Result)
	})
	prog.clear()

	addFinished(rep, results, finished)
	if err := out.commit(pruneResultColumns, rep); err != nil {
		return err
	}
	s := rep.Summary
	fmt.Fprintln(c.stderr, printable(fmt.Sprintf("invites: %s: %d revoked, %d skipped (already revoked), %d failed; results %s",
		what(len(matches)), s[resultRevoked], s[resultSkipped], s[resultFailed], o.results.describeDestination())))
	if rep.Interrupted {
		fmt.Fprintf(c.stderr, "invites: interrupted: %d of %d invites finished; run the same command again to do the rest\n", len(rep.rows.records), len(matches))
		return errInterrupted
	}
	if s[resultFailed] > 0 {
		return errReported
	}
	return nil
}
