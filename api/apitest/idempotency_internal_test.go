package apitest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestIdempotencyStoreEvictsTheOldest(t *testing.T) {
	t.Parallel()
	s := newIdempotency()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ok := &response{status: http.StatusOK}
	for i := range maxIdempotencyKeys + 10 {
		e, first := s.claim(fmt.Sprint(i), [32]byte{}, now)
		if !first {
			t.Fatalf("key %d claimed twice", i)
		}
		s.finish(e, ok)
	}
	if n := s.len(); n != maxIdempotencyKeys {
		t.Fatalf("the store holds %d keys, want at most %d", n, maxIdempotencyKeys)
	}
	if _, first := s.claim("0", [32]byte{}, now); !first {
		t.Fatal("the oldest key was kept")
	}
	if _, first := s.claim(fmt.Sprint(maxIdempotencyKeys+9), [32]byte{}, now); first {
		t.Fatal("the newest key was forgotten")
	}
	if len(s.order) > 2*maxIdempotencyKeys {
		t.Fatalf("the eviction queue holds %d entries", len(s.order))
	}
}

func TestIdempotencyStoreForgetsServerErrors(t *testing.T) {
	t.Parallel()
	s := newIdempotency()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e, _ := s.claim("k", [32]byte{}, now)
	s.finish(e, &response{status: http.StatusInternalServerError})
	if e.resp != nil {
		t.Fatal("a 500 was kept")
	}
	if _, first := s.claim("k", [32]byte{}, now); !first {
		t.Fatal("the key of a 500 is not free again")
	}
}

func TestIdempotencyScope(t *testing.T) {
	t.Parallel()
	base := idempotencyScope("key-a", "POST", "/v1/organization/invites", "k")
	for _, other := range []string{
		idempotencyScope("key-b", "POST", "/v1/organization/invites", "k"),
		idempotencyScope("key-a", "DELETE", "/v1/organization/invites", "k"),
		idempotencyScope("key-a", "POST", "/v1/organization/invites/x", "k"),
		idempotencyScope("key-a", "POST", "/v1/organization/invites", "k2"),
		idempotencyScope("key-aPOST", "", "/v1/organization/invites", "k"),
	} {
		if other == base {
			t.Fatal("two scopes collide")
		}
	}
	if strings.Contains(base, "key-a") {
		t.Fatal("the scope holds the key in clear")
	}
}

func TestRequestWaitsForTheFirstWithItsKey(t *testing.T) {
	t.Parallel()
	h := testHandler(t)
	const body = `{"email":"ada@example.com","role":"reader"}`
	// A first request with the key is being served...
	scope := idempotencyScope(testKey, http.MethodPost, "/v1/organization/invites", "k")
	first, _ := h.idem.claim(scope, sha256.Sum256([]byte(body)), h.now())
	// ...when a retry with the same key arrives.
	answered := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		r := httptest.NewRequest(http.MethodPost, "/v1/organization/invites", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+testKey)
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(idempotencyHeader, "k")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		answered <- w
	}()
	select {
	case w := <-answered:
		t.Fatalf("the retry was answered while the first request was in flight: %d %s", w.Code, w.Body)
	case <-time.After(200 * time.Millisecond):
	}
	inv := h.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
	h.idem.finish(first, &response{status: http.StatusOK, body: inv})
	w := <-answered
	encoded, _ := json.Marshal(inv)
	type answer struct {
		Status   int
		Replayed string
		Body     string
	}
	if d := difftest.Diff(answer{http.StatusOK, "true", string(encoded)}, answer{w.Code, w.Header().Get(replayedHeader), w.Body.String()}); d != "" {
		t.Fatalf("the retry, want the first answer replayed (-want +got):\n%s", d)
	}
	if n := len(h.Invites()); n != 1 {
		t.Fatalf("%d invites, want 1", n)
	}
}
