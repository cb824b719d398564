package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// failFirst hands the first n requests to fail and answers every later one
// with invite-1.
func failFirst(n int, fail http.HandlerFunc) http.HandlerFunc {
	var mu sync.Mutex
	seen := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen++
		failing := seen <= n
		mu.Unlock()
		if failing {
			fail(w, r)
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	}
}

// failThen answers the first n requests with status (and headers), then 200.
func failThen(n int, status int, headers map[string]string) http.HandlerFunc {
	return failFirst(n, func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		writeJSON(w, status, errorBody("server_error", "", "", "try again"))
	})
}

func TestRetryPolicyByStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status   int
		headers  map[string]string
		retried  bool
		attempts int64
	}{
		{408, nil, true, 2}, {409, nil, true, 2}, {429, nil, true, 2},
		{500, nil, true, 2}, {502, nil, true, 2}, {503, nil, true, 2}, {504, nil, true, 2},
		{400, nil, false, 1}, {401, nil, false, 1}, {403, nil, false, 1}, {404, nil, false, 1}, {422, nil, false, 1},
		{503, map[string]string{"x-should-retry": "false"}, false, 1},
		{400, map[string]string{"x-should-retry": "true"}, true, 2},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status)+"/"+tt.headers["x-should-retry"], func(t *testing.T) {
			t.Parallel()
			c, s := setup(t, failThen(1, tt.status, tt.headers), api.WithoutPacing())
			_, err := c.GetInvite(context.Background(), "invite-1")
			if tt.retried && err != nil {
				t.Fatalf("want success after a retry, got %v", err)
			}
			var apiErr *api.Error
			if !tt.retried && !errors.As(err, &apiErr) {
				t.Fatalf("want the %d *Error without retry, got %v", tt.status, err)
			}
			if !tt.retried {
				difftest.Check(t, "status", apiErr.StatusCode, tt.status)
			}
			difftest.Check(t, "attempts", s.hits.Load(), tt.attempts)
		})
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	t.Parallel()
	for _, max := range []int{0, 1, 2, 4} {
		t.Run(strconv.Itoa(max), func(t *testing.T) {
			t.Parallel()
			c, s := setup(t, failThen(100, 503, nil), api.WithMaxRetries(max))
			_, err := c.GetInvite(context.Background(), "invite-1")
			if !errors.Is(err, api.ErrServer) {
				t.Fatalf("err = %v, want the 503", err)
			}
			if got := s.hits.Load(); got != int64(max+1) {
				t.Fatalf("server saw %d attempts, want %d", got, max+1)
			}
		})
	}
}

func TestRetryHonoursServerHints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers map[string]string
		minWait time.Duration
	}{
		{"retry-after-ms", map[string]string{"retry-after-ms": "150"}, 150 * time.Millisecond},
		{"Retry-After seconds", map[string]string{"Retry-After": "1"}, time.Second},
		// Were Retry-After read first, its hour would exceed WithMaxRetryDelay
		// and end the call.
		{"retry-after-ms before Retry-After", map[string]string{"retry-after-ms": "100", "Retry-After": "3600"}, 100 * time.Millisecond},
		{"fractional retry-after-ms", map[string]string{"retry-after-ms": "120.5"}, 120 * time.Millisecond},
		{"invalid retry-after-ms falls back to Retry-After", map[string]string{"retry-after-ms": "soon", "Retry-After": "1"}, time.Second},
		// The date is set when the answer is sent, three seconds ahead (less
		// the fraction of a second the format drops).
		{"Retry-After date", map[string]string{"Retry-After": "date+3s"}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var times []time.Time
			c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				times = append(times, time.Now())
				n := len(times)
				mu.Unlock()
				if n == 1 {
					for k, v := range tt.headers {
						if v == "date+3s" {
							v = time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
						}
						w.Header().Set(k, v)
					}
					writeJSON(w, 429, errorBody("rate_limit_exceeded", "", "", "slow down"))
					return
				}
				writeJSON(w, 200, inviteJSON("invite-1"))
			})
			if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
				t.Fatalf("GetInvite: %v", err)
			}
			if s.hits.Load() != 2 {
				t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
			}
			if waited := times[1].Sub(times[0]); waited < tt.minWait || waited > tt.minWait+10*time.Second {
				t.Fatalf("waited %s between attempts, want at least %s (and not much more)", waited, tt.minWait)
			}
		})
	}
}

