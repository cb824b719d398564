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
attempt. A service that ignores the key answers a create sent again after
its answer was lost with 409 invite_exists: the email's pending invite, made
by the earlier request, is looked up, and the row is created with it; an
unknown row whose email has a pending invite is settled the same way.

Rows are sent N at a time (--concurrency). When the API limits the rate,
the import keeps to its pace instead of failing rows: it learns the pace from
the API's refusals and hints (or --rate declares it), sends one row at a time
while limited, and says the pace and the time left. A limit that holds a row
back for --max-rate-wait stops the run: the rows left are not_sent, exit 1.
On a terminal, stderr shows the progress, with the rate and the time left; off
a terminal, each change of pace gets one line. Ctrl-C
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
is invited once. --results may name that same file, to continue it: it is
then rewritten, atomically, with the rerun's outcomes in place of the old
ones and every other row as it was, so that one file holds the whole import,
one row per original row. The exit status is 0 only when no row is left to
do.`,
	example: `
cat > team.csv <<'CSV'
email,role,projects
ada@example.com,owner,proj_abc:owner
grace@example.com,reader,proj_abc:member;proj_xyz:member
alan@example.com,reader,
CSV
invites import team.csv --dry-run
invites import team.csv --results results.csv
invites import results.csv --only-failed --results results.csv`,
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
	continuing := false // --results names the results file being imported
	if name != "-" {
		if o.results.Path != "" && sameFile(name, o.results.Path) {
			if err := o.checkContinue(c); err != nil {
				return err
			}
			continuing = true
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

	file, problems := readImportFile(in, o.onlyFailed, continuing)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s:%d: %s", name, p.line, output.OneLine(p.msg))))
		}
		fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %s; nothing was sent: fix them and run the same command again", name, output.Plural(len(problems), "bad row"))))
		return errReported
	}
	rows := file.rows

	client, out, done, err := c.startBulk(&o.bulkOptions, output.CSV, true)
	if err != nil {
		return err
	}
	defer done()
	out.Layout = importLayout(file.columns())
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
	rep.Summary["rows"] = len(rows) + len(file.carried)
	bulk.Add(rep, mergeResults(plan.results, file.carried))
	if err := out.Commit(file.columns(), rep); err != nil {
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
	fmt.Fprintln(c.stderr, output.Printable(line+o.waitedText()+"; results "+o.results.Describe()))
	// Every hint names a results file, which the retry continues, so that
	// one file holds the whole import.
	how := "run the same command again with --results FILE.csv (the rows already invited are skipped), then continue that file with 'invites import FILE.csv --only-failed --results FILE.csv'"
	if o.results.Path != "" && format == output.CSV {
		how = "invites import " + o.results.Path + " --only-failed --results " + o.results.Path
	}
	c.reportRemaining(rep, run, "row", "to finish: "+how)
	if rep.Count(bulk.Failed) > 0 && !rep.Interrupted {
		fmt.Fprintln(c.stderr, output.Printable("invites: to retry the failed rows: "+how))
	}
	return verdictError(rep.Verdict(run.Stop, false))
}

// checkContinue checks an import whose --results names the file being
// imported: only a results CSV continued with --only-failed may be
// rewritten, in CSV, so that the file keeps one row per row, the done ones
// as they were and the others with the rerun's outcomes; a dry run would
// replace failed rows with would_create, and is refused.
func (o *importOptions) checkContinue(c *cli) error {
	switch {
	case !o.onlyFailed:
		return usageErrorf("--results %s would overwrite the file being imported: choose another name, or add --only-failed to continue a results file in place", o.results.Path)
	case o.dryRun:
		return usageErrorf("--results %s is the file being continued, and a dry run would replace its outcomes: leave --results out of the dry run", o.results.Path)
	case o.results.Format(c.global.output, c.stdoutTerminal, output.CSV) != output.CSV:
		return usageErrorf("--results %s is the file being continued, so it must stay CSV: leave -o out", o.results.Path)
	}
	return nil
}

// mergeResults returns the results of the rows sent and the rows carried
// as they were, in the file's order.
func mergeResults(results []*importResult, carried []carriedRow) []bulk.Row {
	all := make([]bulk.Row, 0, len(results)+len(carried))
	i, j := 0, 0
	for i < len(results) || j < len(carried) {
		if j == len(carried) || (i < len(results) && results[i].row.seq < carried[j].seq) {
			all = append(all, results[i])
			i++
		} else {
			all = append(all, &carried[j])
			j++
		}
	}
	return all
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
