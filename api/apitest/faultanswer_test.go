package apitest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// inject injects the fault in its text form, failing the test if it is not
// valid.
func inject(t testing.TB, srv *apitest.Server, text string) {
	t.Helper()
	f, err := apitest.ParseFault(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.InjectFault(f); err != nil {
		t.Fatal(err)
	}
}

// rawClient returns an HTTP client of its own, which retries nothing.
func rawClient(t testing.TB) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// try sends a request with the admin key and reads the answer, returning
// the transport's or the body's error instead of failing the test.
func try(t testing.TB, srv *apitest.Server, method, path, body string) (answer, error) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.BaseURL()+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := rawClient(t).Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, err
}

func TestFaultStatusAnswersWithoutServing(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "POST /organization/invites 503 x2 retry-after=2 retry-after-ms=10 header=X-Should-Retry:true")
	for i := range 2 {
		a := send(t, srv, http.MethodPost, "/organization/invites", adaBody)
		e := wantError(t, a, http.StatusServiceUnavailable, "", "")
		if e.Type != "server_error" || !strings.Contains(e.Message, "Simulated 503 Service Unavailable") {
			t.Errorf("attempt %d: error %+v", i+1, e)
		}
		for k, v := range map[string]string{"Retry-After": "2", "Retry-After-Ms": "10", "X-Should-Retry": "true"} {
			if got := a.header.Get(k); got != v {
				t.Errorf("attempt %d: %s = %q, want %q", i+1, k, got, v)
			}
		}
		if n := len(srv.Invites()); n != 0 {
			t.Fatalf("a faulted request created %d invites", n)
		}
	}
	if a := send(t, srv, http.MethodPost, "/organization/invites", adaBody); a.status != http.StatusOK || a.header.Get("Retry-After") != "" {
		t.Fatalf("third attempt: %d %v %s", a.status, a.header, a.body)
	}
	if len(srv.Faults()) != 0 || len(srv.Invites()) != 1 {
		t.Fatalf("faults %v, invites %d", srv.Faults(), len(srv.Invites()))
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[0].Fault != "POST /organization/invites 503 x1 retry-after=2 retry-after-ms=10 header=X-Should-Retry:true" || reqs[2].Fault != "" {
		t.Fatalf("recorded faults %q, %q, %q", reqs[0].Fault, reqs[1].Fault, reqs[2].Fault)
	}
}

func TestFaultStatusBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status     int
		typ, code  string
		methodPath string
	}{
		{429, "rate_limit_exceeded", "rate_limit_exceeded", "GET /organization/invites"},
		{500, "server_error", "", "GET /organization/invites/{invite_id}"},
		{408, "invalid_request_error", "injected_fault", "DELETE /organization/invites/{invite_id}"},
		{422, "invalid_request_error", "injected_fault", "POST /organization/invites"},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			t.Parallel()
			srv := setup(t) // WithTB: the fault's answer must pass response validation too
			inject(t, srv, tt.methodPath+" "+strconv.Itoa(tt.status))
			method, path, _ := strings.Cut(strings.ReplaceAll(tt.methodPath, "{invite_id}", "invite-x"), " ")
			a := send(t, srv, method, path, map[bool]string{true: adaBody}[method == http.MethodPost])
			if a.status != tt.status {
				t.Fatalf("status %d %s", a.status, a.body)
			}
			e := a.errorBody(t)
			if e.Type != tt.typ || deref(e.Code) != tt.code || e.Param != nil {
				t.Fatalf("error %s", a.body)
			}
		})
	}
}

func TestFaultsApplyInOrderAndCountDown(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "GET /organization/invites 500 x1")
	inject(t, srv, "GET /organization/invites 502 x2")
	inject(t, srv, "POST /organization/invites 503 x1")
	inject(t, srv, "GET /organization/invites/{invite_id} 504")
	steps := []struct {
		method, path string
		want         int
		faultsLeft   string
	}{
		{http.MethodGet, "/organization/invites", 500, "GET /organization/invites 502 x2|POST /organization/invites 503 x1|GET /organization/invites/{invite_id} 504"},
		{http.MethodGet, "/organization/invites", 502, "GET /organization/invites 502 x1|POST /organization/invites 503 x1|GET /organization/invites/{invite_id} 504"},
		{http.MethodPost, "/organization/invites", 503, "GET /organization/invites 502 x1|GET /organization/invites/{invite_id} 504"},
		{http.MethodGet, "/organization/invites", 502, "GET /organization/invites/{invite_id} 504"},
		{http.MethodGet, "/organization/invites", 200, "GET /organization/invites/{invite_id} 504"},
		{http.MethodGet, "/organization/invites/a", 504, "GET /organization/invites/{invite_id} 504"},
		{http.MethodGet, "/organization/invites/b", 504, "GET /organization/invites/{invite_id} 504"},
	}
	for i, s := range steps {
		body := ""
		if s.method == http.MethodPost {
			body = adaBody
		}
		if a := send(t, srv, s.method, s.path, body); a.status != s.want {
			t.Fatalf("step %d: %s %s = %d, want %d", i, s.method, s.path, a.status, s.want)
		}
		var left []string
		for _, f := range srv.Faults() {
			left = append(left, f.String())
		}
		if got := strings.Join(left, "|"); got != s.faultsLeft {
			t.Fatalf("step %d: faults left %q, want %q", i, got, s.faultsLeft)
		}
	}
	srv.ClearFaults()
	if a := send(t, srv, http.MethodGet, "/organization/invites/b", ""); a.status != http.StatusNotFound {
		t.Fatalf("after ClearFaults: %d", a.status)
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "GET * latency=300ms x1")
	start := time.Now()
	if a := send(t, srv, http.MethodGet, "/organization/invites", ""); a.status != http.StatusOK {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if d := time.Since(start); d < 300*time.Millisecond || d > 20*time.Second {
		t.Fatalf("answered after %s, want about 300ms", d)
	}
}

