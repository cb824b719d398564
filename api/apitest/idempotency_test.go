package apitest_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

const adaBody = `{"email":"ada@example.com","role":"reader"}`

// replayed is what a test compares of an answer to a request with an
// Idempotency-Key.
type replayed struct {
	Status   int
	Replayed string // the Idempotent-Replayed header
	Body     string
}

func replayedOf(a answer) replayed {
	return replayed{Status: a.status, Replayed: a.header.Get("Idempotent-Replayed"), Body: string(a.body)}
}

func TestIdempotencyKeyReplaysTheFirstAnswer(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	first := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
	if d := difftest.Diff(replayed{Status: http.StatusOK, Body: string(first.body)}, replayedOf(first)); d != "" {
		t.Fatalf("first (-want +got):\n%s", d)
	}
	for range 3 {
		again := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
		if d := difftest.Diff(replayed{http.StatusOK, "true", string(first.body)}, replayedOf(again)); d != "" {
			t.Fatalf("again, want the first answer replayed (-want +got):\n%s", d)
		}
		if again.header.Get("x-request-id") == first.header.Get("x-request-id") {
			t.Fatal("a replayed answer reuses the first request id")
		}
	}
	if n := len(srv.Invites()); n != 1 {
		t.Fatalf("%d invites, want 1", n)
	}

	// Without the key, the same request acts again (and here conflicts).
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", adaBody), http.StatusConflict, "invite_exists", "email")
	// The kept answer is replayed even though the state has changed since.
	var inv api.Invite
	first.decode(t, &inv)
	send(t, srv, http.MethodDelete, "/organization/invites/"+inv.ID, "")
	again := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
	if d := difftest.Diff(replayed{http.StatusOK, "true", string(first.body)}, replayedOf(again)); d != "" {
		t.Fatalf("after delete, want the first answer (-want +got):\n%s", d)
	}
	if n := len(srv.Invites()); n != 0 {
		t.Fatalf("%d invites, want none", n)
	}
}

func TestIdempotencyKeyWithAnotherBodyIsAConflict(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
	a := send(t, srv, http.MethodPost, "/organization/invites", `{"email":"grace@example.com","role":"reader"}`, "Idempotency-Key", "k1")
	e := wantError(t, a, http.StatusConflict, "idempotency_key_reused", "")
	if !strings.Contains(e.Message, "'k1' was already used for a request with a different body") {
		t.Errorf("message %q", e.Message)
	}
	// Byte for byte: the same JSON with another key order is another body.
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", `{"role":"reader","email":"ada@example.com"}`, "Idempotency-Key", "k1"),
		http.StatusConflict, "idempotency_key_reused", "")
	if n := len(srv.Invites()); n != 1 {
		t.Fatalf("%d invites, want 1", n)
	}
}

func TestIdempotencyKeysAreScoped(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inv := srv.AddInvite(api.Invite{Email: "x@example.com", Role: api.RoleReader})
	// One key on two operations: each is served once; a delete retried with
	// its key is replayed instead of answering 404; GET ignores the header.
	deleted := `{"deleted":true,"id":"` + inv.ID + `","object":"organization.invite.deleted"}`
	var got []replayed
	for _, r := range []struct{ method, path, body string }{
		{http.MethodPost, "/organization/invites", adaBody},
		{http.MethodDelete, "/organization/invites/" + inv.ID, ""},
		{http.MethodDelete, "/organization/invites/" + inv.ID, ""},
		{http.MethodGet, "/organization/invites?limit=1", ""},
		{http.MethodGet, "/organization/invites?limit=1", ""},
	} {
		a := replayedOf(send(t, srv, r.method, r.path, r.body, "Idempotency-Key", "shared"))
		if r.method != http.MethodDelete {
			a.Body = ""
		}
		got = append(got, a)
	}
	want := []replayed{{200, "", ""}, {200, "", deleted}, {200, "true", deleted}, {200, "", ""}, {200, "", ""}}
	if d := difftest.Diff(want, got); d != "" {
		t.Fatalf("one key on several operations (-want +got):\n%s", d)
	}
	// A request that fails authentication or validation is not kept.
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k2", "Authorization", "Bearer sk-wrong"), http.StatusUnauthorized, "invalid_api_key", "")
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", `{"email":"g@example.com","role":"boss"}`, "Idempotency-Key", "k3"), http.StatusBadRequest, "", "role")
	if a := send(t, srv, http.MethodPost, "/organization/invites", `{"email":"g@example.com","role":"owner"}`, "Idempotency-Key", "k3"); a.status != http.StatusOK {
		t.Fatalf("after a 400, the key is still free: %d %s", a.status, a.body)
	}
}

// TestIdempotencyScopeIsTheKeyNotItsSpelling checks that the scheme's
// letter case and the spaces after it, which authentication ignores, do not
// make another scope: a retry that spells the header otherwise is replayed.
func TestIdempotencyScopeIsTheKeyNotItsSpelling(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	first := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1", "Authorization", "bearer "+apitest.AdminKey)
	for _, auth := range []string{"Bearer " + apitest.AdminKey, "BEARER  " + apitest.AdminKey} {
		again := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1", "Authorization", auth)
		if d := difftest.Diff(replayed{http.StatusOK, "true", string(first.body)}, replayedOf(again)); d != "" {
			t.Fatalf("with %q, want the first answer replayed (-want +got):\n%s", strings.Fields(auth)[0], d)
		}
	}
	if n := len(srv.Invites()); n != 1 {
		t.Fatalf("%d invites, want 1", n)
	}
}

func TestIdempotencyKeyRules(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", strings.Repeat("k", 256)), http.StatusBadRequest, "", "")
	if a := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", strings.Repeat("k", 255)); a.status != http.StatusOK {
		t.Fatalf("a 255-character key: %d %s", a.status, a.body)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.BaseURL()+"/organization/invites", strings.NewReader(adaBody))
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	req.Header.Set("Content-Type", "application/json")
	req.Header["Idempotency-Key"] = []string{"a", "b"}
	wantError(t, do(t, srv, req), http.StatusBadRequest, "", "")
}

func TestIdempotencyKeyExpires(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := setup(t, apitest.WithClock(clk.Now))
	send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
	clk.Advance(23 * time.Hour)
	if a := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1"); a.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("within a day: %d %s, want a replay", a.status, a.body)
	}
	clk.Advance(time.Hour)
	// Forgotten: served afresh, and the pending invite makes it a conflict.
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1"), http.StatusConflict, "invite_exists", "email")
}

func TestConcurrentRequestsWithOneKeyActOnce(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	const n = 24
	bodies := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			a := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "same")
			if a.status != http.StatusOK {
				t.Errorf("%d %s", a.status, a.body)
			}
			bodies[i] = string(a.body)
		})
	}
	wg.Wait()
	for i := range bodies {
		if bodies[i] != bodies[0] {
			t.Fatalf("answers differ:\n%s\n%s", bodies[0], bodies[i])
		}
	}
	if got := len(srv.Invites()); got != 1 {
		t.Fatalf("%d invites, want 1", got)
	}
}

func TestRecentIdempotencyKeysAreKept(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "oldest")
	for i := range 30 {
		body := fmt.Sprintf(`{"email":"u%d@example.com","role":"reader"}`, i)
		send(t, srv, http.MethodPost, "/organization/invites", body, "Idempotency-Key", fmt.Sprint("k", i))
	}
	if a := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "oldest"); a.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("a recent key was forgotten")
	}
}
