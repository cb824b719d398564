package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestAdminKeyNeverPrinted(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// Each server below repeats the key it was sent wherever it can, as a
	// careless proxy might.
	echo := func(r *http.Request) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") }
	handlers := map[string]http.HandlerFunc{
		"401": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-request-id", "req_"+echo(r))
			writeJSON(w, 401, errorBody("invalid_request_error", "invalid_api_key", echo(r), "Incorrect API key provided: "+echo(r)))
		},
		"500": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 500, errorBody("server_error", echo(r), "", "failed for "+r.Header.Get("Authorization")))
		},
		"502 HTML": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html>bad gateway for " + echo(r) + "</html>"))
		},
		"bad JSON": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("{not json " + echo(r))) },
	}
	var values []any
	for name, h := range handlers {
		c, _ := setup(t, h, api.WithLogger(logger), api.WithOrganization("org-1"))
		_, err := c.GetInvite(context.Background(), "invite-1")
		if err == nil {
			t.Fatalf("%s: want an error", name)
		}
		values = append(values, c, err)
	}
	refused, s := setup(t, failThen(0, 0, nil), api.WithLogger(logger))
	s.Close()
	_, err := refused.GetInvite(context.Background(), "invite-1")
	values = append(values, refused, err)
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "SECRET") {
				t.Errorf("%s of %T leaks the key: %s", verb, v, out)
			}
		}
	}
	if logs.Len() == 0 {
		t.Fatal("the logger logged nothing")
	}
	if strings.Contains(logs.String(), "SECRET") {
		t.Errorf("the log leaks the key:\n%s", logs.String())
	}
}

func TestRedirectOnTheSameHostKeepsTheKey(t *testing.T) {
	t.Parallel()
	var got http.Header
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			http.Redirect(w, r, "/moved"+r.URL.Path, http.StatusMovedPermanently)
			return
		}
		got = r.Header.Clone()
		writeJSON(w, 200, inviteJSON("invite-1"))
	})
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatal(err)
	}
	if got.Get("Authorization") != "Bearer "+testKey {
		t.Fatal("a redirect on the same host lost the key")
	}
}

func TestRedirectsAreLimited(t *testing.T) {
	t.Parallel()
	c, s := setup(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	_, err := c.GetInvite(context.Background(), "invite-1")
	if err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("err = %v, want a redirect limit error", err)
	}
	if n := s.hits.Load(); n > 11 {
		t.Fatalf("followed %d redirects", n)
	}
}

func TestCallerHTTPClientIsNotModified(t *testing.T) {
	t.Parallel()
	hc := &http.Client{}
	c, err := api.NewClient(api.WithAdminKey(testKey), api.WithHTTPClient(hc))
	if err != nil || c == nil {
		t.Fatal(err)
	}
	difftest.Check(t, "the caller's *http.Client after NewClient", hc, &http.Client{})
	var ve *api.ValidationError
	if _, err := c.GetInvite(context.Background(), ""); !errors.As(err, &ve) {
		t.Fatal(err)
	}
}

func TestLoggerLogsEachAttemptAtDebugLevel(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	handler := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		w.Header().Set("x-request-id", "req_"+strconv.Itoa(i))
		if i == 1 {
			w.Header().Set("retry-after-ms", "5")
			writeJSON(w, 503, errorBody("server_error", "", "", "busy"))
			return
		}
		writeJSON(w, 200, inviteJSON("invite-1"))
	}
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := setup(t, handler, api.WithLogger(logger))
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for line := range strings.Lines(buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("logged %d lines, want one per attempt:\n%s", len(lines), buf.String())
	}
	want := []map[string]any{
		{"level": "DEBUG", "method": "GET", "path": "/organization/invites/invite-1", "attempt": 1.0, "status": 503.0, "request_id": "req_1", "retry_in": 5e6},
		{"level": "DEBUG", "method": "GET", "path": "/organization/invites/invite-1", "attempt": 2.0, "status": 200.0, "request_id": "req_2"},
	}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Errorf("line %d: %s = %v, want %v\n%s", i+1, k, lines[i][k], v, buf.String())
			}
		}
	}
	if !strings.Contains(buf.String(), "busy") {
		t.Errorf("the failed attempt's error is not logged:\n%s", buf.String())
	}

	// Above debug level, nothing is logged.
	buf.Reset()
	quiet, _ := setup(t, failThen(0, 0, nil), api.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	if _, err := quiet.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "logged at info level", buf.String(), "")
}

