package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Result values in the per-row results of import and prune.
const (
	resultCreated     = "created"
	resultSkipped     = "skipped"
	resultFailed      = "failed"
	resultRevoked     = "revoked"
	resultWouldCreate = "would_create"
	resultWouldRevoke = "would_revoke"
)

// resultRow is one row of a results file.
type resultRow interface {
	csvRecord() []string
	result() string
}

// addFinished adds to rep the rows whose work finished, in input order,
// counts them by result, and marks rep interrupted when any row did not
// finish.
func addFinished[R resultRow](rep *report, results []R, finished []bool) {
	for i, res := range results {
		if finished[i] {
			rep.Rows = append(rep.Rows, res)
			rep.Summary[res.result()]++
		}
	}
	rep.Interrupted = len(rep.Rows) < len(results)
}

// report is a bulk command's results as written in JSON.
type report struct {
	Command     string         `json:"command"`
	Source      string         `json:"source,omitempty"`
	DryRun      bool           `json:"dry_run"`
	Interrupted bool           `json:"interrupted"`
	Summary     map[string]int `json:"summary"`
	Rows        []resultRow    `json:"rows"`
}

// resultsOptions are the flags that say where the results go.
type resultsOptions struct {
	path   string
	format string
}

// register adds --results and --results-format to fs.
func (o *resultsOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.path, "results", "", "write the per-row results to this `file` instead of stdout")
	fs.StringVar(&o.format, "results-format", "", "the results' `format`: csv or json (default: by the file's extension, else csv)")
}

// resolve checks the flags and returns the format.
func (o *resultsOptions) resolve() (string, error) {
	switch f := strings.ToLower(o.format); f {
	case "csv", "json":
		return f, nil
	case "":
		if strings.EqualFold(filepath.Ext(o.path), ".json") {
			return "json", nil
		}
		return "csv", nil
	default:
		return "", usageErrorf("--results-format must be csv or json, got %q", o.format)
	}
}

// resultsSink is where a bulk command's results go: stdout, or a --results
// file written atomically.
type resultsSink struct {
	format string
	stdout io.Writer // when there is no file
	path   string    // the --results file, or ""
	tmp    *os.File  // the temporary file that becomes path
}

// open returns where the results go. For a --results file it creates the
// temporary file beside it now, so that a folder that cannot be written
// fails the command before anything is sent; commit renames it into place,
// and discard removes it, leaving the destination as it was.
func (o *resultsOptions) open(stdout io.Writer) (*resultsSink, error) {
	format, err := o.resolve()
	if err != nil {
		return nil, err
	}
	s := &resultsSink{format: format, stdout: stdout, path: o.path}
	if o.path == "" {
		return s, nil
	}
	s.tmp, err = os.CreateTemp(filepath.Dir(o.path), "."+filepath.Base(o.path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write the results: %w", err)
	}
	return s, nil
}

// commit writes the results: to stdout, with every cell made safe for a
// terminal, or to the temporary file, which then replaces the --results file
// in one step.
func (s *resultsSink) commit(header []string, rep *report) error {
	if s.tmp == nil {
		return writeResults(s.stdout, s.format, header, rep, true)
	}
	tmp := s.tmp
	s.tmp = nil
	err := writeResults(tmp, s.format, header, rep, false)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("writing the results: %w", err)
	}
	return nil
}

// discard removes the temporary file unless commit has used it, leaving the
// --results file untouched. It is safe to call after commit.
func (s *resultsSink) discard() {
	if s.tmp != nil {
		_ = s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
		s.tmp = nil
	}
}

// writeResults writes the results as CSV (header, then a record a row) or as
// a JSON document with the summary. CSV cells are neutralised so that a
// spreadsheet never runs one as a formula, and, with forTerminal, control
// characters are shown escaped; JSON strings escape them in any case.
func writeResults(w io.Writer, format string, header []string, rep *report, forTerminal bool) error {
	var err error
	if format == "json" {
		if rep.Rows == nil {
			rep.Rows = []resultRow{}
		}
		err = writeJSON(w, rep, "  ")
	} else {
		cw := csv.NewWriter(w)
		_ = cw.Write(header)
		for _, row := range rep.Rows {
			record := row.csvRecord()
			for i, cell := range record {
				if forTerminal {
					cell = printable(cell)
				}
				record[i] = neutraliseCell(cell)
			}
			_ = cw.Write(record)
		}
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("writing the results: %w", err)
	}
	return nil
}

// formulaStarts are the first characters that make a spreadsheet read a cell
// as a formula (OWASP's list), and the quote that neutralises them.
const formulaStarts = "=+-@\t\r'"

// neutraliseCell puts a single quote before a cell that a spreadsheet would
// run as a formula, as OWASP advises for CSV files. A cell that starts with
// the quote itself gets one too, so that restoreCell gives back exactly the
// value written.
func neutraliseCell(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// restoreCell undoes neutraliseCell.
func restoreCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// describeDestination names where the results went, for the summary.
func (o *resultsOptions) describeDestination() string {
	if o.path == "" {
		return "on stdout"
	}
	return "in " + o.path
}
