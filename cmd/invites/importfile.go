package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// importRow is one valid row of an import file.
type importRow struct {
	line int
	// resultLine is the line column of a results file being continued
	// (--only-failed with --results naming the same file): the results
	// keep it, so that the rewritten file names each row's line as before.
	resultLine string
	// seq is the row's place among the file's records, counted from 0.
	seq int
	req api.InviteRequest
	// attempt is the attempt column of a results file read with
	// --only-failed: the row is sent again as part of that attempt, with the
	// same idempotency key, so that a row whose first request may have
	// taken effect is never invited twice. Empty for a new attempt.
	attempt string
	// earlier is the result column of a results file read with
	// --only-failed: unknown when the row's earlier request may have taken
	// effect. Empty for a new attempt.
	earlier bulk.Outcome
	// extra holds the cells of the columns that import does not read, in
	// the header's order: they are carried through to the results.
	extra []cell
}

// cell is a named value of a row.
type cell struct{ name, value string }

// Columns of an import file. The results columns are accepted, and only
// result and attempt are read, so that a results CSV can be imported again.
// Any other column is carried through to the results.
var (
	importColumns  = []string{"email", "role", "projects"}
	resultsColumns = []string{"line", "result", "invite_id", "reason", "attempt"}
)

// problem is a bad row, by line number.
type problem struct {
	line int
	msg  string
}

// readImport reads and checks every row of an import file. It returns the
// valid rows and, separately, every problem found; a file with problems must
// not be imported. In a results file (one with a result column), cells,
// the header's included, are read back as the results neutralised them, so
// that values round-trip exactly. With onlyFailed, only the rows whose work
// remains are read: failed, unknown and not_sent.
func readImport(r io.Reader, onlyFailed bool) ([]importRow, []problem) {
	f, problems := readImportFile(r, onlyFailed, false)
	return f.rows, problems
}

// importFile is what readImportFile read: the rows to import, and, when a
// results file is continued, the rows whose work is done, kept as they are.
type importFile struct {
	rows    []importRow
	carried []carriedRow
	// extra names the columns that import does not read, in the header's
	// order.
	extra []string
}

// columns are the results' columns: the input's, its extra ones included,
// then the outcome's.
func (f *importFile) columns() []string {
	return append(append(slices.Clone(importColumns), f.extra...), resultsColumns...)
}

// carriedRow is a row of a results file being continued whose work is done
// (created, skipped): the rewritten file keeps it as it was.
type carriedRow struct {
	seq     int
	cells   map[string]string // by lower-cased column name, as the file had them
	columns []string
}

// Values returns the row's cells, in the order of its columns.
func (r *carriedRow) Values() []any {
	v := make([]any, len(r.columns))
	for i, name := range r.columns {
		v[i] = r.cells[strings.ToLower(name)]
	}
	return v
}

// Outcome is the row's outcome, as the file had it.
func (r *carriedRow) Outcome() bulk.Outcome { return bulk.Outcome(r.cells["result"]) }

