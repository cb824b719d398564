package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
)

// writeEach writes every byte of s with format.
func writeEach(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// TestKeyNeverLeaksInAnyForm sends the key back in the ways of writing it
// that an earlier scrubber of the client missed, in an error's fields, its
// request id and a body that is not JSON.
func TestKeyNeverLeaksInAnyForm(t *testing.T) {
	t.Parallel()
	forms := map[string]string{
		"URL escapes escaped twice":       writeEach(testKey, "%%25%02X"),
		`\U escapes`:                      writeEach(testKey, `\U%08x`),
		`\x escapes`:                      writeEach(testKey, `\x%02x`),
		"in upper case, as a header name": strings.ToUpper(testKey),
	}
	for name, written := range forms {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, body := range []string{
				`{"error":{"type":"t","code":"c","param":"p","message":"` + written + `"}}`,
				"<html>" + written + "</html>",
			} {
				c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("x-request-id", "req_"+written)
					w.WriteHeader(http.StatusUnauthorized)
					_, _ = w.Write([]byte(body))
				}, api.WithMaxRetries(0))
				_, err := c.GetInvite(context.Background(), "invite-1")
				if err == nil {
					t.Fatal("want an error")
				}
				out := fmt.Sprintf("%+v %#v", err, err)
				if !strings.Contains(out, "[redacted]") {
					t.Errorf("the error does not say where the key was: %s", out)
				}
				for _, part := range []string{written[:12], strings.ToUpper(written[:12]), "SECRET"} {
					if strings.Contains(out, part) {
						t.Errorf("the error shows %q of the key: %s", part, out)
					}
				}
			}
		})
	}
}
