package output

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

type rec []any

func (r rec) Values() []any { return r }

// TestTableFitsTheWidth writes a table into widths from wide to narrow:
// every line fits, the longest cells are cut first with an ellipsis, and
// without a width nothing is cut.
func TestTableFitsTheWidth(t *testing.T) {
	t.Parallel()
	rows := &Rows{Columns: []string{"id", "email", "reason"}, Records: []Record{
		rec{"invite-abc", "ada@example.com", "409 Conflict: An accepted invite cannot be deleted."},
		rec{"invite-def", "grace.hopper@example.com", "-"},
	}}
	var natural strings.Builder
	if err := Write(&natural, Table, rows, Options{}); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "no width", natural.String(), ""+
		"ID          EMAIL                     REASON\n"+
		"invite-abc  ada@example.com           409 Conflict: An accepted invite cannot be deleted.\n"+
		"invite-def  grace.hopper@example.com  -\n")
	var fit strings.Builder
	if err := Write(&fit, Table, rows, Options{Width: 60}); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "width 60", fit.String(), ""+
		"ID          EMAIL                    REASON\n"+
		"invite-abc  ada@example.com          409 Conflict: An accep…\n"+
		"invite-def  grace.hopper@example.c…  -\n")
	for width := 60; width >= 20; width-- {
		var b strings.Builder
		if err := Write(&b, Table, rows, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(b.String()) {
			if n := utf8.RuneCountInString(strings.TrimSuffix(line, "\n")); n > width {
				t.Errorf("width %d: a line of %d: %q", width, n, line)
			}
		}
	}
}

// TestCSVHeaderNeutralised writes a column whose name a spreadsheet would
// run: the header cell is neutralised like the data cells.
func TestCSVHeaderNeutralised(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	rows := &Rows{Columns: []string{"email", "=cmd|calc"}, Records: []Record{rec{"ada@example.com", "+1"}}}
	if err := Write(&b, CSV, rows, Options{ToFile: true}); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "csv", b.String(), "email,'=cmd|calc\nada@example.com,'+1\n")
}

// TestWideCharacters fits text with characters that a terminal shows two
// columns wide, and combining marks that take none.
func TestWideCharacters(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"日本語のファイル.csv", 10, "日本語の…"},
		{"日本語のファイル.csv", 30, "日本語のファイル.csv"},
		{"cafe\u0301-team.csv", 9, "cafe\u0301-tea…"},
		{"ab", 1, "…"},
		{"ab", 0, ""},
		// Emoji and symbols that Unicode's EastAsianWidth.txt gives two
		// columns, outside the CJK blocks.
		{"🚀🚀🚀 launch.csv", 7, "🚀🚀🚀…"},
		{"✅☕❌🫠 ok", 9, "✅☕❌🫠…"},
		{"ｆｕｌｌ", 8, "ｆｕｌｌ"},
	} {
		got := Fit(tt.in, tt.width)
		if got != tt.want || Width(got) > max(tt.width, 0) {
			t.Errorf("Fit(%q, %d) = %q (%d columns), want %q", tt.in, tt.width, got, Width(got), tt.want)
		}
	}
	var b strings.Builder
	rows := &Rows{Columns: []string{"name", "id"}, Records: []Record{rec{"日本", "a"}, rec{"abcd", "b"}}}
	if err := Write(&b, Table, rows, Options{}); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "aligned", b.String(), "NAME  ID\n日本  a\nabcd  b\n")
}
