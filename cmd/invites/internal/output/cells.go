package output

import "strings"

// formulaStarts are the first characters that make a spreadsheet read a cell
// as a formula (OWASP's list), and the quote that neutralises them.
const formulaStarts = "=+-@\t\r'"

// Neutralise puts a single quote before a cell that a spreadsheet would run
// as a formula, as OWASP advises for CSV files. A cell that starts with the
// quote itself gets one too, so that Restore gives back exactly the value
// written. Header cells go through it like data cells.
func Neutralise(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralise.
func Restore(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
