package apitest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestParseFault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Fault
		text string // String() of the result, when it differs from in
	}{
		{"POST /organization/invites 503 x2 retry-after-ms=10",
			Fault{Method: "POST", Path: "/organization/invites", Status: 503, Times: 2, RetryAfterMilliseconds: 10}, ""},
		{"get /organization/invites/{invite_id} drop=after-headers x1",
			Fault{Method: "GET", Path: "/organization/invites/{invite_id}", Drop: DropAfterHeaders, Times: 1},
			"GET /organization/invites/{invite_id} x1 drop=after-headers"},
		{"* * latency=3s", Fault{Latency: 3 * time.Second}, ""},
		{"latency=250ms", Fault{Latency: 250 * time.Millisecond}, "* * latency=250ms"},
		{"/organization/invites 429 retry-after=2", Fault{Path: "/organization/invites", Status: 429, RetryAfterSeconds: 2},
			"* /organization/invites 429 retry-after=2"},
		{"DELETE * 409 header=X-Should-Retry:false", Fault{Method: "DELETE", Status: 409, Header: http.Header{"X-Should-Retry": {"false"}}}, ""},
		{`GET * 429 header="Retry-After: Wed, 21 Oct 2026 07:28:00 GMT"`,
			Fault{Method: "GET", Status: 429, Header: http.Header{"Retry-After": {"Wed, 21 Oct 2026 07:28:00 GMT"}}},
			`GET * 429 header="Retry-After:Wed, 21 Oct 2026 07:28:00 GMT"`},
		{"POST * status=502 times=3 body=not-json", Fault{Method: "POST", Status: 502, Times: 3, Body: BodyNotJSON}, "POST * 502 x3 body=not-json"},
		{"* * body=truncated", Fault{Body: BodyTruncated}, ""},
		{"* * drop=before", Fault{Drop: DropBeforeHeaders}, "* * drop=before-headers"},
		{"* * 503 retry-after=3 retry-after-ms=2500", Fault{Status: 503, RetryAfterSeconds: 3, RetryAfterMilliseconds: 2500}, ""},
		{"  POST\t/organization/invites   500  ", Fault{Method: "POST", Path: "/organization/invites", Status: 500}, "POST /organization/invites 500"},
		{"* * 400 header=A:1 header=a:2", Fault{Status: 400, Header: http.Header{"A": {"1", "2"}}}, "* * 400 header=A:1 header=A:2"},
		{"POST /organization/invites 303", Fault{Method: "POST", Path: "/organization/invites", Status: 303}, ""},
		{"DELETE /organization/invites/{invite_id} 301 x1", Fault{Method: "DELETE", Path: "/organization/invites/{invite_id}", Status: 301, Times: 1}, ""},
		{"POST * 302 location=https://elsewhere.example/v1/organization/invites",
			Fault{Method: "POST", Status: 302, Location: "https://elsewhere.example/v1/organization/invites"}, ""},
		{"* * 307 location=/v1/organization/invites", Fault{Status: 307, Location: "/v1/organization/invites"}, ""},
		{"GET * body=empty-object", Fault{Method: "GET", Body: BodyEmptyObject}, ""},
		{"GET * body=null", Fault{Method: "GET", Body: BodyNull}, ""},
		{"GET * body=list", Fault{Method: "GET", Body: BodyList}, ""},
		{"GET * body=array", Fault{Method: "GET", Body: BodyArray}, ""},
		{"GET * body=no-id", Fault{Method: "GET", Body: BodyNoID}, ""},
		{"GET * body=wrong-object", Fault{Method: "GET", Body: BodyWrongObject}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFault(tt.in)
			if err != nil {
				t.Fatalf("ParseFault: %v", err)
			}
			if d := difftest.Diff(tt.want, got); d != "" {
				t.Fatalf("ParseFault (-want +got):\n%s", d)
			}
			text := tt.text
			if text == "" {
				text = tt.in
			}
			if got.String() != text {
				t.Fatalf("String() = %q, want %q", got.String(), text)
			}
			again, err := ParseFault(got.String())
			if err != nil {
				t.Fatalf("String() does not read back: %v", err)
			}
			if d := difftest.Diff(got, again); d != "" {
				t.Fatalf("String() read back (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseFaultErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":                                  "empty",
		"POST /organization/invites":        "it does nothing",
		"POST /organization/invites 200":    "status must be an error status from 400 to 599 or a redirect",
		"POST /organization/invites 304":    "or a redirect (301, 302, 303, 307, 308), got 304",
		"POST /x location=/y":               "location is only for a redirect status",
		"POST /x 503 location=/y":           "location is only for a redirect status",
		"POST /x 303 location=ftp://h/y":    "absolute http or https URL",
		"POST /x 303 location=//h/y":        "absolute http or https URL",
		"POST /x 303 location=y":            "absolute http or https URL",
		"POST /x 303 body=null":             "a redirect (303) has no body to spoil or drop",
		"POST /x 302 drop=after":            "a redirect (302) has no body to spoil or drop",
		"POST /x 5030":                      `"5030" is not a status`,
		"POST /x 503 x0 x2":                 "times is given twice",
		"POST /x 503 x-1":                   `"x-1" is not a status`,
		"POST /x 503 times=-1":              "times must be 0",
		"POST /x 503 drop=before-headers":   "would never be sent",
		"POST /x drop=after body=not-json":  "not both",
		"POST /x drop=sideways":             "want before-headers or after-headers",
		"POST /x body=empty":                "want one of truncated, not-json, empty-object, null, list, array, no-id, wrong-object",
		"POST /x body=intact":               "want one of truncated",
		"POST /x latency=5":                 "latency=5: time: missing unit",
		"POST /x 503 retry-after=-1":        "must not be negative",
		"POST /x 503 retry-after=soon":      "retry-after=soon",
		"POST /x 503 retry-after=1.5":       "retry-after=1.5",
		"POST /x 503 retry-after-ms=2s":     "retry-after-ms=2s",
		"POST /x 503 header=NoColon":        "want header=Name:value",
		"POST /x 503 header=Bad Name:1":     "header=Bad: want header=Name:value",
		`POST /x 503 header="Bad Name:1"`:   `header name "Bad Name" is not valid`,
		`POST /x 503 header="A:1`:           "unterminated",
		"POST /x 503 colour=red":            `unknown setting "colour"`,
		"POST /x 503 status=500":            "status is given twice",
		"POST organization 503":             `"organization" is not a status`,
		"POST /x 503 latency=1s latency=2s": "latency is given twice",
	}
	for in, want := range tests {
		_, err := ParseFault(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFault(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

// FuzzParseFault reads arbitrary text as a fault: it is refused with an
// error, or it is a valid fault whose String reads back as the same fault.
func FuzzParseFault(f *testing.F) {
	for _, s := range []string{
		"POST /organization/invites 503 x2 retry-after-ms=10",
		"GET /organization/invites/{invite_id} drop=after-headers x1",
		"* * latency=3s",
		`GET * 429 header="Retry-After: Wed, 21 Oct 2026 07:28:00 GMT" header=X-A:1`,
		"DELETE * 409 header=X-Should-Retry:false body=not-json retry-after=1",
		`* * 503 header="A:\"q\""`,
		"post 503 times=0",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fault, err := ParseFault(text)
		if err != nil {
			return
		}
		if err := fault.Validate(); err != nil {
			t.Fatalf("ParseFault(%q) gave an invalid fault: %v", text, err)
		}
		again, err := ParseFault(fault.String())
		if err != nil {
			t.Fatalf("ParseFault(%q) = %#v, whose String %q does not parse: %v", text, fault, fault.String(), err)
		}
		if again.String() != fault.String() {
			t.Fatalf("round trip of %q: %q, then %q", text, fault.String(), again.String())
		}
	})
}
