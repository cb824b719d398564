package specsync

import "testing"

// TestChangedTextShowsWhereItDiffers checks that a change to a long text is
// reported from shortly before the first difference, not from the start
// both sides share.
func TestChangedTextShowsWhereItDiffers(t *testing.T) {
	t.Parallel()
	long := "Invites come newest first in a stable order. Pass the previous page's last_id as after."
	c := Change{Op: '~', Kind: "description", Pointer: "/paths/x/description", Old: long, New: long + " Edited."}
	const want = `~ description  /paths/x/description: "…'s last_id as after." → "…'s last_id as after. Edited."`
	if got := c.String(); got != want {
		t.Errorf("Change.String() =\n%s\nwant\n%s", got, want)
	}
	short := Change{Op: '~', Kind: "other", Pointer: "/m", Old: "100", New: "1000"}
	if got, want := short.String(), `~ other        /m: "100" → "1000"`; got != want {
		t.Errorf("Change.String() = %s, want %s", got, want)
	}
}
