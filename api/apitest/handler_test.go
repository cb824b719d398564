package apitest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestRequestIDs(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	var (
		mu   sync.Mutex
		seen = map[string]bool{}
		wg   sync.WaitGroup
	)
	for i := range 50 {
		wg.Go(func() {
			path := "/organization/invites"
			if i%2 == 1 {
				path += "/invite-missing" // errors carry one too
			}
			req, _ := http.NewRequest(http.MethodGet, srv.BaseURL()+path, nil)
			req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			seen[resp.Header.Get("x-request-id")] = true
		})
	}
	wg.Wait()
	if len(seen) != 50 {
		t.Fatalf("%d distinct request IDs for 50 requests", len(seen))
	}
}

func TestConcurrency(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				body := fmt.Sprintf(`{"email":"w%d-%d@example.com","role":"reader"}`, w, i)
				if a := send(t, srv, http.MethodPost, "/organization/invites", body); a.status != http.StatusOK {
					t.Errorf("create: %d %s", a.status, a.body)
				}
				if a := send(t, srv, http.MethodGet, "/organization/invites?limit=5", ""); a.status != http.StatusOK {
					t.Errorf("list: %d %s", a.status, a.body)
				}
				_ = srv.Invites()
			}
		})
	}
	wg.Wait()
	all := ids(srv.Invites())
	if len(all) != workers*each {
		t.Fatalf("%d invites, want %d", len(all), workers*each)
	}
	if got := listAll(t, srv, "100", 100); !slices.Equal(got, all) {
		t.Fatal("listing differs from Invites()")
	}
	slices.Sort(all)
	if len(slices.Compact(all)) != workers*each {
		t.Fatal("duplicate invite IDs")
	}
}

func TestNewHandler(t *testing.T) {
	t.Parallel()
	h, err := apitest.NewHandler(apitest.WithSampleInvites(5))
	if err != nil {
		t.Fatal(err)
	}
	// A stand-alone mock server would serve h (or a mux holding it) with
	// http.ListenAndServe on an address of its own.
	mux := http.NewServeMux()
	mux.Handle("/v1/", h)
	req := httptest.NewRequest(http.MethodGet, "/v1/organization/invites?limit=2", nil)
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	var page api.InviteListResponse
	if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	type state struct{ Status, Listed, Invites, Requests int }
	got := []state{{w.Code, len(page.Data), len(h.Invites()), len(h.Requests())}}
	h.ResetRequests()
	h.AddSampleInvites(1)
	if err := h.SetStatus(h.AddInvite(api.Invite{Email: "x@example.com", Role: api.RoleReader}).ID, api.InviteStatusExpired); err != nil {
		t.Fatal(err)
	}
	got = append(got, state{Invites: len(h.Invites()), Requests: len(h.Requests())})
	want := []state{{http.StatusOK, 2, 5, 1}, {0, 0, 7, 0}}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("the handler's state through its hooks (-want +got):\n%s", d)
	}
}

// reply is what a test compares of an answer.
type reply struct {
	Status int
	Allow  string
	Body   string
}

func replyOf(a answer) reply {
	return reply{Status: a.status, Allow: a.header.Get("Allow"), Body: string(a.body)}
}

// unauthorizedBody is the fake's 401 body.
const unauthorizedBody = `{"error":{"code":"invalid_api_key","message":"Incorrect API key provided.","param":null,"type":"invalid_request_error"}}`

func TestAuthenticationComesBeforeRouting(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	tests := []struct {
		method, path string
		withKey      reply // the answer with the admin key; without it, always a 401
	}{
		{http.MethodGet, "/v1/organization/users", reply{Status: 404}},
		{http.MethodGet, "/", reply{Status: 404}},
		{http.MethodPut, "/v1/organization/invites", reply{Status: 405, Allow: "GET, POST"}},
		{http.MethodPost, "/v1/organization/invites/invite-x", reply{Status: 405, Allow: "DELETE, GET"}},
		{http.MethodGet, "/v1/organization/invites/invite-x", reply{Status: 404}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(tt.method, srv.URL()+tt.path, nil)
			got := replyOf(do(t, srv, req))
			want := reply{Status: http.StatusUnauthorized, Body: unauthorizedBody}
			if d := difftest.Diff(want, got); d != "" {
				t.Errorf("without the key (-want +got):\n%s", d)
			}
			req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
			got = replyOf(do(t, srv, req))
			got.Body = ""
			if d := difftest.Diff(tt.withKey, got); d != "" {
				t.Errorf("with the key (-want +got):\n%s", d)
			}
		})
	}
}

func TestRequestsWithoutTheKeyUseUpNoFault(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "GET /organization/invites 503 x1")
	var got []int
	for _, auth := range []string{"", "Bearer wrong", "Bearer " + apitest.AdminKey, "Bearer " + apitest.AdminKey} {
		got = append(got, send(t, srv, http.MethodGet, "/organization/invites", "", "Authorization", auth).status)
	}
	if d := difftest.Diff([]int{401, 401, 503, 200}, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	var faults []string
	for _, r := range srv.Requests() {
		faults = append(faults, r.Fault)
	}
	if d := difftest.Diff([]string{"", "", "GET /organization/invites 503 x1", ""}, faults); d != "" {
		t.Errorf("recorded faults (-want +got):\n%s", d)
	}
}
