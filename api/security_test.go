package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
)

func TestAdminKeyNeverPrinted(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	handlers := map[string]http.HandlerFunc{
		"401": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 401, errorBody("invalid_request_error", "invalid_api_key", "", "Incorrect API key provided: "+r.Header.Get("Authorization")[:10]+"…"))
		},
		"500":      failThen(100, 500, nil),
		"bad JSON": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("{not json")) },
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

func TestRedirectToAnotherHostDropsTheKey(t *testing.T) {
	t.Parallel()
	var got http.Header
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, 200, inviteJSON("invite-1"))
	}))
	t.Cleanup(other.Close)
	// 127.0.0.1 and localhost are different hosts to a browser and to us.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, http.StatusFound)
	})
	if _, err := c.GetInvite(context.Background(), "invite-1"); err != nil {
		t.Fatalf("GetInvite through a redirect: %v", err)
	}
	if got == nil {
		t.Fatal("the redirect was not followed")
	}
	if a := got.Get("Authorization"); a != "" {
		t.Fatalf("the other host received Authorization %q", a)
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
	if hc.CheckRedirect != nil || hc.Transport != nil {
		t.Fatal("NewClient modified the caller's *http.Client")
	}
	var ve *api.ValidationError
	if _, err := c.GetInvite(context.Background(), ""); !errors.As(err, &ve) {
		t.Fatal(err)
	}
}
