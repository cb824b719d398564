package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// addInvites adds n pending invites to the fake behind h and returns their
// ids, one a line.
func addInvites(h interface {
	AddInvite(api.Invite) api.Invite
}, n int) string {
	var ids strings.Builder
	for i := range n {
		inv := h.AddInvite(api.Invite{Email: fmt.Sprintf("user%d@example.com", i), Role: api.RoleReader})
		ids.WriteString(inv.ID + "\n")
	}
	return ids.String()
}

// TestDeleteRunsConcurrently revokes twelve invites read from stdin: four
// at a time by default, and never more than --concurrency.
func TestDeleteRunsConcurrently(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want int
	}{{nil, 4}, {[]string{"--concurrency", "2"}, 2}} {
		var (
			mu             sync.Mutex
			inFlight, peak int
		)
		h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodDelete {
					mu.Lock()
					inFlight++
					peak = max(peak, inFlight)
					mu.Unlock()
					time.Sleep(20 * time.Millisecond)
					defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
				}
				next.ServeHTTP(w, r)
			})
		})
		ids := addInvites(h, 12)
		got := runCLI(t, invocation{args: append([]string{"delete", "-", "-y", "-o", "ids"}, tt.args...), env: envFor(baseURL), stdin: ids})
		if got.code != exitOK || got.stdout != ids {
			t.Errorf("%v: exit %d\n%s%s", tt.args, got.code, got.stdout, got.stderr)
		}
		mu.Lock()
		if peak != tt.want {
			t.Errorf("%v: %d deletes at once, want %d", tt.args, peak, tt.want)
		}
		mu.Unlock()
	}
}

// TestDeleteAndPruneStopsLeaveACompleteRecord stops a delete and a prune of
// five invites, revoked one at a time, at the third: softly (it finishes)
// or hard (it is abandoned). The results file holds all five, and the exit
// status says work remains.
func TestDeleteAndPruneStopsLeaveACompleteRecord(t *testing.T) {
	t.Parallel()
	for _, hardStop := range []bool{false, true} {
		for _, command := range []string{"delete", "prune"} {
			t.Run(fmt.Sprintf("%s hard=%t", command, hardStop), func(t *testing.T) {
				t.Parallel()
				hardCtx, hard := context.WithCancel(t.Context())
				softCtx, soft := context.WithCancel(hardCtx)
				defer soft()
				var (
					mu      sync.Mutex
					deletes int
				)
				h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
					return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if r.Method == http.MethodDelete {
							mu.Lock()
							deletes++
							third := deletes == 3
							mu.Unlock()
							if third {
								soft()
								if hardStop {
									hard()
									<-r.Context().Done()
									return
								}
							}
						}
						next.ServeHTTP(w, r)
					})
				})
				ids := addInvites(h, 5)
				results := filepath.Join(t.TempDir(), "results.csv")
				args := []string{"delete", "-", "-y", "--concurrency", "1", "--results", results}
				if command == "prune" {
					args = []string{"prune", "--status", "pending", "-y", "--concurrency", "1", "--results", results}
				}
				got := runCLI(t, invocation{ctx: softCtx, hardStop: hardCtx, args: args, env: envFor(baseURL), stdin: ids})
				want := map[string]int{"revoked": 3, "not_sent": 2}
				if hardStop {
					want = map[string]int{"revoked": 2, "unknown": 1, "not_sent": 2}
				}
				rows := resultsOf(t, results)
				difftest.Check(t, "results", countResults(rows), want)
				for _, r := range rows {
					if (r["result"] == "unknown" || r["result"] == "not_sent") && !strings.HasPrefix(r["reason"], "the run stopped") {
						t.Errorf("a row without its reason: %v", r)
					}
				}
				if got.code != exitInterrupted || !strings.Contains(got.stderr, "interrupted: ") {
					t.Errorf("exit %d, want %d\n%s", got.code, exitInterrupted, got.stderr)
				}
			})
		}
	}
}

