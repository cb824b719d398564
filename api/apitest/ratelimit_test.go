package apitest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// The endpoints as rate limits name them.
const (
	listEndpoint   = "GET /organization/invites"
	createEndpoint = "POST /organization/invites"
	getEndpoint    = "GET /organization/invites/{invite_id}"
	deleteEndpoint = "DELETE /organization/invites/{invite_id}"
)

// limited starts a fake tied to t, on a manual clock at t0, with limits.
func limited(t *testing.T, limits ...apitest.RateLimit) (*apitest.Server, *apitest.ManualClock) {
	t.Helper()
	clock := apitest.NewManualClock(t0)
	return setup(t, apitest.WithClock(clock.Now), apitest.WithRateLimit(limits...)), clock
}

// emailSeq makes the emails of create, so that no create meets a 409.
var emailSeq atomic.Int64

// create sends a create with a new email.
func create(t *testing.T, srv *apitest.Server) answer {
	t.Helper()
	return send(t, srv, http.MethodPost, "/organization/invites",
		fmt.Sprintf(`{"email":"user%d@example.com","role":"reader"}`, emailSeq.Add(1)))
}

// statuses sends n creates and returns their statuses.
func statuses(t *testing.T, srv *apitest.Server, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		out[i] = create(t, srv).status
	}
	return out
}

// repeat returns n copies of status.
func repeat(status, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = status
	}
	return out
}

// rateHeaders are the headers of every rate limit hint, as an answer
// carries them: Retry-After, retry-after-ms, then the three x-ratelimit
// headers, "" for one that is missing.
func rateHeaders(a answer) [5]string {
	return [5]string{
		a.header.Get("Retry-After"), a.header.Get("Retry-After-Ms"),
		a.header.Get("X-Ratelimit-Limit-Requests"), a.header.Get("X-Ratelimit-Remaining-Requests"),
		a.header.Get("X-Ratelimit-Reset-Requests"),
	}
}

// checkRefusal checks that a is OpenAI's answer to a request beyond a rate
// limit, whose message holds msg.
func checkRefusal(t *testing.T, a answer, msg string) {
	t.Helper()
	if a.status != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429: %s", a.status, a.body)
	}
	e := a.errorBody(t)
	if e.Type != "requests" || e.Code == nil || *e.Code != "rate_limit_exceeded" || e.Param != nil {
		t.Errorf("error body %s, want type requests, code rate_limit_exceeded and param null", a.body)
	}
	if !strings.Contains(e.Message, msg) {
		t.Errorf("message %q, want one holding %q", e.Message, msg)
	}
}

func TestRateLimitWindowCountsFromItsFirstRequest(t *testing.T) {
	t.Parallel()
	srv, clock := limited(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 3, Per: time.Minute})
	clock.Advance(10 * time.Second) // the window opens with the first request, not at the start
	if d := difftest.Diff([]int{200, 200}, statuses(t, srv, 2)); d != "" {
		t.Errorf("first two (-want +got):\n%s", d)
	}
	clock.Advance(50 * time.Second)
	if d := difftest.Diff([]int{200, 429, 429}, statuses(t, srv, 3)); d != "" {
		t.Errorf("at 50s into the window (-want +got):\n%s", d)
	}
	clock.Advance(10*time.Second - time.Nanosecond)
	checkRefusal(t, create(t, srv), "Please try again later.")
	clock.Advance(time.Nanosecond) // the window is over: the next request opens another
	if d := difftest.Diff([]int{200, 200, 200, 429}, statuses(t, srv, 4)); d != "" {
		t.Errorf("in the second window (-want +got):\n%s", d)
	}
	clock.Advance(5 * time.Minute) // an idle spell saves nothing up
	if d := difftest.Diff([]int{200, 200, 200, 429}, statuses(t, srv, 4)); d != "" {
		t.Errorf("after an idle spell (-want +got):\n%s", d)
	}
	if got := len(srv.Invites()); got != 9 {
		t.Errorf("%d invites, want 9: a refused create must change nothing", got)
	}
	if got := srv.RateLimited(); got != 5 {
		t.Errorf("RateLimited() = %d, want 5", got)
	}
}

