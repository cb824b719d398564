package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
)

func TestNon2xxAnswersBecomeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		body     string
		ctype    string
		sentinel error
		want     api.Error
	}{
		{"400 JSON", 400, `{"error":{"type":"invalid_request_error","code":null,"param":"limit","message":"limit too big"}}`, "application/json", api.ErrInvalidInput,
			api.Error{StatusCode: 400, Type: "invalid_request_error", Param: "limit", Message: "limit too big"}},
		{"401 JSON", 401, `{"error":{"type":"invalid_request_error","code":"invalid_api_key","param":null,"message":"Incorrect API key provided."}}`, "application/json", api.ErrUnauthorized,
			api.Error{StatusCode: 401, Type: "invalid_request_error", Code: "invalid_api_key", Message: "Incorrect API key provided."}},
		{"403 JSON", 403, `{"error":{"type":"permission_error","code":null,"param":null,"message":"no"}}`, "application/json", api.ErrPermissionDenied,
			api.Error{StatusCode: 403, Type: "permission_error", Message: "no"}},
		{"404 JSON", 404, `{"error":{"type":"invalid_request_error","code":"not_found","param":"invite_id","message":"No invite found."}}`, "application/json", api.ErrNotFound,
			api.Error{StatusCode: 404, Type: "invalid_request_error", Code: "not_found", Param: "invite_id", Message: "No invite found."}},
		{"409 JSON", 409, `{"error":{"type":"invalid_request_error","code":"invite_accepted","param":"invite_id","message":"accepted"},"extra":1}`, "application/json", api.ErrConflict,
			api.Error{StatusCode: 409, Type: "invalid_request_error", Code: "invite_accepted", Param: "invite_id", Message: "accepted"}},
		{"502 HTML from a proxy", 502, "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>", "text/html", api.ErrServer,
			api.Error{StatusCode: 502, Message: `unexpected response body: "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>"`}},
		{"500 empty body", 500, "", "", api.ErrServer, api.Error{StatusCode: 500, Message: "empty response body"}},
		{"418 JSON without error", 418, `{"detail":"teapot"}`, "application/json", nil,
			api.Error{StatusCode: 418, Message: `unexpected response body: "{\"detail\":\"teapot\"}"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("x-request-id", "req_42")
				w.Header().Set("x-should-retry", "false")
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := c.GetInvite(context.Background(), "invite-1")
			var apiErr *api.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *api.Error", err, err)
			}
			want := tt.want
			want.RequestID = "req_42"
			if *apiErr != want {
				t.Fatalf("got  %+v\nwant %+v", *apiErr, want)
			}
			if tt.sentinel != nil && tt.sentinel != api.ErrInvalidInput && !errors.Is(err, tt.sentinel) { //nolint:errorlint // compares two sentinels, not an error from a call
				t.Fatalf("errors.Is(err, %v) = false", tt.sentinel)
			}
			if errors.Is(err, api.ErrInvalidInput) {
				t.Fatalf("a server answer must not match ErrInvalidInput")
			}
			if !strings.Contains(err.Error(), "request_id=req_42") {
				t.Fatalf("message %q lacks the request id", err)
			}
		})
	}
}

func TestErrorSnippetIsShort(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
		_, _ = w.Write([]byte(strings.Repeat("<p>gateway</p>", 10000)))
	}, api.WithMaxRetries(0))
	_, err := c.GetInvite(context.Background(), "invite-1")
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 {
		t.Fatalf("err = %v, want a 502 *api.Error", err)
	}
	if n := len([]rune(apiErr.Message)); n > 230 {
		t.Fatalf("snippet is %d runes long, want about 200", n)
	}
}