func TestPrintedValuesNeverShowTheKey(t *testing.T) {
	t.Parallel()
	values := map[string]any{
		"*Error":          &api.Error{StatusCode: 401, Message: "Incorrect API key provided.", RequestID: "req_1"},
		"*TransportError": &api.TransportError{Op: "GET /organization/invites", Err: errors.New("connection refused")},
		"*DecodeError":    &api.DecodeError{StatusCode: 200, RequestID: "req_2", Err: errors.New("unexpected EOF")},
	}
	c, _ := setup(t, failThen(0, 0, nil))
	values["*Client"] = c
	values["Client"] = *c
	values["struct with a *Client"] = struct{ c *api.Client }{c}
	values["struct with a Client"] = struct{ c api.Client }{*c}
	values["[]*Client"] = []*api.Client{c}
	// %x and %X would show the key as hex digits; those of "test-SECRET"
	// are 22 digits, more than any number (an address included) prints as,
	// so only the key's own bytes can show them.
	hexes := []string{fmt.Sprintf("%x", "test-SECRET"), fmt.Sprintf("%X", "test-SECRET")}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "SECRET") || strings.Contains(out, hexes[0]) || strings.Contains(out, hexes[1]) {
				t.Errorf("%s of %s leaks the key: %s", verb, name, out)
			}
		}
	}
}

func TestKeyCutBySnippetIsNotShown(t *testing.T) {
	t.Parallel()
	// A proxy page whose 200-character snippet would end inside the key.
	for _, pad := range []int{180, 190, 199} {
		c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			_, _ = w.Write([]byte(strings.Repeat("x", pad) + testKey + " and more"))
		}, api.WithMaxRetries(0))
		_, err := c.GetInvite(context.Background(), "invite-1")
		if err == nil || strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), testKey[:12]) {
			t.Fatalf("pad %d: %v", pad, err)
		}
	}
}

// errorBodyLimit is how much of an error answer's body the client reads
// (api's maxErrorBody).
const errorBodyLimit = 64 << 10

// escapeKey writes key with every byte as a JSON \u escape in upper or lower
// case hex, or a URL % escape, turn by turn, and / as \/.
func escapeKey(key string) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		switch {
		case key[i] == '/':
			b.WriteString(`\/`)
		case i%3 == 0:
			fmt.Fprintf(&b, `\u%04x`, key[i])
		case i%3 == 1:
			fmt.Fprintf(&b, `\u%04X`, key[i])
		default:
			fmt.Fprintf(&b, "%%%02X", key[i])
		}
	}
	return b.String()
}

func TestKeyNeverLeaksFromAnswers(t *testing.T) {
	t.Parallel()
	// The key's fragments looked for below hold letters that no hex or
	// decimal rendering has (g-z but x), so a pointer that %#v prints can
	// never be mistaken for them.
	const key = "sk-admin/test-SECRET-jumpy-quokka"
	escaped := escapeKey(key)
	type answer struct {
		status int
		header map[string]string
		body   string
	}
	tests := map[string]answer{
		"JSON-escaped in a body that is not an error": {502, nil, `{"detail":"denied for ` + escaped + `"}`},
		"JSON-escaped in an error's fields":           {401, nil, `{"error":{"type":"` + escaped + `","code":"` + escaped + `","param":"` + escaped + `","message":"` + escaped + `"}}`},
		"escaped in the request id":                   {500, map[string]string{"x-request-id": "req_" + escaped}, `{}`},
		"split by invalid UTF-8":                      {502, nil, "<p>" + key[:6] + "\xff" + key[6:] + "</p>"},
		"escaped in the object of a 2xx":              {200, nil, `{"object":"` + escaped + `","id":"invite-1"}`},
	}
	// A key that straddles the cut of the body: white space collapses in the
	// snippet, which would show what was read of the key.
	for _, cut := range []int{1, 6, len(key) - 1} {
		tests[fmt.Sprintf("straddling the read limit by %d bytes", cut)] = answer{502, nil, strings.Repeat(" ", errorBodyLimit-cut) + key + " more"}
		tests[fmt.Sprintf("escaped, straddling the read limit by %d bytes", cut)] = answer{502, nil, strings.Repeat("\n", errorBodyLimit-cut) + escaped + " more"}
	}
	for name, a := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range a.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(a.status)
				_, _ = w.Write([]byte(a.body))
			}, api.WithAdminKey(key), api.WithMaxRetries(0))
			_, err := c.GetInvite(context.Background(), "invite-1")
			if err == nil {
				t.Fatal("want an error")
			}
			for _, verb := range []string{"%v", "%+v", "%#v"} {
				out := fmt.Sprintf(verb, err)
				for _, part := range []string{key[:4], "SECRET", "quokka", escaped[:12], `\u0073`, "%6B"} {
					if strings.Contains(out, part) {
						t.Errorf("%s of the error shows %q of the key: %s", verb, part, out)
					}
				}
			}
		})
	}
}
