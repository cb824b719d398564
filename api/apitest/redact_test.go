package apitest_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// leak is one way a client may send the key somewhere it does not belong.
type leak struct {
	name   string
	path   string // below the base URL, escaped
	header http.Header
	body   string
}

// leaks lists ways of sending key in headers, the path, the query and the
// body, whatever the scheme word.
func leaks(key string) []leak {
	basic := base64.StdEncoding.EncodeToString([]byte(":" + key))
	jsonEscaped := strings.NewReplacer("s", `\u0073`, "-", `\u002d`).Replace(key)
	percent := strings.ReplaceAll(url.PathEscape(key), "-", "%2D")
	list := []leak{
		{name: "Bearer", header: http.Header{"Authorization": {"Bearer " + key}}},
		{name: "bearer", header: http.Header{"Authorization": {"bearer " + key}}},
		{name: "BEARER twice", header: http.Header{"Authorization": {"BEARER " + key, "Bearer " + key}}},
		{name: "Basic", header: http.Header{"Authorization": {"Basic " + basic}}},
		{name: "no scheme", header: http.Header{"Authorization": {key}}},
		{name: "Proxy-Authorization", header: http.Header{"Proxy-Authorization": {"Basic " + basic}}},
		{name: "api-key header", header: http.Header{"Api-Key": {key}, "X-Note": {"key=" + key + ";"}}},
		{name: "escaped header", header: http.Header{"Cookie": {"k=" + percent}}},
		{name: "path", path: "/organization/invites/" + key},
		{name: "escaped path", path: "/organization/invites/" + percent},
		{name: "query", path: "/organization/invites?api_key=" + key + "&limit=2"},
		{name: "escaped query", path: "/organization/invites?api_key=" + percent},
		{name: "JSON body", body: `{"email":"a@example.com","role":"reader","note":"` + key + `"}`},
		{name: "JSON-escaped body", body: `{"email":"a@example.com","role":"reader","note":"` + jsonEscaped + `"}`},
		{name: "JSON-escaped key name", body: `{"` + jsonEscaped + `":1}`},
		{name: "form body", body: "api_key=" + percent},
		{name: "key across the cut", body: strings.Repeat(" ", apitest.MaxRecordedBody-len(key)/2) + key},
	}
	if !strings.ContainsFunc(key, func(r rune) bool { return r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		list = append(list, leak{name: "header name", header: http.Header{"X-" + key: {"1"}}})
	}
	return list
}

// shown is everything a recorded request shows, as text: as printed, and
// unescaped as a server would read it (the path and query unescaped, the
// strings of a JSON body decoded).
func shown(r apitest.RecordedRequest) string {
	path, _ := url.PathUnescape(r.Path)
	query, _ := url.QueryUnescape(r.RawQuery)
	body, _ := url.QueryUnescape(string(r.Body))
	text := fmt.Sprintf("%#v\n%s\n%s %s?%s\n%s\n", r, r.Body, r.Method, path, query, body)
	for _, values := range r.Header {
		for _, v := range values {
			u, _ := url.QueryUnescape(v)
			text += u + "\n"
		}
	}
	var decoded any
	if json.Unmarshal(r.Body, &decoded) == nil {
		text += fmt.Sprintf("%#v\n", decoded)
	}
	return text
}

func TestRecordedRequestsNeverShowTheKey(t *testing.T) {
	t.Parallel()
	for _, key := range []string{apitest.AdminKey, `sk-admin/with+odd"chars&=é`} {
		srv := setup(t, apitest.WithAdminKey(key))
		basic := base64.StdEncoding.EncodeToString([]byte(":" + key))
		for _, l := range leaks(key) {
			for _, authorized := range []bool{true, false} {
				path := l.path
				if path == "" {
					path = "/organization/invites"
				}
				method := http.MethodGet
				if l.body != "" {
					method = http.MethodPost
				}
				req, err := http.NewRequest(method, srv.BaseURL()+path, strings.NewReader(l.body))
				if err != nil {
					t.Fatal(err)
				}
				for name, values := range l.header {
					req.Header[name] = values
				}
				if authorized {
					req.Header.Add("Authorization", "Bearer "+key)
					if len(l.header["Authorization"]) > 0 {
						req.Header["Authorization"] = []string{"Bearer " + key} // only one is accepted
					}
				}
				srv.ResetRequests()
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				reqs := srv.Requests()
				if len(reqs) != 1 {
					t.Fatalf("%s: %d requests recorded", l.name, len(reqs))
				}
				text := shown(reqs[0])
				for _, secret := range []string{key, url.PathEscape(key), url.QueryEscape(key), basic, key[:len(key)/2+1], key[len(key)/2:]} {
					if strings.Contains(text, secret) {
						t.Errorf("key %q, %s, authorized %v: the recorded request shows %q:\n%s", key, l.name, authorized, secret, text)
					}
				}
			}
		}
	}
}

func TestRecordedRequestsKeepWhatIsNotTheKey(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	send(t, srv, http.MethodPost, "/organization/invites?x=1", adaBody, "X-Custom", "kept", "Authorization", "bearer "+apitest.AdminKey)
	send(t, srv, http.MethodPost, "/organization/invites", adaBody)
	send(t, srv, http.MethodGet, "/organization/invites/"+apitest.AdminKey, "", "X-Echo", "k="+apitest.AdminKey)
	got := srv.Requests()
	for i := range got {
		got[i].Header = http.Header{
			"Authorization": got[i].Header["Authorization"],
			"X-Custom":      got[i].Header["X-Custom"],
			"X-Echo":        got[i].Header["X-Echo"],
		}
	}
	want := []apitest.RecordedRequest{
		{Method: "POST", Path: "/v1/organization/invites", RawQuery: "x=1",
			Header: http.Header{"Authorization": {"bearer [redacted]"}, "X-Custom": {"kept"}, "X-Echo": nil},
			Body:   []byte(adaBody), BodyTruncated: false, Authorized: false},
		{Method: "POST", Path: "/v1/organization/invites",
			Header: http.Header{"Authorization": {"Bearer [redacted]"}, "X-Custom": nil, "X-Echo": nil},
			Body:   []byte(adaBody), Authorized: true},
		{Method: "GET", Path: "/v1/organization/invites/[redacted]",
			Header: http.Header{"Authorization": {"Bearer [redacted]"}, "X-Custom": nil, "X-Echo": {"k=[redacted]"}},
			Body:   []byte{}, Authorized: true},
	}
	want[0].Body, want[0].BodyTruncated = nil, true // sent without the right key
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("recorded (-want +got):\n%s", d)
	}
}
