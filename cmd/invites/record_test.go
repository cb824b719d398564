package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// post is one create a test server received: the run it belongs to, the
// email and the idempotency key.
type post struct {
	run        int
	email, key string
}

// TestEveryStopLeavesACompleteRecord stops an import of five rows, sent one
// at a time, at its third create, in each way a run can stop: a soft stop
// (the create finishes), a hard stop before the create reaches the service
// or after it took effect but before its answer came back, and a failure
// every further row would meet. The results file holds one row per input row
// each time, the exit status says work remains, and importing the results
// with --only-failed sends exactly the rows left to do, an unknown one with
// its first key, so that every person ends with exactly one invite.
func TestEveryStopLeavesACompleteRecord(t *testing.T) {
	t.Parallel()
	type want struct {
		Code    int
		Results map[string]int
		Retried []string // the emails the retry sends
	}
	tests := []struct {
		name string
		// third handles the third create of the first run, given the fake
		// and the two stops.
		third func(w http.ResponseWriter, r *http.Request, next http.Handler, soft, hard context.CancelFunc)
		want  want
	}{
		{"soft stop", func(w http.ResponseWriter, r *http.Request, next http.Handler, soft, _ context.CancelFunc) {
			soft()
			next.ServeHTTP(w, r)
		}, want{exitInterrupted, map[string]int{"created": 3, "not_sent": 2}, []string{"user3@example.com", "user4@example.com"}}},
		{"hard stop before the service", func(_ http.ResponseWriter, r *http.Request, _ http.Handler, soft, hard context.CancelFunc) {
			soft()
			hard()
			<-r.Context().Done()
		}, want{exitInterrupted, map[string]int{"created": 2, "unknown": 1, "not_sent": 2}, []string{"user2@example.com", "user3@example.com", "user4@example.com"}}},
		{"hard stop after the service", func(_ http.ResponseWriter, r *http.Request, next http.Handler, soft, hard context.CancelFunc) {
			next.ServeHTTP(httptest.NewRecorder(), r)
			soft()
			hard()
			<-r.Context().Done()
		}, want{exitInterrupted, map[string]int{"created": 2, "unknown": 1, "not_sent": 2}, []string{"user3@example.com", "user4@example.com"}}},
		{"refused key", func(w http.ResponseWriter, _ *http.Request, _ http.Handler, _, _ context.CancelFunc) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key","param":null}}`)
		}, want{exitFailure, map[string]int{"created": 2, "failed": 1, "not_sent": 2}, []string{"user2@example.com", "user3@example.com", "user4@example.com"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hardCtx, hard := context.WithCancel(t.Context())
			softCtx, soft := context.WithCancel(hardCtx)
			defer soft()
			var (
				mu    sync.Mutex
				run   = 1
				posts []post
			)
			h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method != http.MethodPost {
						next.ServeHTTP(w, r)
						return
					}
					email := createOf(t, r)
					mu.Lock()
					posts = append(posts, post{run, email, r.Header.Get("Idempotency-Key")})
					third := run == 1 && len(posts) == 3
					mu.Unlock()
					if third {
						tt.third(w, r, next, soft, hard)
						return
					}
					next.ServeHTTP(w, r)
				})
			})
			team := writeFile(t, "team.csv", teamCSV(5))
			results := filepath.Join(t.TempDir(), "results.csv")
			first := runCLI(t, invocation{ctx: softCtx, hardStop: hardCtx, args: []string{"--max-retries", "0", "import", team, "--concurrency", "1", "--results", results}, env: envFor(baseURL)})
			rows := resultsOf(t, results)
			if len(rows) != 5 {
				t.Fatalf("%d rows in the results, want 5:\n%s", len(rows), first.stderr)
			}
			for _, r := range rows {
				if r["result"] == "unknown" && r["attempt"] != "true" {
					t.Errorf("an unknown row without its attempt: %v", r)
				}
			}

			mu.Lock()
			run = 2
			mu.Unlock()
			retry := runCLI(t, invocation{args: []string{"import", results, "--only-failed", "--concurrency", "1"}, env: envFor(baseURL)})
			if retry.code != exitOK {
				t.Errorf("retry: exit %d\n%s", retry.code, retry.stderr)
			}
			mu.Lock()
			defer mu.Unlock()
			var retried []string
			firstKey := map[string]string{}
			for _, p := range posts {
				if p.run == 1 {
					firstKey[p.email] = p.key
					continue
				}
				retried = append(retried, p.email)
				for _, r := range rows {
					if r["email"] == p.email && r["result"] == "unknown" && p.key != firstKey[p.email] {
						t.Errorf("%s was unknown, and is retried with another key", p.email)
					}
				}
			}
			difftest.Check(t, "first run and retry", want{first.code, countResults(rows), retried}, tt.want)
			if pending := pendingIDs(h.Invites()); len(pending) != 5 || len(h.Invites()) != 5 {
				t.Errorf("%d invites, %d of them pending, want 5 of each", len(h.Invites()), len(pending))
			}
			if !strings.Contains(first.stderr, "to finish: invites import "+results+" --only-failed") {
				t.Errorf("stderr of the first run:\n%s", first.stderr)
			}
		})
	}
}
