package live

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// The variables that turn the live checks on.
const (
	envLive  = "INVITES_LIVE"       // "1": run the read-only checks
	envWrite = "INVITES_LIVE_WRITE" // "1": also create and delete an invite
	envEmail = "INVITES_LIVE_EMAIL" // the address to invite when writing
)

// TestLive checks the SDK against the real service: read-only unless
// INVITES_LIVE_WRITE=1. The client takes its key (and base URL and
// organization, if set) from the environment, as NewClient does; the key is
// never printed.
func TestLive(t *testing.T) {
	var missing []string
	if os.Getenv(api.EnvAdminKey) == "" {
		missing = append(missing, api.EnvAdminKey)
	}
	if os.Getenv(envLive) != "1" {
		missing = append(missing, envLive+"=1")
	}
	if len(missing) > 0 {
		t.Skipf("live checks skipped: they need %s (see \"Live checks\" in docs/development.md)", strings.Join(missing, " and "))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	rec := &recorder{next: http.DefaultTransport}
	client, err := api.NewClient(api.WithHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := newChecker(client, rec, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("checking %s", client.BaseURL())
	if err := c.readOnly(ctx); err != nil {
		t.Fatal(err)
	}
	switch email := os.Getenv(envEmail); {
	case os.Getenv(envWrite) != "1":
		t.Logf("write checks skipped: set %s=1 and %s to create and delete an invite", envWrite, envEmail)
	case email == "":
		t.Fatalf("%s=1 needs %s, the address to invite", envWrite, envEmail)
	default:
		if err := c.createAndDelete(ctx, email); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range c.findings {
		t.Errorf("the service and openapi.yaml disagree: %s", f)
	}
}

// fakeChecker returns a checker whose client talks to a server in front of
// the fake. The server passes every answer through edit, when it is not nil.
func fakeChecker(t *testing.T, edit func(method string, body map[string]any)) *checker {
	t.Helper()
	h, err := apitest.NewHandler(apitest.WithTB(t), apitest.WithSampleInvites(5), apitest.WithSeed(1))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, r)
		body := rr.Body.Bytes()
		if edit != nil && rr.Code == http.StatusOK {
			var obj map[string]any
			if err := json.Unmarshal(body, &obj); err != nil {
				t.Errorf("the fake's answer is not a JSON object: %v", err)
			}
			edit(r.Method, obj)
			body, _ = json.Marshal(obj)
		}
		for k, v := range rr.Header() {
			w.Header()[k] = v
		}
		// The body may have changed length.
		w.Header().Del("Content-Length")
		w.WriteHeader(rr.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)

	rec := &recorder{next: srv.Client().Transport}
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.URL+"/v1"),
		api.WithHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := newChecker(client, rec, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestChecksPassAgainstTheFake runs the live checks, writes included, against
// the fake: they must work, and find the fake in line with the spec.
func TestChecksPassAgainstTheFake(t *testing.T) {
	t.Parallel()
	c := fakeChecker(t, nil)
	if err := c.readOnly(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.createAndDelete(t.Context(), "live-check@example.com"); err != nil {
		t.Fatal(err)
	}
	for _, f := range c.findings {
		t.Errorf("finding against the fake: %s", f)
	}
}

// TestChecksReportDrift makes the server answer with fields and enum values
// the spec does not know, which the SDK accepts, and checks that the
// findings name each one.
func TestChecksReportDrift(t *testing.T) {
	t.Parallel()
	drift := func(inv map[string]any) {
		inv["drift_probe"] = "user-abc"
		inv["status"] = "no_such_status" // a value the API will never add
		if inv["role"] == "reader" {
			inv["role"] = "viewer"
		}
	}
	c := fakeChecker(t, func(method string, body map[string]any) {
		switch body["object"] {
		case "list":
			body["total"] = 5.0
			for _, inv := range body["data"].([]any) {
				drift(inv.(map[string]any))
			}
		case "organization.invite":
			drift(body)
		case "organization.invite.deleted":
			body["reason"] = "revoked"
		}
	})
	if err := c.readOnly(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.createAndDelete(t.Context(), "live-check@example.com"); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(c.findings, "\n")
	t.Logf("the findings:\n%s", all)
	for _, want := range []string{
		"list-invites: field total is not in the spec",
		"list-invites: field data[].drift_probe is not in the spec",
		`list-invites: data[].status is "no_such_status", which is not in the spec's enum InviteStatus`,
		"retrieve-invite: field drift_probe is not in the spec",
		`inviteUser: role is "viewer", which is not in the spec's enum Role`,
		"delete-invite: field reason is not in the spec",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no finding contains %q; the findings:\n%s", want, all)
		}
	}
}

// TestChecksStopAtAnswersTheSDKRefuses makes the server leave out a required
// field, or answer another object, which the SDK refuses: the checks end
// with that error, which names what is missing.
func TestChecksStopAtAnswersTheSDKRefuses(t *testing.T) {
	t.Parallel()
	noProjects := fakeChecker(t, func(method string, body map[string]any) {
		if body["object"] == "list" {
			for _, inv := range body["data"].([]any) {
				delete(inv.(map[string]any), "projects")
			}
		}
	})
	err := noProjects.readOnly(t.Context())
	if !errors.Is(err, api.ErrNotPromised) || !strings.Contains(err.Error(), "data[0].projects") {
		t.Errorf("readOnly: err = %v, want one wrapping api.ErrNotPromised that names data[0].projects", err)
	}
	wrongObject := fakeChecker(t, func(method string, body map[string]any) {
		if body["object"] == "organization.invite.deleted" {
			body["object"] = "invite.deleted"
		}
	})
	err = wrongObject.createAndDelete(t.Context(), "live-check@example.com")
	if !errors.Is(err, api.ErrNotPromised) || !strings.Contains(err.Error(), `object is "invite.deleted"`) {
		t.Errorf("createAndDelete: err = %v, want one wrapping api.ErrNotPromised that names the object", err)
	}
}
