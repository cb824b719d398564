package apitest_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// operation is one of the four operations, as a test sends it.
type operation struct {
	method, pattern string // pattern as a fault names it
	path, body      string // the request, for an invite named by id
}

// operations returns the four operations on the invite with this id.
func operations(id string) []operation {
	return []operation{
		{http.MethodGet, "/organization/invites", "/organization/invites?limit=5", ""},
		{http.MethodPost, "/organization/invites", "/organization/invites", `{"email":"new@example.com","role":"owner"}`},
		{http.MethodGet, "/organization/invites/{invite_id}", "/organization/invites/" + id, ""},
		{http.MethodDelete, "/organization/invites/{invite_id}", "/organization/invites/" + id, ""},
	}
}

// noRedirects is a client that returns redirects instead of following them.
func noRedirects(t testing.TB) *http.Client {
	c := rawClient(t)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// sent is what a test compares of a raw answer.
type sent struct {
	Status                      int
	Location, ContentType, Body string
	ContentLength               int64
}

func TestFaultRedirects(t *testing.T) {
	t.Parallel()
	const elsewhere = "https://elsewhere.example/v1/organization/invites"
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, location := range []string{"", elsewhere} {
			srv := setup(t) // WithTB: a redirect must not be reported as an invalid answer
			id := srv.AddInvite(api.Invite{Email: "r@example.com", Role: api.RoleReader}).ID
			for _, op := range operations(id) {
				text := op.method + " " + op.pattern + " " + strconv.Itoa(status) + " x1"
				wantLocation := "/v1" + op.path
				if location != "" {
					text += " location=" + location
					wantLocation = location
				}
				inject(t, srv, text)
				req, _ := http.NewRequest(op.method, srv.BaseURL()+op.path, strings.NewReader(op.body))
				req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
				resp, err := noRedirects(t).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				got := sent{Status: resp.StatusCode, Location: resp.Header.Get("Location"), ContentLength: resp.ContentLength}
				want := sent{Status: status, Location: wantLocation}
				if d := difftest.Diff(want, got); d != "" {
					t.Errorf("%s (-want +got):\n%s", text, d)
				}
			}
			if n := len(srv.Invites()); n != 1 {
				t.Errorf("%d redirect: %d invites, want the one added: a redirect serves nothing", status, n)
			}
		}
	}
}

// TestFaultRedirectChangesTheMethod shows what a client that follows a 303
// does: it turns the POST into a GET of the same path, and gets a list.
func TestFaultRedirectChangesTheMethod(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "POST /organization/invites 303 x1")
	a := send(t, srv, http.MethodPost, "/organization/invites", adaBody)
	var page struct{ Object string }
	a.decode(t, &page)
	var methods []string
	for _, r := range srv.Requests() {
		methods = append(methods, r.Method+" "+r.Path)
	}
	got := []string{strconv.Itoa(a.status), page.Object, strconv.Itoa(len(srv.Invites()))}
	if d := difftest.Diff([]string{"200", "list", "0"}, got); d != "" {
		t.Errorf("status, object and invites after the redirect (-want +got):\n%s", d)
	}
	if d := difftest.Diff([]string{"POST /v1/organization/invites", "GET /v1/organization/invites"}, methods); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
}

// decoded is a JSON body decoded for comparison.
func decoded(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return v
}

// asJSON is v as the fake encodes it, decoded.
func asJSON(t testing.TB, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decoded(t, b).(map[string]any)
}

// inviteOnTheWire is inv as the fake sends it, decoded: with
// "accepted_at": null when it was not accepted.
func inviteOnTheWire(t testing.TB, inv api.Invite) map[string]any {
	t.Helper()
	m := asJSON(t, inv)
	if _, ok := m["accepted_at"]; !ok {
		m["accepted_at"] = nil
	}
	return m
}

func TestFaultWrongBodies(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	for _, mode := range []string{"empty-object", "null", "list", "array", "no-id", "wrong-object"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			srv := setup(t, apitest.WithClock(func() time.Time { return now }))
			added := srv.AddInvite(api.Invite{Email: "w@example.com", Role: api.RoleReader})
			for _, op := range operations(added.ID) {
				inject(t, srv, op.method+" "+op.pattern+" body="+mode+" x1")
				before := srv.Invites()
				a := send(t, srv, op.method, op.path, op.body)
				// The answer the operation would have sent, as a decoded object.
				var served map[string]any
				switch {
				case op.method == http.MethodGet && op.pattern == "/organization/invites":
					data := make([]any, len(before))
					for i, inv := range before {
						data[i] = inviteOnTheWire(t, inv)
					}
					served = map[string]any{"object": "list", "data": data, "first_id": before[0].ID, "last_id": before[len(before)-1].ID, "has_more": false}
				case op.method == http.MethodPost:
					served = inviteOnTheWire(t, srv.Invites()[0])
				case op.method == http.MethodGet:
					served = inviteOnTheWire(t, added)
				default:
					served = asJSON(t, api.InviteDeleteResponse{Object: "organization.invite.deleted", ID: added.ID, Deleted: true})
				}
				var want any
				switch mode {
				case "empty-object":
					want = map[string]any{}
				case "null":
					want = nil
				case "array":
					want = []any{served}
				case "list":
					want = map[string]any{"object": "list", "data": []any{served}, "first_id": served["id"], "last_id": served["id"], "has_more": false}
				case "no-id":
					delete(served, "id")
					if data, ok := served["data"].([]any); ok {
						for _, item := range data {
							delete(item.(map[string]any), "id")
						}
					}
					want = served
				case "wrong-object":
					served["object"] = "unexpected.object"
					want = served
				}
				got := sent{Status: a.status, ContentType: a.header.Get("Content-Type"), ContentLength: int64(len(a.body))}
				wantSent := sent{Status: http.StatusOK, ContentType: "application/json", ContentLength: int64(len(a.body))}
				if cl := a.header.Get("Content-Length"); cl != strconv.Itoa(len(a.body)) {
					t.Errorf("%s %s: Content-Length %s for %d bytes", op.method, op.path, cl, len(a.body))
				}
				if d := difftest.Diff(wantSent, got); d != "" {
					t.Errorf("%s %s body=%s (-want +got):\n%s", op.method, op.path, mode, d)
				}
				if d := difftest.Diff(want, decoded(t, a.body)); d != "" {
					t.Errorf("%s %s body=%s: body (-want +got):\n%s", op.method, op.path, mode, d)
				}
			}
			if n := len(srv.Invites()); n != 1 {
				t.Errorf("%d invites, want 1: the create and the delete were served", n)
			}
		})
	}
}
