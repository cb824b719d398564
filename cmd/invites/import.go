package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

var importCommand = &command{
	name:    "import",
	args:    "FILE.csv [--dry-run] [--concurrency N] [--results FILE] [--results-format csv|json] [--only-failed]",
	summary: "invite users in bulk from a CSV file",
	help: `
Invite every user listed in a CSV file (- reads stdin). The first line is the
header; the columns are email, role (reader or owner) and, optionally,
projects, written as id:role pairs separated by semicolons, such as
"proj_abc:member;proj_xyz:owner". An empty projects cell joins the default
project.

Every row is checked first, with the SDK's rules (a valid email, known roles,
each email once): if any row is bad, all bad rows are reported with their line
numbers and nothing is sent. Emails that already have a pending invite are
skipped, so running the same file again after an interruption or a failure
invites nobody twice. Each create carries an idempotency key derived from its
row, so a retried row is safe even when an earlier answer was lost.

Rows are sent N at a time (--concurrency); when the API rate-limits them, all
requests pause for the wait it asks for and the row is tried again. On a
terminal, stderr shows the progress. Ctrl-C stops sending, lets the requests in
flight finish and still writes the results of every finished row.

The results (one row per input row: created, skipped or failed with the
reason, or would_create with --dry-run) go to stdout, or to --results FILE, as
CSV (the input columns, then line, result, invite_id and reason) or as JSON
with a summary. A results CSV is itself an import file: with --only-failed,
only its failed rows are sent again.`,
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
	flags: func(fs *flag.FlagSet) any {
		o := &importOptions{}
		fs.BoolVar(&o.dryRun, "dry-run", false, "check the rows and show what would be done; send nothing")
		fs.IntVar(&o.concurrency, "concurrency", 4, "how many invites to send at a time, `N` from 1 to "+strconv.Itoa(maxConcurrency))
		fs.BoolVar(&o.onlyFailed, "only-failed", false, "import only the rows whose result column says failed (in a results CSV)")
		o.results.register(fs)
		return o
	},
	run: runImport,
}

type importOptions struct {
	dryRun      bool
	concurrency int
	onlyFailed  bool
	results     resultsOptions
}

// importRow is one valid row of an import file.
type importRow struct {
	line int
	req  api.InviteRequest
}

// projectsText writes the row's projects as the file does; empty for the
// default project.
func (r importRow) projectsText() string { return formatProjects(r.req.Projects) }

// idempotencyKey is derived from what the row asks for, so that sending the
// same row again, in this run or a later one, reuses the key.
func (r importRow) idempotencyKey() string {
	projects := slices.Clone(r.req.Projects)
	slices.SortFunc(projects, func(a, b api.Project) int { return strings.Compare(a.ID, b.ID) })
	sum := sha256.Sum256([]byte(strings.ToLower(r.req.Email) + "\x00" + string(r.req.Role) + "\x00" + formatProjects(projects)))
	return "invites-import-" + hex.EncodeToString(sum[:16])
}