// TestRateLimitMinTimeIsTheFakesPace sends creates on the schedule MinTime
// gives, each request i at MinTime(i): every one is served, and each that
// MinTime puts later than the one before is refused a nanosecond earlier.
func TestRateLimitMinTimeIsTheFakesPace(t *testing.T) {
	t.Parallel()
	for _, kind := range []apitest.LimitKind{apitest.LimitWindow, apitest.LimitBucket} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			limit := apitest.RateLimit{Endpoint: createEndpoint, Requests: 3, Per: time.Minute, Kind: kind}
			srv, clock := limited(t, limit)
			start := clock.Now()
			for i := 1; i <= 10; i++ {
				at := start.Add(limit.MinTime(i))
				if limit.MinTime(i) > limit.MinTime(i-1) {
					clock.Set(at.Add(-time.Nanosecond))
					if a := create(t, srv); a.status != http.StatusTooManyRequests {
						t.Fatalf("request %d a nanosecond before MinTime (%s): status %d, want 429", i, limit.MinTime(i), a.status)
					}
				}
				clock.Set(at)
				if a := create(t, srv); a.status != http.StatusOK {
					t.Fatalf("request %d at MinTime (%s): status %d, want 200: %s", i, limit.MinTime(i), a.status, a.body)
				}
			}
		})
	}
}

func TestRateLimitMinTime(t *testing.T) {
	t.Parallel()
	window := apitest.RateLimit{Requests: 7, Per: time.Minute}
	bucket := apitest.RateLimit{Requests: 7, Per: time.Minute, Kind: apitest.LimitBucket}
	tests := []struct {
		limit    apitest.RateLimit
		requests int
		want     time.Duration
	}{
		{window, 0, 0},
		{window, 7, 0},
		{window, 8, time.Minute},
		{window, 14, time.Minute},
		{window, 50, 7 * time.Minute},
		{bucket, 7, 0},
		{bucket, 8, time.Minute / 7},
		{bucket, 50, 43 * time.Minute / 7},
		{apitest.RateLimit{}, 50, 0}, // no budget: not a limit Validate accepts
	}
	for _, tt := range tests {
		if got := tt.limit.MinTime(tt.requests); got != tt.want {
			t.Errorf("%v.MinTime(%d) = %s, want %s", tt.limit, tt.requests, got, tt.want)
		}
	}
}

func TestRateLimitBucketRefillsContinuously(t *testing.T) {
	t.Parallel()
	srv, clock := limited(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 3, Per: time.Minute, Kind: apitest.LimitBucket})
	if d := difftest.Diff([]int{200, 200, 200, 429}, statuses(t, srv, 4)); d != "" {
		t.Errorf("a full bucket (-want +got):\n%s", d)
	}
	clock.Advance(20*time.Second - time.Millisecond) // a token is due every 20s
	checkRefusal(t, create(t, srv), "")
	clock.Advance(time.Millisecond)
	if d := difftest.Diff([]int{200, 429}, statuses(t, srv, 2)); d != "" {
		t.Errorf("one token later (-want +got):\n%s", d)
	}
	clock.Advance(50 * time.Second) // two tokens and a half
	if d := difftest.Diff([]int{200, 200, 429}, statuses(t, srv, 3)); d != "" {
		t.Errorf("50s later (-want +got):\n%s", d)
	}
	clock.Advance(10 * time.Second) // the half token is now whole
	if d := difftest.Diff([]int{200, 429}, statuses(t, srv, 2)); d != "" {
		t.Errorf("10s later (-want +got):\n%s", d)
	}
	clock.Advance(time.Hour) // a full bucket holds 3, however long it waited
	if d := difftest.Diff([]int{200, 200, 200, 429}, statuses(t, srv, 4)); d != "" {
		t.Errorf("an hour later (-want +got):\n%s", d)
	}
}

// TestRateLimitPaceOfABucket sends a request whenever the bucket allows one,
// for 10 minutes of its clock: it serves the full bucket at once, then one
// every Per/Requests, as the ideal time of the benchmarks assumes.
func TestRateLimitPaceOfABucket(t *testing.T) {
	t.Parallel()
	srv, clock := limited(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute, Kind: apitest.LimitBucket, Hints: apitest.HintsRetryAfter})
	served := 0
	for clock.Now().Sub(t0) < 10*time.Minute {
		a := create(t, srv)
		if a.status == http.StatusOK {
			served++
			continue
		}
		ms, err := strconv.Atoi(a.header.Get("Retry-After-Ms"))
		if err != nil || ms <= 0 {
			t.Fatalf("retry-after-ms %q", a.header.Get("Retry-After-Ms"))
		}
		clock.Advance(time.Duration(ms) * time.Millisecond)
	}
	// 7 at once, then one every 60s/7 = 8.571s: 70 more in 10 minutes (the
	// hint rounds each wait up, to 8.572s).
	if served != 7+69 && served != 7+70 {
		t.Errorf("%d served in 10 minutes, want 76 or 77", served)
	}
	if got := srv.RateLimited(); got < 69 || got > 71 {
		t.Errorf("%d refused, want one for each token waited for", got)
	}
}

