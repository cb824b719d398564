package difftest_test

import (
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

type rec struct {
	Name  string
	Body  []byte
	Items []int
	Tags  map[string]string
	Next  *rec
}

func TestDiff(t *testing.T) {
	t.Parallel()
	want := rec{Name: "a", Body: []byte("{}"), Items: []int{1, 2, 3}, Tags: map[string]string{"x": "1"}}
	if d := difftest.Diff(want, want); d != "" {
		t.Fatalf("Diff of equal values:\n%s", d)
	}
	got := want
	got.Items = []int{1, 3}
	got.Body = []byte("null")
	const wantDiff = `  difftest_test.rec{
    Name: "a"
-   Body: "{}"
+   Body: "null"
    Items: [
      1
-     2
      3
    ]
    Tags: {
      "x": "1"
    }
    Next: nil
  }
`
	if d := difftest.Diff(want, got); d != wantDiff {
		t.Errorf("Diff =\n%s\nwant\n%s", d, wantDiff)
	}
	if d := difftest.Diff([]byte{}, []byte(nil)); d == "" {
		t.Error("Diff does not tell an empty slice from nil")
	}
}
