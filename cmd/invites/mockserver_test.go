package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// mockServer is a mock-server command running in-process.
type mockServer struct {
	baseURL string
	stdout  *lockedBuffer // the lines after the base URL, complete once stop returns
	stderr  *lockedBuffer
	stop    func() int // stops the server as Ctrl-C would and returns its exit code
}

// startMockServer runs "invites mock-server" with args and the test clock,
// and waits for it to print its base URL.
func startMockServer(t *testing.T, args ...string) *mockServer {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	stdout, stdoutW := io.Pipe()
	m := &mockServer{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}}
	e := &env{
		stdin:     strings.NewReader(""),
		stdout:    stdoutW,
		stderr:    m.stderr,
		lookupEnv: func(string) (string, bool) { return "", false },
		now:       func() time.Time { return testNow },
		commands:  allCommands,
	}
	code := make(chan int, 1)
	go func() {
		code <- runCommandLine(ctx, append([]string{"mock-server"}, args...), e)
		stdoutW.Close()
	}()
	lines := bufio.NewScanner(stdout)
	for m.baseURL == "" && lines.Scan() {
		if v, ok := strings.CutPrefix(lines.Text(), "base URL: "); ok {
			m.baseURL = v
		}
	}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for lines.Scan() { // keep the rest of stdout
			fmt.Fprintln(m.stdout, lines.Text())
		}
	}()
	if m.baseURL == "" {
		cancel()
		t.Fatalf("mock-server printed no base URL (exit %d): %s", <-code, m.stderr)
	}
	var once sync.Once
	var exit int
	m.stop = func() int {
		once.Do(func() {
			cancel()
			exit = <-code
			<-drained
		})
		return exit
	}
	t.Cleanup(func() { m.stop() })
	return m
}

// stamp is the timestamp of every log line under the test clock.
var stamp = testNow.Format("2006-01-02T15:04:05.000Z07:00") + " "

