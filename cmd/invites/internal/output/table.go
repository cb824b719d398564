package output

import (
	"io"
	"strings"
	"time"
)

// tablePadding is the space between two columns of a table.
const tablePadding = 2

// minColumn is the narrowest a column is cut to when a table does not fit:
// two characters and the ellipsis.
const minColumn = 3

// writeTable writes rows as an aligned table, with a header of the column
// names in capitals and times in loc. With a width, the widest columns are
// cut, with an ellipsis, until every line fits in it.
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
	if width > 0 {
		shrink(widths, width)
	}
	var b strings.Builder
	for _, cells := range lines {
		for i, c := range cells {
			c = Fit(c, widths[i])
			b.WriteString(c)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-Width(c)+tablePadding))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shrink narrows the widest of the columns, one character at a time, until
// the table fits in width or every column is at minColumn.
func shrink(widths []int, width int) {
	total := tablePadding * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	for total > width {
		widest := 0
		for i, w := range widths {
			if w > widths[widest] {
				widest = i
			}
		}
		if widths[widest] <= minColumn {
			return
		}
		widths[widest]--
		total--
	}
}