func TestLongRetryAfterEndsTheCallAtOnce(t *testing.T) {
	t.Parallel()
	const longest = time.Duration(math.MaxInt64)
	tests := []struct {
		name    string
		headers map[string]string
		want    time.Duration
	}{
		{"Retry-After 198300", map[string]string{"Retry-After": "198300"}, 198300 * time.Second},
		{"retry-after-ms 61000", map[string]string{"retry-after-ms": "61000"}, 61 * time.Second},
		{"Retry-After date in a day", map[string]string{"Retry-After": time.Now().Add(24 * time.Hour).UTC().Format(http.TimeFormat)}, 24*time.Hour - time.Minute},
		// Too large for a time.Duration: saturates instead of overflowing
		// into a negative wait that would be ignored.
		{"Retry-After 1e20", map[string]string{"Retry-After": "1e20"}, longest},
		{"retry-after-ms 1e300", map[string]string{"retry-after-ms": "1e300"}, longest},
		{"Retry-After +Inf", map[string]string{"Retry-After": "+Inf"}, longest},
		// Too large for a float64: ParseFloat says out of range.
		{"Retry-After 1e400", map[string]string{"Retry-After": "1e400"}, longest},
		{"retry-after-ms 1e400", map[string]string{"retry-after-ms": "1e400"}, longest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, s := setup(t, failThen(100, 429, tt.headers), api.WithoutPacing())
			// Were the hint honoured, the deadline rule would end the call
			// instead, with an error that matches context.DeadlineExceeded.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			start := time.Now()
			_, err := c.GetInvite(ctx, "invite-1")
			var apiErr *api.Error
			if !errors.As(err, &apiErr) || !errors.Is(err, api.ErrRateLimited) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the 429 *Error, as is", err)
			}
			if apiErr.RetryAfter < tt.want || apiErr.RetryAfter > tt.want+2*time.Minute && tt.want != longest {
				t.Fatalf("RetryAfter = %s, want the hinted %s", apiErr.RetryAfter, tt.want)
			}
			if s.hits.Load() != 1 || time.Since(start) > 5*time.Second {
				t.Fatalf("%d attempts in %s, want one attempt and no sleep", s.hits.Load(), time.Since(start))
			}
		})
	}
}

func TestRetryAfterWithinTheCapIsHonoured(t *testing.T) {
	t.Parallel()

	// A hint within WithMaxRetryDelay is honoured, even one that is longer
	// than the backoff's cap.
	c, s := setup(t, failThen(1, 429, map[string]string{"retry-after-ms": "20"}), api.WithMaxRetryDelay(50*time.Millisecond), api.WithoutPacing())
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("err = %v, want success on the second attempt", err)
	}
	difftest.Check(t, "attempts", s.hits.Load(), int64(2))
}

func TestRetryNeverSleepsPastTheDeadline(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failThen(100, 503, map[string]string{"Retry-After": "30"}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetInvite(ctx, "invite-1")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("call took %s, want an immediate return", elapsed)
	}
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want the last 503 *Error", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("errors.Is(err, context.DeadlineExceeded) = false for %v", err)
	}
	if s.hits.Load() != 1 {
		t.Fatalf("server saw %d attempts, want 1", s.hits.Load())
	}
}

func TestRetryWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, failThen(100, 503, map[string]string{"Retry-After": "5"}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetInvite(ctx, "invite-1")
	if !errors.Is(err, context.Canceled) || !errors.Is(err, api.ErrServer) {
		t.Fatalf("err = %v, want the 503 wrapped with context.Canceled", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("the wait did not end with the context")
	}
}

func TestCreateKeepsItsIdempotencyKeyAcrossRetries(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var keys, bodies []string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		bodies = append(bodies, string(body))
		n := len(keys)
		mu.Unlock()
		if n%3 != 0 {
			writeJSON(w, 503, errorBody("server_error", "", "", "busy"))
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	})
	ctx := context.Background()
	req := api.InviteRequest{Email: "ada@example.com", Role: "owner", Projects: []api.Project{}}
	for range 2 {
		if _, err := c.CreateInvite(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if len(keys) != 6 || keys[0] == "" || keys[3] == "" || keys[0] == keys[3] {
		t.Fatalf("keys = %q, want 6 attempts of two calls with keys of their own", keys)
	}
	difftest.Check(t, "keys (one per call, kept across its retries)", keys, []string{keys[0], keys[0], keys[0], keys[3], keys[3], keys[3]})
	for i, b := range bodies {
		if b != `{"email":"ada@example.com","projects":[],"role":"owner"}` {
			t.Fatalf("attempt %d sent body %q", i, b)
		}
	}

	keys = nil
	if _, err := c.CreateInvite(ctx, req, api.WithIdempotencyKey("my-key-1")); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k != "my-key-1" {
			t.Fatalf("keys = %q, want the caller's key on every attempt", keys)
		}
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failFirst(1, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("GetInvite after a dropped connection: %v", err)
	}
	if s.hits.Load() != 2 {
		t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
	}
}

func TestConnectionRefusedIsATransportError(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failThen(0, 0, nil), api.WithMaxRetries(1))
	s.Close()
	_, err := c.GetInvite(context.Background(), "invite-1")
	var tErr *api.TransportError
	if !errors.As(err, &tErr) {
		t.Fatalf("err = %v (%T), want a *TransportError", err, err)
	}
	if tErr.Op != "GET /organization/invites/invite-1" {
		t.Fatalf("Op = %q", tErr.Op)
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failFirst(1, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}), api.WithRequestTimeout(time.Second))
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("GetInvite after a slow attempt: %v", err)
	}
	if s.hits.Load() != 2 {
		t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
	}
}

func TestDroppedBodyOfASuccessIsRetried(t *testing.T) {
	t.Parallel()
	// dropFirst answers 200 with a promised body of 1000 bytes, sends 10 of
	// them and drops the connection, n times; then it answers properly.
	dropFirst := func(n int64) http.HandlerFunc {
		var mu sync.Mutex
		var seen int64
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen++
			drop := seen <= n
			mu.Unlock()
			if !drop {
				writeJSON(w, 200, inviteJSON("invite-1"))
				return
			}
			w.Header().Set("Content-Length", "1000")
			w.Header().Set("x-request-id", "req_cut")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"object":"`))
			_ = http.NewResponseController(w).Flush()
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
		}
	}
	c, s := setup(t, dropFirst(1))
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("GetInvite after a body cut short: %v", err)
	}
	if s.hits.Load() != 2 {
		t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
	}

	// Out of retries, the answer's status and request id are kept.
	c, s = setup(t, dropFirst(100), api.WithMaxRetries(1))
	_, err := c.GetInvite(context.Background(), "invite-1")
	var decErr *api.DecodeError
	if !errors.As(err, &decErr) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v (%T), want a *DecodeError wrapping io.ErrUnexpectedEOF", err, err)
	}
	difftest.Check(t, "DecodeError", []any{decErr.StatusCode, decErr.RequestID}, []any{200, "req_cut"})
	if s.hits.Load() != 2 {
		t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestContextEndingDuringAnAttemptStopsRetries(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The transport hands back the 503, then the caller gives up, before the
	// client decides about a retry.
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		cancel()
		return resp, err
	})}
	c, s := setup(t, failThen(100, 503, nil), api.WithHTTPClient(hc))
	_, err := c.GetInvite(ctx, "invite-1")
	if !errors.Is(err, api.ErrServer) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the 503 wrapped with context.Canceled", err)
	}
	if s.hits.Load() != 1 {
		t.Fatalf("server saw %d attempts, want 1", s.hits.Load())
	}
}

