package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestTerminalShowsThePace runs an import on an 80-column pseudo-terminal
// against a fake that allows 5 creates every 2 seconds, with Retry-After,
// and checks what a person sees: the progress line shows the pace and the
// time left at it, and the wait under way; no line is wider than the
// terminal; no line is written per request; and the summary says how long
// the run waited for the limit.
func TestTerminalShowsThePace(t *testing.T) {
	t.Parallel()
	bin := buildCommand(t)
	const rows, cols = 20, 80
	srv := limitedServer(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 5, Per: 2 * time.Second, Hints: apitest.HintsRetryAfter})
	file := writeFile(t, "team.csv", teamCSV(rows))
	env := append(childEnv(), "OPENAI_BASE_URL="+srv.BaseURL(), "OPENAI_ADMIN_KEY="+apitest.AdminKey)
	term := startOnTerminalOfWidth(t, bin, env, cols, "import", file, "--results", t.TempDir()+"/results.csv")
	// While the limit holds the rows back, the line shows the pace and the
	// time left at it, then the wait under way.
	term.waitFor(t, `importing \S+: \d+/20 \([^)]*\), [0-9.]+/(s|min), (about \d+ min|less than a minute) left`)
	term.waitFor(t, `, waiting \d+(\.\d)?s for the rate limit`)
	if code := term.exitCode(t); code != exitOK {
		t.Fatalf("exit %d; the terminal shows:\n%s", code, term.text())
	}
	screen := term.text()
	if !regexp.MustCompile(`20 rows: 20 created, 0 skipped \(a pending invite exists\), 0 failed; waited \S+ in all for the rate limit`).MatchString(screen) {
		t.Errorf("the summary does not say how long the run waited:\n%s", screen)
	}
	// Each redraw of the progress line starts with \r and ends with an
	// erase; what is drawn fits in one column less than the terminal (the
	// summary after it is text that the terminal wraps).
	lines := 0
	for line := range strings.SplitSeq(screen, "\n") {
		lines++
		for draw := range strings.SplitSeq(line, "\r") {
			if !strings.HasSuffix(draw, "\x1b[K") {
				continue
			}
			if w := len([]rune(strings.TrimSuffix(draw, "\x1b[K"))); w >= cols {
				t.Errorf("a progress line of %d columns on a terminal of %d: %q", w, cols, draw)
			}
		}
	}
	// The summary, and a line for each change of pace at most: never one
	// per request.
	if refused := srv.RateLimited(); refused == 0 || lines > refused+6 {
		t.Errorf("%d lines for %d refusals and %d rows:\n%s", lines, refused, rows, screen)
	}
}
