package bulk

import "github.com/seed-a87280d7/invites/cmd/invites/internal/output"

// Row is one row of a bulk command's results: its values, and its outcome.
type Row interface {
	output.Record
	Outcome() Outcome
}

// Report is a bulk command's results: -o json writes it whole, with the
// summary; the other formats write its rows.
type Report struct {
	Command     string         `json:"command"`
	Source      string         `json:"source,omitempty"`
	DryRun      bool           `json:"dry_run"`
	Interrupted bool           `json:"interrupted"`
	Summary     map[string]int `json:"summary"`
	// Rows is empty: the rows are written after the rest, one at a time.
	Rows []output.Object `json:"rows"`

	rows output.Rows
}

// NewReport returns the report of command, whose summary starts with the
// given counts at zero, so that they show even when nothing had them.
func NewReport(command, source string, dryRun bool, counts ...Outcome) *Report {
	rep := &Report{Command: command, Source: source, DryRun: dryRun, Summary: map[string]int{}}
	for _, o := range counts {
		rep.Summary[string(o)] = 0
	}
	return rep
}

// Add adds rows to the report, in input order, and counts them by outcome.
// A row whose run stopped before its outcome was known marks the report
// interrupted.
func Add[R Row](rep *Report, rows []R) {
	for _, r := range rows {
		rep.rows.Records = append(rep.rows.Records, r)
		o := r.Outcome()
		rep.Summary[string(o)]++
		if o.Unfinished() {
			rep.Interrupted = true
		}
	}
}

// Count returns how many rows had outcome o.
func (rep *Report) Count(o Outcome) int { return rep.Summary[string(o)] }

// Len returns the number of rows.
func (rep *Report) Len() int { return len(rep.rows.Records) }

// Verdict applies the exit rule to the report: Stopped when a stop left rows
// unknown or not sent, Failures when rows failed or a failure stopped the
// run (and, with missingFails, when an invite was missing), else Done.
func (rep *Report) Verdict(stop Stop, missingFails bool) Verdict {
	switch {
	case rep.Interrupted && (stop == SoftStop || stop == HardStop):
		return Stopped
	case rep.Interrupted, rep.Count(Failed) > 0, missingFails && rep.Count(Missing) > 0:
		return Failures
	}
	return Done
}