// TestDeleteRevokesARepeatedIDOnce gives an id twice, as arguments and on
// stdin (a list piped twice, say): it is revoked once, has one result, and
// the run succeeds without --ignore-missing.
func TestDeleteRevokesARepeatedIDOnce(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	ids := strings.Fields(addInvites(srv, 2))
	results := filepath.Join(t.TempDir(), "results.csv")
	got := runCLI(t, invocation{
		args:  []string{"delete", ids[0], "-", ids[0], "-y", "--results", results},
		env:   envFor(srv.BaseURL()),
		stdin: ids[1] + "\n" + ids[0] + "\n" + ids[1] + "\n",
	})
	if got.code != exitOK {
		t.Errorf("exit %d, want %d\n%s", got.code, exitOK, got.stderr)
	}
	var rows []string
	for _, r := range resultsOf(t, results) {
		rows = append(rows, r["id"]+" "+r["result"])
	}
	difftest.Check(t, "results", rows, []string{ids[0] + " revoked", ids[1] + " revoked"})
	deletes := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			deletes++
		}
	}
	if deletes != 2 {
		t.Errorf("%d delete requests, want 2", deletes)
	}
}

// hostileRequestID is an x-request-id with characters that Go's HTTP client
// lets through but a terminal may act on: the one-character CSI of C1 and a
// right-to-left override.
const hostileRequestID = "req_\u009b31m\u202e"

// withHostileRequestID answers every request with hostileRequestID.
type withHostileRequestID struct{ http.ResponseWriter }

func (w withHostileRequestID) WriteHeader(status int) {
	w.Header().Set("x-request-id", hostileRequestID)
	w.ResponseWriter.WriteHeader(status)
}

// TestDeleteMissingShowsTheRequestIDEscaped revokes an id the API does not
// know, from a server whose request id holds control characters: stderr
// shows them escaped, never raw.
func TestDeleteMissingShowsTheRequestIDEscaped(t *testing.T) {
	t.Parallel()
	_, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(withHostileRequestID{w}, r)
		})
	})
	got := runCLI(t, invocation{args: []string{"delete", "invite-gone", "-y", "-o", "csv"}, env: envFor(baseURL)})
	if got.code != exitFailure {
		t.Errorf("exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	if !strings.Contains(got.stderr, `req_\u009b31m\u202e`) || strings.ContainsAny(got.stderr+got.stdout, "\u009b\u202e") {
		t.Errorf("the request id is not escaped:\n%q\n%q", got.stdout, got.stderr)
	}
}

// TestResultsThatCannotBeAFileSendNothing names a folder as the --results
// file of each bulk command, or asks for -o ids there: the command refuses
// before sending anything, instead of losing results at the end of the run. (A device is refused
// by the same rule; the test does not try one, since a command that renamed
// its results over /dev/null as root would replace the device.)
func TestResultsThatCannotBeAFileSendNothing(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	ids := addInvites(srv, 1)
	team := writeFile(t, "team.csv", "email,role\nada@example.com,reader\n")
	folder := t.TempDir()
	for _, args := range [][]string{
		{"delete", "-", "-y"},
		{"prune", "--status", "pending", "-y"},
		{"import", team},
	} {
		got := runCLI(t, invocation{args: append(args, "--results", folder), env: envFor(srv.BaseURL()), stdin: ids})
		if got.code != exitUsage || !strings.Contains(got.stderr, "--results "+folder+": not a file but a folder") {
			t.Errorf("%v: exit %d, want %d\n%s", args, got.code, exitUsage, got.stderr)
		}
		// Nor can a results file be -o ids, which keeps only some rows.
		file := filepath.Join(folder, "results.txt")
		got = runCLI(t, invocation{args: append(args, "--results", file, "-o", "ids"), env: envFor(srv.BaseURL()), stdin: ids})
		if got.code != exitUsage || !strings.Contains(got.stderr, "--results "+file+" keeps a row for every item") {
			t.Errorf("%v -o ids: exit %d, want %d\n%s", args, got.code, exitUsage, got.stderr)
		}
	}
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("%s %s sent", r.Method, r.Path)
		}
	}
}
