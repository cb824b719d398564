package specsync

import (
	"bytes"
	"errors"
	"strings"
)

// The markers around the differences table of docs/spec.md.
const (
	tableBegin = "<!-- differences: begin (made by make spec-sync from spec/overlay.yaml) -->\n"
	tableEnd   = "<!-- differences: end -->\n"
)

// Table is the differences table of docs/spec.md, one row per row of x-differences.
func (o *Overlay) Table() string {
	var b strings.Builder
	b.WriteString("| Upstream | Here | Why |\n| --- | --- | --- |\n")
	for _, d := range o.Differences {
		b.WriteString("| " + cell(d.Upstream) + " | " + cell(d.Here) + " | " + cell(d.Why) + " |\n")
	}
	return b.String()
}

// cell escapes the pipes of a table cell.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

// WithTable returns doc with the text between its table markers
// replaced by table.
func WithTable(doc []byte, table string) ([]byte, error) {
	begin := bytes.Index(doc, []byte(tableBegin))
	end := bytes.Index(doc, []byte(tableEnd))
	if begin < 0 || end < begin {
		return nil, errors.New(DifferencesFile + ": no differences table markers (" + strings.TrimSpace(tableBegin) + " … " + strings.TrimSpace(tableEnd) + ")")
	}
	var out bytes.Buffer
	out.Write(doc[:begin+len(tableBegin)])
	out.WriteString(table)
	out.Write(doc[end:])
	return out.Bytes(), nil
}
