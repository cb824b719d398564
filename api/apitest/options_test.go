package apitest_test

import (
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// recordingTB stands in for a *testing.T to observe what the fake reports.
type recordingTB struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	fatals   []string
	cleanups []func()
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, format)
	for _, a := range args {
		r.errors = append(r.errors, a.(error).Error())
	}
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatals = append(r.fatals, format)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func get(t *testing.T, client *http.Client, url, key string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestOptions(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	newSrv := func() *apitest.Server {
		return apitest.NewServer(apitest.WithTB(t), apitest.WithAdminKey("sk-other"),
			apitest.WithClock(func() time.Time { return now }), apitest.WithSeed(3), apitest.WithSampleInvites(12))
	}
	a, b := newSrv(), newSrv()
	type state struct {
		DefaultKeyStatus, OtherKeyStatus int
		SameInvitesForSameOptions        bool
		Samples                          int
		Added                            api.Invite
		Newest                           api.Invite
		AfterSamples                     int
		Queries                          []string
		AfterReset                       int
	}
	var got state
	got.DefaultKeyStatus, _ = get(t, a.Client(), a.BaseURL()+"/organization/invites", apitest.AdminKey)
	var body, body2 string
	got.OtherKeyStatus, body = get(t, a.Client(), a.BaseURL()+"/organization/invites?limit=100", "sk-other")
	_, body2 = get(t, b.Client(), b.BaseURL()+"/organization/invites?limit=100", "sk-other")
	got.SameInvitesForSameOptions = body == body2
	got.Samples = len(a.Invites())
	got.Added = a.AddInvite(api.Invite{ID: "invite-new", Email: "new@example.com", Role: api.RoleOwner})
	if err := a.SetStatus(got.Added.ID, api.InviteStatusAccepted); err != nil {
		t.Fatal(err)
	}
	got.Newest = a.Invites()[0]
	a.AddSampleInvites(3)
	got.AfterSamples = len(a.Invites())
	for _, r := range a.Requests() {
		got.Queries = append(got.Queries, r.RawQuery)
	}
	a.ResetRequests()
	got.AfterReset = len(a.Requests())

	expires, accepted := api.UnixTime(now.Add(7*24*time.Hour).Unix()), api.UnixTime(now.Unix())
	added := api.Invite{Object: "organization.invite", ID: "invite-new", Email: "new@example.com", Role: api.RoleOwner,
		Status: api.InviteStatusPending, CreatedAt: api.UnixTime(now.Unix()), ExpiresAt: &expires, Projects: []api.Project{}}
	newest := added
	newest.Status, newest.AcceptedAt = api.InviteStatusAccepted, &accepted
	want := state{
		DefaultKeyStatus: http.StatusUnauthorized, OtherKeyStatus: http.StatusOK, SameInvitesForSameOptions: true,
		Samples: 12, Added: added, Newest: newest, AfterSamples: 16, Queries: []string{"", "limit=100"}, AfterReset: 0,
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestWithTBReportsInvalidResponses(t *testing.T) {
	t.Parallel()
	tb := &recordingTB{TB: t}
	srv := apitest.NewServer(apitest.WithTB(tb))
	if len(tb.cleanups) != 1 {
		t.Fatalf("%d cleanups registered", len(tb.cleanups))
	}
	srv.AddInvite(api.Invite{ID: "invite-bad", Email: "bad@example.com", Role: "admin"})
	status, body := get(t, srv.Client(), srv.BaseURL()+"/organization/invites/invite-bad", apitest.AdminKey)
	if status != http.StatusInternalServerError {
		t.Errorf("status %d, want 500; body %s", status, body)
	}
	if !strings.Contains(body, "apitest: response failed spec validation: ") {
		t.Errorf("body %s does not say the response failed validation", body)
	}
	tb.cleanups[0]() // closes the server
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.errors) != 2 {
		t.Fatalf("reported %q, want a format and one error", tb.errors)
	}
	if !strings.Contains(tb.errors[1], "/role") {
		t.Errorf("reported %q, which does not name /role", tb.errors[1])
	}
}

func TestInvalidOptions(t *testing.T) {
	t.Parallel()
	if _, err := apitest.NewHandler(apitest.WithAdminKey("")); err == nil {
		t.Error("NewHandler accepted an empty admin key")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("NewServer did not panic on an empty admin key")
			}
		}()
		apitest.NewServer(apitest.WithAdminKey(""))
	}()
	tb := &recordingTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		apitest.NewServer(apitest.WithTB(tb), apitest.WithAdminKey(""))
	}()
	<-done
	if len(tb.fatals) != 1 {
		t.Errorf("NewServer with WithTB did not fail the test: %v", tb.fatals)
	}
}
