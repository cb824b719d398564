package main

import (
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// limitedServer starts a fake that limits creates as l says, on the real
// clock: a compressed window (a few per a few hundred milliseconds) stands
// for OpenAI's 7 a minute.
func limitedServer(t *testing.T, l apitest.RateLimit) *apitest.Server {
	t.Helper()
	return apitest.NewServer(apitest.WithTB(t), apitest.WithRateLimit(l))
}

// refusedCreates counts the creates that a rate limit refused, and all
// creates.
func refusedCreates(srv *apitest.Server) (refused, all int) {
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost {
			all++
			if r.RateLimit != "" {
				refused++
			}
		}
	}
	return refused, all
}

// TestImportPacesToTheLimit imports rows through a fake that allows 5
// creates per 250ms, with each kind of hint and as a bucket: no row fails,
// each is invited once, the refusals stay few (with a hint, those of the
// workers under way at the first refusal, then at most one a window), and
// the summary says how long the run waited.
func TestImportPacesToTheLimit(t *testing.T) {
	t.Parallel()
	const rows, limit, per, workers = 15, 5, 250 * time.Millisecond, 4
	windows := int(math.Ceil(float64(rows) / limit))
	for _, tt := range []struct {
		name       string
		kind       apitest.LimitKind
		hints      apitest.LimitHints
		maxRefused int
	}{
		{"no hints", apitest.LimitWindow, apitest.HintsNone, 4 * windows},
		{"retry-after", apitest.LimitWindow, apitest.HintsRetryAfter, workers + windows - 1},
		{"headers", apitest.LimitWindow, apitest.HintsHeaders, workers + windows - 1},
		{"bucket", apitest.LimitBucket, apitest.HintsNone, 4 * windows},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := limitedServer(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: limit, Per: per, Kind: tt.kind, Hints: tt.hints})
			file := writeFile(t, "team.csv", teamCSV(rows))
			got := runCLI(t, invocation{args: []string{"import", file, "--concurrency", fmt.Sprint(workers)}, env: serverEnv(srv)})
			if got.code != exitOK {
				t.Fatalf("exit %d\n%s", got.code, got.stderr)
			}
			difftest.Check(t, "results", countResults(readResults(t, got.stdout)), map[string]int{"created": rows})
			if err := checkInvitedOnce(srv, rows); err != nil {
				t.Error(err)
			}
			if refused, _ := refusedCreates(srv); refused > tt.maxRefused {
				t.Errorf("%d creates refused, want at most %d", refused, tt.maxRefused)
			}
			if !regexp.MustCompile(`15 created, 0 skipped \(a pending invite exists\), 0 failed; waited \S+ in all for the rate limit; results`).MatchString(got.stderr) {
				t.Errorf("the summary does not say how long the run waited:\n%s", got.stderr)
			}
		})
	}
}

// checkInvitedOnce checks that teamCSV(rows) has one invite per row in the
// fake (an *apitest.Server or *apitest.Handler).
func checkInvitedOnce(srv interface{ Invites() []api.Invite }, rows int) error {
	invited := map[string]int{}
	for _, inv := range srv.Invites() {
		invited[inv.Email]++
	}
	for i := range rows {
		if email := fmt.Sprintf("user%d@example.com", i); invited[email] != 1 {
			return fmt.Errorf("%s invited %d times, want once", email, invited[email])
		}
	}
	return nil
}

// TestImportOffATerminalWritesOneLinePerChange checks the rule for a log:
// each line on stderr is a change of pace or the summary, never one per
// request or per pause at the same pace.
func TestImportOffATerminalWritesOneLinePerChange(t *testing.T) {
	t.Parallel()
	const rows = 20
	srv := limitedServer(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 4, Per: 200 * time.Millisecond, Hints: apitest.HintsRetryAfter})
	file := writeFile(t, "team.csv", teamCSV(rows))
	got := runCLI(t, invocation{args: []string{"import", file, "--concurrency", "4"}, env: serverEnv(srv)})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	refused, _ := refusedCreates(srv)
	lines := strings.Split(strings.TrimSuffix(got.stderr, "\n"), "\n")
	pace := regexp.MustCompile(`^invites: importing \S+: (rate limited to [0-9.]+/(s|min|h) \((the API's Retry-After|learned from the API's refusals)\): \d+/20 done, (about \d+ min|less than a minute) left|rate limited \(the API's Retry-After\): waiting \S+; \d+/20 done|the rate limit lifted: \d+/20 done)$`)
	var paceLines int
	for _, line := range lines[:len(lines)-1] {
		if !pace.MatchString(line) {
			t.Errorf("a line that is no change of pace: %q", line)
		}
		paceLines++
	}
	if !strings.HasPrefix(lines[len(lines)-1], "invites: "+file+": 20 rows: 20 created") {
		t.Errorf("the last line is not the summary: %q", lines[len(lines)-1])
	}
	// A line per refusal at most, and fewer than one a window once the
	// pace is known: never one per request.
	if paceLines == 0 || paceLines > max(refused, 1)+1 || paceLines > 4 {
		t.Errorf("%d lines of pace for %d refusals and %d rows:\n%s", paceLines, refused, rows, got.stderr)
	}
}

