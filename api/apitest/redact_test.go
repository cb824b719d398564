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
	send(t, srv, http.MethodPost, "/organization/invites?x=1", adaBody, "X-Custom", "kept", "Authorization", "Token "+apitest.AdminKey)
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
			Header: http.Header{"Authorization": {"Token [redacted]"}, "X-Custom": {"kept"}, "X-Echo": nil},
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

// escapeEach writes every byte of s with format.
func escapeEach(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

func TestRecordedRequestsMissNoEscapedForm(t *testing.T) {
	t.Parallel()
	const key = "sk-admin/test-SECRET-0123"
	srv := setup(t, apitest.WithAdminKey(key))
	mixed := escapeEach(key[:8], `\u%04X`) + escapeEach(key[8:16], "%%%02x") + key[16:]
	tests := []struct {
		name, written, path, header, body string
	}{
		{name: "JSON escapes in a header", written: escapeEach(key, `\u%04x`), header: "X-Note"},
		{name: "an escaped slash in a JSON body", written: strings.ReplaceAll(key, "/", `\/`), body: `{"note":"%s"}`},
		{name: "JSON escapes in a body that is not JSON", written: escapeEach(key, `\u%04x`), body: `note=%s`},
		{name: "JSON and URL escapes mixed in a header", written: mixed, header: "X-Note"},
		{name: "URL escapes next to a stray percent sign", written: escapeEach(key, "%%%02X"), path: "/organization/invites?x=%%zz&k=%s"},
		{name: "URL escapes escaped twice", written: escapeEach(key, "%%25%02X"), path: "/organization/invites?k=%s"},
		{name: `\U escapes in a JSON body`, written: escapeEach(key, `\U%08X`), body: `{"note":"%s"}`},
		{name: "split by bytes that are not UTF-8", written: strings.Join(strings.Split(key, "-"), "\xff-"), body: `{"note":"%s"}`},
	}
	for _, tt := range tests {
		path, body := "/organization/invites", ""
		if tt.path != "" {
			path = fmt.Sprintf(tt.path, tt.written)
		}
		if tt.body != "" {
			body = fmt.Sprintf(tt.body, tt.written)
		}
		headers := []string{"Authorization", "Bearer " + key}
		if tt.header != "" {
			headers = append(headers, tt.header, tt.written)
		}
		srv.ResetRequests()
		method := http.MethodGet
		if body != "" {
			method = http.MethodPost
		}
		send(t, srv, method, path, body, headers...)
		reqs := srv.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%s: %d requests recorded", tt.name, len(reqs))
		}
		r := reqs[0]
		text := fmt.Sprintf("%s %s?%s\n%s\n", r.Method, r.Path, r.RawQuery, r.Body)
		for name, values := range r.Header {
			text += name + ": " + strings.Join(values, ", ") + "\n"
		}
		for _, secret := range []string{tt.written, key, key[4:]} {
			if strings.Contains(text, secret) {
				t.Errorf("%s: the recorded request shows %q:\n%s", tt.name, secret, text)
			}
		}
	}
}
