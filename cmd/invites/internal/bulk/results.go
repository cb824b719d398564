package bulk

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// Results is the --results flag: where a bulk command's per-row results go.
type Results struct {
	Path string
}

// Register adds --results to fs.
func (r *Results) Register(fs *flag.FlagSet) {
	fs.StringVar(&r.Path, "results", "", "write the results to this `file`, as -o says, else as its extension (.json, .jsonl), else csv")
}

// Format returns the results' format: -o's (outputFlag), else for a file its
// extension's or csv, else for stdout fallback, or a table on a terminal.
func (r *Results) Format(outputFlag string, stdoutTerminal bool, fallback string) string {
	if r.Path == "" || outputFlag != "" {
		return output.Choose(outputFlag, stdoutTerminal, fallback)
	}
	switch strings.ToLower(filepath.Ext(r.Path)) {
	case ".json":
		return output.JSON
	case ".jsonl":
		return output.JSONL
	}
	return output.CSV
}

// Check refuses a --results path that names something other than a file,
// such as a folder or a device: the results, renamed over it at the end of
// the run, would be lost after every request was sent.
func (r *Results) Check() error {
	if r.Path == "" {
		return nil
	}
	if info, err := os.Stat(r.Path); err == nil && !info.Mode().IsRegular() {
		what := "a folder"
		if !info.IsDir() {
			what = "a " + strings.TrimPrefix(fmt.Sprint(info.Mode().Type()), "d") + " special file"
		}
		return fmt.Errorf("--results %s: not a file but %s: name a file, or leave --results out to write to stdout", r.Path, what)
	}
	return nil
}

// Describe names where the results go, for the summary.
func (r *Results) Describe() string {
	if r.Path == "" {
		return "on stdout"
	}
	return "in " + r.Path
}

// Sink is where a bulk command's results go: stdout, or a --results file
// written atomically.
type Sink struct {
	Format string
	// Whole says -o json writes the whole report, with its summary, rather
	// than the array of its rows.
	Whole bool
	// Layout says how a table of the results gives way on a terminal
	// narrower than it: the command marks the columns it never cuts.
	Layout output.Layout
	local  *time.Location
	width  func() int
	stdout io.Writer // when there is no file
	path   string    // the --results file, or ""
	tmp    *os.File  // the temporary file that becomes path
}

// SinkOptions say where and how a Sink writes.
type SinkOptions struct {
	Format string
	Whole  bool
	// Local is the time zone of a table; Width says the terminal's width
	// when the results are written, which a table on stdout fits (nil or 0
	// for none), so that a terminal resized during the run is met.
	Local  *time.Location
	Width  func() int
	Stdout io.Writer
}

// Open returns where the results go. For a --results file it creates the
// temporary file beside it now, so that a folder that cannot be written
// fails the command before anything is sent; Commit renames it into place,
// and Discard removes it, leaving the destination as it was.
func (r *Results) Open(o SinkOptions) (*Sink, error) {
	s := &Sink{Format: o.Format, Whole: o.Whole, local: o.Local, width: o.Width, stdout: o.Stdout, path: r.Path}
	if r.Path == "" {
		return s, nil
	}
	var err error
	s.tmp, err = os.CreateTemp(filepath.Dir(r.Path), "."+filepath.Base(r.Path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write the results: %w", err)
	}
	return s, nil
}

// Commit writes the report with these columns: to stdout, with every cell
// made safe for a terminal, or to the temporary file, which then replaces
// the --results file in one step. When that rename fails, the temporary
// file, complete, stays, and the error names it.
func (s *Sink) Commit(columns []string, rep *Report) error {
	rep.rows.Columns = columns
	rep.rows.Layout = s.Layout
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
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("writing the results: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		// Complete but not in place: keep them where they are.
		return fmt.Errorf("writing the results: %w; the results are in %s", err, tmp.Name())
	}
	return nil
}

func (s *Sink) write(w io.Writer, rep *Report, toFile bool) error {
	var err error
	if s.Whole && s.Format == output.JSON {
		// The report with its summary, and its rows written one at a
		// time.
		head := *rep
		head.Rows = []output.Object{}
		err = output.WriteJSONWithRows(w, &head, &rep.rows)
	} else {
		// A results file gets its control characters shown escaped as
		// the terminal does: it is read with cat and less as often as
		// with a spreadsheet, and the server's text must not act on a
		// terminal there either.
		o := output.Options{Local: s.local}
		if s.Whole && output.IsTemplate(s.Format) {
			// A template sees what -o json writes: the whole report.
			doc := *rep
			doc.Rows = rep.rows.Objects()
			o.Document = &doc
		}
		if !toFile && s.width != nil {
			o.Width = s.width()
		}
		err = output.Write(w, s.Format, &rep.rows, o)
	}
	if err != nil {
		return fmt.Errorf("writing the results: %w", err)
	}
	return nil
}

// Discard removes the temporary file unless Commit has used it, leaving the
// --results file untouched. It is safe to call after Commit.
func (s *Sink) Discard() {
	if s.tmp != nil {
		_ = s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
		s.tmp = nil
	}
}
