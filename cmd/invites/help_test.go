package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// maxHelpLines is the most lines a command's help may have, wrapped to a
// terminal of 80 columns or not wrapped at all.
const maxHelpLines = 40

// TestHelpIsShort prints every command's help as a terminal of 80 columns
// and a pipe get it: at most maxHelpLines lines; on the terminal none wider
// than it; in the order usage, description, examples, flags.
func TestHelpIsShort(t *testing.T) {
	t.Parallel()
	for _, cmd := range allCommands {
		for _, width := range []int{80, 0} {
			t.Run(fmt.Sprintf("%s at %d", cmd.name, width), func(t *testing.T) {
				t.Parallel()
				var b strings.Builder
				printCommandHelp(&b, cmd, width)
				help := b.String()
				lines := strings.Split(strings.TrimSuffix(help, "\n"), "\n")
				if len(lines) > maxHelpLines {
					t.Errorf("%d lines, want at most %d:\n%s", len(lines), maxHelpLines, help)
				}
				for _, line := range lines {
					if width > 0 && output.Width(line) > width {
						t.Errorf("a line of %d columns on a terminal of %d: %q", output.Width(line), width, line)
					}
				}
				if !strings.HasPrefix(help, "Usage: invites "+cmd.name) {
					t.Errorf("the help does not start with its usage line:\n%s", help)
				}
				examples, flagsAt := strings.Index(help, "\nExamples:\n"), strings.Index(help, "\nFlags:\n")
				if examples < 0 || flagsAt < examples {
					t.Errorf("the examples (at %d) do not come before the flags (at %d):\n%s", examples, flagsAt, help)
				}
			})
		}
	}
}
