//go:build linux

package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// tableScreen runs the command on term to its end, expecting exit 0, and
// returns the lines that the terminal of width columns shows, wrapped at
// its width.
func tableScreen(t *testing.T, term *terminal, width int) []string {
	t.Helper()
	if code := term.exitCode(t); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, term.text())
	}
	out := term.text()
	return render(out, width, len(out), width)
}

// headers returns the table headers among lines, those that start with
// first, each as the names of its columns.
func headers(lines []string, first string) []string {
	var found []string
	for _, line := range lines {
		if strings.HasPrefix(line, first+" ") || line == first {
			found = append(found, strings.Join(regexp.MustCompile(`  +`).Split(strings.TrimSpace(line), -1), ","))
		}
	}
	return found
}

// checkShown fails the test unless each of want is on a line of lines, in
// full, at least n times, and unless no line is wider than width.
func checkShown(t *testing.T, lines []string, width, n int, want ...string) {
	t.Helper()
	screen := strings.Join(lines, "\n")
	for _, w := range want {
		count := 0
		for _, line := range lines {
			count += strings.Count(line, w)
		}
		if count < n {
			t.Errorf("%q is shown whole %d times, want %d; the terminal of %d shows:\n%s", w, count, n, width, screen)
		}
	}
	for _, line := range lines {
		if n := utf8.RuneCountInString(line); n > width {
			t.Errorf("a line of %d on a terminal of %d: %q", n, width, line)
		}
	}
	t.Logf("the terminal of %d shows:\n%s", width, screen)
}

