package apitest_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

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

func TestRecordedBodiesAreBounded(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	long := `{"email":"` + strings.Repeat("a", apitest.MaxRecordedBody) + `@example.com","role":"reader"}`
	send(t, srv, http.MethodPost, "/organization/invites", adaBody)
	send(t, srv, http.MethodPost, "/organization/invites", long)
	send(t, srv, http.MethodPost, "/organization/invites", adaBody, "Authorization", "Bearer wrong")
	send(t, srv, http.MethodGet, "/organization/invites", "", "Authorization", "")
	type body struct {
		Authorized, BodyTruncated bool
		Body                      string
	}
	var got []body
	for _, r := range srv.Requests() {
		got = append(got, body{r.Authorized, r.BodyTruncated, string(r.Body)})
	}
	want := []body{
		{true, false, adaBody},
		{true, true, long[:apitest.MaxRecordedBody]},
		{false, true, ""}, // a body sent without the key is not kept
		{false, false, ""},
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("recorded bodies (-want +got):\n%s", d)
	}
}

func TestRequestLogHasAnExactCap(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		opts []apitest.Option
		max  int
	}{
		{nil, apitest.DefaultMaxRequests},
		{[]apitest.Option{apitest.WithMaxRequests(3)}, 3},
		{[]apitest.Option{apitest.WithMaxRequests(0)}, 0},
	} {
		h, err := apitest.NewHandler(tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		total := tt.max + 5
		for i := range total {
			req := httptest.NewRequest(http.MethodGet, "/v1/organization/invites?limit="+strconv.Itoa(1+i%100), nil)
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
		var got, want []string
		for _, r := range h.Requests() {
			got = append(got, r.RawQuery)
		}
		for i := total - tt.max; i < total; i++ {
			want = append(want, "limit="+strconv.Itoa(1+i%100))
		}
		if d := difftest.Diff(want, got); d != "" {
			t.Errorf("max %d: kept (-want +got):\n%s", tt.max, d)
		}
	}
	if _, err := apitest.NewHandler(apitest.WithMaxRequests(-1)); err == nil || !strings.Contains(err.Error(), "WithMaxRequests") {
		t.Errorf("WithMaxRequests(-1): %v", err)
	}
}

func TestServerBoundsHeaderSize(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	req, _ := http.NewRequest(http.MethodGet, srv.BaseURL()+"/organization/invites", nil)
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	req.Header.Set("X-Big", strings.Repeat("b", apitest.MaxHeaderBytes+4096))
	resp, err := rawClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status %d, want 431", resp.StatusCode)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests recorded, want none", n)
	}
}
