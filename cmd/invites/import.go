package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
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
--only-failed, a failed row is sent again as part of its first attempt, with
the same key, so a row whose answer was lost is never invited twice; if the
service then answers with an invite that no longer exists, the row fails
instead of counting as created, and its next retry is a new attempt.

Rows are sent N at a time (--concurrency); when the API rate-limits them, all
requests pause for the wait it asks for and the row is tried again. On a
terminal, stderr shows the progress, with the rate and the time left. Ctrl-C
stops sending, lets the requests in flight finish, still writes the results
of every finished row and exits with 130; a second Ctrl-C, or SIGTERM,
abandons the requests in flight and writes the results of the rows finished
until then.

The results (one row per input row: created, skipped or failed with the
reason, or would_create with --dry-run) go to stdout (a table on a terminal,
else CSV), or to --results FILE, in the format of -o: CSV (the input
columns, then line, result, invite_id, reason and attempt), JSON with a
summary, JSON Lines, or the ids of the invites. The file is written beside FILE and renamed over it
once complete; when the run fails before sending anything, FILE is left as it
was. CSV cells that a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) get a leading ', which importing the file
removes again; on stdout, control characters are shown escaped. A results CSV
is itself an import file: with --only-failed, only its failed rows are sent again.`,
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
		fs.IntVar(&o.concurrency, "concurrency", 4, "how many invites to send at a time, `N` from 1 to "+strconv.Itoa(maxConcurrency))
		fs.BoolVar(&o.onlyFailed, "only-failed", false, "import only the rows whose result column says failed (in a results CSV)")
		o.results.register(fs)
		return o.run
	},
}

type importOptions struct {
	dryRun      bool
	concurrency int
	onlyFailed  bool
	results     resultsOptions
}

func (o *importOptions) run(ctx context.Context, c *cli, args []string) error {
	if len(args) != 1 {
		return usageErrorf("import needs one CSV file (or - for stdin), such as 'invites import team.csv' (see 'invites import --help')")
	}
	if err := checkConcurrency(o.concurrency); err != nil {
		return err
	}
	name := args[0]
	in := c.stdin
	if name != "-" {
		if o.results.path != "" && sameFile(name, o.results.path) {
			return usageErrorf("--results %s would overwrite the file being imported: choose another name", o.results.path)
		}
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("%w; check the file name", err)
		}
		defer f.Close() //nolint:errcheck // opened for reading: closing it cannot lose data
		in = f
	} else {
		name = "stdin"
	}

	rows, problems := readImport(in, o.onlyFailed)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.stderr, printable(fmt.Sprintf("invites: %s:%d: %s", name, p.line, oneLine(p.msg))))
		}
		fmt.Fprintln(c.stderr, printable(fmt.Sprintf("invites: %s: %s; nothing was sent: fix them and run the same command again", name, plural(len(problems), "bad row"))))
		return errReported
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
	pending, err := pendingInvites(ctx, client)
	if err != nil {
		return err // nothing was sent: the results are not written
	}
	plan := planImport(rows, pending, o.dryRun, c.newAttempt())
	finished := c.sendImport(ctx, client, rows, plan, o, name)

	rep := &report{Command: "import", Source: name, DryRun: o.dryRun, Summary: map[string]int{"rows": len(rows)}}
	if o.dryRun {
		rep.Summary[resultWouldCreate], rep.Summary[resultSkipped] = 0, 0
	} else {
		rep.Summary[resultCreated], rep.Summary[resultSkipped], rep.Summary[resultFailed] = 0, 0, 0
	}
	addFinished(rep, plan.results, finished)
	if err := out.commit(importResultColumns(rows), rep); err != nil {
		return err
	}
	return c.importSummary(name, o, out.format, rep)
}

// importSummary prints what an import did on stderr and returns the error
// that sets the exit code.
func (c *cli) importSummary(name string, o *importOptions, format string, rep *report) error {
	s := rep.Summary
	if rep.DryRun {
		fmt.Fprintln(c.stderr, printable(fmt.Sprintf("invites: %s: dry run: %d rows: %d would be created, %d skipped (a pending invite exists); nothing was sent",
			name, s["rows"], s[resultWouldCreate], s[resultSkipped])))
		return nil
	}
	fmt.Fprintln(c.stderr, printable(fmt.Sprintf("invites: %s: %d rows: %d created, %d skipped (a pending invite exists), %d failed; results %s",
		name, s["rows"], s[resultCreated], s[resultSkipped], s[resultFailed], o.results.describeDestination())))
	if rep.Interrupted {
		fmt.Fprintf(c.stderr, "invites: interrupted: %d of %d rows finished; run the same command again to do the rest (rows with a pending invite are skipped)\n",
			len(rep.rows.records), s["rows"])
	}
	if s[resultFailed] > 0 {
		if o.results.path != "" && format == formatCSV {
			fmt.Fprintln(c.stderr, printable("invites: to retry the failed rows: invites import "+o.results.path+" --only-failed"))
		} else {
			fmt.Fprintf(c.stderr, "invites: to retry the failed rows, run the same command again, or keep the results with --results FILE.csv and import that file with --only-failed\n")
		}
	}
	switch {
	case rep.Interrupted:
		return errInterrupted
	case s[resultFailed] > 0:
		return errReported
	}
	return nil
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
