package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// fakeClient starts the fake with faults injected and returns a client of it,
// through its own transport, with quick retries.
func fakeClient(t *testing.T, faults ...string) (*api.Client, *apitest.Server) {
	t.Helper()
	srv := apitest.NewServer(apitest.WithTB(t))
	t.Cleanup(srv.Close)
	for _, f := range faults {
		inject(t, srv, f)
	}
	c, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()),
		api.WithHTTPClient(srv.Client()), api.WithRetryBackoff(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// recorder is a server elsewhere that records what reaches it and answers
// with an invite.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []*http.Request
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.seen = append(rec.seen, r.Clone(context.Background()))
		rec.mu.Unlock()
		writeJSON(w, 200, inviteJSON("invite-elsewhere"))
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (rec *recorder) requests() []*http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.seen
}

func TestMethodChangingRedirectIsRefused(t *testing.T) {
	t.Parallel()
	elsewhere := newRecorder(t)
	// The other server's host as the error quotes it: another port, as
	// the same host name would not be another host.
	host := strings.Replace(strings.TrimPrefix(elsewhere.URL, "http://"), "127.0.0.1", "localhost", 1)
	for _, code := range []int{301, 302, 303} {
		status := strconv.Itoa(code)
		for _, op := range []struct {
			name, method, path string
			call               func(*api.Client, string) error
			invites            int // left once the call ended
		}{
			{"create", "POST", "/organization/invites", func(c *api.Client, _ string) error {
				_, err := c.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
				return err
			}, 1},
			{"delete", "DELETE", "/organization/invites/{invite_id}", func(c *api.Client, id string) error {
				_, err := c.DeleteInvite(context.Background(), id)
				return err
			}, 1},
		} {
			for _, target := range []struct{ name, location, host string }{
				{"same path", "", ""},
				{"another host", "http://" + host + "/v1/organization/invites", host},
			} {
				t.Run(status+"/"+op.name+"/"+target.name, func(t *testing.T) {
					t.Parallel()
					fault := op.method + " " + op.path + " " + status + " x1"
					if target.location != "" {
						fault += " location=" + target.location
					}
					c, srv := fakeClient(t, fault)
					seeded := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner})
					err := op.call(c, seeded.ID)
					var apiErr *api.Error
					if !errors.As(err, &apiErr) || apiErr.StatusCode != code {
						t.Fatalf("err = %v, want the %s as an *Error", err, status)
					}
					wantHost := target.host
					if wantHost == "" {
						wantHost = strings.TrimPrefix(srv.URL(), "http://")
					}
					for _, want := range []string{status, `host "` + wantHost + `"`, "refused", op.method + " as a GET"} {
						if !strings.Contains(err.Error(), want) {
							t.Errorf("error %q does not name %q", err, want)
						}
					}
					difftest.Check(t, "requests the fake saw", len(srv.Requests()), 1)
					difftest.Check(t, "invites left", len(srv.Invites()), op.invites)
				})
			}
		}
	}
	difftest.Check(t, "requests the other host saw", len(elsewhere.requests()), 0)
}

func TestGetFollowsRedirects(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"301", "302", "303", "307", "308"} {
		t.Run(status, func(t *testing.T) {
			t.Parallel()
			c, srv := fakeClient(t, "GET /organization/invites/{invite_id} "+status+" x1", "GET /organization/invites "+status+" x1")
			seeded := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner})
			inv, err := c.GetInvite(context.Background(), seeded.ID)
			if err != nil {
				t.Fatal(err)
			}
			difftest.Check(t, "invite", inv, &seeded)
			page, err := c.ListInvites(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			difftest.Check(t, "page size", len(page.Data), 1)
			difftest.Check(t, "requests the fake saw", len(srv.Requests()), 4)
		})
	}
}