func TestRateLimitHintsNone(t *testing.T) {
	t.Parallel()
	for _, kind := range []apitest.LimitKind{apitest.LimitWindow, apitest.LimitBucket} {
		srv, _ := limited(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 1, Per: time.Minute, Kind: kind})
		for i, a := range []answer{create(t, srv), create(t, srv)} {
			if got := rateHeaders(a); got != [5]string{} {
				t.Errorf("%s, answer %d (%d): rate limit headers %q, want none", kind, i+1, a.status, got)
			}
		}
		a := create(t, srv)
		checkRefusal(t, a, "Rate limit reached for POST /organization/invites on requests. Please try again later.")
		if strings.ContainsAny(a.errorBody(t).Message, "0123456789") {
			t.Errorf("%s: message %q gives away the limit or the wait", kind, a.errorBody(t).Message)
		}
	}
}

func TestRateLimitHintsRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit     apitest.RateLimit
		after     time.Duration // from the first request to the refused one
		wantAfter string
		wantMs    string
		wantMsg   string
	}{
		{apitest.RateLimit{Requests: 7, Per: time.Minute}, 30500 * time.Millisecond, "30", "29500",
			"Rate limit reached for POST /organization/invites on requests per 1m: Limit 7, Used 7, Requested 1. Please try again in 29.5s."},
		{apitest.RateLimit{Requests: 7, Per: time.Minute, Kind: apitest.LimitBucket}, 0, "9", "8572", "Please try again in 8.572s."},
		{apitest.RateLimit{Requests: 7, Per: time.Minute}, time.Minute - time.Nanosecond, "1", "1", "Please try again in 1ms."},
		{apitest.RateLimit{Requests: 7, Per: 700 * time.Millisecond}, 0, "1", "700", "per 700ms: Limit 7"},
	}
	for _, tt := range tests {
		tt.limit.Hints = apitest.HintsRetryAfter
		t.Run(tt.limit.String(), func(t *testing.T) {
			t.Parallel()
			srv, clock := limited(t, tt.limit)
			for i, a := range []answer{create(t, srv), create(t, srv)} {
				if got := rateHeaders(a); got != [5]string{} || a.status != http.StatusOK {
					t.Errorf("answer %d (%d): rate limit headers %q, want none on a served request", i+1, a.status, got)
				}
			}
			statuses(t, srv, 5)
			clock.Advance(tt.after)
			a := create(t, srv)
			checkRefusal(t, a, tt.wantMsg)
			want := [5]string{tt.wantAfter, tt.wantMs, "", "", ""}
			if got := rateHeaders(a); got != want {
				t.Errorf("headers %q, want %q", got, want)
			}
		})
	}
}

