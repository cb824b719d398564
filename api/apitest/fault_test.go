package apitest_test

import (
	"encoding/json"
	"flag"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
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
	}
	for _, tt := range tests {
		got, err := apitest.ParseFault(tt.text)
		if err != nil {
			t.Fatalf("ParseFault(%q): %v", tt.text, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseFault(%q)\n got %#v\nwant %#v", tt.text, got, tt.want)
		}
		if s := tt.want.String(); s != tt.text {
			t.Errorf("String() = %q, want %q", s, tt.text)
		}
		if err := tt.want.Validate(); err != nil {
			t.Errorf("Validate(%q): %v", tt.text, err)
		}
	}
	if _, err := apitest.ParseFault("POST /organization/invites 200"); err == nil || !strings.Contains(err.Error(), "400 to 599") {
		t.Errorf("ParseFault of a 200: %v", err)
	}
	if apitest.DropBeforeHeaders.String() != "before-headers" || apitest.BodyNotJSON.String() != "not-json" || apitest.Drop(0).String() != "none" {
		t.Error("names of the drop and body modes")
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
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("flag gave %#v", f)
	}
	if err := fs.Parse([]string{"-fault", "POST nowhere"}); err == nil {
		t.Fatal("an invalid fault flag was accepted")
	}
	b, err := json.Marshal(map[string]apitest.Fault{"fault": want})
	if err != nil || string(b) != `{"fault":"POST /organization/invites 429 x1 retry-after=2"}` {
		t.Fatalf("JSON %s, %v", b, err)
	}
	var back map[string]apitest.Fault
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back["fault"], want) {
		t.Fatalf("JSON back %#v, %v", back, err)
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
	if len(fs) != 2 || fs[0].String() != "GET * 500 x2" || fs[1].String() != "DELETE * 503" {
		t.Fatalf("Faults() = %v", fs)
	}
	srv := apitest.NewServer(apitest.WithTB(t))
	if err := srv.InjectFault(fs[0]); err != nil || len(srv.Faults()) != 1 {
		t.Fatalf("Server.InjectFault: %v", err)
	}
	if status, _ := get(t, srv.Client(), srv.BaseURL()+"/organization/invites", apitest.AdminKey); status != 500 {
		t.Fatalf("status %d, want the injected 500", status)
	}
	if r := srv.Requests()[0]; r.Fault != "GET * 500 x1" || !r.Authorized || r.Header.Get("Authorization") != "Bearer [redacted]" {
		t.Fatalf("recorded %+v", r)
	}
	srv.ClearFaults()
	h.ClearFaults()
	if len(srv.Faults())+len(h.Faults()) != 0 {
		t.Fatal("ClearFaults left faults")
	}
	h.Close()
	h.Close()
}
