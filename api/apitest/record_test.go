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

func TestRecordedRequests(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	send(t, srv, http.MethodGet, "/organization/invites?limit=3&after=x%20y", "", "X-Custom", "1")
	send(t, srv, http.MethodPost, "/organization/invites", `{"email":"r@example.com","role":"reader","projects":[]}`)
	const body = `{"email":"r@example.com","role":"reader","projects":[]}`
	reqs := srv.Requests()
	got := make([]apitest.RecordedRequest, len(reqs))
	for i, r := range reqs {
		got[i] = r
		got[i].Header = http.Header{"Authorization": r.Header["Authorization"], "X-Custom": r.Header["X-Custom"]}
	}
	want := []apitest.RecordedRequest{
		{Method: "GET", Path: "/v1/organization/invites", RawQuery: "limit=3&after=x%20y",
			Header: http.Header{"Authorization": {"Bearer [redacted]"}, "X-Custom": {"1"}}, Body: []byte{}, Authorized: true},
		{Method: "POST", Path: "/v1/organization/invites",
			Header: http.Header{"Authorization": {"Bearer [redacted]"}, "X-Custom": nil}, Body: []byte(body), Authorized: true},
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Fatalf("recorded (-want +got):\n%s", d)
	}
	reqs[1].Body[0] = 'X' // the log is not shared
	if srv.Requests()[1].Body[0] != '{' {
		t.Error("Requests shares memory with the log")
	}
	srv.ResetRequests()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after ResetRequests", n)
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
