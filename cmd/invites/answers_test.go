package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// answer is a handler that serves what a misbehaving service would: requests
// for which it returns false go on to the fake.
type answer func(w http.ResponseWriter, r *http.Request) bool

// serveAnswer puts ans in front of the fake.
func serveAnswer(ans answer) func(next http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !ans(w, r) {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// writeAnswer writes a JSON answer.
func writeAnswer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// notDeleted answers every delete with deleted: false.
func notDeleted(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodDelete {
		return false
	}
	id := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	w.Header().Set("X-Request-Id", "req_not_deleted")
	writeAnswer(w, http.StatusOK, `{"object":"organization.invite.deleted","id":"`+id+`","deleted":false}`)
	return true
}

// otherDeleted answers every delete with deleted: true, for another invite
// than the one asked for.
func otherDeleted(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodDelete {
		return false
	}
	w.Header().Set("X-Request-Id", "req_other_deleted")
	writeAnswer(w, http.StatusOK, `{"object":"organization.invite.deleted","id":"invite-other","deleted":true}`)
	return true
}

// otherEmail answers every create with an invite for another email.
func otherEmail(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	writeAnswer(w, http.StatusOK, hostileInvite("invite-mallory", "mallory@example.com"))
	return true
}

// repeatedCursor answers every list with the same page, which claims that
// more follow after its own last invite.
func repeatedCursor(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/organization/invites") {
		return false
	}
	writeAnswer(w, http.StatusOK, `{"object":"list","data":[`+hostileInvite("invite-loop", "loop@example.com")+`],"first_id":"invite-loop","last_id":"invite-loop","has_more":true}`)
	return true
}

// hostileInvite is an invite in JSON whose email is as given.
func hostileInvite(id, email string) string {
	return `{"object":"organization.invite","id":"` + id + `","email":"` + email + `","role":"reader","status":"pending","created_at":1772366400,"expires_at":1772971200,"accepted_at":null,"projects":[]}`
}

// hostileText answers gets with an error and creates with a 400 whose
// message, code and param carry escape sequences and control characters,
// and the invite invite-evil with such an email.
func hostileText(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/invite-evil"):
		writeAnswer(w, http.StatusOK, hostileInvite(`invite-evil`, `a\u001b]0;pwned\u0007\u009b31m\u202eb@example.com`))
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/organization/invites/"):
		writeAnswer(w, http.StatusNotFound, `{"error":{"type":"invalid_request_error","message":"No invite \u001b[31mhere\u001b[0m\r\nInjected: line","code":"not_found\u0007","param":null}}`)
	case r.Method == http.MethodPost:
		writeAnswer(w, http.StatusBadRequest, `{"error":{"type":"invalid_request_error","message":"Bad \u001b[2J\u001b[Hproject\u009b","code":"\u001b[5mcode","param":"projects"}}`)
	default:
		return false
	}
	return true
}

// TestMisbehavingServices runs commands against services that answer wrong
// or hostile things, and compares everything they print with golden files.
func TestMisbehavingServices(t *testing.T) {
	t.Parallel()
	team := writeFile(t, "team.csv", "email,role,projects\nada@example.com,reader,proj_a:member\n")
	tests := []struct {
		name   string
		answer answer
		args   []string
	}{
		// A delete answered with deleted: false is never a revoke.
		{"delete_not_deleted", notDeleted, []string{"delete", "invite-x", "--yes"}},
		{"prune_not_deleted", notDeleted, []string{"prune", "--status", "pending", "--yes"}},
		// Nor is a delete answered for another invite.
		{"delete_other_deleted", otherDeleted, []string{"delete", "invite-x", "--yes"}},
		{"prune_other_deleted", otherDeleted, []string{"prune", "--status", "pending", "--yes"}},
		// A create answered with an invite for someone else is not created.
		{"import_other_email", otherEmail, []string{"import", team}},
		// A walk that meets a cursor again ends with a clear error.
		{"list_all_repeated_cursor", repeatedCursor, []string{"list", "--all"}},
		{"import_repeated_cursor", repeatedCursor, []string{"import", team}},
		{"prune_repeated_cursor", repeatedCursor, []string{"prune", "--status", "pending", "--yes"}},
		// Server text reaches the terminal escaped.
		{"get_hostile_error", hostileText, []string{"get", "invite-missing"}},
		{"get_hostile_invite", hostileText, []string{"get", "invite-evil"}},
		{"get_hostile_invite_json", hostileText, []string{"get", "invite-evil", "-o", "jsonl"}},
		{"import_hostile_reason", hostileText, []string{"--max-retries", "0", "import", team}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, baseURL := wrappedServer(t, serveAnswer(tt.answer))
			h.AddInvite(api.Invite{Email: "old@example.com", Role: api.RoleReader})
			inv := invocation{args: tt.args, env: envFor(baseURL)}
			got := runCLI(t, inv)
			checkGolden(t, tt.name, inv, got, team, "TEAM.csv")
			if strings.Contains(got.stderr, apitest.AdminKey) {
				t.Error("stderr shows the key")
			}
		})
	}
}
