package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
)

func TestResponseHeaderNeverCarriesTheKey(t *testing.T) {
	t.Parallel()
	escaped := escapeKey(testKey)
	percent := url.QueryEscape(testKey)
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Echo", "Bearer "+testKey)
		h.Set("X-Echo-Escaped", escaped)
		h.Set("X-Echo-Percent", "key="+percent)
		h.Add("X-Echo", "second "+testKey+" value")
		h["x-"+testKey] = []string{"in the name"}
		h.Set("X-Kept", "kept")
		writeJSON(w, 200, inviteJSON("invite-1"))
	})
	var got api.Response
	if _, err := c.GetInvite(context.Background(), "invite-1", api.WithResponseInto(&got)); err != nil {
		t.Fatal(err)
	}
	for name, values := range got.Header {
		for _, text := range append([]string{name}, values...) {
			if mentionsKey(text) {
				t.Errorf("Response.Header carries the key: %q: %q", name, values)
			}
		}
	}
	if got.Header.Get("X-Kept") != "kept" || len(got.Header.Values("X-Echo")) != 2 {
		t.Errorf("the other headers are not all kept: %v", got.Header)
	}
}

// mentionsKey reports whether s holds testKey, in any case, as it is or
// once its JSON or URL escapes are undone.
func mentionsKey(s string) bool {
	forms := []string{s}
	if u, err := url.QueryUnescape(s); err == nil {
		forms = append(forms, u)
	}
	if u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `\/`, "/") + `"`); err == nil {
		forms = append(forms, u)
		if u2, err := url.QueryUnescape(u); err == nil {
			forms = append(forms, u2)
		}
	}
	for _, f := range forms {
		if strings.Contains(strings.ToLower(f), strings.ToLower(testKey)) {
			return true
		}
	}
	return false
}