// TestIDsNeverCut runs list, prune, import and delete on pseudo-terminals
// 50, 80 and 120 columns wide and reads the screen as the terminal shows
// it: every invite id (and, in import's and delete's results, every email,
// the key of a row) is on one line in full, in the confirmation tables and
// in the results; the columns that give way go in the documented order, so
// that the headers at each width are these; and no line is wider than the
// terminal.
func TestIDsNeverCut(t *testing.T) {
	bin := buildCommand(t)
	envFor := func(baseURL string) []string {
		return append(childEnv(), "TZ=UTC", "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+apitest.AdminKey)
	}
	// addInvites adds invites whose emails are long enough to be cut.
	addInvites := func(srv *apitest.Server) (ids, emails []string) {
		for i := range 3 {
			inv := srv.AddInvite(api.Invite{Email: fmt.Sprintf("grace.brewster.hopper.%d@navy.example", i), Role: api.RoleReader})
			ids = append(ids, inv.ID)
			emails = append(emails, inv.Email)
		}
		return ids, emails
	}
	for _, tt := range []struct {
		width                         int
		list, prune, pruned, imported string
		deleteConfirm, deleteResults  string
	}{
		{
			width:         120,
			list:          "ID,EMAIL,ROLE,STATUS,EXPIRES AT",
			prune:         "ID,EMAIL,ROLE,STATUS,EXPIRES AT",
			pruned:        "ID,EMAIL,ROLE,CREATED AT,RESULT,REASON",
			imported:      "EMAIL,ROLE,PROJECTS,LINE,RESULT,INVITE ID,REASON",
			deleteConfirm: "ID,EMAIL,ROLE,STATUS,EXPIRES AT",
			deleteResults: "ID,RESULT,REASON,EMAIL",
		},
		{
			width:         80,
			list:          "ID,EMAIL,STATUS",
			prune:         "ID,EMAIL,STATUS",
			pruned:        "ID,EMAIL,RESULT,REASON",
			imported:      "EMAIL,LINE,RESULT,INVITE ID,REASON",
			deleteConfirm: "ID,EMAIL,STATUS",
			deleteResults: "ID,RESULT,REASON,EMAIL",
		},
		{
			width:         50,
			list:          "ID,EMAIL",
			prune:         "ID,EMAIL",
			pruned:        "ID,RESULT",
			imported:      "EMAIL,INVITE ID",
			deleteConfirm: "ID,EMAIL",
			deleteResults: "ID,RESULT,EMAIL",
		},
	} {
		width := tt.width
		t.Run(fmt.Sprintf("list at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			ids, _ := addInvites(srv)
			lines := tableScreen(t, startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, "list"), width)
			checkShown(t, lines, width, 1, ids...)
			if got := headers(lines, "ID"); len(got) != 1 || got[0] != tt.list {
				t.Errorf("headers %q, want %q", got, tt.list)
			}
		})
		t.Run(fmt.Sprintf("prune at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			ids, _ := addInvites(srv)
			term := startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, "prune", "--status", "pending")
			term.waitFor(t, `Revoke 3 pending invites\? \[y/N\] $`)
			term.typeKeys(t, "yes\r")
			lines := tableScreen(t, term, width)
			// Once in the confirmation table, once in the results.
			checkShown(t, lines, width, 2, ids...)
			checkShown(t, lines, width, 3, "revoked")
			if got := headers(lines, "ID"); len(got) != 2 || got[0] != tt.prune || got[1] != tt.pruned {
				t.Errorf("headers %q, want %q then %q", got, tt.prune, tt.pruned)
			}
		})
		t.Run(fmt.Sprintf("import at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			file := writeFile(t, "team.csv", teamCSV(3))
			lines := tableScreen(t, startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, "import", file), width)
			var want []string
			for _, inv := range srv.Invites() {
				want = append(want, inv.ID, inv.Email)
			}
			if len(want) != 6 {
				t.Fatalf("%d invites, want 3", len(want)/2)
			}
			checkShown(t, lines, width, 1, want...)
			if got := headers(lines, "EMAIL"); len(got) != 1 || got[0] != tt.imported {
				t.Errorf("headers %q, want %q", got, tt.imported)
			}
		})
		// Delete by id: its email column is empty, and the reason of a
		// missing id is cut or left out.
		t.Run(fmt.Sprintf("delete at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			ids, _ := addInvites(srv)
			args := append([]string{"delete", "--ignore-missing"}, ids...)
			term := startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, append(args, "invite-doesnotexist")...)
			term.waitFor(t, `Revoke these 3 invites\? \[y/N\] $`)
			term.typeKeys(t, "y\r")
			lines := tableScreen(t, term, width)
			checkShown(t, lines, width, 2, ids...)
			checkShown(t, lines, width, 1, "invite-doesnotexist")
			if got := headers(lines, "ID"); len(got) != 2 || got[0] != tt.deleteConfirm || got[1] != tt.deleteResults {
				t.Errorf("headers %q, want %q then %q", got, tt.deleteConfirm, tt.deleteResults)
			}
		})
	}
	// Delete by email: the email, the key of its row, is whole beside
	// the id; at 50 columns, an email of 17 characters fits beside the id
	// once the reason and the result are left out.
	for _, width := range []int{50, 80} {
		t.Run(fmt.Sprintf("delete by email at %d", width), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			var ids, emails []string
			for i := range 2 {
				inv := srv.AddInvite(api.Invite{Email: fmt.Sprintf("ada%d@navy.example", i), Role: api.RoleReader})
				ids, emails = append(ids, inv.ID), append(emails, inv.Email)
			}
			term := startOnTerminalOfWidth(t, bin, envFor(srv.BaseURL()), width, append([]string{"delete"}, emails...)...)
			term.waitFor(t, `Revoke these 2 invites\? \[y/N\] $`)
			term.typeKeys(t, "y\r")
			lines := tableScreen(t, term, width)
			checkShown(t, lines, width, 2, append(ids, emails...)...)
			want := map[int]string{50: "ID,EMAIL", 80: "ID,RESULT,REASON,EMAIL"}[width]
			if got := headers(lines, "ID"); len(got) != 2 || got[1] != want {
				t.Errorf("headers %q, want the results' %q", got, want)
			}
		})
		// auth profiles: the name, which --profile takes, is whole; the
		// base URL and the key's source are cut or left out.
		t.Run(fmt.Sprintf("auth profiles at %d", width), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			config := writeConfig(t, dir, `{"profiles": {
  "acme-production": {"description": "Acme, production: the organization of every paying customer", "base_url": "https://gateway.acme.example/openai/v1", "organization": "org-acmeproduction0001", "admin_key_file": "/etc/invites/acme-production.key"},
  "acme-staging": {"base_url": "https://staging.acme.example/v1", "admin_key_command": ["pass", "show", "openai/acme-staging-admin-key"]}
}}`, 0o600)
			env := append(childEnv(), envConfig+"="+config, "INVITES_PROFILE=acme-staging")
			lines := tableScreen(t, startOnTerminalOfWidth(t, bin, env, width, "auth", "profiles"), width)
			checkShown(t, lines, width, 1, "acme-production", "acme-staging")
			want := map[int]string{50: "ACTIVE,NAME,BASE URL", 80: "ACTIVE,NAME,BASE URL,KEY FROM"}[width]
			if got := headers(lines, "ACTIVE"); len(got) != 1 || got[0] != want {
				t.Errorf("headers %q, want %q", got, want)
			}
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
		if !strings.Contains(strings.ReplaceAll(term.text(), "\r\n", ""), "see the invite ids with 'invites list'") {
			t.Errorf("no hint:\n%s", term.text())
		}
	})
}

// TestHelpWrapsOnATerminal prints import's help on a terminal 60 columns
// wide: the command wraps every line to the width itself (none is longer,
// so none is broken by the terminal mid-word), and a flag's description
// continues under the descriptions' column.
func TestHelpWrapsOnATerminal(t *testing.T) {
	bin := buildCommand(t)
	term := startOnTerminalOfWidth(t, bin, childEnv(), 60, "import", "--help")
	if code := term.exitCode(t); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, term.text())
	}
	out := term.text()
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		// The address of the documentation is one word, wider than 60.
		if n := utf8.RuneCountInString(line); n > 60 && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("a line of %d on a terminal of 60: %q", n, line)
		}
		if strings.HasPrefix(line, "      --only-failed ") && i+1 < len(lines) {
			column := strings.Index(line, "send only")
			if next := lines[i+1]; len(next)-len(strings.TrimLeft(next, " ")) != column {
				t.Errorf("--only-failed's description does not continue under its column %d:\n%s\n%s", column, line, next)
			}
		}
	}
	if !strings.Contains(out, "Invite every user of a CSV file with the columns email, role\nand, optionally,") {
		t.Errorf("the description is not flowed to the width:\n%s", out)
	}
	t.Logf("the terminal of 60 shows:\n%s", out)
}
