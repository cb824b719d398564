package api

import (
	"net/mail"
	"testing"
)

// emails are addresses that the fast path takes, and some it must leave to
// net/mail.
var emails = []string{
	"ada@example.com", "ada.lovelace+invites@eng.example.co.uk", "a!#$%&'*+-/=?^_`{|}~@example.com",
	"A.B@EXAMPLE.COM", "a@b", "a@-b.c", "a@b-.c", "1@2.3", "a@b..c", "a..b@example.com", ".a@example.com",
	"a.@example.com", "a@.example.com", "a@example.com.", "@example.com", "a@", "a@@example.com",
	"a@b@example.com", `"a b"@example.com`, "a(comment)@example.com", "a@[127.0.0.1]", "Ada <ada@example.com>",
	" ada@example.com", "ada@example.com ", "ada@exämple.com", "ädä@example.com", "a\x00@example.com", "a@example.com\n",
}

// TestPlainAddressesParseAsThemselves checks the fast path of emailRule
// against net/mail: every address it accepts, net/mail parses as itself with
// no display name.
func TestPlainAddressesParseAsThemselves(t *testing.T) {
	t.Parallel()
	for _, email := range emails {
		checkPlainAddress(t, email)
	}
}

func checkPlainAddress(t *testing.T, email string) {
	t.Helper()
	if !isPlainAddress(email) {
		return
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email {
		t.Fatalf("isPlainAddress(%q) is true, but net/mail parses it as (%+v, %v)", email, addr, err)
	}
}

func FuzzPlainAddress(f *testing.F) {
	for _, email := range emails {
		f.Add(email)
	}
	f.Fuzz(checkPlainAddress)
}