func TestRateLimitHintsHeadersOnEveryAnswer(t *testing.T) {
	t.Parallel()
	window := apitest.RateLimit{Requests: 3, Per: 6 * time.Minute, Hints: apitest.HintsHeaders}
	srv, clock := limited(t, window)
	inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
	if err := srv.InjectFault(apitest.Fault{Method: "GET", Path: "/organization/invites/{invite_id}", Times: 1, Status: 503}); err != nil {
		t.Fatal(err)
	}
	type step struct {
		advance time.Duration
		path    string
		status  int
		want    [5]string
	}
	steps := []step{
		{0, "/organization/invites/" + inv.ID, 503, [5]string{"", "", "3", "2", "6m0s"}}, // a fault's answer too
		{1500 * time.Millisecond, "/organization/invites/invite-nope", 404, [5]string{"", "", "3", "1", "5m58.5s"}},
		{time.Nanosecond, "/organization/invites/" + inv.ID, 200, [5]string{"", "", "3", "0", "5m58.5s"}},
		{time.Minute, "/organization/invites/" + inv.ID, 429, [5]string{"", "", "3", "0", "4m58.5s"}},
		{4*time.Minute + 58500*time.Millisecond - 2*time.Nanosecond, "/organization/invites/" + inv.ID, 429, [5]string{"", "", "3", "0", "1ms"}},
		{time.Nanosecond, "/organization/invites/" + inv.ID, 200, [5]string{"", "", "3", "2", "6m0s"}},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		a := send(t, srv, http.MethodGet, s.path, "")
		if a.status != s.status {
			t.Fatalf("step %d: status %d, want %d: %s", i+1, a.status, s.status, a.body)
		}
		if got := rateHeaders(a); got != s.want {
			t.Errorf("step %d: headers %q, want %q", i+1, got, s.want)
		}
	}

	bucket := apitest.RateLimit{Requests: 4, Per: time.Minute, Kind: apitest.LimitBucket, Hints: apitest.HintsHeaders}
	srv, clock = limited(t, bucket)
	bucketSteps := []struct {
		advance time.Duration
		status  int
		want    [5]string
	}{
		{0, 200, [5]string{"", "", "4", "3", "15s"}}, // a token is 15s: the bucket is full again 15s after one is taken
		{0, 200, [5]string{"", "", "4", "2", "30s"}},
		{0, 200, [5]string{"", "", "4", "1", "45s"}},
		{0, 200, [5]string{"", "", "4", "0", "1m0s"}},
		{0, 429, [5]string{"", "", "4", "0", "1m0s"}},
		{14 * time.Second, 429, [5]string{"", "", "4", "0", "46s"}},
		{time.Second, 200, [5]string{"", "", "4", "0", "1m0s"}},
		{35 * time.Second, 200, [5]string{"", "", "4", "1", "40s"}},
	}
	for i, s := range bucketSteps {
		clock.Advance(s.advance)
		a := create(t, srv)
		if a.status != s.status {
			t.Fatalf("bucket step %d: status %d, want %d: %s", i+1, a.status, s.status, a.body)
		}
		if got := rateHeaders(a); got != s.want {
			t.Errorf("bucket step %d: headers %q, want %q", i+1, got, s.want)
		}
	}
}

func TestRateLimitDefaultAndPerEndpoint(t *testing.T) {
	t.Parallel()
	srv, _ := limited(t,
		apitest.RateLimit{Requests: 1, Per: time.Minute},                                             // the default, for each endpoint
		apitest.RateLimit{Endpoint: "post /v1/organization/invites/", Requests: 2, Per: time.Minute}, // written loosely
	)
	inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
	item := "/organization/invites/" + inv.ID
	tests := []struct {
		method, path string
		want         []int
	}{
		{http.MethodGet, "/organization/invites", []int{200, 429}},
		{http.MethodGet, item, []int{200, 429}}, // a budget of its own, not what the list left
		{http.MethodPost, "/organization/invites", []int{200, 200, 429}},
		{http.MethodDelete, "/organization/invites/invite-other", []int{404, 429}}, // another invite, the same endpoint
		{http.MethodDelete, item, []int{429}},
		{http.MethodPut, "/organization/invites", []int{405, 405, 405}}, // no such endpoint: not limited
		{http.MethodGet, "/organization/users", []int{404, 404, 404}},
	}
	for _, tt := range tests {
		var got []int
		for range tt.want {
			body := ""
			if tt.method == http.MethodPost {
				body = fmt.Sprintf(`{"email":"user%d@example.com","role":"reader"}`, emailSeq.Add(1))
			}
			got = append(got, send(t, srv, tt.method, tt.path, body).status)
		}
		if d := difftest.Diff(tt.want, got); d != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, d)
		}
	}
}

func TestRateLimitRefusalsAreRecordedAndMeetNoFault(t *testing.T) {
	t.Parallel()
	srv, _ := limited(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 1, Per: time.Minute, Kind: apitest.LimitBucket, Hints: apitest.HintsRetryAfter})
	if err := srv.InjectFault(apitest.Fault{Method: "POST", Path: "/organization/invites", Times: 1, Status: 503}); err != nil {
		t.Fatal(err)
	}
	got := []int{
		send(t, srv, http.MethodPost, "/organization/invites", `{"email":"a@example.com","role":"reader"}`, "Authorization", "Bearer wrong").status,
		create(t, srv).status, // served, then answered by the fault
		create(t, srv).status, // refused: the fault is not there any more, and no fault is used up
		send(t, srv, http.MethodGet, "/organization/invites", "").status, // another endpoint, without a limit
	}
	if d := difftest.Diff([]int{401, 503, 429, 200}, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if err := srv.InjectFault(apitest.Fault{Method: "POST", Path: "/organization/invites", Times: 1, Status: 500}); err != nil {
		t.Fatal(err)
	}
	checkRefusal(t, create(t, srv), "Please try again in 1m0s.")
	if n := len(srv.Faults()); n != 1 {
		t.Errorf("%d faults left, want 1: a refused request must not use one up", n)
	}
	type seen struct{ Method, Fault, RateLimit string }
	var records []seen
	for _, r := range srv.Requests() {
		records = append(records, seen{r.Method, r.Fault, r.RateLimit})
	}
	limit := "POST /organization/invites=1/1m,bucket,hints=retry-after"
	want := []seen{
		{"POST", "", ""}, // the 401
		{"POST", "POST /organization/invites 503 x1", ""},
		{"POST", "", limit},
		{"GET", "", ""},
		{"POST", "", limit},
	}
	if d := difftest.Diff(want, records); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	if got := srv.RateLimited(); got != 2 {
		t.Errorf("RateLimited() = %d, want 2", got)
	}
	srv.ResetRequests()
	if got := srv.RateLimited(); got != 2 {
		t.Errorf("after ResetRequests, RateLimited() = %d, want 2 still", got)
	}
}