// readImportFile reads and checks every row of an import file, as
// readImport does. With keep (a results file being continued), the rows
// that --only-failed leaves out are returned as carriedRows, so that the
// results keep one row per row of the file.
func readImportFile(r io.Reader, onlyFailed, keep bool) (importFile, []problem) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return importFile{}, []problem{{1, "the file is empty: the first line must be the header email,role,projects"}}
	}
	if err != nil {
		return importFile{}, []problem{csvProblem(err)}
	}
	if isResultsHeader(header) {
		for i, name := range header {
			header[i] = output.Restore(name)
		}
	}
	col, extra, problems := readHeader(header)
	if onlyFailed && col["result"] == 0 {
		problems = append(problems, problem{1, "--only-failed needs a results file, with a result column"})
	}
	if len(problems) > 0 {
		return importFile{}, problems
	}
	file := importFile{extra: extra}
	isResults := col["result"] != 0
	field := func(record []string, name string) string {
		i := col[name]
		if i == 0 {
			return ""
		}
		if isResults {
			return strings.TrimSpace(output.Restore(record[i-1]))
		}
		return strings.TrimSpace(record[i-1])
	}

	var rows []importRow
	seq := -1
	firstLine := map[string]int{} // emailKey → line
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A malformed quote leaves the rest of the file unreadable.
			return importFile{}, append(problems, csvProblem(err))
		}
		line, _ := cr.FieldPos(0)
		if !slices.ContainsFunc(record, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			continue // a blank row, such as spreadsheets leave at the end
		}
		if len(record) != len(header) {
			problems = append(problems, problem{line, fmt.Sprintf("%d fields, but the header has %d", len(record), len(header))})
			continue
		}
		seq++
		if onlyFailed && !bulk.Outcome(field(record, "result")).Remains() {
			if keep {
				cells := map[string]string{}
				for name, i := range col {
					if i > 0 {
						cells[name] = output.Restore(record[i-1])
					}
				}
				file.carried = append(file.carried, carriedRow{seq: seq, cells: cells, columns: file.columns()})
			}
			continue
		}
		row, err := parseImportRow(line, field(record, "email"), field(record, "role"), field(record, "projects"))
		if err != nil {
			problems = append(problems, problem{line, err.Error()})
			continue
		}
		if onlyFailed {
			row.attempt = field(record, "attempt")
			row.earlier = bulk.Outcome(field(record, "result"))
		}
		row.seq = seq
		if keep {
			row.resultLine = field(record, "line")
		}
		for _, name := range extra {
			row.extra = append(row.extra, cell{name, field(record, strings.ToLower(name))})
		}
		key := emailKey(row.req.Email)
		if first, ok := firstLine[key]; ok {
			problems = append(problems, problem{line, fmt.Sprintf("%s is already on line %d", row.req.Email, first)})
			continue
		}
		firstLine[key] = line
		rows = append(rows, row)
	}
	if len(problems) > 0 {
		return importFile{}, problems
	}
	file.rows = rows
	return file, nil
}

// readHeader maps the header's column names to their positions, counted
// from 1 and keyed by their lower-cased names, lists the extra columns,
// which import carries through under their own names, and
// reports repeated and missing columns. An input file that is not a results
// file (it has no result column) may not have a column that the results
// add, such as reason: the results would replace it, and lose its values.
func readHeader(header []string) (map[string]int, []string, []problem) {
	col := map[string]int{}
	var extra []string
	var problems []problem
	isResults := isResultsHeader(header)
	for i, given := range header {
		given = strings.TrimSpace(strings.TrimPrefix(given, "\ufeff"))
		name := strings.ToLower(given)
		switch {
		case name == "":
			problems = append(problems, problem{1, fmt.Sprintf("column %d has no name", i+1)})
		case col[name] != 0:
			problems = append(problems, problem{1, fmt.Sprintf("column %q appears twice", name)})
		case slices.Contains(resultsColumns, name) && !isResults:
			problems = append(problems, problem{1, fmt.Sprintf("column %q is one that the results add: rename it (the results add the columns %s)", name, strings.Join(resultsColumns, ", "))})
		case slices.Contains(importColumns, name) || slices.Contains(resultsColumns, name):
		case flags.Suggest(name, importColumns) != "":
			// Carried through, a misspelt projects column would silently
			// invite to the default project.
			problems = append(problems, problem{1, fmt.Sprintf("unknown column %q: did you mean %q? (other columns are carried through to the results)", name, flags.Suggest(name, importColumns))})
		default:
			extra = append(extra, given)
		}
		col[name] = i + 1 // 0 means absent
	}
	for _, name := range []string{"email", "role"} {
		if col[name] == 0 {
			problems = append(problems, problem{1, fmt.Sprintf("no %s column: the header must name the columns email,role,projects", name)})
		}
	}
	return col, extra, problems
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
			return row, errors.New(listProblems(ve, "invalid %s: %s"))
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

// isResultsHeader reports whether header is a results file's: it has a
// result column, whose cells were neutralised when it was written.
func isResultsHeader(header []string) bool {
	for _, name := range header {
		if strings.EqualFold(strings.TrimSpace(output.Restore(name)), "result") {
			return true
		}
	}
	return false
}