// request sends a GET with the given Authorization header (none if empty)
// and returns the status.
func request(t *testing.T, url, auth string, header ...string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestMockServerLogsWithTimestampsAndAuthenticatesFirst(t *testing.T) {
	t.Parallel()
	m := startMockServer(t, "--addr", "127.0.0.1:0", "--samples", "2", "--fault", "GET /organization/invites 503 x1")
	got := []int{
		request(t, m.baseURL+"/organization/users", ""),                           // no key, unknown path
		request(t, m.baseURL+"/organization/invites", "Bearer wrong"),             // no fault used up
		request(t, m.baseURL+"/organization/invites", "Bearer "+apitest.AdminKey), // the fault
		request(t, m.baseURL+"/organization/invites", "Bearer "+apitest.AdminKey),
		request(t, m.baseURL+"/organization/invites", "Bearer "+apitest.AdminKey, "X-Big", strings.Repeat("b", apitest.MaxHeaderBytes+4096)),
	}
	if d := difftest.Diff([]int{401, 401, 503, 200, 431}, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if code := m.stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
	want := []string{
		stamp + "GET /v1/organization/users -> 401 (req_1)",
		stamp + "GET /v1/organization/invites -> 401 (req_2)",
		stamp + "GET /v1/organization/invites -> 503 (req_3) fault: GET /organization/invites 503 x1",
		stamp + "GET /v1/organization/invites -> 200 (req_4)",
		stamp + "mock server stopped",
	}
	if d := difftest.Diff(want, strings.Split(strings.TrimSuffix(m.stderr.String(), "\n"), "\n")); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

func TestMockServerWarnsOffLoopback(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:0", false},
		{"0.0.0.0:0", true},
	} {
		m := startMockServer(t, "--addr", tt.addr, "--quiet")
		m.stop()
		var want []string
		if tt.warn {
			port := strings.TrimSuffix(m.baseURL[strings.LastIndex(m.baseURL, ":")+1:], "/v1")
			want = append(want, stamp+"warning: listening on 0.0.0.0:"+port+", which is reachable from the network: anyone who can connect can use the well-known test admin key "+
				apitest.AdminKey+"; use --addr 127.0.0.1:PORT to keep the mock server on this machine")
		}
		want = append(want, stamp+"mock server stopped")
		if d := difftest.Diff(want, strings.Split(strings.TrimSuffix(m.stderr.String(), "\n"), "\n")); d != "" {
			t.Errorf("--addr %s: stderr (-want +got):\n%s", tt.addr, d)
		}
	}
}

func TestMockServerHTTPLimits(t *testing.T) {
	t.Parallel()
	type limits struct {
		ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
		MaxHeaderBytes                                            int
	}
	for _, tt := range []struct {
		faults []apitest.Fault
		want   limits
	}{
		{nil, limits{10 * time.Second, 30 * time.Second, 30 * time.Second, 2 * time.Minute, 64 << 10}},
		{[]apitest.Fault{{Latency: 5 * time.Second}, {Status: 503}, {Latency: 2 * time.Minute}},
			limits{10 * time.Second, 150 * time.Second, 150 * time.Second, 2 * time.Minute, 64 << 10}},
	} {
		srv := newMockHTTPServer(http.NotFoundHandler(), tt.faults)
		got := limits{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes}
		if d := difftest.Diff(tt.want, got); d != "" {
			t.Errorf("faults %v: limits (-want +got):\n%s", tt.faults, d)
		}
	}
}

// mockCall sends a request with the admin key to the mock server and returns
// the answer's status, header and body.
func mockCall(t *testing.T, method, url, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func TestMockServerRateLimits(t *testing.T) {
	t.Parallel()
	m := startMockServer(t, "--addr", "127.0.0.1:0", "--samples", "0",
		"--rate-limit", "post /v1/organization/invites = 2/min, hints=retry-after",
		"--rate-limit", "1/h,bucket,hints=headers",
		"--fault", "POST /organization/invites 503 x1")
	type answer struct {
		Status                              int
		RetryAfter, Limit, Remaining, Reset string
	}
	var got []answer
	call := func(method, path, body string) {
		status, header, b := mockCall(t, method, m.baseURL+path, body)
		got = append(got, answer{status, header.Get("Retry-After"), header.Get("X-Ratelimit-Limit-Requests"),
			header.Get("X-Ratelimit-Remaining-Requests"), header.Get("X-Ratelimit-Reset-Requests")})
		if status == http.StatusTooManyRequests && !strings.Contains(b, `"code":"rate_limit_exceeded"`) {
			t.Errorf("%s %s: 429 body %s, want OpenAI's rate_limit_exceeded", method, path, b)
		}
	}
	for i := range 3 {
		call(http.MethodPost, "/organization/invites", fmt.Sprintf(`{"email":"u%d@example.com","role":"reader"}`, i))
	}
	call(http.MethodGet, "/organization/invites", "")
	call(http.MethodGet, "/organization/invites", "")
	want := []answer{
		{503, "", "", "", ""}, // counted, then answered by the fault
		{200, "", "", "", ""},
		{429, "60", "", "", ""}, // the clock of these tests stands still: the whole minute to go
		{200, "", "1", "0", "1h0m0s"},
		{429, "", "1", "0", "1h0m0s"},
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
	if code := m.stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
	wantOut := []string{
		"admin key: " + apitest.AdminKey,
		"export OPENAI_BASE_URL=" + m.baseURL + " OPENAI_ADMIN_KEY=" + apitest.AdminKey,
		"fault: POST /organization/invites 503 x1",
		"rate limit: 1/1h,bucket,hints=headers",
		"rate limit: POST /organization/invites=2/1m,hints=retry-after",
		"Press Ctrl-C to stop.",
	}
	if d := difftest.Diff(wantOut, strings.Split(strings.TrimSuffix(m.stdout.String(), "\n"), "\n")); d != "" {
		t.Errorf("stdout after the base URL (-want +got):\n%s", d)
	}
	wantLog := []string{
		stamp + "POST /v1/organization/invites -> 503 (req_1) fault: POST /organization/invites 503 x1",
		stamp + "POST /v1/organization/invites -> 200 (req_2)",
		stamp + "POST /v1/organization/invites -> 429 (req_3) rate limit: POST /organization/invites=2/1m,hints=retry-after",
		stamp + "GET /v1/organization/invites -> 200 (req_4)",
		stamp + "GET /v1/organization/invites -> 429 (req_5) rate limit: 1/1h,bucket,hints=headers",
		stamp + "mock server stopped",
	}
	if d := difftest.Diff(wantLog, strings.Split(strings.TrimSuffix(m.stderr.String(), "\n"), "\n")); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

func TestMockServerRefusesBadRateLimits(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--rate-limit", "7/fortnight"},
			`invites: --rate-limit "7/fortnight": rate limit: period "fortnight" must be s, min, h or a duration such as 1m, 90s or 700ms (see 'invites mock-server --help')`},
		{[]string{"--rate-limit", "PUT /organization/invites=7/min"},
			`invites: --rate-limit "PUT /organization/invites=7/min": rate limit: endpoint "PUT /organization/invites" is not METHOD PATH of an operation of the fake`},
		{[]string{"--rate-limit", "7/min,quick"}, `invites: --rate-limit "7/min,quick": rate limit: "quick" is not window, bucket or hints=none|retry-after|headers`},
		{[]string{"--rate-limit", ""}, `invites: --rate-limit "": rate limit: empty`},
		{[]string{"--rate-limit", "7/min", "--rate-limit", "*=1/s"},
			`invites: --rate-limit "7/min" and --rate-limit "*=1/s" both set the default for every endpoint: give one per endpoint and at most one default`},
		{[]string{"--rate-limit", "POST /organization/invites=7/min", "--rate-limit", "7/min", "--rate-limit", "post /v1/organization/invites=1/s,bucket"},
			`invites: --rate-limit "POST /organization/invites=7/min" and --rate-limit "post /v1/organization/invites=1/s,bucket" both set POST /organization/invites: give one per endpoint and at most one default`},
	} {
		got := runCLI(t, invocation{args: append([]string{"mock-server", "--addr", "127.0.0.1:0"}, tt.args...)})
		if got.code != exitUsage || !strings.HasPrefix(got.stderr, tt.want) || strings.Count(got.stderr, "\n") != 1 {
			t.Errorf("mock-server %q: exit %d, stderr %q, want exit %d and one line starting %q", tt.args, got.code, got.stderr, exitUsage, tt.want)
		}
	}
}
