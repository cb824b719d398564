package apitest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const testKey = "sk-admin-test"

// testHandler returns a handler that accepts testKey, with the options.
func testHandler(t testing.TB, opts ...Option) *Handler {
	t.Helper()
	h, err := NewHandler(append([]Option{WithAdminKey(testKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// onInvalidResponse makes the handler call f with the reason a response
// fails spec validation.
func onInvalidResponse(f func(error)) Option {
	return func(c *config) { c.onInvalidResponse = f }
}

// serve sends one request straight to the handler.
func serve(h *Handler, method, target, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Authorization", "Bearer "+testKey)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
