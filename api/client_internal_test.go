package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestGeneratedClientGetsAnswersNotErrors checks that the doer handed to the
// generated client keeps the HttpRequestDoer contract, as http.Client does:
// a non-2xx answer is a response, not an error. Retries and *Error are
// call's business, around the generated client.
func TestGeneratedClientGetsAnswersNotErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithAdminKey("sk-test"), WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.gen.RetrieveInvite(t.Context(), "invite-1")
	if err != nil {
		t.Fatalf("the generated client returned an error for a 503: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want the 503 itself", resp.StatusCode)
	}
}