func TestRateLimitAtRuntime(t *testing.T) {
	t.Parallel()
	srv, clock := limited(t)
	if got := srv.RateLimits(); len(got) != 0 {
		t.Errorf("RateLimits() = %v, want none", got)
	}
	if err := srv.SetRateLimit(apitest.RateLimit{Endpoint: createEndpoint, Requests: 0, Per: time.Minute}); err == nil {
		t.Error("SetRateLimit took a limit of 0 requests")
	}
	for _, l := range []apitest.RateLimit{
		{Endpoint: "delete /organization/invites/{id}", Requests: 5, Per: time.Hour},
		{Requests: 2, Per: time.Minute, Hints: apitest.HintsHeaders},
		{Endpoint: createEndpoint, Requests: 9, Per: time.Minute},
		{Endpoint: createEndpoint, Requests: 1, Per: time.Minute}, // replaces the one before
	} {
		if err := srv.SetRateLimit(l); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, l := range srv.RateLimits() {
		got = append(got, l.String())
	}
	want := []string{"2/1m,hints=headers", "POST /organization/invites=1/1m", "DELETE /organization/invites/{invite_id}=5/1h"}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("RateLimits() (-want +got):\n%s", d)
	}
	if d := difftest.Diff([]int{200, 429}, statuses(t, srv, 2)); d != "" {
		t.Errorf("creates (-want +got):\n%s", d)
	}
	if err := srv.SetRateLimit(apitest.RateLimit{Endpoint: createEndpoint, Requests: 2, Per: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if d := difftest.Diff([]int{200, 200, 429}, statuses(t, srv, 3)); d != "" {
		t.Errorf("creates with a new limit, which starts with its whole budget (-want +got):\n%s", d)
	}
	srv.ClearRateLimits()
	clock.Advance(time.Nanosecond)
	if d := difftest.Diff(repeat(200, 5), statuses(t, srv, 5)); d != "" {
		t.Errorf("creates after ClearRateLimits (-want +got):\n%s", d)
	}
	if a := send(t, srv, http.MethodGet, "/organization/invites", ""); rateHeaders(a) != [5]string{} {
		t.Errorf("headers %q after ClearRateLimits, want none", rateHeaders(a))
	}
}

func TestWithRateLimitRefusesBadLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limits []apitest.RateLimit
		want   string
	}{
		{[]apitest.RateLimit{{Requests: 7, Per: time.Minute}, {Endpoint: "*", Requests: 1, Per: time.Second}},
			"apitest: WithRateLimit: two limits for the default (no endpoint); give one per endpoint and at most one default"},
		{[]apitest.RateLimit{{Endpoint: createEndpoint, Requests: 7, Per: time.Minute}, {Endpoint: "POST /v1/organization/invites", Requests: 1, Per: time.Second}},
			"apitest: WithRateLimit: two limits for POST /organization/invites; give one per endpoint and at most one default"},
		{[]apitest.RateLimit{{Endpoint: "PATCH /organization/invites", Requests: 7, Per: time.Minute}},
			`apitest: WithRateLimit: rate limit: endpoint "PATCH /organization/invites" is not METHOD PATH of an operation of the fake`},
		{[]apitest.RateLimit{{Requests: 7}},
			"apitest: WithRateLimit: rate limit: per must be from 1ms to 24h, got 0s"},
	}
	for _, tt := range tests {
		_, err := apitest.NewHandler(apitest.WithRateLimit(tt.limits...))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("NewHandler(WithRateLimit(%v)) = %v, want %q", tt.limits, err, tt.want)
		}
	}
}

