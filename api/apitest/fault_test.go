package apitest_test

import (
	"encoding/json"
	"flag"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestParseFaultAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want apitest.Fault
	}{
		{"POST /organization/invites 503 x2 retry-after-ms=10",
			apitest.Fault{Method: "POST", Path: "/organization/invites", Times: 2, Status: 503, RetryAfterMilliseconds: 10}},
		{"GET /organization/invites/{invite_id} x1 drop=before-headers",
			apitest.Fault{Method: "GET", Path: "/organization/invites/{invite_id}", Times: 1, Drop: apitest.DropBeforeHeaders}},
		{"* * x3 drop=after-headers", apitest.Fault{Times: 3, Drop: apitest.DropAfterHeaders}},
		{"DELETE * body=truncated", apitest.Fault{Method: "DELETE", Body: apitest.BodyTruncated}},
		{"* /organization/invites 502 body=not-json", apitest.Fault{Path: "/organization/invites", Status: 502, Body: apitest.BodyNotJSON}},
		{"* * 429 retry-after=120 latency=1s header=X-Should-Retry:false",
			apitest.Fault{Status: 429, RetryAfterSeconds: 120, Latency: time.Second, Header: http.Header{"X-Should-Retry": {"false"}}}},
		{"POST /organization/invites 303", apitest.Fault{Method: "POST", Path: "/organization/invites", Status: 303}},
		{"DELETE * 302 location=https://elsewhere.example/v1/organization/invites",
			apitest.Fault{Method: "DELETE", Status: 302, Location: "https://elsewhere.example/v1/organization/invites"}},
		{"GET * body=wrong-object", apitest.Fault{Method: "GET", Body: apitest.BodyWrongObject}},
	}
	for _, tt := range tests {
		got, err := apitest.ParseFault(tt.text)
		if err != nil {
			t.Fatalf("ParseFault(%q): %v", tt.text, err)
		}
		if d := difftest.Diff(tt.want, got); d != "" {
			t.Errorf("ParseFault(%q) (-want +got):\n%s", tt.text, d)
		}
		if s := tt.want.String(); s != tt.text {
			t.Errorf("String() = %q, want %q", s, tt.text)
		}
		if err := tt.want.Validate(); err != nil {
			t.Errorf("Validate(%q): %v", tt.text, err)
		}
	}
	if _, err := apitest.ParseFault("POST /organization/invites 200"); err == nil || !strings.Contains(err.Error(), "400 to 599") {
		t.Errorf("ParseFault of a 200: %v, want an error naming 400 to 599", err)
	}
	got := []string{apitest.Drop(0).String(), apitest.DropBeforeHeaders.String(), apitest.DropAfterHeaders.String()}
	for b := apitest.BodyIntact; b <= apitest.BodyWrongObject; b++ {
		got = append(got, b.String())
	}
	want := []string{"none", "before-headers", "after-headers",
		"intact", "truncated", "not-json", "empty-object", "null", "list", "array", "no-id", "wrong-object"}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("names of the drop and body modes (-want +got):\n%s", d)
	}
}

func TestFaultAsFlagAndJSON(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("mock-server", flag.ContinueOnError)
	var f apitest.Fault
	fs.TextVar(&f, "fault", apitest.Fault{Status: 503}, "a fault to inject")
	if err := fs.Parse([]string{"-fault", "POST /organization/invites 429 x1 retry-after=2"}); err != nil {
		t.Fatal(err)
	}
	want := apitest.Fault{Method: "POST", Path: "/organization/invites", Times: 1, Status: 429, RetryAfterSeconds: 2}
	if d := difftest.Diff(want, f); d != "" {
		t.Fatalf("the flag (-want +got):\n%s", d)
	}
	if err := fs.Parse([]string{"-fault", "POST nowhere"}); err == nil {
		t.Fatal("an invalid fault flag was accepted")
	}
	b, err := json.Marshal(map[string]apitest.Fault{"fault": want})
	if err != nil {
		t.Fatal(err)
	}
	if d := difftest.Diff(`{"fault":"POST /organization/invites 429 x1 retry-after=2"}`, string(b)); d != "" {
		t.Errorf("JSON (-want +got):\n%s", d)
	}
	var back map[string]apitest.Fault
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := difftest.Diff(map[string]apitest.Fault{"fault": want}, back); d != "" {
		t.Errorf("JSON read back (-want +got):\n%s", d)
	}
	if _, err := json.Marshal(apitest.Fault{}); err == nil {
		t.Fatal("an invalid fault was marshalled")
	}
}

func TestHandlerFaults(t *testing.T) {
	t.Parallel()
	h, err := apitest.NewHandler(apitest.WithFaults(apitest.Fault{Method: "GET", Status: 500, Times: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.InjectFault(apitest.Fault{Method: "DELETE", Status: 503}); err != nil {
		t.Fatal(err)
	}
	if err := h.InjectFault(apitest.Fault{Status: 503, Drop: apitest.DropBeforeHeaders}); err == nil {
		t.Fatal("InjectFault accepted a status that can never be sent")
	}
	fs := h.Faults()
	if d := difftest.Diff([]apitest.Fault{{Method: "GET", Status: 500, Times: 2}, {Method: "DELETE", Status: 503}}, fs); d != "" {
		t.Fatalf("Faults() (-want +got):\n%s", d)
	}
	srv := apitest.NewServer(apitest.WithTB(t))
	if err := srv.InjectFault(fs[0]); err != nil {
		t.Fatalf("Server.InjectFault: %v", err)
	}
	status, _ := get(t, srv.Client(), srv.BaseURL()+"/organization/invites", apitest.AdminKey)
	r := srv.Requests()[0]
	type seen struct {
		Status        int
		Fault         string
		Authorized    bool
		Authorization string
		FaultsLeft    []apitest.Fault
	}
	got := seen{status, r.Fault, r.Authorized, r.Header.Get("Authorization"), srv.Faults()}
	want := seen{500, "GET * 500 x1", true, "Bearer [redacted]", []apitest.Fault{{Method: "GET", Status: 500, Times: 1}}}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("the server's first request (-want +got):\n%s", d)
	}
	srv.ClearFaults()
	h.ClearFaults()
	if d := difftest.Diff([][]apitest.Fault{{}, {}}, [][]apitest.Fault{srv.Faults(), h.Faults()}); d != "" {
		t.Errorf("faults after ClearFaults (-want +got):\n%s", d)
	}
	h.Close()
	h.Close()
}
