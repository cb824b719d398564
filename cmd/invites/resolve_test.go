package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// emailServer starts a fake with k0001's pending invite, an accepted
// invite for acc@example.com, an expired one for exp@example.com, and 150
// other pending invites, so that a walk takes two pages.
func emailServer(t *testing.T) (*apitest.Server, map[string]string) {
	t.Helper()
	srv := newTestServer(t)
	ids := map[string]string{}
	for i := range 150 {
		srv.AddInvite(api.Invite{Email: fmt.Sprintf("other%d@example.com", i), Role: api.RoleReader})
	}
	for _, email := range []string{"k0001@example.com", "acc@example.com", "exp@example.com"} {
		ids[email] = srv.AddInvite(api.Invite{Email: email, Role: api.RoleReader}).ID
	}
	if err := srv.SetStatus(ids["acc@example.com"], api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetStatus(ids["exp@example.com"], api.InviteStatusExpired); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	return srv, ids
}

// requestsBy counts the requests that reached the fake, by method.
func requestsBy(srv *apitest.Server) map[string]int {
	n := map[string]int{}
	for _, r := range srv.Requests() {
		n[r.Method]++
	}
	return n
}

// TestDeleteByEmailRevokesThePendingInvite is the off-boarding script fed
// from a roster of emails: the pending invite is revoked, where it used to
// be called already gone.
func TestDeleteByEmailRevokesThePendingInvite(t *testing.T) {
	t.Parallel()
	srv, ids := emailServer(t)
	got := runCLI(t, invocation{args: []string{"delete", "-", "-y", "--ignore-missing", "-o", "csv"}, env: serverEnv(srv), stdin: "k0001@example.com\n"})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	difftest.Check(t, "stdout", got.stdout, "id,result,reason,email\n"+ids["k0001@example.com"]+",revoked,,k0001@example.com\n")
	if strings.Contains(got.stderr, "already gone") {
		t.Errorf("stderr says already gone:\n%s", got.stderr)
	}
	for _, inv := range srv.Invites() {
		if inv.ID == ids["k0001@example.com"] {
			t.Errorf("the invite is still there: %+v", inv)
		}
	}
	difftest.Check(t, "requests", requestsBy(srv), map[string]int{"GET": 2, "DELETE": 1})
}

// TestDeleteByEmailSaysWhyNothingWasRevoked gives emails in another case,
// with the Kelvin sign for a k, emails whose invite was accepted or
// expired, an unknown email, and the id of an invite also given by its
// email: the emails are found with one walk (two pages), each missing one
// is named with its reason, the invite given twice is revoked once, and
// nothing missing is ever called revoked.
func TestDeleteByEmailSaysWhyNothingWasRevoked(t *testing.T) {
	t.Parallel()
	srv, ids := emailServer(t)
	results := filepath.Join(t.TempDir(), "results.csv")
	args := []string{"delete", "\u212a0001@EXAMPLE.com", "ACC@example.com", "exp@example.com", "nobody@example.com", ids["k0001@example.com"], "-y", "--results", results}
	got := runCLI(t, invocation{args: args, env: serverEnv(srv)})
	if got.code != exitFailure {
		t.Errorf("exit %d, want %d: emails without a pending invite fail the run\n%s", got.code, exitFailure, got.stderr)
	}
	var rows []string
	for _, r := range resultsOf(t, results) {
		rows = append(rows, r["email"]+" "+r["id"]+" "+r["result"]+" "+r["reason"])
	}
	difftest.Check(t, "results", rows, []string{
		"\u212a0001@EXAMPLE.com " + ids["k0001@example.com"] + " revoked ",
		"ACC@example.com  missing no pending invite: its invite " + ids["acc@example.com"] + " was accepted, and an accepted invite cannot be revoked",
		"exp@example.com  missing no pending invite: its invite " + ids["exp@example.com"] + " expired",
		"nobody@example.com  missing no invite for this email",
	})
	for _, want := range []string{
		"invites: 4 emails given, found with one walk of the invites: 1 with a pending invite, 3 without",
		"invites: ACC@example.com: no pending invite: its invite " + ids["acc@example.com"] + " was accepted, and an accepted invite cannot be revoked; add --ignore-missing if that is fine",
		"invites: nobody@example.com: no invite for this email; add --ignore-missing",
	} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, got.stderr)
		}
	}
	difftest.Check(t, "requests", requestsBy(srv), map[string]int{"GET": 2, "DELETE": 1})

	// With --ignore-missing the same run succeeds, and says what it ignored.
	got = runCLI(t, invocation{args: append(args[:5:5], "-y", "--ignore-missing"), env: serverEnv(srv)})
	if got.code != exitOK || !strings.Contains(got.stderr, "exp@example.com: no pending invite: its invite "+ids["exp@example.com"]+" expired; ignored (--ignore-missing)") {
		t.Errorf("--ignore-missing: exit %d\n%s", got.code, got.stderr)
	}
}

