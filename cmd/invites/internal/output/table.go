package output

import (
	"io"
	"strings"
	"time"
)

// writeTable writes rows as an aligned table, with a header of the column
// names in capitals and times in loc. With a width, the columns give way as
// its Layout says until every line fits in it, if it can.
func writeTable(w io.Writer, r *Rows, loc *time.Location, width int) error {
	if len(r.Records) == 0 {
		return nil // stderr says there is nothing
	}
	lines := make([][]string, 0, len(r.Records)+1)
	header := make([]string, len(r.Columns))
	for i, name := range r.Columns {
		header[i] = Printable(strings.ToUpper(strings.ReplaceAll(name, "_", " ")))
	}
	lines = append(lines, header)
	for _, rec := range r.Records {
		values := rec.Values()
		cells := make([]string, len(values))
		for i, v := range values {
			cells[i] = Printable(OrDash(Text(v, loc)))
		}
		lines = append(lines, cells)
	}
	widths := make([]int, len(header))
	for _, cells := range lines {
		for i, c := range cells {
			widths[i] = max(widths[i], Width(c))
		}
	}
	shown := make([]bool, len(widths))
	for i := range shown {
		shown[i] = true
	}
	if width > 0 {
		r.Layout.apply(r.Columns, widths, shown, width)
	}
	last := -1
	for i, ok := range shown {
		if ok {
			last = i
		}
	}
	var b strings.Builder
	for _, cells := range lines {
		for i, c := range cells {
			if !shown[i] {
				continue
			}
			c = Fit(c, widths[i])
			b.WriteString(c)
			if i < last {
				b.WriteString(strings.Repeat(" ", widths[i]-Width(c)+tablePadding))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
