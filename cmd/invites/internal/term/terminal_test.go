package term

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWidthOfAFile asks a file that is no terminal for its width: $COLUMNS
// when it is a positive number, else 80.
func TestWidthOfAFile(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Fatal("a file is a terminal")
	}
	for columns, want := range map[string]int{"123": 123, "": 80, "wide": 80, "-5": 80} {
		t.Setenv("COLUMNS", columns)
		if got := Width(f); got != want {
			t.Errorf("COLUMNS=%q: width %d, want %d", columns, got, want)
		}
	}
	t.Setenv("COLUMNS", "")
	tracker := Track(f)
	defer tracker.Stop()
	if got := tracker.Width(); got != 80 {
		t.Errorf("tracked width %d", got)
	}
}
