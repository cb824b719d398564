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

// TestLayoutKeepsWholeColumns narrows a table with a layout from wide to
// narrow: the whole column keeps its full text at every width; the columns
// go in Drop's order, then the others from the last, a cut column being cut
// before it goes; a column that is not cut is whole or absent; and every
// line fits while the whole column alone does.
func TestLayoutKeepsWholeColumns(t *testing.T) {
	t.Parallel()
	id := "invite-abcdefghijklmnopqrstuvwx"
	rows := &Rows{
		Columns: []string{"id", "email", "role", "created_at", "reason"},
		Records: []Record{
			rec{id, "grace.hopper@example.com", "reader", "2026-03-01 12:00 UTC", "409 Conflict: An accepted invite cannot be deleted."},
		},
		Layout: Layout{Whole: []string{"id"}, Cut: []string{"email", "reason"}, Drop: []string{"created_at", "reason"}},
	}
	table := func(width int) string {
		var b strings.Builder
		if err := Write(&b, Table, rows, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	difftest.Check(t, "width 100", table(100), ""+
		"ID                               EMAIL                     ROLE    REASON\n"+
		id+"  grace.hopper@example.com  reader  409 Conflict: An accepted invite…\n")
	difftest.Check(t, "width 80", table(80), ""+
		"ID                               EMAIL               ROLE    REASON\n"+
		id+"  grace.hopper@exam…  reader  409 Conflict: An a…\n")
	difftest.Check(t, "width 60", table(60), ""+
		"ID                               EMAIL\n"+
		id+"  grace.hopper@example.com\n")
	difftest.Check(t, "width 50", table(50), ""+
		"ID                               EMAIL\n"+
		id+"  grace.hopper@exa…\n")
	difftest.Check(t, "width 20", table(20), "ID\n"+id+"\n")
	for width := 120; width >= 10; width-- {
		out := table(width)
		if strings.Count(out, id) != 1 {
			t.Errorf("width %d: the id was cut:\n%s", width, out)
		}
		if strings.Contains(out, "2026-03-01 12") && !strings.Contains(out, "2026-03-01 12:00 UTC") {
			t.Errorf("width %d: a column that is not cut was cut:\n%s", width, out)
		}
		if strings.Contains(out, "reade") && !strings.Contains(out, "reader") {
			t.Errorf("width %d: the role was cut:\n%s", width, out)
		}
		if strings.Contains(out, "CREATED AT") && !strings.Contains(out, "REASON") {
			t.Errorf("width %d: the reason went before created_at:\n%s", width, out)
		}
		if strings.Contains(out, "ROLE") && !strings.Contains(out, "EMAIL") {
			t.Errorf("width %d: the email went before the role:\n%s", width, out)
		}
		for line := range strings.Lines(out) {
			if n := Width(strings.TrimSuffix(line, "\n")); n > max(width, len(id)) {
				t.Errorf("width %d: a line of %d: %q", width, n, line)
			}
		}
	}
}

// TestWrap wraps prose, a list of flags and a word wider than the width:
// every line fits but that word's, prose keeps its indentation, and a flag's
// usage continues under the usage column unless that column is past half
// the width.
func TestWrap(t *testing.T) {
	t.Parallel()
	text := "" +
		"Revoke the invites with these ids, so that they can no longer be accepted.\n" +
		"  -y, --yes           do not ask for confirmation before revoking them all\n" +
		"  invites delete invite-abcdefghijklmnopqrstuvwx\n"
	difftest.Check(t, "wrapped at 40", Wrap(text, 40), ""+
		"Revoke the invites with these ids, so\n"+
		"that they can no longer be accepted.\n"+
		"  -y, --yes           do not ask for\n"+
		"  confirmation before revoking them all\n"+
		"  invites delete\n"+
		"  invite-abcdefghijklmnopqrstuvwx\n")
	difftest.Check(t, "wrapped at 60", Wrap(text, 60), ""+
		"Revoke the invites with these ids, so that they can no\n"+
		"longer be accepted.\n"+
		"  -y, --yes           do not ask for confirmation before\n"+
		"                      revoking them all\n"+
		"  invites delete invite-abcdefghijklmnopqrstuvwx\n")
	difftest.Check(t, "not wrapped", Wrap(text, 0), text)
	// Prose lines are flowed as one paragraph; a blank line ends it.
	prose := "Revoke the invites\nwith these ids.\n\nAn email stands for its pending invite.\n"
	difftest.Check(t, "a paragraph", Wrap(prose, 30), "Revoke the invites with these\nids.\n\nAn email stands for its\npending invite.\n")
	for width := 80; width >= 20; width-- {
		for line := range strings.Lines(Wrap(text, width)) {
			line = strings.TrimSuffix(line, "\n")
			if Width(line) > width && !strings.Contains(line, "invite-abc") {
				t.Errorf("width %d: a line of %d: %q", width, Width(line), line)
			}
		}
	}
}
