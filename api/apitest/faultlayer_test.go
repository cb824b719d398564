package apitest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
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
	req := newRequest(t, srv, method, path, body)
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
	const fault = "POST /organization/invites 503 x2 retry-after=2 retry-after-ms=10 header=X-Should-Retry:true"
	inject(t, srv, fault)
	type attempt struct {
		Status                                int
		Type, Message                         string
		RetryAfter, RetryAfterMs, ShouldRetry string
		Invites                               int
	}
	var got []attempt
	for range 3 {
		a := send(t, srv, http.MethodPost, "/organization/invites", adaBody)
		var e struct {
			Error struct{ Type, Message string }
		}
		a.decode(t, &e)
		got = append(got, attempt{a.status, e.Error.Type, e.Error.Message,
			a.header.Get("Retry-After"), a.header.Get("Retry-After-Ms"), a.header.Get("X-Should-Retry"), len(srv.Invites())})
	}
	faulted := attempt{503, "server_error", "Simulated 503 Service Unavailable (an injected fault).", "2", "10", "true", 0}
	want := []attempt{faulted, faulted, {Status: 200, Invites: 1}}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("attempts (-want +got):\n%s", d)
	}
	var faults []string
	for _, r := range srv.Requests() {
		faults = append(faults, r.Fault)
	}
	once := strings.Replace(fault, "x2", "x1", 1)
	if d := difftest.Diff([]string{once, once, ""}, faults); d != "" {
		t.Errorf("recorded faults (-want +got):\n%s", d)
	}
	if d := difftest.Diff([]apitest.Fault{}, srv.Faults()); d != "" {
		t.Errorf("faults left (-want +got):\n%s", d)
	}
}

func TestFaultStatusBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status     int
		methodPath string
		want       string
	}{
		{429, "GET /organization/invites",
			`{"error":{"code":"rate_limit_exceeded","message":"Simulated 429 Too Many Requests (an injected fault).","param":null,"type":"rate_limit_exceeded"}}`},
		{500, "GET /organization/invites/{invite_id}",
			`{"error":{"code":null,"message":"Simulated 500 Internal Server Error (an injected fault).","param":null,"type":"server_error"}}`},
		{408, "DELETE /organization/invites/{invite_id}",
			`{"error":{"code":"injected_fault","message":"Simulated 408 Request Timeout (an injected fault).","param":null,"type":"invalid_request_error"}}`},
		{422, "POST /organization/invites",
			`{"error":{"code":"injected_fault","message":"Simulated 422 Unprocessable Entity (an injected fault).","param":null,"type":"invalid_request_error"}}`},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			t.Parallel()
			srv := setup(t) // WithTB: the fault's answer must pass response validation too
			inject(t, srv, tt.methodPath+" "+strconv.Itoa(tt.status))
			method, path, _ := strings.Cut(strings.ReplaceAll(tt.methodPath, "{invite_id}", "invite-x"), " ")
			a := send(t, srv, method, path, map[bool]string{true: adaBody}[method == http.MethodPost])
			if d := difftest.Diff(reply{Status: tt.status, Body: tt.want}, replyOf(a)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
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
	type step struct {
		Status     int
		FaultsLeft string
	}
	var got, want []step
	for _, s := range steps {
		body := ""
		if s.method == http.MethodPost {
			body = adaBody
		}
		a := send(t, srv, s.method, s.path, body)
		var left []string
		for _, f := range srv.Faults() {
			left = append(left, f.String())
		}
		got = append(got, step{a.status, strings.Join(left, "|")})
		want = append(want, step{s.want, s.faultsLeft})
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Fatalf("steps (-want +got):\n%s", d)
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

	type spoilt struct {
		Status      int
		ContentType string
		Body        string
	}
	var got []spoilt
	for _, fault := range []string{"body=truncated", "body=not-json", "502 body=not-json"} {
		inject(t, srv, "GET /organization/invites/{invite_id} x1 "+fault)
		a, err := try(t, srv, http.MethodGet, path, "")
		if err != nil {
			t.Fatalf("%s: %v", fault, err)
		}
		got = append(got, spoilt{a.status, a.header.Get("Content-Type"), string(a.body)})
	}
	const page = "<html>\r\n<head><title>Service Unavailable</title></head>\r\n" +
		"<body><h1>Service Unavailable</h1><p>An injected fault replaced the answer with this page.</p></body>\r\n</html>\r\n"
	want := []spoilt{
		{http.StatusOK, "application/json", string(whole.body[:len(whole.body)/2])},
		{http.StatusOK, "text/html; charset=utf-8", page},
		{http.StatusBadGateway, "text/html; charset=utf-8", page},
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("spoilt bodies (-want +got):\n%s", d)
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
