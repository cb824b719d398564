package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
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

// resultRow is one row of a bulk command's results.
type resultRow interface {
	record
	result() string
}

// addFinished adds to rep the rows whose work finished, in input order,
// counts them by result, and marks rep interrupted when any row did not
// finish.
func addFinished[R resultRow](rep *report, results []R, finished []bool) {
	for i, res := range results {
		if finished[i] {
			rep.rows.records = append(rep.rows.records, res)
			rep.Summary[res.result()]++
		}
	}
	rep.Interrupted = len(rep.rows.records) < len(results)
}

// report is a bulk command's results: -o json writes it whole, with the
// summary; the other formats write its rows.
type report struct {
	Command     string         `json:"command"`
	Source      string         `json:"source,omitempty"`
	DryRun      bool           `json:"dry_run"`
	Interrupted bool           `json:"interrupted"`
	Summary     map[string]int `json:"summary"`
	Rows        []jsonObject   `json:"rows"`

	rows rows
}

// resultsOptions is the flag that says where the results go.
type resultsOptions struct {
	path string
}

// register adds --results to fs.
func (o *resultsOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.path, "results", "", "write the per-row results to this `file` instead of stdout, in the format of -o, else of the file's extension (.json, .jsonl), else csv")
}

// format returns the results' format: -o's, else for a file its
// extension's or csv, else for stdout a table on a terminal or csv.
func (o *resultsOptions) format(c *cli) string {
	if o.path == "" || c.global.output != "" {
		return c.outputFormat(formatCSV)
	}
	switch strings.ToLower(filepath.Ext(o.path)) {
	case ".json":
		return formatJSON
	case ".jsonl":
		return formatJSONL
	}
	return formatCSV
}

// resultsSink is where a bulk command's results go: stdout, or a --results
// file written atomically.
type resultsSink struct {
	format string
	local  *time.Location
	stdout io.Writer // when there is no file
	path   string    // the --results file, or ""
	tmp    *os.File  // the temporary file that becomes path
}

// open returns where the results go. For a --results file it creates the
// temporary file beside it now, so that a folder that cannot be written
// fails the command before anything is sent; commit renames it into place,
// and discard removes it, leaving the destination as it was.
func (o *resultsOptions) open(c *cli) (*resultsSink, error) {
	s := &resultsSink{format: o.format(c), local: c.local, stdout: c.stdout, path: o.path}
	if o.path == "" {
		return s, nil
	}
	var err error
	s.tmp, err = os.CreateTemp(filepath.Dir(o.path), "."+filepath.Base(o.path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write the results: %w", err)
	}
	return s, nil
}

// commit writes the results: to stdout, with every cell made safe for a
// terminal, or to the temporary file, which then replaces the --results file
// in one step.
func (s *resultsSink) commit(columns []string, rep *report) error {
	rep.rows.columns = columns
	rep.Rows = rep.rows.objects()
	if s.tmp == nil {
		return s.write(s.stdout, rep, false)
	}
	tmp := s.tmp
	s.tmp = nil
	err := s.write(tmp, rep, true)
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

func (s *resultsSink) write(w io.Writer, rep *report, toFile bool) error {
	if err := writeRows(w, s.format, &rep.rows, s.local, rep, toFile); err != nil {
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