func TestCallerIdempotencyKeyIsChecked(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failThen(0, 0, nil))
	req := api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader}
	for _, key := range []string{"key\r\nX-Evil: 1", "with space", "ключ", strings.Repeat("k", api.MaxIdempotencyKeyLength+1)} {
		_, err := c.CreateInvite(context.Background(), req, api.WithIdempotencyKey(key))
		var ve *api.ValidationError
		if !errors.As(err, &ve) || ve.Field != "Idempotency-Key" {
			t.Errorf("key %q: err = %v, want a *ValidationError for Idempotency-Key", key, err)
		}
	}
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("server saw %d requests, want none", n)
	}
	if _, err := c.CreateInvite(context.Background(), req, api.WithIdempotencyKey(strings.Repeat("k", api.MaxIdempotencyKeyLength))); err != nil {
		t.Fatalf("a key of the maximum length: %v", err)
	}
}

func TestSequentialCallsReuseOneConnection(t *testing.T) {
	t.Parallel()
	var conns atomic.Int64
	var mu sync.Mutex
	n := 0
	// Error bodies are read up to 64 KiB and the rest drained up to another
	// 64 KiB: a 100 KiB page needs both to free its connection.
	padding := strings.Repeat(" ", 100<<10)
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		switch i % 4 {
		case 1: // an error that is not retried, with a long body
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"not_found","param":null,"message":"no"}}` + padding))
		case 2: // an error that is retried, from a proxy
			w.WriteHeader(503)
			_, _ = w.Write([]byte("<html>busy</html>" + padding))
		default: // success, with trailing white space after the JSON value
			w.WriteHeader(200)
			b, _ := json.Marshal(inviteJSON("invite-1"))
			_, _ = w.Write(append(b, padding...))
		}
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	c, err := api.NewClient(api.WithAdminKey(testKey), api.WithBaseURL(s.URL+"/v1"),
		api.WithHTTPClient(&http.Client{Transport: tr}), api.WithRetryBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		_, err := c.GetInvite(context.Background(), "invite-1")
		if err != nil && !errors.Is(err, api.ErrNotFound) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// A connection closed before its body ends is never reused: without the
	// reading and draining of every body, each of the 66 error answers would
	// cost one. net/http also declines to reuse a connection whose request it
	// has not seen written within 50ms of the answer's end, which a loaded
	// machine can make happen now and then: a few more than one are allowed.
	const maxConns = 5
	if got := conns.Load(); got > maxConns {
		t.Fatalf("100 sequential calls opened %d connections, want at most %d", got, maxConns)
	}
}

func TestRefusedAndResetConnectionsAreRetried(t *testing.T) {
	t.Parallel()
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		_, s := setup(t, failThen(0, 0, nil))
		s.Close()
		var dials atomic.Int64
		tr := http.DefaultTransport.(*http.Transport).Clone()
		dial := tr.DialContext
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dial(ctx, network, addr)
		}
		c, err := api.NewClient(api.WithAdminKey(testKey), api.WithBaseURL(s.URL+"/v1"),
			api.WithHTTPClient(&http.Client{Transport: tr}), api.WithRetryBackoff(time.Millisecond, time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetInvite(context.Background(), "invite-1")
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("err = %v, want connection refused", err)
		}
		if n := dials.Load(); n != 3 {
			t.Fatalf("dialled %d times, want 3 (two retries)", n)
		}
	})
	t.Run("reset", func(t *testing.T) {
		t.Parallel()
		c, s := setup(t, failFirst(1, func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			_ = conn.(*net.TCPConn).SetLinger(0) // close with a reset, not a FIN
			_ = conn.Close()
		}), api.WithMaxRetries(1))
		if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
			t.Fatalf("GetInvite after a reset: %v", err)
		}
		if s.hits.Load() != 2 {
			t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
		}
	})
}