// TestImportStopsWhenTheLimitNeverLifts refuses every create, with a hint
// of 50ms (a 429 storm): the SDK waits up to --max-rate-wait, then the run
// stops as a refused key stops it: one message naming the limit, the rows
// left not_sent, exit 1, at most 3 creates per row, and the results file
// holds every row.
func TestImportStopsWhenTheLimitNeverLifts(t *testing.T) {
	t.Parallel()
	const rows = 30
	var posts atomic.Int32
	h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				posts.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("retry-after-ms", "50")
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error":{"type":"requests","message":"Rate limit reached for requests.","code":"rate_limit_exceeded","param":null}}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	file := writeFile(t, "team.csv", teamCSV(rows))
	results := filepath.Join(t.TempDir(), "results.csv")
	got := runCLI(t, invocation{args: []string{"import", file, "--results", results, "--max-rate-wait", "500ms"}, env: envFor(baseURL)})
	if got.code != exitFailure {
		t.Fatalf("exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	if n := int(posts.Load()); n > 3*rows {
		t.Errorf("%d creates for %d rows, want at most 3 a row", n, rows)
	}
	if len(h.Invites()) != 0 {
		t.Errorf("%d invites", len(h.Invites()))
	}
	counts := countResults(resultsOf(t, results))
	if counts["failed"] < 1 || counts["failed"] > 4 || counts["failed"]+counts["not_sent"] != rows {
		t.Errorf("results %v: want the rows that met the limit failed (one per worker at most) and the rest not_sent", counts)
	}
	if n := strings.Count(got.stderr, "the rate limit did not lift"); n != 1 {
		t.Errorf("%d messages name the limit, want 1:\n%s", n, got.stderr)
	}
	if !strings.Contains(got.stderr, "invites: stopped by a rate limit that did not lift: ") || !strings.Contains(got.stderr, "try again later; bulk commands wait up to --max-rate-wait") {
		t.Errorf("stderr:\n%s", got.stderr)
	}
	if strings.Count(got.stderr, "\n") > 8 {
		t.Errorf("a line per request or per pause:\n%s", got.stderr)
	}
}

// TestRateFlag declares a budget that the fake's limit matches: nothing is
// refused; a rate that is not one is a usage error naming the flag.
func TestRateFlag(t *testing.T) {
	t.Parallel()
	srv := limitedServer(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 10, Per: time.Second})
	file := writeFile(t, "team.csv", teamCSV(12))
	got := runCLI(t, invocation{args: []string{"import", file, "--rate", "10/s"}, env: serverEnv(srv)})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	if refused, all := refusedCreates(srv); refused != 0 || all != 12 {
		t.Errorf("%d of %d creates refused, want none of 12", refused, all)
	}

	for _, args := range [][]string{{"import", file}, {"prune", "--status", "expired"}, {"delete", "invite-1"}} {
		bad := runCLI(t, invocation{args: append(args, "--rate", "7"), env: serverEnv(srv)})
		want := `invalid value "7" for flag --rate: "7" is not a rate: give requests per second, minute or hour, such as 7/min, 2/s or 300/h`
		if bad.code != exitUsage || !strings.Contains(bad.stderr, want) {
			t.Errorf("%s --rate 7: exit %d\n%s", args[0], bad.code, bad.stderr)
		}
	}
	bad := runCLI(t, invocation{args: []string{"import", file, "--max-rate-wait", "-1s"}, env: serverEnv(srv)})
	if bad.code != exitUsage || !strings.Contains(bad.stderr, "--max-rate-wait must be") {
		t.Errorf("--max-rate-wait -1s: exit %d\n%s", bad.code, bad.stderr)
	}
}

// TestWaitedText checks the summary's time waited: none says nothing, a
// wait under a second is still said, and a longer one in whole seconds.
func TestWaitedText(t *testing.T) {
	t.Parallel()
	end := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		wait time.Duration
		want string
	}{
		{0, ""},
		{3 * time.Millisecond, "; waited 10ms in all for the rate limit"},
		{238 * time.Millisecond, "; waited 240ms in all for the rate limit"},
		{7*time.Minute + 24*time.Second + 400*time.Millisecond, "; waited 7m24s in all for the rate limit"},
	} {
		o := &bulkOptions{pace: &pacer{}}
		o.pace.waited.Add(end, tt.wait)
		if got := o.waitedText(); got != tt.want {
			t.Errorf("waited %s: %q, want %q", tt.wait, got, tt.want)
		}
	}
}