func TestRedirectKeepingTheMethodIsFollowed(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"307", "308"} {
		t.Run(status, func(t *testing.T) {
			t.Parallel()
			c, srv := fakeClient(t, "POST /organization/invites "+status+" x1", "DELETE /organization/invites/{invite_id} "+status+" x1")
			seeded := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner})
			inv, err := c.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
			if err != nil {
				t.Fatal(err)
			}
			difftest.Check(t, "created email", inv.Email, "ada@example.com")
			del, err := c.DeleteInvite(context.Background(), seeded.ID)
			if err != nil {
				t.Fatal(err)
			}
			difftest.Check(t, "deleted", del.Deleted, true)
			reqs := srv.Requests()
			difftest.Check(t, "requests the fake saw", len(reqs), 4)
			// The redirected create is the same request: same body, same
			// Idempotency-Key.
			difftest.Check(t, "create bodies", string(reqs[1].Body), string(reqs[0].Body))
			difftest.Check(t, "Idempotency-Keys", reqs[1].Header.Get("Idempotency-Key"), reqs[0].Header.Get("Idempotency-Key"))
			difftest.Check(t, "invites left", len(srv.Invites()), 1)
		})
	}
}

func TestRedirectLeavingTheOriginIsRefused(t *testing.T) {
	t.Parallel()
	elsewhere := newRecorder(t)
	port := elsewhere.URL[strings.LastIndexByte(elsewhere.URL, ':')+1:]
	calls := []struct {
		name, method, path string
		call               func(*api.Client, string) error
	}{
		{"create", "POST", "/organization/invites", func(c *api.Client, _ string) error {
			_, err := c.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
			return err
		}},
		{"delete", "DELETE", "/organization/invites/{invite_id}", func(c *api.Client, id string) error {
			_, err := c.DeleteInvite(context.Background(), id)
			return err
		}},
		{"get", "GET", "/organization/invites/{invite_id}", func(c *api.Client, id string) error {
			_, err := c.GetInvite(context.Background(), id)
			return err
		}},
		{"list", "GET", "/organization/invites", func(c *api.Client, _ string) error {
			_, err := c.ListInvites(context.Background(), nil)
			return err
		}},
	}
	for _, status := range []string{"301", "302", "303", "307", "308"} {
		for _, op := range calls {
			if op.method != "GET" && status < "307" {
				continue // TestMethodChangingRedirectIsRefused
			}
			// Another port of the same address, which net/http would
			// follow with the key; and another host name.
			for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port} {
				t.Run(status+"/"+op.name+"/"+host, func(t *testing.T) {
					t.Parallel()
					c, srv := fakeClient(t, op.method+" "+op.path+" "+status+" x1 location=http://"+host+"/v1/organization/invites")
					seeded := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner})
					err := op.call(c, seeded.ID)
					var apiErr *api.Error
					if !errors.As(err, &apiErr) || strconv.Itoa(apiErr.StatusCode) != status {
						t.Fatalf("err = %v, want the %s as an *Error", err, status)
					}
					for _, want := range []string{`host "` + host + `"`, "leaves the origin"} {
						if !strings.Contains(err.Error(), want) {
							t.Errorf("error %q does not name %q", err, want)
						}
					}
					difftest.Check(t, "invites on the fake", len(srv.Invites()), 1)
				})
			}
		}
	}
	t.Cleanup(func() { difftest.Check(t, "requests the other origin saw", len(elsewhere.requests()), 0) })
}

func TestRedirectFromHTTPSToHTTPIsRefused(t *testing.T) {
	t.Parallel()
	elsewhere := newRecorder(t)
	var target string
	tlsServer := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", target)
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	t.Cleanup(tlsServer.Close)
	for name, to := range map[string]string{
		"the same host and port": "http://" + strings.TrimPrefix(tlsServer.URL, "https://") + "/v1/organization/invites",
		"another server":         elsewhere.URL + "/v1/organization/invites",
	} {
		target = to
		c, err := api.NewClient(api.WithAdminKey(testKey), api.WithBaseURL(tlsServer.URL+"/v1"), api.WithHTTPClient(tlsServer.Client()), api.WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
		var apiErr *api.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTemporaryRedirect || !strings.Contains(err.Error(), `from https to "http"`) {
			t.Errorf("%s: err = %v, want the 307 as an *Error saying it drops from https to http", name, err)
		}
	}
	difftest.Check(t, "requests that reached http", len(elsewhere.requests()), 0)
}
