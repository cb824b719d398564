package main

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// resultOf is what a test compares of a results row.
type resultOf struct{ Email, Result, InviteID, Reason string }

func resultsByRow(rows []map[string]string) []resultOf {
	out := make([]resultOf, len(rows))
	for i, r := range rows {
		out[i] = resultOf{r["email"], r["result"], r["invite_id"], r["reason"]}
	}
	return out
}

// TestImportSettlesALostAnswerWithoutIdempotency imports against a fake that
// ignores the Idempotency-Key and loses the answer to one create: the SDK's
// retry meets 409 invite_exists, and the row is reported created, with the
// invite its first request made.
func TestImportSettlesALostAnswerWithoutIdempotency(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithoutIdempotency())
	f, err := apitest.ParseFault("POST /organization/invites drop=before-headers x1")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.InjectFault(f); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "team.csv", teamCSV(3))
	got := runCLI(t, invocation{args: []string{"import", file, "--concurrency", "1"}, env: serverEnv(srv)})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	ids := pendingIDs(srv.Invites())
	difftest.Check(t, "results", resultsByRow(readResults(t, got.stdout)), []resultOf{
		{"user0@example.com", "created", ids["user0@example.com"], reasonCreatedEarlier},
		{"user1@example.com", "created", ids["user1@example.com"], ""},
		{"user2@example.com", "created", ids["user2@example.com"], ""},
	})
	if n := len(srv.Invites()); n != 3 {
		t.Errorf("%d invites, want 3", n)
	}
	if !strings.Contains(got.stderr, "3 created, 0 skipped (a pending invite exists), 0 failed") {
		t.Errorf("summary:\n%s", got.stderr)
	}
}

// onlyFailedCSV is a results file with an unknown row (user0, whose
// request was in flight when its run stopped) and a failed one (user1).
const onlyFailedCSV = "email,role,projects,line,result,invite_id,reason,attempt\n" +
	"user0@example.com,reader,,2,unknown,,the run stopped while the request was in flight: it may or may not have taken effect,att1\n" +
	"user1@example.com,reader,,3,failed,,503 Service Unavailable,att1\n"

// TestImportOnlyFailedSettlesAnUnknownRow re-sends an unknown row whose
// earlier request did make the invite: it is reported created with that
// invite, not skipped, and nothing is sent for it. A failed row with a
// pending invite is still skipped: its request was answered with a failure.
func TestImportOnlyFailedSettlesAnUnknownRow(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithoutIdempotency())
	earlier := srv.AddInvite(api.Invite{Email: "user0@example.com", Role: api.RoleReader})
	other := srv.AddInvite(api.Invite{Email: "user1@example.com", Role: api.RoleReader})
	file := writeFile(t, "results.csv", onlyFailedCSV)
	got := runCLI(t, invocation{args: []string{"import", file, "--only-failed"}, env: serverEnv(srv)})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	difftest.Check(t, "results", resultsByRow(readResults(t, got.stdout)), []resultOf{
		{"user0@example.com", "created", earlier.ID, reasonCreatedEarlier},
		{"user1@example.com", "skipped", other.ID, reasonPending},
	})
	if n := countPosts(srv); n != 0 {
		t.Errorf("%d creates sent", n)
	}
}

// TestImportOnlyFailedSettlesAnUnknownRowThatMeetsAConflict re-sends an
// unknown row whose earlier request makes its invite only after this run
// listed the pending ones (it was still on its way): the create meets 409
// invite_exists, and the row is settled by looking its email up. A failed
// row that meets the same 409 is skipped, as before.
func TestImportOnlyFailedSettlesAnUnknownRowThatMeetsAConflict(t *testing.T) {
	t.Parallel()
	var (
		h     *apitest.Handler
		added = map[string]string{}
	)
	h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				email := createOf(t, r)
				if _, ok := added[email]; !ok {
					// The earlier request lands now, just before this one.
					added[email] = h.AddInvite(api.Invite{Email: email, Role: api.RoleReader}).ID
				}
			}
			next.ServeHTTP(w, r)
		})
	})
	file := writeFile(t, "results.csv", onlyFailedCSV)
	got := runCLI(t, invocation{args: []string{"import", file, "--only-failed", "--concurrency", "1"}, env: envFor(baseURL)})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	difftest.Check(t, "results", resultsByRow(readResults(t, got.stdout)), []resultOf{
		{"user0@example.com", "created", added["user0@example.com"], reasonCreatedEarlier},
		{"user1@example.com", "skipped", "", reasonPending},
	})
	if n := len(h.Invites()); n != 2 {
		t.Errorf("%d invites, want 2", n)
	}
}