func TestRateLimitValidate(t *testing.T) {
	t.Parallel()
	ok := apitest.RateLimit{Requests: 7, Per: time.Minute}
	tests := []struct {
		change func(*apitest.RateLimit)
		want   string // "" for valid
	}{
		{func(*apitest.RateLimit) {}, ""},
		{func(l *apitest.RateLimit) { l.Endpoint = "*" }, ""},
		{func(l *apitest.RateLimit) { l.Endpoint = " GET /v1/organization/invites/{x} " }, ""},
		{func(l *apitest.RateLimit) { l.Requests, l.Per = 1, time.Millisecond }, ""},
		{func(l *apitest.RateLimit) { l.Requests, l.Per = apitest.MaxRateLimitRequests, 24*time.Hour }, ""},
		{func(l *apitest.RateLimit) { l.Requests = 0 }, "rate limit: requests must be from 1 to 1000000, got 0"},
		{func(l *apitest.RateLimit) { l.Requests = apitest.MaxRateLimitRequests + 1 }, "rate limit: requests must be from 1 to 1000000, got 1000001"},
		{func(l *apitest.RateLimit) { l.Per = time.Millisecond - 1 }, "rate limit: per must be from 1ms to 24h, got 999.999µs"},
		{func(l *apitest.RateLimit) { l.Per = 24*time.Hour + 1 }, "rate limit: per must be from 1ms to 24h, got 24h0m0.000000001s"},
		{func(l *apitest.RateLimit) { l.Kind = 2 }, "rate limit: unknown kind 2 (want LimitWindow or LimitBucket)"},
		{func(l *apitest.RateLimit) { l.Hints = -1 }, "rate limit: unknown hints -1 (want HintsNone, HintsRetryAfter or HintsHeaders)"},
		{func(l *apitest.RateLimit) { l.Endpoint = "/organization/invites" },
			`rate limit: endpoint "/organization/invites" is not METHOD PATH of an operation of the fake: GET /organization/invites, POST /organization/invites, GET /organization/invites/{invite_id}, DELETE /organization/invites/{invite_id}, or empty (or *) for every one`},
		{func(l *apitest.RateLimit) { l.Endpoint = "GET /organization/invites/{}" }, `rate limit: endpoint "GET /organization/invites/{}" is not`},
		{func(l *apitest.RateLimit) { l.Endpoint = "GET /organization/invites/x/y" }, `rate limit: endpoint "GET /organization/invites/x/y" is not`},
	}
	for _, tt := range tests {
		l := ok
		tt.change(&l)
		err := l.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%+v: Validate() = %v, want nil", l, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("%+v: Validate() = %v, want %q", l, err, tt.want)
		}
	}
}

