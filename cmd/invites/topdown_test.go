package main

import (
	"testing"

	"github.com/seed-a87280d7/invites/internal/filegraph"
)

// TestFilesReadTopDown holds the invites command's package to reading
// top-down: no two of its files use each other, directly or through others.
func TestFilesReadTopDown(t *testing.T) {
	t.Parallel()
	loops, err := filegraph.Loops(t.Context(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range loops {
		t.Errorf("%v", l)
	}
}
