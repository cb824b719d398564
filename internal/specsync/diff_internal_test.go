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

// TestKindOf names what a changed node is from its pointer alone.
func TestKindOf(t *testing.T) {
	t.Parallel()
	for pointer, want := range map[string]string{
		"/paths/~1organization~1invites/get":                                "operation",
		"/paths/~1organization~1invites/get/summary":                        "description",
		"/components/schemas/Invite/description":                            "description",
		"/paths/~1organization~1invites/get/parameters/[limit]":             "parameter",
		"/paths/~1organization~1invites/get/responses/200":                  "response",
		"/components/responses/TooManyRequests/headers":                     "header",
		"/components/responses/TooManyRequests/headers/retry-after":         "header",
		"/components/schemas/Invite/properties/status/enum/[expired]":       "enum value",
		"/components/schemas/Invite/required/[email]":                       "required",
		"/components/schemas/Invite/properties/accepted_at/nullable":        "nullable",
		"/components/schemas/Invite/properties/nullable":                    "nullable",
		"/components/schemas/Invite/properties/email":                       "field",
		"/components/schemas/Invite/properties/email/format":                "other",
		"/components/schemas/Invite/required":                               "other",
		"/components/responses/TooManyRequests/content/application~1json/x": "other",
	} {
		if got := kindOf(pointer); got != want {
			t.Errorf("kindOf(%s) = %q, want %q", pointer, got, want)
		}
	}
}