func TestFaultLatencyEndsWhenTheClientGivesUp(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "POST * latency=1h x1")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.BaseURL()+"/organization/invites", strings.NewReader(adaBody))
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := rawClient(t).Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the client's deadline", err)
	}
	// The next request is served, and the abandoned one never was.
	if a := send(t, srv, http.MethodPost, "/organization/invites", adaBody); a.status != http.StatusOK {
		t.Fatalf("%d %s", a.status, a.body)
	}
	start := time.Now()
	srv.Close() // waits for every handler, the abandoned one included
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("Close took %s", d)
	}
	if n := len(srv.Invites()); n != 1 {
		t.Fatalf("%d invites, want 1: the abandoned request must not be served", n)
	}
}

func TestCloseEndsLatency(t *testing.T) {
	t.Parallel()
	srv := apitest.NewServer()
	inject(t, srv, "* * latency=1h")
	errc := make(chan error, 1)
	go func() {
		_, err := try(t, srv, http.MethodGet, "/organization/invites", "")
		errc <- err
	}()
	for len(srv.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("Close took %s", d)
	}
	if err := <-errc; err == nil {
		t.Fatal("the waiting request got an answer")
	}
}

func TestFaultDropBeforeHeaders(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inject(t, srv, "POST /organization/invites drop=before-headers x1")
	if _, err := try(t, srv, http.MethodPost, "/organization/invites", adaBody); err == nil || !errors.Is(err, io.EOF) {
		t.Fatalf("err = %v, want EOF before any answer", err)
	}
	if n := len(srv.Invites()); n != 1 {
		t.Fatalf("%d invites, want 1: the request is served before the drop", n)
	}
}

func TestFaultDropAfterHeaders(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	srv.AddSampleInvites(30)
	inject(t, srv, "GET /organization/invites drop=after-headers x1")
	a, err := try(t, srv, http.MethodGet, "/organization/invites", "")
	if a.status != http.StatusOK || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("status %d, err %v; want 200 and an unexpected EOF in the body", a.status, err)
	}
	full, _ := strconv.Atoi(a.header.Get("Content-Length"))
	if len(a.body) != full/2 || a.header.Get("x-request-id") == "" {
		t.Fatalf("read %d of %d bytes, headers %v", len(a.body), full, a.header)
	}
}

func TestFaultBodies(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	inv := srv.AddInvite(api.Invite{Email: "b@example.com", Role: api.RoleReader})
	path := "/organization/invites/" + inv.ID
	whole := send(t, srv, http.MethodGet, path, "")

	inject(t, srv, "GET /organization/invites/{invite_id} body=truncated x1")
	a, err := try(t, srv, http.MethodGet, path, "")
	if err != nil || a.status != http.StatusOK || len(a.body) != len(whole.body)/2 || !strings.HasPrefix(string(whole.body), string(a.body)) || json.Valid(a.body) {
		t.Fatalf("truncated: %v %d %s", err, a.status, a.body)
	}

	inject(t, srv, "GET * body=not-json x1")
	a, err = try(t, srv, http.MethodGet, path, "")
	if err != nil || a.status != http.StatusOK || !strings.HasPrefix(string(a.body), "<html>") || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
		t.Fatalf("not JSON: %v %d %v %s", err, a.status, a.header, a.body)
	}

	inject(t, srv, "GET * 502 body=not-json x1")
	a, err = try(t, srv, http.MethodGet, path, "")
	if err != nil || a.status != http.StatusBadGateway || !strings.HasPrefix(string(a.body), "<html>") {
		t.Fatalf("502 not JSON: %v %d %s", err, a.status, a.body)
	}
}

func TestWithFaults(t *testing.T) {
	t.Parallel()
	srv := setup(t, apitest.WithFaults(apitest.Fault{Method: "GET", Status: 503, Times: 1}))
	if a := send(t, srv, http.MethodGet, "/organization/invites", ""); a.status != http.StatusServiceUnavailable {
		t.Fatalf("%d", a.status)
	}
	if _, err := apitest.NewHandler(apitest.WithFaults(apitest.Fault{Status: 200})); err == nil {
		t.Fatal("NewHandler accepted an invalid fault")
	}
	if err := srv.InjectFault(apitest.Fault{}); err == nil || len(srv.Faults()) != 0 {
		t.Fatalf("InjectFault accepted a fault that does nothing: %v", err)
	}
}
