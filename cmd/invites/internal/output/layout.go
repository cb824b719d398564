package output

import "slices"

// tablePadding is the space between two columns of a table.
const tablePadding = 2

// cutFloor is the narrowest a column is cut to while a column that may be
// left out remains: enough for most of an email address or a reason.
const cutFloor = 16

// minColumn is the narrowest a column is ever cut to: two characters and
// the ellipsis.
const minColumn = 3

// Layout says how a table wider than the terminal gives way. Its columns are
// of three kinds:
//
//   - Whole columns keep their full text and are never left out: the
//     handles a reader types back, such as an invite id, or an email where
//     it is the key of a row.
//   - Cut columns may be cut, with an ellipsis, such as a reason.
//   - Every other column is shown whole or not at all, such as a time or a
//     status, which a cut makes useless.
//
// A table that does not fit leaves out columns in the order of Drop (Cut
// columns and others alike) until it fits; when a Cut column's turn comes,
// the table is first tried with its Cut columns cut, the widest first, down
// to cutFloor characters, and the column is left out only if that is not
// enough. A column in neither Whole nor Drop is left out after those of
// Drop, the last first. Last, the Cut columns left are cut down to
// minColumn. Whole columns never give way: when they alone are wider than
// the terminal, the lines are longer than it, as kubectl's are.
//
// The zero Layout cuts every column, never leaving one out.
type Layout struct {
	Whole []string
	Cut   []string
	Drop  []string
}

// apply makes a table of columns, whose natural widths are widths, fit in
// width: it sets shown to false for the columns left out and narrows the
// widths of the columns it cuts.
func (f Layout) apply(columns []string, widths []int, shown []bool, width int) {
	zero := len(f.Whole)+len(f.Cut)+len(f.Drop) == 0
	cuttable := func(i int) bool {
		return zero || slices.Contains(f.Cut, columns[i]) && !slices.Contains(f.Whole, columns[i])
	}
	// total is the width of the shown columns, those that may be cut
	// counted at most floor wide.
	total := func(floor int) int {
		n, sum := 0, 0
		for i, w := range widths {
			if !shown[i] {
				continue
			}
			n++
			if cuttable(i) {
				w = min(w, floor)
			}
			sum += w
		}
		return sum + tablePadding*max(n-1, 0)
	}
	if total(width) <= width {
		return
	}
	if !zero {
		// The order in which columns are left out: Drop's, then the
		// others but the whole ones, the last first.
		order := slices.Clone(f.Drop)
		for i := len(columns) - 1; i >= 0; i-- {
			if !slices.Contains(f.Drop, columns[i]) && !slices.Contains(f.Whole, columns[i]) {
				order = append(order, columns[i])
			}
		}
		for _, name := range order {
			if total(width) <= width {
				break // it fits with its columns whole
			}
			i := slices.Index(columns, name)
			if i < 0 || slices.Contains(f.Whole, name) {
				continue
			}
			if cuttable(i) && total(cutFloor) <= width {
				break // its turn: cut, it makes the table fit
			}
			shown[i] = false
		}
	}
	for _, floor := range []int{cutFloor, minColumn} {
		for total(width) > width {
			widest := -1
			for i, w := range widths {
				if shown[i] && cuttable(i) && w > floor && (widest < 0 || w > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
		}
	}
}
