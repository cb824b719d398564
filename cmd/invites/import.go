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
	args:    "FILE.csv|- [flags]",
	summary: "invite users in bulk from a CSV file",
	help: `
Invite every user of a CSV file with the columns email, role and, optionally,
projects ("proj_abc:member;proj_xyz:owner"); other columns are carried to the
results. Every row is checked first: if any is bad, nothing is sent. Emails
with a pending invite are skipped, so a rerun invites nobody twice. Rows go N
at a time, at the API's pace. Ctrl-C stops cleanly and writes the results: one
row per input row (created, skipped, failed, unknown, not_sent). A results
CSV is itself an import file: --only-failed sends its remaining rows again,
and --results may name that same file to continue it in place.`,
	doc: "bulk-import",
	example: `
invites import team.csv --dry-run        # columns: email,role,projects
invites import team.csv --results results.csv
invites import results.csv --only-failed --results results.csv`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &importOptions{}
		fs.BoolVar(&o.dryRun, "dry-run", false, "check the rows, show what would be done; send nothing")
		fs.BoolVar(&o.onlyFailed, "only-failed", false, "send only a results CSV's failed, unknown and not_sent rows")
		o.register(fs, "invites")
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
