package apitest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestRateLimitRefusalIsCheckedAgainstTheOperation answers a refusal whose
// wait is zero, which no limit makes: its Retry-After of 0 breaks the
// operation's TooManyRequests answer (at least 1), so the fake must report
// it and answer 500. It proves that a refusal is validated as the
// operation's answer, not merely as an error body.
func TestRateLimitRefusalIsCheckedAgainstTheOperation(t *testing.T) {
	t.Parallel()
	var invalid []error
	h := testHandler(t, onInvalidResponse(func(err error) { invalid = append(invalid, err) }))
	r := httptest.NewRequest(http.MethodPost, "/v1/organization/invites", nil)
	c := &call{req: r, requestID: "req_1"}
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, c))
	op, params := h.router.operationOf(r)
	if op == nil {
		t.Fatal("no operation for POST /v1/organization/invites")
	}
	limit := RateLimit{Endpoint: "POST /organization/invites", Requests: 1, Per: time.Minute, Hints: HintsRetryAfter}
	layer := h.withRateLimits(nil)

	w := httptest.NewRecorder()
	layer.refuse(w, c, op, params, verdict{limit: limit, refused: true, wait: time.Second})
	if w.Code != http.StatusTooManyRequests || len(invalid) != 0 {
		t.Fatalf("a refusal with a wait of 1s: %d %s, invalid %v", w.Code, w.Body, invalid)
	}

	w = httptest.NewRecorder()
	layer.refuse(w, c, op, params, verdict{limit: limit, refused: true})
	if w.Code != http.StatusInternalServerError || len(invalid) != 1 || !strings.Contains(invalid[0].Error(), "Retry-After") {
		t.Errorf("a refusal with Retry-After 0: %d %s, invalid %v; want a 500 and the header named", w.Code, w.Body, invalid)
	}
	if got := h.Requests(); len(got) != 2 || got[1].RateLimit != limit.String() {
		t.Errorf("recorded %+v", got)
	}
}