// TestInputsThatAreNeitherIDsNorEmailsSendNothing gives a name, a bad
// email and a good id: the run is a usage error naming both bad inputs,
// before any request.
func TestInputsThatAreNeitherIDsNorEmailsSendNothing(t *testing.T) {
	t.Parallel()
	srv, ids := emailServer(t)
	for _, args := range [][]string{
		{"delete", "ken", "a@b@c", ids["k0001@example.com"], "-y"},
		{"get", "ken"},
		{"list", "--email", "k0001@example.com,ken"},
	} {
		got := runCLI(t, invocation{args: args, env: serverEnv(srv)})
		if got.code != exitUsage || !strings.Contains(got.stderr, `"ken" is`) {
			t.Errorf("%v: exit %d, want %d\n%s", args, got.code, exitUsage, got.stderr)
		}
		if args[0] == "delete" && !strings.Contains(got.stderr, `"a@b@c" is not a valid email address`) {
			t.Errorf("%v: the bad email is not named:\n%s", args, got.stderr)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestGetAndListByEmail gets an invite by its email in another case, fails
// for an accepted one naming it, and lists the invites of several emails
// with one walk, naming the email that has none.
func TestGetAndListByEmail(t *testing.T) {
	t.Parallel()
	srv, ids := emailServer(t)
	got := runCLI(t, invocation{args: []string{"get", "K0001@example.com", "-o", "ids"}, env: serverEnv(srv)})
	if got.code != exitOK || got.stdout != ids["k0001@example.com"]+"\n" {
		t.Errorf("get: exit %d, stdout %q\n%s", got.code, got.stdout, got.stderr)
	}
	got = runCLI(t, invocation{args: []string{"get", "acc@example.com"}, env: serverEnv(srv)})
	if got.code != exitFailure || !strings.Contains(got.stderr, "acc@example.com: missing: no pending invite: its invite "+ids["acc@example.com"]+" was accepted") {
		t.Errorf("get accepted: exit %d\n%s", got.code, got.stderr)
	}
	srv.ResetRequests()
	got = runCLI(t, invocation{args: []string{"list", "--email", "ACC@example.com,exp@example.com", "--email", "nobody@example.com", "-o", "ids"}, env: serverEnv(srv)})
	if got.code != exitOK || got.stdout != ids["exp@example.com"]+"\n"+ids["acc@example.com"]+"\n" {
		t.Errorf("list: exit %d, stdout %q\n%s", got.code, got.stdout, got.stderr)
	}
	if !strings.Contains(got.stderr, "nobody@example.com: missing: no invite for this email") {
		t.Errorf("list: the email without an invite is not named:\n%s", got.stderr)
	}
	difftest.Check(t, "list requests", requestsBy(srv), map[string]int{"GET": 2})
}

// TestDryRunsSendNothingThatChangesState runs create and delete with
// --dry-run: no POST or DELETE reaches the fake; delete still finds that
// an id does not exist, and fails for it.
func TestDryRunsSendNothingThatChangesState(t *testing.T) {
	t.Parallel()
	srv, ids := emailServer(t)
	got := runCLI(t, invocation{args: []string{"create", "--email", "ada@example.com", "--role", "reader", "--no-projects", "--dry-run", "-o", "json"}, env: serverEnv(srv)})
	if got.code != exitOK || got.stdout != "{\n  \"email\": \"ada@example.com\",\n  \"role\": \"reader\",\n  \"projects\": []\n}\n" {
		t.Errorf("create: exit %d, stdout %q\n%s", got.code, got.stdout, got.stderr)
	}
	got = runCLI(t, invocation{args: []string{"create", "--email", "ada@example.com", "--role", "admin", "--dry-run"}, env: serverEnv(srv)})
	if got.code != exitUsage {
		t.Errorf("create with a bad role: exit %d\n%s", got.code, got.stderr)
	}
	got = runCLI(t, invocation{args: []string{"delete", ids["exp@example.com"], "k0001@example.com", "invite-gone", "--dry-run", "-o", "csv"}, env: serverEnv(srv)})
	if got.code != exitFailure {
		t.Errorf("delete: exit %d, want %d for the missing id\n%s", got.code, exitFailure, got.stderr)
	}
	rows := readResults(t, got.stdout)
	difftest.Check(t, "delete results", countResults(rows), map[string]int{"would_revoke": 2, "missing": 1})
	if !strings.Contains(got.stderr, "dry run: would revoke 2 invites; nothing was sent") {
		t.Errorf("delete: %s", got.stderr)
	}
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("%s %s reached the fake", r.Method, r.Path)
		}
	}
	if len(srv.Invites()) != 153 {
		t.Errorf("%d invites, want 153", len(srv.Invites()))
	}
}

// TestPruneCallsAVanishedInviteMissing revokes an invite that someone else
// revokes between prune's walk and its delete: its result is missing, and
// the summary never counts it revoked.
func TestPruneCallsAVanishedInviteMissing(t *testing.T) {
	t.Parallel()
	var victim string
	h, baseURL := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && strings.HasSuffix(r.URL.Path, "/"+victim) {
				// Someone else revokes it first.
				next.ServeHTTP(httptest.NewRecorder(), r.Clone(r.Context()))
			}
			next.ServeHTTP(w, r)
		})
	})
	victim = strings.Fields(addInvites(h, 2))[1]
	got := runCLI(t, invocation{args: []string{"prune", "--status", "pending", "-y", "--concurrency", "1", "-o", "csv"}, env: envFor(baseURL)})
	if got.code != exitOK {
		t.Errorf("exit %d\n%s", got.code, got.stderr)
	}
	for _, r := range readResults(t, got.stdout) {
		want := "revoked"
		if r["id"] == victim {
			want = "missing"
		}
		if r["result"] != want {
			t.Errorf("%s: %s (%s), want %s", r["id"], r["result"], r["reason"], want)
		}
	}
	if !strings.Contains(got.stderr, "1 revoked, 1 missing (gone before this run revoked them)") {
		t.Errorf("summary:\n%s", got.stderr)
	}
}