func TestParseRateLimit(t *testing.T) {
	t.Parallel()
	good := []struct {
		text string
		want apitest.RateLimit
		back string // the String of the result
	}{
		{"7/min", apitest.RateLimit{Requests: 7, Per: time.Minute}, "7/1m"},
		{"7/m", apitest.RateLimit{Requests: 7, Per: time.Minute}, "7/1m"},
		{"100/hour", apitest.RateLimit{Requests: 100, Per: time.Hour}, "100/1h"},
		{"5/sec,window", apitest.RateLimit{Requests: 5, Per: time.Second}, "5/1s"},
		{"7/700ms,hints=headers", apitest.RateLimit{Requests: 7, Per: 700 * time.Millisecond, Hints: apitest.HintsHeaders}, "7/700ms,hints=headers"},
		{"3/1m30s,bucket,hints=none", apitest.RateLimit{Requests: 3, Per: 90 * time.Second, Kind: apitest.LimitBucket}, "3/1m30s,bucket"},
		{"*=2/h", apitest.RateLimit{Requests: 2, Per: time.Hour}, "2/1h"},
		{"POST /organization/invites=7/1m,bucket,hints=retry-after",
			apitest.RateLimit{Endpoint: createEndpoint, Requests: 7, Per: time.Minute, Kind: apitest.LimitBucket, Hints: apitest.HintsRetryAfter},
			"POST /organization/invites=7/1m,bucket,hints=retry-after"},
		{" delete /v1/organization/invites/{id} = 10 / 2h , hints = headers , bucket ",
			apitest.RateLimit{Endpoint: deleteEndpoint, Requests: 10, Per: 2 * time.Hour, Kind: apitest.LimitBucket, Hints: apitest.HintsHeaders},
			"DELETE /organization/invites/{invite_id}=10/2h,bucket,hints=headers"},
	}
	for _, tt := range good {
		got, err := apitest.ParseRateLimit(tt.text)
		if err != nil {
			t.Errorf("ParseRateLimit(%q): %v", tt.text, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseRateLimit(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
		if s := got.String(); s != tt.back {
			t.Errorf("ParseRateLimit(%q).String() = %q, want %q", tt.text, s, tt.back)
		}
		if again, err := apitest.ParseRateLimit(got.String()); err != nil || again != got {
			t.Errorf("ParseRateLimit(%q) = %+v, %v: the text form does not read back", got.String(), again, err)
		}
	}
	bad := []struct{ text, want string }{
		{"", `rate limit: empty: write [METHOD PATH=]N/PERIOD[,window|bucket][,hints=none|retry-after|headers], such as 7/min`},
		{" ,bucket", "rate limit: empty"},
		{"7", `rate limit: "7" is not N/PERIOD, such as 7/min or 100/1h`},
		{"POST /organization/invites", `rate limit: "POST /organization/invites" is not N/PERIOD; an endpoint is followed by =, as in POST /organization/invites=7/min`},
		{"POST /organization/invites 7/min", `rate limit: "POST /organization/invites 7/min" is not N/PERIOD; an endpoint is followed by =`},
		{"seven/min", `rate limit: requests "seven" must be a whole number from 1 to 1000000`},
		{"-1/min", `rate limit: requests "-1" must be a whole number from 1 to 1000000`},
		{"+7/min", `rate limit: requests "+7" must be a whole number from 1 to 1000000`},
		{"99999999999/min", `rate limit: requests "99999999999" must be a whole number from 1 to 1000000`},
		{"0/min", "rate limit: requests must be from 1 to 1000000, got 0"},
		{"7/fortnight", `rate limit: period "fortnight" must be s, min, h or a duration such as 1m, 90s or 700ms`},
		{"7/", `rate limit: period "" must be s, min, h`},
		{"7/0s", "rate limit: per must be from 1ms to 24h, got 0s"},
		{"7/48h", "rate limit: per must be from 1ms to 24h, got 48h0m0s"},
		{"7/min,fast", `rate limit: "fast" is not window, bucket or hints=none|retry-after|headers`},
		{"7/min,retry-after", `rate limit: "retry-after" is not window, bucket or hints=none|retry-after|headers`},
		{"7/min,hints=all", "rate limit: hints=all: want none, retry-after or headers"},
		{"7/min,bucket,window", `rate limit: "7/min,bucket,window": the kind (window or bucket) is given twice`},
		{"7/min,hints=none,hints=headers", `rate limit: "7/min,hints=none,hints=headers": hints are given twice`},
		{"7/min,,bucket", `rate limit: "7/min,,bucket" has an empty part between commas`},
		{"PUT /organization/invites=7/min", `rate limit: endpoint "PUT /organization/invites" is not METHOD PATH of an operation of the fake`},
		{"/organization/invites=7/min", `rate limit: endpoint "/organization/invites" is not METHOD PATH`},
	}
	for _, tt := range bad {
		_, err := apitest.ParseRateLimit(tt.text)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseRateLimit(%q) = %v, want %q", tt.text, err, tt.want)
		}
	}
}

func TestRateLimitTextMarshalling(t *testing.T) {
	t.Parallel()
	l := apitest.RateLimit{Endpoint: getEndpoint, Requests: 3, Per: time.Second, Hints: apitest.HintsRetryAfter}
	text, err := l.MarshalText()
	if err != nil || string(text) != "GET /organization/invites/{invite_id}=3/1s,hints=retry-after" {
		t.Errorf("MarshalText() = %q, %v", text, err)
	}
	var back apitest.RateLimit
	if err := back.UnmarshalText(text); err != nil || back != l {
		t.Errorf("UnmarshalText(%q) = %+v, %v, want %+v", text, back, err, l)
	}
	if err := back.UnmarshalText([]byte("7/min,fast")); err == nil {
		t.Error("UnmarshalText took a bad limit")
	}
	if _, err := (apitest.RateLimit{Requests: 0, Per: time.Second}).MarshalText(); err == nil {
		t.Error("MarshalText wrote a bad limit")
	}
	for _, s := range []fmt.Stringer{apitest.LimitWindow, apitest.LimitBucket, apitest.LimitKind(9), apitest.HintsNone, apitest.HintsRetryAfter, apitest.HintsHeaders, apitest.LimitHints(9)} {
		text = append(text[:0], s.String()...)
		if len(text) == 0 {
			t.Errorf("%#v has no name", s)
		}
	}
	if got := apitest.LimitKind(9).String() + " " + apitest.LimitHints(9).String(); got != "LimitKind(9) LimitHints(9)" {
		t.Errorf("unknown values print as %q", got)
	}
}

// TestRateLimitMeetsTheSDK runs a client that does not pace (so that it
// gives a 429 up at once) into each kind of limit: the SDK sees OpenAI's
// answer, as *api.Error matching
// api.ErrRateLimited, with the hint when the limit gives one.
func TestRateLimitMeetsTheSDK(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		hints      apitest.LimitHints
		retryAfter time.Duration
	}{
		{apitest.HintsNone, 0},
		{apitest.HintsRetryAfter, 45 * time.Second},
		{apitest.HintsHeaders, 0},
	} {
		srv, clock := limited(t, apitest.RateLimit{Endpoint: createEndpoint, Requests: 1, Per: time.Minute, Hints: tt.hints})
		client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()), api.WithMaxRetries(0), api.WithoutPacing())
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader}); err != nil {
			t.Fatalf("%s: the first create: %v", tt.hints, err)
		}
		clock.Advance(15 * time.Second)
		_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "grace@example.com", Role: api.RoleReader})
		var e *api.Error
		if !errors.As(err, &e) || !errors.Is(err, api.ErrRateLimited) {
			t.Fatalf("%s: the second create: %v, want an *api.Error matching ErrRateLimited", tt.hints, err)
		}
		if e.StatusCode != 429 || e.Type != "requests" || e.Code != "rate_limit_exceeded" || e.RetryAfter != tt.retryAfter || e.RequestID == "" {
			t.Errorf("%s: %+v, want 429, requests, rate_limit_exceeded, RetryAfter %s and a request id", tt.hints, e, tt.retryAfter)
		}
	}
}

