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
	req  api.InviteRequest
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
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, []problem{{1, "the file is empty: the first line must be the header email,role,projects"}}
	}
	if err != nil {
		return nil, []problem{csvProblem(err)}
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
		return nil, problems
	}
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
		if onlyFailed && !bulk.Outcome(field(record, "result")).Remains() {
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
		for _, name := range extra {
			row.extra = append(row.extra, cell{name, field(record, strings.ToLower(name))})
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