// TestImportUnsettledConflictFails loses the answer to a create on a
// service that ignores the key, and fails the lookup that would settle the
// retry's 409: the row fails, saying the invite may exist, instead of being
// skipped as if a pending invite were known to exist.
func TestImportUnsettledConflictFails(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Del("Idempotency-Key") // a service that ignores it
			if r.Method == http.MethodGet && posts.Load() > 0 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprint(w, `{"error":{"type":"server_error","message":"The server had an error.","code":null,"param":null}}`)
				return
			}
			if r.Method == http.MethodPost {
				posts.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	})
	f, err := apitest.ParseFault("POST /organization/invites drop=before-headers x1")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.InjectFault(f); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "team.csv", teamCSV(1))
	results := filepath.Join(t.TempDir(), "results.csv")
	got := runCLI(t, invocation{args: []string{"import", file, "--results", results}, env: envFor(baseURL)})
	if got.code != exitFailure {
		t.Fatalf("exit %d, want %d\n%s", got.code, exitFailure, got.stderr)
	}
	rows := resultsOf(t, results)
	if len(rows) != 1 || rows[0]["result"] != "failed" || !strings.Contains(rows[0]["reason"], "outcome unknown") {
		t.Errorf("results: %v", rows)
	}
	if n := len(h.Invites()); n != 1 {
		t.Errorf("%d invites, want the first request's", n)
	}
}

// TestMockServerQuirks runs the mock server with --ignore-idempotency and
// --sparse-pages: a create sent again with the same key meets 409
// invite_exists, and a page of revoked invites is empty with has_more.
func TestMockServerQuirks(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		args     []string
		conflict bool
		empty    bool
	}{
		"honoured and dense": {},
		"quirky":             {args: []string{"--ignore-idempotency", "--sparse-pages"}, conflict: true, empty: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := startMockServer(t, append([]string{"--addr", "127.0.0.1:0", "--samples", "0", "--quiet"}, tt.args...)...)
			client, err := api.NewClient(api.WithBaseURL(m.baseURL), api.WithAdminKey(apitest.AdminKey))
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			var ids []string
			for i := range 3 {
				inv, err := client.CreateInvite(ctx, api.InviteRequest{Email: fmt.Sprintf("u%d@example.com", i), Role: api.RoleReader})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, inv.ID)
			}
			_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "u0@example.com", Role: api.RoleReader}, api.WithIdempotencyKey("invites-import-u0"))
			if err == nil || !errors.Is(err, api.ErrConflict) {
				t.Fatalf("a second invite for u0: %v, want a conflict", err)
			}
			if _, err := client.CreateInvite(ctx, api.InviteRequest{Email: "u9@example.com", Role: api.RoleReader}, api.WithIdempotencyKey("k")); err != nil {
				t.Fatal(err)
			}
			_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "u9@example.com", Role: api.RoleReader}, api.WithIdempotencyKey("k"))
			difftest.Check(t, "the same key again is a conflict", errors.Is(err, api.ErrConflict), tt.conflict)
			// Revoke the two newest of the first three, then list two a page
			// after u9's invite: the page covers them.
			for _, id := range ids[1:] {
				if _, err := client.DeleteInvite(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			page, err := client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(1)})
			if err != nil {
				t.Fatal(err)
			}
			page, err = client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2), After: page.LastID})
			if err != nil {
				t.Fatal(err)
			}
			difftest.Check(t, "an empty page with has_more", len(page.Data) == 0 && page.HasMore, tt.empty)
		})
	}
}
