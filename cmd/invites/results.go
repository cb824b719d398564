package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
func (o *resultsOptions) register(fs interface {
	StringVar(p *string, name, value, usage string)
}) {
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

// resultsSink is where a bulk command's results go.
type resultsSink struct {
	w      io.Writer
	format string
	close  func() error
}

// open returns where the results go: the --results file, created now so
// that a path that cannot be written fails the command before anything is
// sent, or else stdout. Close the sink when done; write closes it too.
func (o *resultsOptions) open(stdout io.Writer) (*resultsSink, error) {
	format, err := o.resolve()
	if err != nil {
		return nil, err
	}
	if o.path == "" {
		return &resultsSink{w: stdout, format: format, close: func() error { return nil }}, nil
	}
	f, err := os.Create(o.path)
	if err != nil {
		return nil, fmt.Errorf("cannot write the results: %w", err)
	}
	return &resultsSink{w: f, format: format, close: sync.OnceValue(f.Close)}, nil
}

// write writes the results and closes the sink.
func (s *resultsSink) write(header []string, rep *report) error {
	if err := writeResults(s.w, s.format, header, rep); err != nil {
		_ = s.close()
		return err
	}
	if err := s.close(); err != nil {
		return fmt.Errorf("writing the results: %w", err)
	}
	return nil
}

// Close closes the sink without writing; it may follow write.
func (s *resultsSink) Close() error { return s.close() }

// writeResults writes the results as CSV (header, then a record a row) or as
// a JSON document with the summary.
func writeResults(w io.Writer, format string, header []string, rep *report) error {
	var err error
	if format == "json" {
		if rep.Rows == nil {
			rep.Rows = []resultRow{}
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		cw := csv.NewWriter(w)
		_ = cw.Write(header)
		for _, row := range rep.Rows {
			_ = cw.Write(row.csvRecord())
		}
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("writing the results: %w", err)
	}
	return nil
}

// describeDestination names where the results went, for the summary.
func (o *resultsOptions) describeDestination() string {
	if o.path == "" {
		return "on stdout"
	}
	return "in " + o.path
}
