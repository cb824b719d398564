package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
)

// readBody reads a request's body and puts it back for the next handler.
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, err
}

// createOf returns the email that a create request asks to invite.
func createOf(t *testing.T, r *http.Request) string {
	t.Helper()
	var req api.InviteRequest
	body, err := readBody(r)
	if err != nil || json.Unmarshal(body, &req) != nil {
		t.Errorf("create body: %v %q", err, body)
	}
	return req.Email
}

// loseAnswers serves the fake behind a handler that, for the first create of
// each email in lose, lets the fake act and then answers 502 as a failing
// gateway would: the invite exists, and the CLI does not know.
func loseAnswers(t *testing.T, lose ...string) func(next http.Handler) http.Handler {
	t.Helper()
	var (
		mu   sync.Mutex
		done = map[string]bool{}
	)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				next.ServeHTTP(w, r)
				return
			}
			email := createOf(t, r)
			mu.Lock()
			lost := !done[email] && slices.Contains(lose, email)
			done[email] = true
			mu.Unlock()
			if !lost {
				next.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(httptest.NewRecorder(), r)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, "<html>502 Bad Gateway</html>")
		})
	}
}

// resultsOf reads a results file into rows by column name, with the attempt
// column replaced by whether it is set.
func resultsOf(t *testing.T, path string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := readResults(t, string(data))
	for _, r := range rows {
		r["attempt"] = fmt.Sprint(r["attempt"] != "")
	}
	return rows
}

// pendingIDs returns the ids of the fake's pending invites by email.
func pendingIDs(invites []api.Invite) map[string]string {
	ids := map[string]string{}
	for _, inv := range invites {
		if inv.Status == api.InviteStatusPending {
			ids[inv.Email] = inv.ID
		}
	}
	return ids
}

// TestImportAfterRevokeInvitesAgain imports a file, revokes one of its
// invites, and imports the file again: the revoked row is invited again, with
// a new invite, and the results say so. With a key reused across runs, the
// fake (which honours Idempotency-Key) would answer the second create with the
// first, revoked invite.
func TestImportAfterRevokeInvitesAgain(t *testing.T) {
	t.Parallel()
	h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler { return next })
	env := envFor(baseURL)
	file := writeFile(t, "team.csv", teamCSV(3))
	if got := runCLI(t, invocation{args: []string{"import", file}, env: env}); got.code != exitOK {
		t.Fatalf("first import: exit %d\n%s", got.code, got.stderr)
	}
	first := pendingIDs(h.Invites())
	if got := runCLI(t, invocation{args: []string{"delete", first["user1@example.com"], "--yes"}, env: env}); got.code != exitOK {
		t.Fatalf("delete: exit %d\n%s", got.code, got.stderr)
	}

	results := filepath.Join(t.TempDir(), "again.csv")
	got := runCLI(t, invocation{args: []string{"import", file, "--results", results}, env: env})
	if got.code != exitOK {
		t.Fatalf("second import: exit %d\n%s", got.code, got.stderr)
	}
	now := pendingIDs(h.Invites())
	if now["user1@example.com"] == first["user1@example.com"] || now["user1@example.com"] == "" {
		t.Errorf("user1's pending invite %q after the revoke of %q", now["user1@example.com"], first["user1@example.com"])
	}
	difftest.Check(t, "results", resultsOf(t, results), []map[string]string{
		{"email": "user0@example.com", "role": "reader", "projects": "proj_0:member", "line": "2", "result": "skipped", "invite_id": now["user0@example.com"], "reason": reasonPending, "attempt": "false"},
		{"email": "user1@example.com", "role": "reader", "projects": "proj_1:member", "line": "3", "result": "created", "invite_id": now["user1@example.com"], "reason": "", "attempt": "true"},
		{"email": "user2@example.com", "role": "reader", "projects": "proj_2:member", "line": "4", "result": "skipped", "invite_id": now["user2@example.com"], "reason": reasonPending, "attempt": "false"},
	})
}

