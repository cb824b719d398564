package filegraph_test

import (
	"testing"

	"github.com/seed-a87280d7/invites/internal/filegraph"
)

func TestLoopsFindsFilesThatUseEachOther(t *testing.T) {
	t.Parallel()
	loops, err := filegraph.Loops(t.Context(), "testdata/loop")
	if err != nil {
		t.Fatal(err)
	}
	const want = "files a.go, b.go use each other:\n  a.go -> b.go (b)\n  b.go -> a.go (c)"
	if len(loops) != 1 || loops[0].String() != want {
		t.Fatalf("loops = %q, want one: %q", loops, want)
	}
}

func TestLoopsFindsNoneInAPackageThatReadsTopDown(t *testing.T) {
	t.Parallel()
	loops, err := filegraph.Loops(t.Context(), "testdata/topdown")
	if err != nil {
		t.Fatal(err)
	}
	if len(loops) != 0 {
		t.Fatalf("loops = %v, want none", loops)
	}
}

func TestLoopsFailsWithoutAPackage(t *testing.T) {
	t.Parallel()
	if _, err := filegraph.Loops(t.Context(), "testdata/none"); err == nil {
		t.Fatal("no error for a directory that does not exist")
	}
}
