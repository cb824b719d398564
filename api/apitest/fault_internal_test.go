package apitest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    Fault
		want string
	}{
		{Fault{Status: 503}, ""},
		{Fault{Method: "P OST", Status: 503}, "not an HTTP method"},
		{Fault{Path: "organization", Status: 503}, "must start with /"},
		{Fault{Path: "/a b", Status: 503}, "spaces or control characters"},
		{Fault{Status: 503, Times: -1}, "times must be 0"},
		{Fault{Status: 302}, ""},
		{Fault{Status: 200}, "from 400 to 599 or a redirect"},
		{Fault{Status: 303, Location: "http://a b/"}, "without spaces"},
		{Fault{Status: 303, Location: "http:///path"}, "absolute http or https URL"},
		{Fault{Latency: -time.Second}, "must not be negative"},
		{Fault{Drop: 7}, "unknown drop mode"},
		{Fault{Body: 99}, "unknown body fault"},
		{Fault{Body: -1}, "unknown body fault"},
		{Fault{Status: 503, Header: http.Header{"X": {"a\r\nb"}}}, "control characters"},
		{Fault{Header: http.Header{"X-Should-Retry": {"false"}}}, ""},
		{Fault{}, "does nothing"},
	}
	for _, tt := range tests {
		err := tt.f.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%#v: Validate() = %v, want %q", tt.f, err, tt.want)
		}
	}
}

func TestFaultMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path string
		reqMethod    string
		reqPath      string // escaped, below /v1
		want         bool
	}{
		{"", "", "GET", "/organization/invites", true},
		{"*", "*", "DELETE", "/organization/invites/x", true},
		{"POST", "/organization/invites", "POST", "/organization/invites", true},
		{"post", "/organization/invites", "POST", "/organization/invites", true},
		{"POST", "/organization/invites", "GET", "/organization/invites", false},
		{"POST", "/v1/organization/invites", "POST", "/organization/invites", true},
		{"POST", "/organization/invites/", "POST", "/organization/invites", true},
		{"GET", "/organization/invites/{invite_id}", "GET", "/organization/invites/invite-1", true},
		{"GET", "/organization/invites/*", "GET", "/organization/invites/invite-1", true},
		{"GET", "/organization/invites/{invite_id}", "GET", "/organization/invites", false},
		{"GET", "/organization/invites", "GET", "/organization/invites/invite-1", false},
		{"GET", "/organization/invites/invite-1", "GET", "/organization/invites/invite-1", true},
		{"GET", "/organization/invites/invite-1", "GET", "/organization/invites/invite-2", false},
		{"GET", "/organization/invites/a b", "GET", "/organization/invites/a%20b", true},
		{"GET", "/organization/invites/a%2Fb", "GET", "/organization/invites/a%2Fb", true},
		{"GET", "/organization/invites/{invite_id}", "GET", "/organization/invites/a%2F..%2Fb", true},
	}
	for _, tt := range tests {
		f := Fault{Method: tt.method, Path: tt.path}
		if got := f.matches(tt.reqMethod, tt.reqPath); got != tt.want {
			t.Errorf("fault %s %s on %s %s: %v, want %v", tt.method, tt.path, tt.reqMethod, tt.reqPath, got, tt.want)
		}
	}
}
