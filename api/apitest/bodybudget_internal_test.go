package apitest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBodyBudgetRefusesBeyondIt holds MaxBodyBytesInFlight of request
// bodies in flight (creates of 1 MiB each, their bodies sent slowly), then
// checks that one more large create is answered 503 with Retry-After at
// once, recorded without its body, while a request without a body is
// served; and that once the bodies are in and answered the budget is whole
// again.
func TestBodyBudgetRefusesBeyondIt(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithAdminKey(testKey))
	t.Cleanup(srv.Close)
	body := func(i int) string {
		s := fmt.Sprintf(`{"email":"user%d@example.com","role":"reader"}`, i)
		return s + strings.Repeat(" ", maxBodyBytes-len(s))
	}
	post := func(r io.Reader) *http.Request {
		req, err := http.NewRequest(http.MethodPost, srv.BaseURL()+"/organization/invites", r)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = maxBodyBytes
		req.Header.Set("Authorization", "Bearer "+testKey)
		req.Header.Set("Content-Type", "application/json")
		return req
	}
	held := MaxBodyBytesInFlight / maxBodyBytes
	writers := make([]*io.PipeWriter, held)
	statuses := make(chan int, held)
	for i := range held {
		pr, pw := io.Pipe()
		writers[i] = pw
		go func() {
			resp, err := srv.Client().Do(post(pr))
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		srv.bodies.mu.Lock()
		inUse := srv.bodies.inUse
		srv.bodies.mu.Unlock()
		if inUse == MaxBodyBytesInFlight {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d bytes of bodies in flight, want %d", inUse, MaxBodyBytesInFlight)
		}
	}

	resp, err := srv.Client().Do(post(strings.NewReader(body(held))))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" || !strings.Contains(string(answer), `"server_error"`) {
		t.Errorf("one body over the budget: %d, Retry-After %q, %s; want 503 with Retry-After 1", resp.StatusCode, resp.Header.Get("Retry-After"), answer)
	}
	reqs := srv.Requests()
	if last := reqs[len(reqs)-1]; last.Method != http.MethodPost || !last.Authorized || len(last.Body) != 0 || !last.BodyTruncated {
		t.Errorf("the refused create was recorded as %+v, want an authorized POST without its body, marked truncated", last)
	}
	get, err := http.NewRequest(http.MethodGet, srv.BaseURL()+"/organization/invites", nil)
	if err != nil {
		t.Fatal(err)
	}
	get.Header.Set("Authorization", "Bearer "+testKey)
	if resp, err := srv.Client().Do(get); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a list while the budget is spent: %v, %v; want 200", resp, err)
	} else {
		resp.Body.Close()
	}

	for i, pw := range writers {
		go func() {
			_, _ = io.WriteString(pw, body(i))
			pw.Close()
		}()
	}
	for range held {
		if status := <-statuses; status != http.StatusOK {
			t.Errorf("a create within the budget: status %d, want 200", status)
		}
	}
	resp, err = srv.Client().Do(post(strings.NewReader(body(held))))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a create once the budget is whole again: %d, want 200", resp.StatusCode)
	}
}
