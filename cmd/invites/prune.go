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
	args:    "--status expired|pending [--older-than DURATION] [--dry-run] [--yes] [--concurrency N] [--results FILE]",
	summary: "revoke invites by status and age",
	help: `
Revoke every invite with the given status (expired or pending) that was
created more than --older-than ago (any age by default), such as the stale
invites nobody accepted. On a terminal it lists them and asks first; --yes
skips the question and is required when stdin is not a terminal; --dry-run
only lists them.

The results (one row per invite: revoked, skipped when it was already gone,
failed with the reason, also when the API answers deleted: false, or
would_revoke with --dry-run) go to stdout or to --results FILE, as CSV or
JSON, as for import. Deletes run N at a time and pause when the API
rate-limits them; Ctrl-C stops cleanly and still writes the results of what
finished; a second Ctrl-C, or SIGTERM, abandons the deletes in flight and
writes the results of what finished until then.`,
	example: `
invites prune --status expired --dry-run
invites prune --status expired --older-than 720h --yes --results pruned.csv
invites prune --status pending --older-than 144h`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &pruneOptions{}
		fs.StringVar(&o.status, "status", "", "revoke invites with this `status`: expired or pending (required)")
		fs.DurationVar(&o.olderThan, "older-than", 0, "only invites created more than this `duration` ago, such as 720h for 30 days")
		fs.BoolVar(&o.dryRun, "dry-run", false, "list what would be revoked; send nothing")
		fs.BoolVar(&o.yes, "yes", false, "do not ask for confirmation")
		fs.IntVar(&o.concurrency, "concurrency", 4, "how many invites to revoke at a time, `N` from 1 to "+strconv.Itoa(maxConcurrency))
		o.results.register(fs)
		return o.run
	},
}

type pruneOptions struct {
	status      string
	olderThan   time.Duration
	dryRun      bool
	yes         bool
	concurrency int
	results     resultsOptions
}

// pruneResult is the outcome for one invite.
type pruneResult struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Role    string `json:"role"`
	Status  string `json:"status"`
	Created string `json:"created"`
	Result  string `json:"result"`
	Reason  string `json:"reason,omitempty"`
}

var pruneResultHeader = []string{"id", "email", "role", "status", "created", "result", "reason"}

func (r *pruneResult) csvRecord() []string {
	return []string{r.ID, r.Email, r.Role, r.Status, r.Created, r.Result, r.Reason}
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
	case o.olderThan < 0:
		return usageErrorf("--older-than must not be negative, got %s", o.olderThan)
	}
	if err := checkStatus(o.status, api.InviteStatusExpired, api.InviteStatusPending); err != nil {
		return err
	}
	if err := checkConcurrency(o.concurrency); err != nil {
		return err
	}
	if _, err := o.results.resolve(); err != nil {
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
		if o.olderThan > 0 {
			s += " created more than " + shortDuration(o.olderThan) + " ago"
		}
		return s
	}

	client, done, err := c.connect()
	if err != nil {
		return err
	}
	defer done()
	out, err := o.results.open(c.stdout)
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
	cutoff := api.UnixTime(c.now().Add(-o.olderThan).Unix())
	var matches []api.Invite
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(walkPageSize)}) {
		if err != nil {
			return err // nothing was sent: the results are not written
		}
		if string(inv.Status) == o.status && (o.olderThan == 0 || inv.CreatedAt < cutoff) {
			matches = append(matches, inv)
		}
	}
	rep.Summary["invites"] = len(matches)
	results := make([]*pruneResult, len(matches))
	for i, inv := range matches {
		results[i] = &pruneResult{ID: inv.ID, Email: inv.Email, Role: string(inv.Role), Status: string(inv.Status),
			Created: inv.CreatedAt.Time().Format(time.RFC3339)}
	}
	if len(matches) == 0 {
		fmt.Fprintf(c.stderr, "invites: %s: nothing to revoke\n", strings.Replace(what(0), "0 ", "no ", 1))
		return out.commit(pruneResultHeader, rep)
	}
	if o.dryRun {
		for _, res := range results {
			res.Result = resultWouldRevoke
			rep.Rows = append(rep.Rows, res)
		}
		rep.Summary[resultWouldRevoke] = len(results)
		if err := out.commit(pruneResultHeader, rep); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "invites: dry run: would revoke %s; nothing was sent\n", what(len(matches)))
		return nil
	}
	if ask {
		var table bytes.Buffer
		_ = writeInviteTable(&table, matches)
		_, _ = c.stderr.Write(table.Bytes())
		if !c.confirm(ctx, fmt.Sprintf("Revoke these %s?", what(len(matches)))) {
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
	if err := out.commit(pruneResultHeader, rep); err != nil {
		return err
	}
	s := rep.Summary
	fmt.Fprintln(c.stderr, printable(fmt.Sprintf("invites: %s: %d revoked, %d skipped (already revoked), %d failed; results %s",
		what(len(matches)), s[resultRevoked], s[resultSkipped], s[resultFailed], o.results.describeDestination())))
	if rep.Interrupted {
		fmt.Fprintf(c.stderr, "invites: interrupted: %d of %d invites finished; run the same command again to do the rest\n", len(rep.Rows), len(matches))
	}
	if rep.Interrupted || s[resultFailed] > 0 {
		return errReported
	}
	return nil
}
