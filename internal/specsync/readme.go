package specsync

import (
	"bytes"
	"errors"
	"strings"
)

// The markers around README's differences table.
const (
	tableBegin = "<!-- differences: begin (made by make spec-sync from spec/overlay.yaml) -->\n"
	tableEnd   = "<!-- differences: end -->\n"
)

// Table is README's differences table, one row per row of x-differences.
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

// WithTable returns readme with the text between its table markers
// replaced by table.
func WithTable(readme []byte, table string) ([]byte, error) {
	begin := bytes.Index(readme, []byte(tableBegin))
	end := bytes.Index(readme, []byte(tableEnd))
	if begin < 0 || end < begin {
		return nil, errors.New("README.md: no differences table markers (" + strings.TrimSpace(tableBegin) + " … " + strings.TrimSpace(tableEnd) + ")")
	}
	var out bytes.Buffer
	out.Write(readme[:begin+len(tableBegin)])
	out.WriteString(table)
	out.Write(readme[end:])
	return out.Bytes(), nil
}
