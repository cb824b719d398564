package apitest

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/gen"
)

// fuzzMethods are the methods FuzzHandler picks from.
var fuzzMethods = []string{"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "get"}

// FuzzHandler throws arbitrary requests at the fake: method, path below
// /v1/organization/invites, query, body, Content-Type, one extra header, an
// Idempotency-Key, a right, missing or wrong admin key, and a fault in its
// text form. Whatever it gets, the fake never panics (except to drop a
// connection, as a fault asks), never sends an answer its own spec rejects,
// always answers JSON with an x-request-id (unless a fault spoils the body),
// answers errors in OpenAI's format on one line, and changes nothing for a
// request without the admin key.
func FuzzHandler(f *testing.F) {
	type seed struct {
		method               uint8
		path, query          string
		body                 []byte
		contentType          string
		auth                 uint8
		header, value, idKey string
		fault                string
	}
	for _, s := range []seed{
		{0, "", "limit=5", nil, "", 0, "", "", "", ""},
		{0, "", "limit=0&after=", nil, "", 0, "", "", "", ""},
		{0, "", "after=invite-nope&limit=1e3", nil, "", 0, "", "", "", ""},
		{1, "", "", []byte(`{"email":"ada@example.com","role":"reader","projects":[]}`), "application/json", 0, "", "", "k1", ""},
		{1, "", "", []byte(`{"email":"ada@example.com","role":"reader"}`), "application/json", 0, "", "", "k1", "POST * 503 x1 retry-after=2 retry-after-ms=5"},
		{1, "", "", []byte(`{"email":"x","role":"admin","projects":[{"id":"","role":"boss"}]}`), "application/json", 0, "X-Should-Retry", "true", "", ""},
		{1, "", "", []byte(`{"email":`), "application/json", 0, "", "", "", ""},
		{1, "", "", []byte(`{"email":"a@example.com","role":"owner"}`), "text/plain", 0, "", "", "", ""},
		{1, "", "", []byte(`{"email":"a@example.com","role":"owner"}`), "application/json", 2, "", "", "", ""},
		{2, "/invite-seed", "", nil, "", 0, "", "", "", ""},
		{2, "/invite-seed", "", nil, "", 1, "", "", "", "* * drop=before-headers x1"},
		{0, "/a%2F..%2Fb", "", nil, "", 0, "", "", "", "GET * body=truncated x1"},
		{0, "/%2e%2e", "", nil, "", 0, "", "", "", ""},
		{0, "/x/y", "", nil, "", 0, "", "", "", ""},
		{3, "", "", nil, "", 0, "", "", "", ""},
		{5, "/invite-seed", "", nil, "", 0, "", "", "", "* * 429 body=not-json"},
		{7, "", "", nil, "", 0, "Authorization", "Bearer x", "", ""},
		{1, "", "", []byte(`{"email":"ada@example.com","role":"reader"}`), "application/json", 0, "", "", "", "POST * 303 x1"},
		{2, "/invite-seed", "", nil, "", 1, "", "", "", "DELETE * 302 location=https://elsewhere.example/v1"},
		{0, "/invite-seed", "", nil, "", 0, "", "", "", "GET * body=list"},
		{0, "", "", nil, "", 0, "", "", "", "GET * body=no-id"},
	} {
		f.Add(s.method, s.path, s.query, s.body, s.contentType, s.auth, s.header, s.value, s.idKey, s.fault)
	}
	var h *Handler
	var invalid []error
	runs := 0
	newH := func(t *testing.T) {
		h = testHandler(t, onInvalidResponse(func(err error) { invalid = append(invalid, err) }))
		h.AddInvite(api.Invite{ID: "invite-seed", Email: "seed@example.com", Role: api.RoleOwner})
		h.AddSampleInvites(5)
	}
	f.Fuzz(func(t *testing.T, method uint8, path, query string, body []byte, contentType string, auth uint8,
		header, value, idKey, faultText string) {
		if runs++; h == nil || runs%500 == 0 {
			newH(t) // a fresh fake now and then keeps the store small
		}
		invalid = nil
		target := "/v1/organization/invites" + path
		if query != "" {
			target += "?" + query
		}
		var r *http.Request
		func() {
			defer func() { _ = recover() }() // httptest.NewRequest panics on a target it cannot parse
			r = httptest.NewRequest(fuzzMethods[int(method)%len(fuzzMethods)], target, strings.NewReader(string(body)))
		}()
		if r == nil {
			t.Skip("not a request target")
		}
		switch auth % 3 {
		case 0:
			r.Header.Set("Authorization", "Bearer "+testKey)
		case 2:
			r.Header.Set("Authorization", "Bearer sk-wrong")
		}
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if idKey != "" {
			r.Header.Set(idempotencyHeader, idKey)
		}
		if header != "" {
			r.Header.Set(header, value)
		}
		var fault *Fault
		if parsed, err := ParseFault(faultText); err == nil && parsed.Latency == 0 {
			parsed.Times = 1
			if h.InjectFault(parsed) == nil {
				fault = &parsed
			}
		}
		defer h.ClearFaults()

		before := len(h.Invites())
		w := httptest.NewRecorder()
		dropped := false
		func() {
			defer func() {
				if p := recover(); p != nil {
					if err, ok := p.(error); !ok || !errors.Is(err, http.ErrAbortHandler) {
						panic(p)
					}
					dropped = true
				}
			}()
			h.ServeHTTP(w, r)
		}()
		if len(invalid) > 0 {
			t.Fatalf("the fake sent an answer its spec rejects: %v", invalid)
		}
		authorized := auth%3 == 0 && !strings.EqualFold(header, "Authorization")
		if !authorized && len(h.Invites()) != before {
			t.Fatal("a request without the admin key changed the invites")
		}
		taken := fault != nil && len(h.Faults()) == 0
		if taken && !authorized {
			t.Fatal("a request without the admin key used up a fault")
		}
		if dropped {
			if !taken || fault.Drop == DropNone {
				t.Fatal("the handler aborted without a drop fault")
			}
			return
		}
		if w.Header().Get("X-Request-Id") == "" {
			t.Fatal("no x-request-id")
		}
		if taken && (fault.Body != BodyIntact || fault.Drop != DropNone) {
			return // a spoiled body, as asked
		}
		if taken && isRedirect(fault.Status) {
			if w.Code != fault.Status || w.Header().Get("Location") == "" || w.Body.Len() != 0 {
				t.Fatalf("redirect fault %s answered %d, Location %q, %q", fault, w.Code, w.Header().Get("Location"), w.Body)
			}
			return
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q", ct)
		}
		if w.Code >= 200 && w.Code <= 299 {
			if !json.Valid(w.Body.Bytes()) {
				t.Fatalf("a %d with a body that is not JSON: %q", w.Code, w.Body)
			}
			return
		}
		if w.Code == http.StatusInternalServerError && (!taken || fault.Status != http.StatusInternalServerError) {
			t.Fatalf("500: %s", w.Body)
		}
		var e gen.ErrorResponse
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Type == "" || e.Error.Message == "" || strings.ContainsAny(e.Error.Message, "\r\n") {
			t.Fatalf("error answer %d %q (%v)", w.Code, w.Body, err)
		}
	})
}
