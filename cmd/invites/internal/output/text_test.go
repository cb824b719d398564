package output

import "testing"

func TestFitMiddle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s     string
		width int
		want  string
	}{
		{"importing team.csv", 40, "importing team.csv"},
		{"importing /tmp/a/very/long/folder/team.csv", 24, "importing /…der/team.csv"},
		{"importing /tmp/a/very/long/folder/team.csv", 16, "importi…team.csv"},
		{"abcdef", 5, "ab…ef"},
		{"abcdef", 1, "…"},
		{"abcdef", 0, ""},
		// A wide character counts two columns and is never split.
		{"日本語のファイル.csv", 11, "日本語….csv"},
	} {
		got := FitMiddle(tt.s, tt.width)
		if got != tt.want {
			t.Errorf("FitMiddle(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
		if w := Width(got); w > tt.width {
			t.Errorf("FitMiddle(%q, %d) = %q, %d columns", tt.s, tt.width, got, w)
		}
	}
}
