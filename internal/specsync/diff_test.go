package specsync_test

import (
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

// TestChangeEscapesNames: a name from the input with a control character
// reaches the terminal escaped, never raw.
func TestChangeEscapesNames(t *testing.T) {
	t.Parallel()
	for _, c := range []specsync.Change{
		{Op: '+', Kind: "field", Pointer: "/components/schemas/Invite/properties/\x1b[31mred"},
		{Op: '~', Kind: "other", Pointer: "/x\x07", Old: "a\x1b", New: "b"},
	} {
		if s := c.String(); strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("%q reaches the terminal raw", s)
		}
	}
}
