package main

import (
	"bufio"
	"bytes"
	"context"
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
	stderr  *lockedBuffer
	stop    func() int // stops the server as Ctrl-C would and returns its exit code
}

// startMockServer runs "invites mock-server" with args and the test clock,
// and waits for it to print its base URL.
func startMockServer(t *testing.T, args ...string) *mockServer {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	stdout, stdoutW := io.Pipe()
	m := &mockServer{stderr: &lockedBuffer{}}
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
		code <- run(ctx, append([]string{"mock-server"}, args...), e)
		stdoutW.Close()
	}()
	lines := bufio.NewScanner(stdout)
	for m.baseURL == "" && lines.Scan() {
		if v, ok := strings.CutPrefix(lines.Text(), "base URL: "); ok {
			m.baseURL = v
		}
	}
	go func() {
		for lines.Scan() { // drain the rest of stdout
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
