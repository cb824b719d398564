package apitest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

const testKey = "sk-admin-test"

// testHandler returns a handler that accepts testKey, with the options.
func testHandler(t testing.TB, opts ...Option) *Handler {
	t.Helper()
	h, err := NewHandler(append([]Option{WithAdminKey(testKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// onInvalidResponse makes the handler call f with the reason a response
// fails spec validation.
func onInvalidResponse(f func(error)) Option {
	return func(c *config) { c.onInvalidResponse = f }
}

// serve sends one request straight to the handler.
func serve(h *Handler, method, target, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Authorization", "Bearer "+testKey)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestNewNeedsAKey(t *testing.T) {
	t.Parallel()
	if _, err := NewHandler(WithAdminKey("")); err == nil {
		t.Fatal("NewHandler with an empty admin key succeeded")
	}
}

func TestInvalidResponse(t *testing.T) {
	t.Parallel()
	var (
		mu       sync.Mutex
		reported []error
	)
	h := testHandler(t, onInvalidResponse(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, err)
	}))
	h.AddInvite(api.Invite{ID: "invite-bad", Email: "bad@example.com", Role: "admin"})

	for _, target := range []string{"/v1/organization/invites", "/v1/organization/invites/invite-bad"} {
		w := serve(h, http.MethodGet, target, "")
		var e gen.ErrorResponse
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if w.Code != http.StatusInternalServerError || e.Error.Type != "server_error" ||
			!strings.HasPrefix(e.Error.Message, "apitest: response failed spec validation: ") ||
			!strings.Contains(e.Error.Message, "role") || strings.Contains(e.Error.Message, "\n") {
			t.Errorf("GET %s: %d %s", target, w.Code, w.Body)
		}
		if w.Header().Get("X-Request-Id") == "" || w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("headers %v", w.Header())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reported) != 2 || !strings.Contains(reported[0].Error(), "GET /v1/organization/invites") {
		t.Fatalf("reported %v", reported)
	}
	// Without OnInvalidResponse the client still gets the 500.
	h2 := testHandler(t)
	h2.AddInvite(api.Invite{Email: "bad@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "p", Role: "boss"}}})
	if w := serve(h2, http.MethodGet, "/v1/organization/invites", ""); w.Code != http.StatusInternalServerError {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestInvalidErrorResponseOnUnknownPath(t *testing.T) {
	t.Parallel()
	var reported error
	h := testHandler(t, onInvalidResponse(func(err error) { reported = err }))
	c := &call{req: httptest.NewRequest(http.MethodGet, "/nowhere", nil), requestID: "req_x"}
	w := httptest.NewRecorder()
	// An error body without the required fields fails the ErrorResponse schema.
	h.send(w, c, &response{status: http.StatusNotFound, body: map[string]any{"error": map[string]any{"type": "x"}}})
	if w.Code != http.StatusInternalServerError || reported == nil {
		t.Fatalf("got %d %s, reported %v", w.Code, w.Body, reported)
	}
	// A body that does not even encode.
	reported = nil
	w = httptest.NewRecorder()
	h.send(w, c, &response{status: http.StatusOK, body: func() {}})
	if w.Code != http.StatusInternalServerError || reported == nil {
		t.Fatalf("got %d %s, reported %v", w.Code, w.Body, reported)
	}
}

func TestBadlyEscapedPath(t *testing.T) {
	t.Parallel()
	h := testHandler(t)
	r := httptest.NewRequest(http.MethodGet, "/v1/organization/invites/x", nil)
	r.URL.Path, r.URL.RawPath = "/v1/organization/invites/%zz", ""
	r.Header.Set("Authorization", "Bearer "+testKey)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNotFound {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestSetStatus(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := testHandler(t, WithClock(func() time.Time { return now }))
	inv := h.AddInvite(api.Invite{ID: "invite-s", Email: "s@example.com", Role: api.RoleReader})
	expires, accepted, past := api.UnixTime(now.Add(inviteTTL).Unix()), api.UnixTime(now.Unix()), api.UnixTime(now.Add(-time.Second).Unix())
	pending := api.Invite{Object: gen.InviteObjectOrganizationInvite, ID: "invite-s", Email: "s@example.com", Role: api.RoleReader,
		Status: api.InviteStatusPending, CreatedAt: api.UnixTime(now.Unix()), ExpiresAt: &expires, Projects: []api.Project{}}
	if d := difftest.Diff(pending, inv); d != "" {
		t.Fatalf("AddInvite filled in (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		id      string
		status  api.InviteStatus
		wantErr string
	}{
		{"invite-nope", api.InviteStatusAccepted, "apitest: no invite with id 'invite-nope'"},
		{inv.ID, "no_such_status", "apitest: 'no_such_status' is not an invite status"},
	} {
		err := h.SetStatus(tt.id, tt.status)
		if err == nil || err.Error() != tt.wantErr {
			t.Errorf("SetStatus(%q, %q) = %v, want %q", tt.id, tt.status, err, tt.wantErr)
		}
	}
	acceptedInv := pending
	acceptedInv.Status, acceptedInv.AcceptedAt = api.InviteStatusAccepted, &accepted
	expiredInv := pending
	expiredInv.Status, expiredInv.ExpiresAt = api.InviteStatusExpired, &past
	for _, want := range []api.Invite{acceptedInv, pending, expiredInv} {
		if err := h.SetStatus(inv.ID, want.Status); err != nil {
			t.Fatal(err)
		}
		if d := difftest.Diff([]api.Invite{want}, h.Invites()); d != "" {
			t.Errorf("after SetStatus(%s) (-want +got):\n%s", want.Status, d)
		}
	}
}

func TestAddInviteCopiesAndReplaces(t *testing.T) {
	t.Parallel()
	h := testHandler(t)
	exp := api.UnixTime(4102444800)
	projects := []api.Project{{ID: "p", Role: api.ProjectRoleOwner}}
	h.AddInvite(api.Invite{ID: "same", Email: "one@example.com", Role: api.RoleReader, ExpiresAt: &exp, Projects: projects})
	exp, projects[0].ID = 1, "changed"
	got := h.Invites()[0]
	type kept struct {
		ExpiresAt api.UnixTime
		Projects  []api.Project
	}
	if d := difftest.Diff(kept{4102444800, []api.Project{{ID: "p", Role: api.ProjectRoleOwner}}}, kept{*got.ExpiresAt, got.Projects}); d != "" {
		t.Fatalf("the store shares memory with the caller (-want +got):\n%s", d)
	}
	h.AddInvite(api.Invite{ID: "same", Email: "two@example.com", Role: api.RoleReader})
	var emails []string
	for _, inv := range h.Invites() {
		emails = append(emails, inv.Email)
	}
	if d := difftest.Diff([]string{"two@example.com"}, emails); d != "" {
		t.Fatalf("after reusing the ID (-want +got):\n%s", d)
	}
}

func TestSampleInvites(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sample := func(seed int64) []api.Invite {
		h := testHandler(t, WithSeed(seed), WithClock(func() time.Time { return now }))
		h.AddSampleInvites(40)
		h.AddSampleInvites(10)
		// Every sample invite passes response validation.
		if w := serve(h, http.MethodGet, "/v1/organization/invites?limit=100", ""); w.Code != http.StatusOK {
			t.Fatalf("listing samples: %d %s", w.Code, w.Body)
		}
		return h.Invites()
	}
	a, b, c := sample(7), sample(7), sample(8)
	if len(a) != 50 {
		t.Fatalf("%d samples", len(a))
	}
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	if js(a) != js(b) {
		t.Error("same seed, different samples")
	}
	if js(a) == js(c) {
		t.Error("different seeds, same samples")
	}
	count := map[api.InviteStatus]int{}
	roles := map[api.Role]int{}
	emails := map[string]bool{}
	withProjects := 0
	for _, inv := range a {
		count[inv.Status]++
		roles[inv.Role]++
		emails[inv.Email] = true
		if len(inv.Projects) > 0 {
			withProjects++
		}
		if inv.Status == api.InviteStatusAccepted && (inv.AcceptedAt == nil || *inv.AcceptedAt > api.UnixTime(now.Unix())) {
			t.Errorf("accepted sample %+v", inv)
		}
	}
	if count[api.InviteStatusPending] <= count[api.InviteStatusAccepted] || count[api.InviteStatusAccepted] == 0 ||
		count[api.InviteStatusExpired] == 0 || len(roles) != 2 || withProjects == 0 || withProjects == len(a) {
		t.Errorf("not a mix: statuses %v, roles %v, %d with projects", count, roles, withProjects)
	}
	if len(emails) != len(a) {
		t.Error("duplicate sample emails")
	}
	if !slices.IsSortedFunc(a, func(x, y api.Invite) int { return int(y.CreatedAt - x.CreatedAt) }) {
		t.Error("samples are not newest first")
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"invite-abc":             `'invite-abc'`,
		"ü#1":                    `'ü#1'`,
		"it's":                   `'it\'s'`,
		`back\slash`:             `'back\\slash'`,
		"new\nline\t\x00":        `'new\nline\t\x00'`,
		"\xff":                   `'\ufffd'`,
		"\u200b":                 `'\u200b'`,
		strings.Repeat("a", 101): "'" + strings.Repeat("a", 100) + "…'",
		strings.Repeat("a", 100): "'" + strings.Repeat("a", 100) + "'",
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestFieldPath(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"role"}, "role"},
		{[]string{"projects", "0", "role"}, "projects[0].role"},
		{[]string{"0"}, "[0]"},
	} {
		if got := fieldPath(tt.in); got != tt.want {
			t.Errorf("fieldPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRequestLogKeepsExactlyTheLastN(t *testing.T) {
	t.Parallel()
	tests := []struct{ max, total int }{
		{0, 3}, {1, 3}, {5, 4}, {5, 5}, {5, 12}, {DefaultMaxRequests, 2*DefaultMaxRequests + 7},
	}
	for _, tt := range tests {
		l := requestLog{max: tt.max}
		for i := range tt.total {
			l.add(RecordedRequest{RawQuery: strconv.Itoa(i)})
		}
		var got, want []string
		for _, r := range l.all() {
			got = append(got, r.RawQuery)
		}
		for i := max(0, tt.total-tt.max); i < tt.total; i++ {
			want = append(want, strconv.Itoa(i))
		}
		if d := difftest.Diff(want, got); d != "" {
			t.Errorf("max %d after %d requests: kept (-want +got):\n%s", tt.max, tt.total, d)
		}
	}
}

// benchmarkServe measures one request straight through ServeHTTP: routing,
// request validation, the operation and response validation. Operations are
// prepared once in NewHandler, so this is the whole per-request cost.
func benchmarkServe(b *testing.B, h *Handler, target string) {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set("Authorization", "Bearer "+testKey)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

func BenchmarkServeGet(b *testing.B) {
	h := testHandler(b)
	id := h.AddInvite(api.Invite{Email: "b@example.com", Role: api.RoleReader}).ID
	benchmarkServe(b, h, "/v1/organization/invites/"+id)
}

func BenchmarkServeList100(b *testing.B) {
	h := testHandler(b)
	h.AddSampleInvites(150)
	benchmarkServe(b, h, "/v1/organization/invites?limit=100")
}

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