// TestRateLimitInRealTime runs a compressed limit (2 per 200ms) on the
// default clock, as a test of a client's pacing would: a request is refused
// once the budget is spent, and one sent after the hinted wait is served.
// It does not depend on the machine's speed: it sends until a request is
// refused, however many that takes.
func TestRateLimitInRealTime(t *testing.T) {
	t.Parallel()
	for _, kind := range []apitest.LimitKind{apitest.LimitWindow, apitest.LimitBucket} {
		srv := setup(t, apitest.WithRateLimit(apitest.RateLimit{Requests: 2, Per: 200 * time.Millisecond, Kind: kind, Hints: apitest.HintsRetryAfter}))
		var refused answer
		for i := 0; refused.status == 0; i++ {
			if i == 1000 {
				t.Fatalf("%s: 1000 requests and none refused", kind)
			}
			if a := create(t, srv); a.status == http.StatusTooManyRequests {
				refused = a
			}
		}
		ms, err := strconv.Atoi(refused.header.Get("Retry-After-Ms"))
		if err != nil || ms < 1 || ms > 200 {
			t.Fatalf("%s: retry-after-ms %q, want 1 to 200", kind, refused.header.Get("Retry-After-Ms"))
		}
		time.Sleep(time.Duration(ms) * time.Millisecond)
		if a := create(t, srv); a.status != http.StatusOK {
			t.Errorf("%s: after the hinted wait: %d %s", kind, a.status, a.body)
		}
	}
}

// TestRateLimitAnswersMatchTheSpec sends every operation into every kind of
// limit with every hint, served and refused: WithTB fails the test on an
// answer the spec does not allow (a 429 is the operations' TooManyRequests,
// whose Retry-After must be a whole number of seconds, at least 1).
func TestRateLimitAnswersMatchTheSpec(t *testing.T) {
	t.Parallel()
	for _, kind := range []apitest.LimitKind{apitest.LimitWindow, apitest.LimitBucket} {
		for _, hints := range []apitest.LimitHints{apitest.HintsNone, apitest.HintsRetryAfter, apitest.HintsHeaders} {
			srv, clock := limited(t, apitest.RateLimit{Requests: 2, Per: 1500 * time.Millisecond, Kind: kind, Hints: hints})
			inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
			for round := range 2 {
				for range 3 {
					create(t, srv)
					send(t, srv, http.MethodGet, "/organization/invites?limit=1", "")
					send(t, srv, http.MethodGet, "/organization/invites/"+inv.ID, "")
					send(t, srv, http.MethodDelete, "/organization/invites/invite-nope", "")
				}
				if round == 0 {
					clock.Advance(1499 * time.Millisecond) // a wait of under a second: Retry-After 1
				}
			}
			if got := srv.RateLimited(); got == 0 {
				t.Errorf("%s, %s: nothing refused", kind, hints)
			}
		}
	}
}