// TestImportOnlyFailedKeepsTheAttempt checks that --only-failed sends a
// failed row again with the key of its first try (TestImportIdempotencyKeys
// checks that a new run of the file uses new keys).
func TestImportOnlyFailedKeepsTheAttempt(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		keys []string // user1's keys, in order
	)
	refused := false
	_, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && createOf(t, r) == "user1@example.com" {
				mu.Lock()
				keys = append(keys, r.Header.Get("Idempotency-Key"))
				refuse := !refused
				refused = true
				mu.Unlock()
				if refuse {
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	})
	env := envFor(baseURL)
	file := writeFile(t, "team.csv", teamCSV(3))
	results := filepath.Join(t.TempDir(), "results.csv")
	if got := runCLI(t, invocation{args: []string{"--max-retries", "0", "import", file, "--results", results}, env: env}); got.code != exitFailure {
		t.Fatalf("first import: exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	retry := runCLI(t, invocation{args: []string{"import", results, "--only-failed"}, env: env})
	if retry.code != exitOK {
		t.Fatalf("retry: exit %d\n%s", retry.code, retry.stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 2 {
		t.Fatalf("user1 was sent %d times, want 2", len(keys))
	}
	difftest.Check(t, "the retry's key is the first try's", keys[1], keys[0])
}

// TestImportNoticesStaleReplay loses the answer to a create, revokes the
// invite it made, and retries the row with --only-failed: the service
// replays the first answer for the same key, and the CLI must find that the
// invite no longer exists instead of reporting it created. The row's attempt
// is then spent, so the next retry is a new attempt and invites anew.
func TestImportNoticesStaleReplay(t *testing.T) {
	t.Parallel()
	h, baseURL := wrappedServer(t, loseAnswers(t, "user1@example.com"))
	env := envFor(baseURL)
	file := writeFile(t, "team.csv", teamCSV(2))
	dir := t.TempDir()
	results := filepath.Join(dir, "results.csv")
	if got := runCLI(t, invocation{args: []string{"--max-retries", "0", "import", file, "--results", results}, env: env}); got.code != exitFailure {
		t.Fatalf("first import: exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	lostID := pendingIDs(h.Invites())["user1@example.com"]
	if lostID == "" {
		t.Fatal("the lost create made no invite")
	}
	if got := runCLI(t, invocation{args: []string{"delete", lostID, "--yes"}, env: env}); got.code != exitOK {
		t.Fatalf("delete: exit %d\n%s", got.code, got.stderr)
	}

	retried := filepath.Join(dir, "retried.csv")
	got := runCLI(t, invocation{args: []string{"import", results, "--only-failed", "--results", retried}, env: env})
	if got.code != exitFailure {
		t.Errorf("retry: exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	difftest.Check(t, "retry results", resultsOf(t, retried), []map[string]string{
		{"email": "user1@example.com", "role": "reader", "projects": "proj_1:member", "line": "3", "result": "failed", "invite_id": "",
			"reason":  "the service answered with invite " + lostID + ", created by an earlier run of this attempt, which no longer exists (revoked since?); import the row again: it will be a new attempt",
			"attempt": "false"},
	})

	again := filepath.Join(dir, "again.csv")
	if got := runCLI(t, invocation{args: []string{"import", retried, "--only-failed", "--results", again}, env: env}); got.code != exitOK {
		t.Fatalf("second retry: exit %d\n%s", got.code, got.stderr)
	}
	newID := pendingIDs(h.Invites())["user1@example.com"]
	difftest.Check(t, "second retry results", resultsOf(t, again), []map[string]string{
		{"email": "user1@example.com", "role": "reader", "projects": "proj_1:member", "line": "2", "result": "created", "invite_id": newID, "reason": "", "attempt": "true"},
	})
	if newID == "" || newID == lostID {
		t.Errorf("user1's invite after the second retry: %q (the revoked one was %q)", newID, lostID)
	}
}
