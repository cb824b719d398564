package apitest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestWithoutIdempotencyServesEveryRequestAfresh(t *testing.T) {
	t.Parallel()
	srv := setup(t, apitest.WithoutIdempotency())
	first := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
	if first.status != http.StatusOK {
		t.Fatalf("first: status %d, body %s", first.status, first.body)
	}
	// The same key and body: not replayed, but served again, and so refused
	// as a second pending invite for the email.
	again := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
	wantError(t, again, http.StatusConflict, "invite_exists", "email")
	if got := again.header.Get("Idempotent-Replayed"); got != "" {
		t.Errorf("Idempotent-Replayed %q on an answer served afresh", got)
	}
	// The same key and another body: not idempotency_key_reused, but served.
	other := send(t, srv, http.MethodPost, "/organization/invites", `{"email":"grace@example.com","role":"reader"}`, "Idempotency-Key", "k1")
	if other.status != http.StatusOK {
		t.Errorf("another body with the same key: status %d, body %s", other.status, other.body)
	}
	if n := len(srv.Invites()); n != 2 {
		t.Errorf("%d invites, want 2", n)
	}
	// The header is still checked.
	long := send(t, srv, http.MethodPost, "/organization/invites", `{"email":"alan@example.com","role":"reader"}`, "Idempotency-Key", strings.Repeat("k", 256))
	wantError(t, long, http.StatusBadRequest, "", "")
}

// TestWithoutIdempotencyRetryMeetsTheFirstTry loses the answer to a create
// and sends it again with the same key: the fake that honours the key
// replays the first answer, the one that ignores it refuses the retry as a
// second invite for the email.
func TestWithoutIdempotencyRetryMeetsTheFirstTry(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		opts   []apitest.Option
		status int
	}{
		"honoured": {status: http.StatusOK},
		"ignored":  {opts: []apitest.Option{apitest.WithoutIdempotency()}, status: http.StatusConflict},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := setup(t, tt.opts...)
			inject(t, srv, "POST /organization/invites drop=before-headers x1")
			req := newRequest(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
			if resp, err := srv.Client().Do(req); err == nil {
				resp.Body.Close()
				t.Fatalf("the first try was answered %d, want its answer lost", resp.StatusCode)
			}
			retry := send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Idempotency-Key", "k1")
			if tt.status == http.StatusConflict {
				wantError(t, retry, http.StatusConflict, "invite_exists", "email")
			} else if retry.status != tt.status {
				t.Errorf("retry: status %d, want %d; body %s", retry.status, tt.status, retry.body)
			}
			if n := len(srv.Invites()); n != 1 {
				t.Errorf("%d invites, want the first try's only", n)
			}
		})
	}
}

// sparseFake returns a fake with WithSparsePages holding n invites, one a
// second apart, and their ids newest first.
func sparseFake(t *testing.T, n int) (*apitest.Server, []string) {
	t.Helper()
	clk := newClock()
	srv := setup(t, apitest.WithSparsePages(), apitest.WithClock(clk.Now))
	ids := make([]string, n)
	for i := range n {
		ids[n-1-i] = srv.AddInvite(api.Invite{Email: fmt.Sprintf("u%d@example.com", i), Role: api.RoleReader}).ID
		clk.Advance(time.Second)
	}
	return srv, ids
}

// listPageOf asks for one page and decodes it.
func listPageOf(t *testing.T, srv *apitest.Server, query string) page {
	t.Helper()
	a := send(t, srv, http.MethodGet, "/organization/invites?"+query, "")
	if a.status != http.StatusOK {
		t.Fatalf("GET ?%s: status %d, body %s", query, a.status, a.body)
	}
	var p page
	a.decode(t, &p)
	return p
}

// sparse is what a test compares of a page of WithSparsePages.
type sparse struct {
	IDs     []string
	FirstID string
	LastID  string
	HasMore bool
}

func sparseOf(p page) sparse {
	return sparse{IDs: ids(p.Data), FirstID: deref(p.FirstID), LastID: deref(p.LastID), HasMore: p.HasMore}
}