// TestEmailKeyFoldsAsTheServiceCompares checks that emails equal under
// strings.EqualFold share a key, where lower-casing would part some (the
// long s folds to s, but lower-cases to itself), and others do not.
func TestEmailKeyFoldsAsTheServiceCompares(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"Ada@Example.COM", "ada@example.com", true},
		{"\u017fam@example.com", "SAM@example.com", true},
		{"\u212aen@example.com", "ken@example.com", true},
		{"\u0131da@example.com", "ida@example.com", false},
		{"ada@example.com", "ada@example.org", false},
	} {
		if same := emailKey(tt.a) == emailKey(tt.b); same != tt.same || same != strings.EqualFold(tt.a, tt.b) {
			t.Errorf("%q and %q: same key %t, want %t", tt.a, tt.b, same, tt.same)
		}
	}
}

// TestEmailWithTwoPendingInvites stores two pending invites for one email,
// which the service does not allow but a walk could meet: delete revokes
// both, and get refuses to choose, naming them.
func TestEmailWithTwoPendingInvites(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	a := srv.AddInvite(api.Invite{Email: "twin@example.com", Role: api.RoleReader}).ID
	b := srv.AddInvite(api.Invite{Email: "TWIN@example.com", Role: api.RoleReader}).ID
	got := runCLI(t, invocation{args: []string{"get", "twin@example.com"}, env: serverEnv(srv)})
	if got.code != exitFailure || !strings.Contains(got.stderr, "twin@example.com has 2 pending invites ("+b+", "+a+"): name one by its id") {
		t.Errorf("get: exit %d\n%s", got.code, got.stderr)
	}
	got = runCLI(t, invocation{args: []string{"delete", "twin@example.com", "-y", "-o", "ids", "--concurrency", "1"}, env: serverEnv(srv)})
	if got.code != exitOK || got.stdout != b+"\n"+a+"\n" {
		t.Errorf("delete: exit %d, stdout %q\n%s", got.code, got.stdout, got.stderr)
	}
}

// TestImportMatchesEmailsAsTheServiceDoes imports a row whose email differs
// from a pending invite's only by a long s, which lower-casing would not
// see: the row is skipped, as the service would refuse it.
func TestImportMatchesEmailsAsTheServiceDoes(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	srv.AddInvite(api.Invite{Email: "sam@example.com", Role: api.RoleReader})
	file := writeFile(t, "team.csv", "email,role\n\u017fam@example.com,reader\n")
	got := runCLI(t, invocation{args: []string{"import", file, "-o", "csv"}, env: serverEnv(srv)})
	if got.code != exitOK || countResults(readResults(t, got.stdout))["skipped"] != 1 {
		t.Errorf("exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	if n := countPosts(srv); n != 0 {
		t.Errorf("%d creates sent", n)
	}
}
