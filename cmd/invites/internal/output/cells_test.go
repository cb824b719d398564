package output

import (
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestNeutralise(t *testing.T) {
	t.Parallel()
	values := []string{"", "ada@example.com", "=1+2", "+x", "-y", "@z", "\tt", "\rr", "'q", "''", "'=x", "a=b", "'"}
	var neutralised, restored []string
	for _, v := range values {
		n := Neutralise(v)
		neutralised = append(neutralised, n)
		restored = append(restored, Restore(n))
	}
	difftest.Check(t, "neutralised", neutralised, []string{"", "ada@example.com", "'=1+2", "'+x", "'-y", "'@z", "'\tt", "'\rr", "''q", "'''", "''=x", "a=b", "''"})
	difftest.Check(t, "restored", restored, values)
}
