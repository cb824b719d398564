package api_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestWithRetriesOverridesTheClientForOneCall(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     []api.CallOption
		wantErr  bool
		attempts int64
	}{
		{"client default (2 retries)", nil, true, 3},
		{"WithRetries(0) disables retries", []api.CallOption{api.WithRetries(0)}, true, 1},
		{"WithRetries(4) allows more", []api.CallOption{api.WithRetries(4)}, false, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, s := setup(t, failThen(3, 503, nil))
			_, err := c.GetInvite(context.Background(), "invite-1", tt.opts...)
			difftest.Check(t, "failed, attempts", []any{err != nil, s.hits.Load()}, []any{tt.wantErr, tt.attempts})
		})
	}
}

func TestWithAttemptTimeoutOverridesTheClientForOneCall(t *testing.T) {
	t.Parallel()
	// The first attempt hangs until its own deadline; the client's timeout
	// is far longer than the test, so only the call option can end it.
	c, s := setup(t, failFirst(1, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}), api.WithRequestTimeout(time.Hour))
	if _, err := c.GetInvite(context.Background(), "invite-1", api.WithAttemptTimeout(time.Second)); err != nil {
		t.Fatalf("GetInvite after a slow attempt: %v", err)
	}
	difftest.Check(t, "attempts", s.hits.Load(), int64(2))
}

func TestWithResponseIntoReportsTheAnswer(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-request-id", "req_"+r.Method)
		if r.Method == http.MethodDelete {
			writeJSON(w, 409, errorBody("invalid_request_error", "conflict", "", "accepted"))
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	})
	type meta struct {
		StatusCode  int
		RequestID   string
		ContentType string
	}
	metaOf := func(r api.Response) meta {
		return meta{r.StatusCode, r.RequestID, r.Header.Get("Content-Type")}
	}

	var got api.Response
	if _, err := c.GetInvite(context.Background(), "invite-1", api.WithResponseInto(&got)); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "response of a success", metaOf(got), meta{200, "req_GET", "application/json"})

	got = api.Response{}
	_, err := c.DeleteInvite(context.Background(), "invite-1", api.WithResponseInto(&got))
	if !errors.Is(err, api.ErrConflict) {
		t.Fatalf("err = %v, want the 409", err)
	}
	difftest.Check(t, "response behind an *Error", metaOf(got), meta{409, "req_DELETE", "application/json"})
}

func TestBadCallOptionsAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	c, s := setup(t, failThen(0, 0, nil))
	ctx := context.Background()
	tests := []struct {
		opt   api.CallOption
		field string
	}{
		{api.WithRetries(-1), "WithRetries"},
		{api.WithAttemptTimeout(0), "WithAttemptTimeout"},
		{api.WithAttemptTimeout(-time.Second), "WithAttemptTimeout"},
		{api.WithIdempotencyKey("with space"), "Idempotency-Key"},
	}
	for _, tt := range tests {
		for name, call := range map[string]func() error{
			"list": func() error { _, err := c.ListInvites(ctx, nil, tt.opt); return err },
			"create": func() error {
				_, err := c.CreateInvite(ctx, api.InviteRequest{Email: "a@example.com", Role: api.RoleReader}, tt.opt)
				return err
			},
			"get":    func() error { _, err := c.GetInvite(ctx, "invite-1", tt.opt); return err },
			"delete": func() error { _, err := c.DeleteInvite(ctx, "invite-1", tt.opt); return err },
		} {
			var ve *api.ValidationError
			if err := call(); !errors.As(err, &ve) {
				t.Errorf("%s with a bad %s: err = %v, want a *ValidationError", name, tt.field, err)
				continue
			}
			difftest.Check(t, name+" error field", ve.Field, tt.field)
		}
	}
	difftest.Check(t, "requests sent", s.hits.Load(), int64(0))
}

// cancelOnRetry is a slog handler that cancels a context when the client
// logs that it waits before a retry.
type cancelOnRetry struct {
	slog.Handler
	cancel context.CancelFunc
}

func (h cancelOnRetry) Enabled(context.Context, slog.Level) bool { return true }

func (h cancelOnRetry) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "retry_in" {
			h.cancel()
		}
		return true
	})
	return nil
}

// TestWithResponseIntoReportsTheAnswerOfAnAbandonedRetry cancels the call
// while it waits to retry a 429: the call ends with that 429's *Error, so
// WithResponseInto gets that answer.
func TestWithResponseIntoReportsTheAnswerOfAnAbandonedRetry(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-request-id", "req_429")
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, errorBody("requests", "rate_limit_exceeded", "", "slow down"))
	}, api.WithLogger(slog.New(cancelOnRetry{cancel: cancel})), api.WithRetryBackoff(time.Minute, time.Minute), api.WithoutPacing())
	var got api.Response
	_, err := c.GetInvite(ctx, "invite-1", api.WithResponseInto(&got))
	if !errors.Is(err, api.ErrRateLimited) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the 429, abandoned", err)
	}
	difftest.Check(t, "attempts, response", []any{s.hits.Load(), got.StatusCode, got.RequestID}, []any{int64(1), 429, "req_429"})
}
