package apitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestCreateRefusesKeysThatDecodeAsAnother sends create bodies in which a
// key is given twice, or differs from a field's name only in case (as
// encoding/json folds it): kin-openapi validates one key and encoding/json
// would store the other, so "role":"reader","ROLE":"owner" would invite an
// owner. Each is a 400 naming the field, and nothing is stored.
func TestCreateRefusesKeysThatDecodeAsAnother(t *testing.T) {
	t.Parallel()
	const ok = `"email":"a@example.com","role":"reader"`
	tests := map[string]struct{ body, param, says string }{
		"email twice":                {`{` + ok + `,"email":"b@example.com"}`, "email", `'email' appears twice`},
		"Email beside email":         {`{` + ok + `,"Email":"b@example.com"}`, "email", `'Email' is a case variant of 'email'`},
		"ROLE beside role":           {`{` + ok + `,"ROLE":"owner"}`, "role", `'ROLE' is a case variant of 'role'`},
		"an escaped variant":         {`{` + ok + `,"r\u004fle":"owner"}`, "role", `'rOle' is a case variant of 'role'`},
		"Projects alone":             {`{` + ok + `,"Projects":[{"id":"p","role":"admin"}]}`, "projects", `'Projects' is a case variant of 'projects'`},
		"a long s":                   {`{` + ok + `,"projectſ":[{"id":"p","role":"member"}]}`, "projects", `'projectſ' is a case variant of 'projects'`},
		"a Kelvin sign":              {`{` + ok + `,"projects":[{"id":"p","role":"member"}],"\u212a":1,"ROLE":"owner"}`, "role", `'ROLE' is a case variant of 'role'`},
		"a project's role twice":     {`{` + ok + `,"projects":[{"id":"p","role":"member","role":"owner"}]}`, "projects[0].role", `'role' appears twice`},
		"ROLE in the second project": {`{` + ok + `,"projects":[{"id":"p","role":"member"},{"id":"q","role":"member","ROLE":"owner"}]}`, "projects[1].role", `'ROLE' is a case variant of 'role'`},
	}
	srv := setup(t)
	for name, tt := range tests {
		a := send(t, srv, http.MethodPost, "/organization/invites", tt.body)
		e := wantError(t, a, http.StatusBadRequest, "", tt.param)
		if !strings.Contains(e.Message, tt.says) {
			t.Errorf("%s: message %q, want it to say %s", name, e.Message, tt.says)
		}
	}
	var list page
	send(t, srv, http.MethodGet, "/organization/invites", "").decode(t, &list)
	difftest.Check(t, "invites stored", len(list.Data), 0)
	// Unknown keys that no field takes are still ignored.
	difftest.Check(t, "status with an unknown key", send(t, srv, http.MethodPost, "/organization/invites", `{`+ok+`,"note":"hi","NOTE":"ho"}`).status, http.StatusOK)
}

// TestCreateTakesKeysEncodingJSONDoesNotRead sends create bodies with keys
// that look like a field's name but that encoding/json, whose matching is
// Unicode simple case folding (strings.EqualFold), takes for no field: the
// dotless ı of "emaıl" and the dotted İ of "İd" fold to no ASCII letter.
// They are unknown keys, ignored, and the invite is created from the fields
// as written.
func TestCreateTakesKeysEncodingJSONDoesNotRead(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	body := `{"email":"a@example.com","role":"reader","emaıl":"b@example.com","projects":[{"id":"p","role":"member","İd":"q"}]}`
	a := send(t, srv, http.MethodPost, "/organization/invites", body)
	if a.status != http.StatusOK {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	var inv api.Invite
	a.decode(t, &inv)
	difftest.Check(t, "email and projects", []any{inv.Email, inv.Projects}, []any{"a@example.com", []api.Project{{ID: "p", Role: "member"}}})
}
