package difftest_test

import (
	"fmt"
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

func TestText(t *testing.T) {
	t.Parallel()
	if d := difftest.Text("a\nb\n", "a\nb\n"); d != "" {
		t.Fatalf("Text of equal texts:\n%s", d)
	}
	const want = "  a\n- b\n+ B\n  c\n"
	if d := difftest.Text("a\nb\nc\n", "a\nB\nc\n"); d != want {
		t.Errorf("Text =\n%s\nwant\n%s", d, want)
	}
}

// recorder is a testing.TB that keeps what Errorf reports.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	difftest.Check(r, "the page", []int{1, 2}, []int{1, 2})
	if len(r.msgs) != 0 {
		t.Fatalf("Check of equal values reported %q", r.msgs)
	}
	difftest.Check(r, "the page", []int{1, 3}, []int{1, 2})
	want := []string{"the page differs (-want +got):\n  [\n    1\n-   2\n+   3\n  ]\n"}
	difftest.Check(t, "what Check reported", r.msgs, want)
}
