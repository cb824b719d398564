package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzKey is the admin key of the fuzzed client; servers may repeat it.
const fuzzKey = "sk-admin-fuzz-0123456789abcdef"

func fuzzClient(t *testing.T, limit int64) *Client {
	t.Helper()
	c, err := NewClient(WithAdminKey(fuzzKey), WithBaseURL("https://api.example.com/v1"), WithMaxResponseBytes(limit))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzDecodeInvite throws arbitrary 2xx bodies at the decoder, with a size
// limit: it returns an invite, only for a body that is exactly one JSON
// value, or a *DecodeError that keeps the status and request id, and never
// panics.
func FuzzDecodeInvite(f *testing.F) {
	for _, seed := range []string{
		`{"object":"organization.invite","id":"invite-abc","email":"a@example.com","role":"reader","status":"pending",` +
			`"created_at":1711471533,"expires_at":1712076333,"accepted_at":null,"projects":[{"id":"p","role":"member"}]}`,
		`{"object":"organization.invite","id":"inv`,
		`{"id":42}`,
		`{"role":"admin","status":"revoked","projects":[{"role":"viewer"}],"new":{"a":[1,2]}}`,
		`<html>502</html>`,
		``,
		`null`,
		`[]`,
		`{"created_at":1e400}`,
		`{"email":"\ud800"}`,
		"{} trailing",
		`{"object":"organization.invite","id":"invite-abc","email":"a@example.com","role":"reader","status":"pending",` +
			`"created_at":1711471533,"projects":[]}` + " \n{}",
	} {
		f.Add([]byte(seed), int64(1<<20))
		f.Add([]byte(seed), int64(len(seed)))
		f.Add([]byte(seed), int64(10))
	}
	f.Fuzz(func(t *testing.T, body []byte, limit int64) {
		if limit <= 0 {
			limit = 1
		}
		c := fuzzClient(t, limit)
		resp := &http.Response{StatusCode: 200, Header: http.Header{"X-Request-Id": {"req_f"}}, Body: io.NopCloser(bytes.NewReader(body))}
		inv, err := decode[Invite](c, resp)
		switch {
		case err == nil && inv == nil:
			t.Fatal("no invite and no error")
		case err != nil && inv != nil:
			t.Fatal("both an invite and an error")
		case err == nil && !json.Valid(body):
			t.Fatalf("accepted %q, which is not exactly one JSON value", body)
		case err != nil:
			var decErr *DecodeError
			if !errors.As(err, &decErr) || decErr.StatusCode != 200 || decErr.RequestID != "req_f" {
				t.Fatalf("err = %#v, want a *DecodeError for the 200 with its request id", err)
			}
			if errors.Is(err, errBodyTooLarge) && int64(len(body)) <= limit {
				t.Fatalf("a %d-byte body reported over the %d-byte limit", len(body), limit)
			}
			if err.Error() == "" {
				t.Fatal("empty message")
			}
		}
	})
}

// FuzzDecodeError throws arbitrary error answers (status, body, retry
// hints) at the error decoder: it always gives an *Error that keeps the
// status, a one-line bounded snippet for a body that is not an OpenAI error,
// a RetryAfter that is never negative, and a message without the admin key.
func FuzzDecodeError(f *testing.F) {
	for _, seed := range []struct {
		status      int
		body, ra, m string
	}{
		{401, `{"error":{"type":"invalid_request_error","code":"invalid_api_key","param":null,"message":"Incorrect API key provided: ` + fuzzKey + `"}}`, "", ""},
		{429, `{"error":{"type":"rate_limit_exceeded","code":"rate_limit_exceeded","param":null,"message":"slow down"}}`, "20", "1500"},
		{429, `{"error":{"message":"x"}}`, "1e400", "NaN"},
		{503, "<html>\n<body>Service Unavailable " + fuzzKey + "</body></html>", "Wed, 21 Oct 2015 07:28:00 GMT", ""},
		{500, "", "-1", "-1"},
		{502, strings.Repeat("x", 195) + fuzzKey, "", "+Inf"},
		{400, `{"error":{"message":"sk-admin-fuzz-\u0030123456789abcdef"}}`, "", ""},
		{418, "\xff\xfe\x00", "", ""},
	} {
		f.Add(seed.status, []byte(seed.body), seed.ra, seed.m)
	}
	c := &Client{adminKey: secretKey(fuzzKey)}
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter, retryAfterMS string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("retry-after-ms", retryAfterMS)
		e := c.newError(&http.Response{StatusCode: status, Header: h}, body)
		if e.StatusCode != status {
			t.Fatalf("StatusCode %d, want %d", e.StatusCode, status)
		}
		if e.RetryAfter < 0 {
			t.Fatalf("RetryAfter %s is negative (Retry-After %q, retry-after-ms %q)", e.RetryAfter, retryAfter, retryAfterMS)
		}
		msg := e.Error()
		if strings.Contains(msg, fuzzKey) {
			t.Fatalf("the message shows the key: %s", msg)
		}
		if e.Type == "" && e.Code == "" && e.Param == "" {
			// Not an OpenAI error body: a snippet, on one line, bounded.
			if strings.ContainsAny(e.Message, "\n\r") || utf8.RuneCountInString(e.Message) > maxSnippet*len(`\U0010ffff`)+40 {
				t.Fatalf("snippet %q", e.Message)
			}
		}
	})
}