// importResult is the outcome of one row.
type importResult struct {
	Email    string `json:"email"`
	Role     string `json:"role"`
	Projects string `json:"projects"`
	Line     int    `json:"line"`
	Result   string `json:"result"`
	InviteID string `json:"invite_id,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

var importResultHeader = []string{"email", "role", "projects", "line", "result", "invite_id", "reason"}

func (r *importResult) csvRecord() []string {
	return []string{r.Email, r.Role, r.Projects, strconv.Itoa(r.Line), r.Result, r.InviteID, r.Reason}
}

// result is the row's outcome, such as created or failed.
func (r *importResult) result() string { return r.Result }

// Columns of an import file. The results columns are accepted, and ignored,
// so that a results CSV can be imported again.
var (
	importColumns  = []string{"email", "role", "projects"}
	resultsColumns = []string{"line", "result", "invite_id", "reason"}
)

// problem is a bad row, by line number.
type problem struct {
	line int
	msg  string
}

// readImport reads and checks every row of an import file. It returns the
// valid rows and, separately, every problem found; a file with problems must
// not be imported.
func readImport(r io.Reader, onlyFailed bool) ([]importRow, []problem) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, []problem{{1, "the file is empty: the first line must be the header email,role,projects"}}
	}
	if err != nil {
		return nil, []problem{csvProblem(err)}
	}
	col := map[string]int{}
	var problems []problem
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		switch {
		case !slices.Contains(importColumns, name) && !slices.Contains(resultsColumns, name):
			problems = append(problems, problem{1, fmt.Sprintf("unknown column %q: the columns are email, role and projects", name)})
		case col[name] != 0:
			problems = append(problems, problem{1, fmt.Sprintf("column %q appears twice", name)})
		}
		col[name] = i + 1 // 0 means absent
	}
	for _, name := range []string{"email", "role"} {
		if col[name] == 0 {
			problems = append(problems, problem{1, fmt.Sprintf("no %s column: the header must name the columns email,role,projects", name)})
		}
	}
	if onlyFailed && col["result"] == 0 {
		problems = append(problems, problem{1, "--only-failed needs a results file, with a result column"})
	}
	if len(problems) > 0 {
		return nil, problems
	}
	field := func(record []string, name string) string {
		if i := col[name]; i > 0 {
			return strings.TrimSpace(record[i-1])
		}
		return ""
	}

	var rows []importRow
	firstLine := map[string]int{} // lower-cased email → line
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A malformed quote leaves the rest of the file unreadable.
			return nil, append(problems, csvProblem(err))
		}
		line, _ := cr.FieldPos(0)
		if !slices.ContainsFunc(record, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			continue // a blank row, such as spreadsheets leave at the end
		}
		if len(record) != len(header) {
			problems = append(problems, problem{line, fmt.Sprintf("%d fields, but the header has %d", len(record), len(header))})
			continue
		}
		if onlyFailed && field(record, "result") != resultFailed {
			continue
		}
		row, err := parseImportRow(line, field(record, "email"), field(record, "role"), field(record, "projects"))
		if err != nil {
			problems = append(problems, problem{line, err.Error()})
			continue
		}
		key := strings.ToLower(row.req.Email)
		if first, ok := firstLine[key]; ok {
			problems = append(problems, problem{line, fmt.Sprintf("%s is already on line %d", row.req.Email, first)})
			continue
		}
		firstLine[key] = line
		rows = append(rows, row)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return rows, nil
}

// parseImportRow reads one row and checks it with the SDK's rules.
func parseImportRow(line int, email, role, projects string) (importRow, error) {
	row := importRow{line: line, req: api.InviteRequest{Email: email, Role: api.Role(strings.ToLower(role))}}
	for part := range strings.SplitSeq(projects, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		p, err := parseProject(part)
		if err != nil {
			return row, err
		}
		row.req.Projects = append(row.req.Projects, p)
	}
	if err := checkDistinctProjects(row.req.Projects); err != nil {
		return row, err
	}
	if err := api.ValidateInviteRequest(row.req); err != nil {
		var ve *api.ValidationError
		if errors.As(err, &ve) {
			return row, fmt.Errorf("invalid %s: %s", ve.Field, ve.Rule)
		}
		return row, err
	}
	return row, nil
}

// csvProblem turns a CSV syntax error into a problem on its line.
func csvProblem(err error) problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return problem{pe.StartLine, "malformed CSV: " + pe.Err.Error()}
	}
	return problem{0, "reading the file: " + err.Error()}
}

// pendingInvites walks every invite once and returns the pending ones' ids
// by lower-cased email.
func pendingInvites(ctx context.Context, client *api.Client) (map[string]string, error) {
	pending := map[string]string{}
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(100)}) {
		if err != nil {
			return nil, fmt.Errorf("listing the invites to skip: %w", err)
		}
		if inv.Status == api.InviteStatusPending {
			pending[strings.ToLower(inv.Email)] = inv.ID
		}
	}
	return pending, nil
}

func runImport(ctx context.Context, c *cli, opts any, args []string) error {
	o := opts.(*importOptions)
	if len(args) != 1 {
		return usageErrorf("import needs one CSV file (or - for stdin), such as 'invites import team.csv' (see 'invites import --help')")
	}
	if err := checkConcurrency(o.concurrency); err != nil {
		return err
	}
	if _, err := o.results.resolve(); err != nil {
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
			fmt.Fprintf(c.stderr, "invites: %s:%d: %s\n", name, p.line, oneLine(p.msg))
		}
		what := "bad rows"
		if len(problems) == 1 {
			what = "bad row"
		}
		fmt.Fprintf(c.stderr, "invites: %s: %d %s; nothing was sent: fix them and run the same command again\n", name, len(problems), what)
		return errReported
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
	defer out.Close() //nolint:errcheck // write closes the sink and checks that; this covers early returns
	rep := &report{Command: "import", Source: name, DryRun: o.dryRun, Summary: map[string]int{"rows": len(rows)}}
	if o.dryRun {
		rep.Summary[resultWouldCreate], rep.Summary[resultSkipped] = 0, 0
	} else {
		rep.Summary[resultCreated], rep.Summary[resultSkipped], rep.Summary[resultFailed] = 0, 0, 0
	}
	pending, err := pendingInvites(ctx, client)
	if err != nil {
		// Nothing was sent: the results say so, with no rows.
		rep.Interrupted = ctx.Err() != nil
		_ = out.write(importResultHeader, rep)
		return err
	}

	results := make([]*importResult, len(rows))
	var toSend []int
	for i, row := range rows {
		res := &importResult{Email: row.req.Email, Role: string(row.req.Role), Projects: row.projectsText(), Line: row.line}
		if id, ok := pending[strings.ToLower(row.req.Email)]; ok {
			res.Result, res.InviteID, res.Reason = resultSkipped, id, "a pending invite already exists"
			results[i] = res
			continue
		}
		if o.dryRun {
			res.Result = resultWouldCreate
			results[i] = res
			continue
		}
		toSend = append(toSend, i)
		results[i] = res
	}

	finished := make([]bool, len(rows))
	for i, res := range results {
		finished[i] = res.Result != ""
	}
	if len(toSend) > 0 {
		prog := newProgress(c.stderr, c.isTerminal(c.stderr), "importing "+name, len(toSend))
		created := make([]string, len(toSend)) // invite ids, by position in toSend
		p := &pool{workers: o.concurrency, firstWait: c.rateLimitWait, paused: func(wait time.Duration) {
			prog.note(fmt.Sprintf("invites: rate limited (429): pausing all requests for %s", wait.Round(time.Millisecond)))
		}}
		p.run(ctx, len(toSend), func(ctx context.Context, k int) error {
			row := rows[toSend[k]]
			inv, err := client.CreateInvite(ctx, row.req, api.WithIdempotencyKey(row.idempotencyKey()))
			if err == nil {
				created[k] = inv.ID
			}
			return err
		}, func(k int, err error) {
			i := toSend[k]
			res := results[i]
			var apiErr *api.Error
			switch {
			case err == nil:
				res.Result, res.InviteID = resultCreated, created[k]
			case errors.As(err, &apiErr) && apiErr.Code == "invite_exists":
				res.Result, res.Reason = resultSkipped, "a pending invite already exists"
			default:
				res.Result, res.Reason = resultFailed, reason(err)
			}
			finished[i] = true
			prog.add(res.Result)
		})
		prog.clear()
	}

	addFinished(rep, results, finished)
	if err := out.write(importResultHeader, rep); err != nil {
		return err
	}
	return c.importSummary(name, o, out.format, rep)
}

// importSummary prints what an import did on stderr and returns the error
// that sets the exit code.
func (c *cli) importSummary(name string, o *importOptions, format string, rep *report) error {
	s := rep.Summary
	if rep.DryRun {
		fmt.Fprintf(c.stderr, "invites: %s: dry run: %d rows: %d would be created, %d skipped (a pending invite exists); nothing was sent\n",
			name, s["rows"], s[resultWouldCreate], s[resultSkipped])
		return nil
	}
	fmt.Fprintf(c.stderr, "invites: %s: %d rows: %d created, %d skipped (a pending invite exists), %d failed; results %s\n",
		name, s["rows"], s[resultCreated], s[resultSkipped], s[resultFailed], o.results.describeDestination())
	if rep.Interrupted {
		fmt.Fprintf(c.stderr, "invites: interrupted: %d of %d rows finished; run the same command again to do the rest (rows with a pending invite are skipped)\n",
			len(rep.Rows), s["rows"])
	}
	if s[resultFailed] > 0 {
		if o.results.path != "" && format == "csv" {
			fmt.Fprintf(c.stderr, "invites: to retry the failed rows: invites import %s --only-failed\n", o.results.path)
		} else {
			fmt.Fprintf(c.stderr, "invites: to retry the failed rows, run the same command again, or keep the results with --results FILE.csv and import that file with --only-failed\n")
		}
	}
	if rep.Interrupted || s[resultFailed] > 0 {
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