func TestWithSparsePagesCutsBeforeDroppingRevokedInvites(t *testing.T) {
	t.Parallel()
	srv, n := sparseFake(t, 7)
	// Revoke n[1], n[2], n[3] and n[6]: with two to a page, the first
	// page holds one invite, the second none, the last none either.
	for _, i := range []int{1, 2, 3, 6} {
		if a := send(t, srv, http.MethodDelete, "/organization/invites/"+n[i], ""); a.status != http.StatusOK {
			t.Fatalf("delete: status %d", a.status)
		}
	}
	var got []sparse
	query := "limit=2"
	for range 10 {
		p := listPageOf(t, srv, query)
		got = append(got, sparseOf(p))
		if !p.HasMore {
			break
		}
		query = "limit=2&after=" + deref(p.LastID)
	}
	difftest.Check(t, "pages", got, []sparse{
		{IDs: []string{n[0]}, FirstID: n[0], LastID: n[1], HasMore: true},
		{IDs: []string{}, FirstID: n[2], LastID: n[3], HasMore: true},
		{IDs: []string{n[4], n[5]}, FirstID: n[4], LastID: n[5], HasMore: true},
		{IDs: []string{}, FirstID: n[6], LastID: n[6], HasMore: false},
	})
	// Past the end: an empty page without a cursor.
	difftest.Check(t, "after the last", sparseOf(listPageOf(t, srv, "after="+n[6])), sparse{IDs: []string{}})
}

func TestWithSparsePagesWithoutRevokedInvitesIsTheUsualList(t *testing.T) {
	t.Parallel()
	srv, n := sparseFake(t, 3)
	difftest.Check(t, "page", sparseOf(listPageOf(t, srv, "limit=2")), sparse{IDs: n[:2], FirstID: n[0], LastID: n[1], HasMore: true})
	difftest.Check(t, "last page", sparseOf(listPageOf(t, srv, "limit=2&after="+n[1])), sparse{IDs: n[2:], FirstID: n[2], LastID: n[2], HasMore: false})
}

// TestAcceptedAtIsNullUntilAccepted checks the raw answers: an invite not
// accepted carries "accepted_at": null, as OpenAI's example does, on every
// operation that answers with an invite; an accepted one carries the time.
func TestAcceptedAtIsNullUntilAccepted(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := setup(t, apitest.WithClock(clk.Now))
	created := send(t, srv, http.MethodPost, "/organization/invites", adaBody)
	var inv api.Invite
	created.decode(t, &inv)
	accepted := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleReader})
	if err := srv.SetStatus(accepted.ID, api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}
	rawAcceptedAt := func(body []byte) []string {
		var v struct {
			Data []map[string]json.RawMessage `json:"data"`
		}
		if bytes.Contains(body, []byte(`"object":"list"`)) {
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatal(err)
			}
		} else {
			var one map[string]json.RawMessage
			if err := json.Unmarshal(body, &one); err != nil {
				t.Fatal(err)
			}
			v.Data = append(v.Data, one)
		}
		var out []string
		for _, item := range v.Data {
			raw, ok := item["accepted_at"]
			if !ok {
				out = append(out, "(absent)")
				continue
			}
			out = append(out, string(raw))
		}
		return out
	}
	acceptedAt := fmt.Sprint(t0.Unix())
	difftest.Check(t, "create", rawAcceptedAt(created.body), []string{"null"})
	difftest.Check(t, "get", rawAcceptedAt(send(t, srv, http.MethodGet, "/organization/invites/"+inv.ID, "").body), []string{"null"})
	difftest.Check(t, "get accepted", rawAcceptedAt(send(t, srv, http.MethodGet, "/organization/invites/"+accepted.ID, "").body), []string{acceptedAt})
	difftest.Check(t, "list", rawAcceptedAt(send(t, srv, http.MethodGet, "/organization/invites", "").body), []string{acceptedAt, "null"}) // newest first
}
