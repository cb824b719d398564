package apitest_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	srv := setup(t)
	body := `{"email":"a@example.com","role":"reader","x":"` + strings.Repeat("x", 1<<20) + `"}`
	wantError(t, send(t, srv, http.MethodPost, "/organization/invites", body), http.StatusRequestEntityTooLarge, "", "")
}
