package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var importCommand = &command{
	name:    "import",
	args:    "FILE.csv [--dry-run] [--concurrency N] [--results FILE] [-o FORMAT] [--only-failed]",
	summary: "invite users in bulk from a CSV file",
	help: `
Invite every user listed in a CSV file (- reads stdin). The first line is the
header; the columns are email, role (reader or owner) and, optionally,
projects, written as id:role pairs separated by semicolons, such as
"proj_abc:member;proj_xyz:owner". An empty projects cell joins the default
project. Any other column (a name, a team, a ticket number) is carried
through to the results unchanged.

Every row is checked first, with the SDK's rules (a valid email, known roles,
each email once): if any row is bad, all bad rows are reported with their line
numbers and nothing is sent. Emails that already have a pending invite are
skipped, so running the same file again after an interruption or a failure
invites nobody twice.

Each run is a new attempt, whose creates carry idempotency keys of their own,
one a row: a row imported, revoked and imported again is invited again. With
--only-failed, a failed or unknown row is sent again as part of its first
attempt, with the same key, so a row whose answer was lost is never invited
twice; if the service then answers with an invite that no longer exists, the
row fails instead of counting as created, and its next retry is a new
attempt.

Rows are sent N at a time (--concurrency); when the API rate-limits them, all
requests pause for the wait it asks for and the row is tried again. On a
terminal, stderr shows the progress, with the rate and the time left. Ctrl-C
stops sending, lets the requests in flight finish, writes the results and
exits with 130; a second Ctrl-C, or SIGTERM, abandons the requests in flight
and does the same. A failure that every further row would meet (the key
refused, say) stops the run too, with exit status 1.

The results hold one row per input row, whatever stopped the run: created,
skipped (a pending invite exists), failed with the reason, unknown (the
request was in flight when the run stopped: it may or may not have taken
effect), not_sent (the run stopped before sending it), or would_create with
--dry-run. They go to stdout (a table on a terminal, else CSV), or to
--results FILE, in the format of -o: CSV (the input columns, then line,
result, invite_id, reason and attempt), JSON with a summary, JSON Lines, or
the ids of the invites. The file is written beside FILE and renamed over it
once complete; when the run fails before sending anything, FILE is left as it
was. CSV cells, the header's included, that a spreadsheet would run as a
formula (starting with =, +, -, @, a tab or a carriage return) get a leading
', which importing the file removes again; on stdout, control characters are
shown escaped. A results CSV is itself an import file: with --only-failed,
exactly its failed, unknown and not_sent rows are sent again, so every person
is invited once. The exit status is 0 only when no row is left to do.`,
	example: `
cat > team.csv <<'CSV'
email,role,projects
ada@example.com,owner,proj_abc:owner
grace@example.com,reader,proj_abc:member;proj_xyz:member
alan@example.com,reader,
CSV
invites import team.csv --dry-run
invites import team.csv --results results.csv
invites import results.csv --only-failed --results retry.csv`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &importOptions{}
		fs.BoolVar(&o.dryRun, "dry-run", false, "check the rows and show what would be done; send nothing")
		fs.BoolVar(&o.onlyFailed, "only-failed", false, "import only the rows of a results CSV whose work remains: result failed, unknown or not_sent")
		o.register(fs, "invites to send")
		return o.run
	},
}

type importOptions struct {
	bulkOptions
	dryRun     bool
	onlyFailed bool
}

func (o *importOptions) run(ctx context.Context, c *cli, args []string) error {
	if len(args) != 1 {
		return usageErrorf("import needs one CSV file (or - for stdin), such as 'invites import team.csv' (see 'invites import --help')")
	}
	if err := o.check(); err != nil {
		return err
	}
	name := args[0]
	in := c.stdin
	if name != "-" {
		if o.results.Path != "" && sameFile(name, o.results.Path) {
			return usageErrorf("--results %s would overwrite the file being imported: choose another name", o.results.Path)
		}
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("%w; check the file name", err)
		}
		defer f.Close() //nolint:errcheck // opened for reading: closing it cannot lose data
		in = f
	} else {
		name = "stdin"
		c.stdinHolds = "the CSV file"
	}

	rows, problems := readImport(in, o.onlyFailed)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s:%d: %s", name, p.line, output.OneLine(p.msg))))
		}
		fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %s; nothing was sent: fix them and run the same command again", name, output.Plural(len(problems), "bad row"))))
		return errReported
	}

	client, out, done, err := c.startBulk(&o.bulkOptions, output.CSV, true)
	if err != nil {
		return err
	}
	defer done()
	out.Layout = importLayout(importResultColumns(rows))
	pending, err := pendingInvites(ctx, client)
	if err != nil {
		return err // nothing was sent: the results are not written
	}
	plan := planImport(rows, pending, o.dryRun, c.newAttempt())
	run := c.sendImport(ctx, client, rows, plan, &o.bulkOptions, name)

	rep := bulk.NewReport("import", name, o.dryRun, bulk.Created, bulk.Skipped, bulk.Failed)
	if o.dryRun {
		rep = bulk.NewReport("import", name, o.dryRun, bulk.WouldCreate, bulk.Skipped)
	}
	rep.Summary["rows"] = len(rows)
	bulk.Add(rep, plan.results)
	if err := out.Commit(importResultColumns(rows), rep); err != nil {
		return err
	}
	return c.importSummary(name, o, out.Format, rep, run)
}

// importSummary prints what an import did on stderr and returns the error
// that sets the exit code.
func (c *cli) importSummary(name string, o *importOptions, format string, rep *bulk.Report, run bulk.Run) error {
	if rep.DryRun {
		fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: dry run: %s: %d would be created, %d skipped (a pending invite exists); nothing was sent",
			name, output.Plural(rep.Len(), "row"), rep.Count(bulk.WouldCreate), rep.Count(bulk.Skipped))))
		return nil
	}
	line := fmt.Sprintf("invites: %s: %s: %d created, %d skipped (a pending invite exists), %d failed",
		name, output.Plural(rep.Len(), "row"), rep.Count(bulk.Created), rep.Count(bulk.Skipped), rep.Count(bulk.Failed))
	if n := rep.Count(bulk.Unknown); n > 0 {
		line += fmt.Sprintf(", %d unknown", n)
	}
	if n := rep.Count(bulk.NotSent); n > 0 {
		line += fmt.Sprintf(", %d not sent", n)
	}
	fmt.Fprintln(c.stderr, output.Printable(line+"; results "+o.results.Describe()))
	retry := "to finish, run the same command again, or keep the results with --results FILE.csv and import that file with --only-failed"
	if o.results.Path != "" && format == output.CSV {
		retry = "to finish: invites import " + o.results.Path + " --only-failed"
	}
	c.reportRemaining(rep, run, "row", retry)
	if rep.Count(bulk.Failed) > 0 && !rep.Interrupted {
		if o.results.Path != "" && format == output.CSV {
			fmt.Fprintln(c.stderr, output.Printable("invites: to retry the failed rows: invites import "+o.results.Path+" --only-failed"))
		} else {
			fmt.Fprintf(c.stderr, "invites: to retry the failed rows, run the same command again, or keep the results with --results FILE.csv and import that file with --only-failed\n")
		}
	}
	return verdictError(rep.Verdict(run.Stop, false))
}

// sameFile reports whether the two names are the same existing file.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}
