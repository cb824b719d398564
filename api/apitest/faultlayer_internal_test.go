package apitest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestFaultLayerWrapsAnyHandler puts the fault layer around a handler that
// is not the fake, and checks that each kind of fault takes, answers,
// spoils or passes the request on without the fake's help.
func TestFaultLayerWrapsAnyHandler(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault      string
		wantServed bool
		wantStatus int
		wantBody   string
		wantHeader string
	}{
		{fault: "", wantServed: true, wantStatus: 201, wantBody: `{"id":"x"}`},
		{fault: "* * 503", wantStatus: 503, wantBody: `"server_error"`},
		{fault: "* * body=empty-object", wantServed: true, wantStatus: 201, wantBody: `{}`},
		{fault: "* * retry-after=3", wantServed: true, wantStatus: 201, wantBody: `{"id":"x"}`, wantHeader: "3"},
	}
	for _, tt := range tests {
		h := testHandler(t)
		if tt.fault != "" {
			f, err := ParseFault(tt.fault)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.InjectFault(f); err != nil {
				t.Fatal(err)
			}
		}
		served := false
		layer := h.withFaults(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			served = true
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"id":"x"}`))
		}))
		r := httptest.NewRequest(http.MethodPost, "/v1/organization/invites", nil)
		r = r.WithContext(context.WithValue(r.Context(), callKey{}, &call{req: r, requestID: "req_1"}))
		w := httptest.NewRecorder()
		layer.ServeHTTP(w, r)
		if served != tt.wantServed || w.Code != tt.wantStatus || !strings.Contains(w.Body.String(), tt.wantBody) ||
			w.Header().Get("Retry-After") != tt.wantHeader ||
			tt.fault != "" && w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
			t.Errorf("fault %q: served %v, answered %d %v %s", tt.fault, served, w.Code, w.Header(), w.Body)
		}
		if got := h.Requests(); len(got) != 1 || got[0].Fault != tt.fault && tt.fault != "" {
			t.Errorf("fault %q: recorded %+v", tt.fault, got)
		}
	}
}
