package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/pacetarget"
)

// pacedImport is what an import did against a rate-limited fake, in the
// virtual time of a synctest bubble.
type pacedImport struct {
	elapsed time.Duration
	refused int
	results map[string]int
	got     outcome
}

// importPaced runs `invites import` of rows rows, with args added, against
// a fake limited as limit says, both in a synctest bubble: the fake runs on
// the bubble's clock, as the CLI does, so a run of minutes takes none.
func importPaced(t *testing.T, limit apitest.RateLimit, rows int, args ...string) pacedImport {
	t.Helper()
	file := writeFile(t, "team.csv", teamCSV(rows))
	var run pacedImport
	synctest.Test(t, func(t *testing.T) {
		h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithRateLimit(limit))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		run.got = runCLI(t, invocation{
			args:       append([]string{"import", file}, args...),
			env:        map[string]string{"OPENAI_BASE_URL": apitest.InProcessBaseURL, "OPENAI_ADMIN_KEY": apitest.AdminKey},
			httpClient: &http.Client{Transport: h.Transport()},
		})
		run.elapsed = time.Since(start)
		run.refused = h.RateLimited()
		if err := checkInvitedOnce(h, rows); err != nil {
			t.Error(err)
		}
	})
	run.results = countResults(readResults(t, run.got.stdout))
	return run
}

// TestImportAtTheServicePace imports 50 rows, 4 at a time, into each form
// of the service's limit of 7 creates a minute: no row fails, each is
// invited once, and the import takes at most its bound over the ideal,
// with few requests refused; the summary says how long it waited.
func TestImportAtTheServicePace(t *testing.T) {
	t.Parallel()
	const rows = pacetarget.Rows
	for _, tt := range pacetarget.Cases {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			limit := tt.Limit
			run := importPaced(t, limit, rows, "--concurrency", "4")
			if run.got.code != exitOK {
				t.Fatalf("exit %d\n%s", run.got.code, run.got.stderr)
			}
			if run.results["created"] != rows {
				t.Fatalf("results %v, want %d created", run.results, rows)
			}
			ideal := limit.MinTime(rows)
			t.Logf("| %s | %s | %s | %.3f× | %d | %d |", tt.Name, ideal.Round(time.Millisecond), run.elapsed.Round(time.Millisecond), float64(run.elapsed)/float64(ideal), run.refused, rows-run.results["created"])
			if ratio := float64(run.elapsed) / float64(ideal); ratio > tt.MaxRatio {
				t.Errorf("took %s, %.3f× the ideal %s, want at most %.2f×", run.elapsed, ratio, ideal, tt.MaxRatio)
			}
			if run.refused > tt.MaxRefused {
				t.Errorf("%d requests refused, want at most %d", run.refused, tt.MaxRefused)
			}
			if !regexp.MustCompile(`50 created, 0 skipped \(a pending invite exists\), 0 failed; waited \S+ in all for the rate limit; results`).MatchString(run.got.stderr) {
				t.Errorf("the summary does not say how long the run waited:\n%s", run.got.stderr)
			}
		})
	}
}

// revokePaced runs args (a delete or a prune, with -y) against a fake that
// holds n pending invites and allows 7 deletes a minute with no hints, in a
// synctest bubble, and returns the run, how long it took and how many
// requests were refused.
func revokePaced(t *testing.T, n int, args func(ids []string) []string) (outcome, time.Duration, int) {
	t.Helper()
	var got outcome
	var elapsed time.Duration
	var refused int
	synctest.Test(t, func(t *testing.T) {
		limit := apitest.RateLimit{Endpoint: deleteEndpoint, Requests: 7, Per: time.Minute}
		h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithRateLimit(limit))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i := range n {
			ids = append(ids, h.AddInvite(api.Invite{Email: fmt.Sprintf("user%d@example.com", i), Role: api.RoleReader}).ID)
		}
		start := time.Now()
		got = runCLI(t, invocation{
			args:       append(args(ids), "-o", "csv"),
			env:        map[string]string{"OPENAI_BASE_URL": apitest.InProcessBaseURL, "OPENAI_ADMIN_KEY": apitest.AdminKey},
			httpClient: &http.Client{Transport: h.Transport()},
		})
		elapsed = time.Since(start)
		refused = h.RateLimited()
		if left := len(h.Invites()); left != 0 && got.code == exitOK {
			t.Errorf("%d invites left after a run that succeeded", left)
		}
	})
	return got, elapsed, refused
}

// TestDeleteAndPruneAtTheServicePace revoke 30 invites against a limit of
// 7 deletes a minute with no hints: every invite is revoked, none fails,
// within 1.25 times the ideal.
func TestDeleteAndPruneAtTheServicePace(t *testing.T) {
	t.Parallel()
	const n = 30
	for _, tt := range []struct {
		name string
		args func(ids []string) []string
	}{
		{"delete", func(ids []string) []string { return append([]string{"delete", "-y"}, ids...) }},
		{"prune", func([]string) []string { return []string{"prune", "--status", "pending", "-y"} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, elapsed, refused := revokePaced(t, n, tt.args)
			if got.code != exitOK {
				t.Fatalf("exit %d\n%s", got.code, got.stderr)
			}
			if counts := countResults(readResults(t, got.stdout)); counts["revoked"] != n {
				t.Fatalf("results %v, want %d revoked", counts, n)
			}
			ideal := apitest.RateLimit{Requests: 7, Per: time.Minute}.MinTime(n)
			t.Logf("%s of %d invites: %s (%.3f× the ideal %s), %d refused", tt.name, n, elapsed.Round(time.Millisecond), float64(elapsed)/float64(ideal), ideal, refused)
			if ratio := float64(elapsed) / float64(ideal); ratio > 1.25 {
				t.Errorf("took %s, %.3f× the ideal %s, want at most 1.25×", elapsed, ratio, ideal)
			}
			if refused > 12 {
				t.Errorf("%d requests refused, want at most 12", refused)
			}
			if !strings.Contains(got.stderr, "in all for the rate limit") {
				t.Errorf("the summary does not say how long the run waited:\n%s", got.stderr)
			}
		})
	}
}
