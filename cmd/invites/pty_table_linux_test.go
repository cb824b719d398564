//go:build linux

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestIDsNeverCut runs list, prune and import on pseudo-terminals 50, 80
// and 120 columns wide and reads the screen as the terminal shows it: every
// invite id (and, in import's results, every email, the key of a row) is
// on one line in full, in the confirmation table and in the results, and
// no table line is wider than the terminal.
func TestIDsNeverCut(t *testing.T) {
	bin := buildCommand(t)
	envFor := func(baseURL string) []string {
		return append(childEnv(), "TZ=UTC", "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+apitest.AdminKey)
	}
	// screen runs the command to its end and returns the lines that the
	// terminal shows, wrapped at its width.
	screen := func(t *testing.T, term *terminal, width int) []string {
		t.Helper()
		if code := term.exitCode(t); code != exitOK {
			t.Fatalf("exit %d:\n%s", code, term.text())
		}
		out := term.text()
		return render(out, width, len(out), width)
	}
	// whole fails the test unless each of want is on a line of lines, in
	// full, at least n times.
	whole := func(t *testing.T, lines []string, n int, want ...string) {
		t.Helper()
		for _, w := range want {
			count := 0
			for _, line := range lines {
				count += strings.Count(line, w)
			}
			if count < n {
				t.Errorf("%q is shown whole %d times, want %d; the terminal shows:\n%s", w, count, n, strings.Join(lines, "\n"))
			}
		}
	}
	// addInvites adds invites whose emails are long enough to be cut.
	addInvites := func(srv *apitest.Server) (ids []string) {
		for i := range 3 {
			inv := srv.AddInvite(api.Invite{Email: fmt.Sprintf("grace.brewster.murray.hopper.%d@navy.example.com", i), Role: api.RoleReader})
			ids = append(ids, inv.ID)
		}
		return ids
	}
	for _, width := range []int{50, 80, 120} {
		t.Run(fmt.Sprintf("list at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			ids := addInvites(srv)
			lines := screen(t, startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, "list"), width)
			whole(t, lines, 1, ids...)
			if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "EMAIL") {
				t.Errorf("header %q", lines[0])
			}
			if strings.Contains(strings.Join(lines, "\n"), "2026-03-01 1…") {
				t.Errorf("a time was cut:\n%s", strings.Join(lines, "\n"))
			}
		})
		t.Run(fmt.Sprintf("prune at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			ids := addInvites(srv)
			term := startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, "prune", "--status", "pending")
			term.waitFor(t, `Revoke 3 pending invites\? \[y/N\] $`)
			term.typeKeys(t, "yes\r")
			lines := screen(t, term, width)
			// Once in the confirmation table, once in the results.
			whole(t, lines, 2, ids...)
			whole(t, lines, 3, "revoked")
		})
		t.Run(fmt.Sprintf("import at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			file := writeFile(t, "team.csv", teamCSV(3))
			lines := screen(t, startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, "import", file), width)
			var want []string
			for _, inv := range srv.Invites() {
				want = append(want, inv.ID, inv.Email)
			}
			if len(want) != 6 {
				t.Fatalf("%d invites, want 3", len(want)/2)
			}
			whole(t, lines, 1, want...)
		})
	}
	// The 404's hint sends the admin to the list, whose ids are whole on a
	// terminal of 50 columns, as above.
	t.Run("the hint of a 404 at 50", func(t *testing.T) {
		t.Parallel()
		srv := newTestServer(t)
		term := startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), 50, "get", "invite-doesnotexist")
		if code := term.exitCode(t); code != exitFailure {
			t.Fatalf("exit %d, want %d:\n%s", code, exitFailure, term.text())
		}
		if !strings.Contains(strings.ReplaceAll(term.text(), "\n", ""), "see the invite ids with 'invites list'") {
			t.Errorf("no hint:\n%s", term.text())
		}
	})
}
