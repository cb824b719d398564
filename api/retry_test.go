package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// failThen answers the first n requests with status (and headers), then 200.
func failThen(n int, status int, headers map[string]string) http.HandlerFunc {
	var mu sync.Mutex
	seen := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen++
		fail := seen <= n
		mu.Unlock()
		if fail {
			for k, v := range headers {
				w.Header().Set(k, v)
			}
			writeJSON(w, status, errorBody("server_error", "", "", "try again"))
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	}
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
			c, s := setup(t, failThen(1, tt.status, tt.headers))
			_, err := c.GetInvite(context.Background(), "invite-1")
			if tt.retried && err != nil {
				t.Fatalf("want success after a retry, got %v", err)
			}
			var apiErr *api.Error
			if !tt.retried && (!errors.As(err, &apiErr) || apiErr.StatusCode != tt.status) {
				t.Fatalf("want the %d *Error without retry, got %v", tt.status, err)
			}
			if got := s.hits.Load(); got != tt.attempts {
				t.Fatalf("server saw %d attempts, want %d", got, tt.attempts)
			}
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
		{"retry-after-ms before Retry-After", map[string]string{"retry-after-ms": "100", "Retry-After": "30"}, 100 * time.Millisecond},
		{"Retry-After date", map[string]string{"Retry-After": time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)}, 500 * time.Millisecond},
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
			if waited := times[1].Sub(times[0]); waited < tt.minWait {
				t.Fatalf("waited %s between attempts, want at least %s", waited, tt.minWait)
			}
		})
	}
}

func TestLongRetryAfterEndsTheCallAtOnce(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failThen(100, 429, map[string]string{"Retry-After": "198300"}))
	start := time.Now()
	_, err := c.GetInvite(context.Background(), "invite-1")
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || !errors.Is(err, api.ErrRateLimited) {
		t.Fatalf("err = %v, want the 429 *Error", err)
	}
	if apiErr.RetryAfter != 198300*time.Second {
		t.Fatalf("RetryAfter = %s, want the hinted 198300s", apiErr.RetryAfter)
	}
	if s.hits.Load() != 1 || time.Since(start) > 5*time.Second {
		t.Fatalf("%d attempts in %s, want one attempt and no sleep", s.hits.Load(), time.Since(start))
	}

	// A hint within WithMaxRetryDelay is honoured.
	c, s = setup(t, failThen(1, 429, map[string]string{"retry-after-ms": "20"}), api.WithMaxRetryDelay(50*time.Millisecond))
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil || s.hits.Load() != 2 {
		t.Fatalf("err = %v after %d attempts, want success on the second", err, s.hits.Load())
	}
}

func TestRetryNeverSleepsPastTheDeadline(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failThen(100, 503, map[string]string{"Retry-After": "10"}))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetInvite(ctx, "invite-1")
	if elapsed := time.Since(start); elapsed > 400*time.Millisecond {
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
	if len(keys) != 6 {
		t.Fatalf("server saw %d attempts, want 6", len(keys))
	}
	if keys[0] == "" || keys[0] != keys[1] || keys[1] != keys[2] || keys[3] != keys[4] || keys[4] != keys[5] {
		t.Fatalf("keys = %q, want one key per call, kept across its retries", keys)
	}
	if keys[0] == keys[3] {
		t.Fatalf("two calls shared the key %q", keys[0])
	}
	for i, b := range bodies {
		if b != `{"email":"ada@example.com","projects":[],"role":"owner"}` {
			t.Fatalf("attempt %d sent body %q", i, b)
		}
	}

	keys = nil
	if _, err := c.CreateInvite(api.WithIdempotencyKey(ctx, "my-key-1"), req); err != nil {
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
	var mu sync.Mutex
	n := 0
	c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	})
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
	var mu sync.Mutex
	n := 0
	c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		slow := n == 1
		mu.Unlock()
		if slow {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	}, api.WithRequestTimeout(100*time.Millisecond))
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("GetInvite after a slow attempt: %v", err)
	}
	if s.hits.Load() != 2 {
		t.Fatalf("server saw %d attempts, want 2", s.hits.Load())
	}
}
