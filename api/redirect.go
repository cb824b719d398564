package api

import (
	"fmt"
	"net/http"
	"strings"
)

// maxRedirects is how many redirects a call follows.
const maxRedirects = 10

// redirectSafeClient returns a copy of hc (or a new client) whose redirect
// policy follows at most maxRedirects redirects, never sends the admin key
// to a host other than the one first asked, and never follows a redirect
// that would resend the request as another one (see changesRequest): that
// redirect's own answer ends the call, and decode makes it an *Error naming
// the status and the target host (see redirectMessage). Nothing is read from
// where it points.
func redirectSafeClient(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	}
	userCheck := c.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		if changesRequest(req.Response.StatusCode, via[len(via)-1].Method) {
			return http.ErrUseLastResponse
		}
		if !strings.EqualFold(req.URL.Host, via[0].URL.Host) || req.URL.Scheme != via[0].URL.Scheme {
			req.Header.Del("Authorization")
			req.Header.Del("OpenAI-Organization")
		}
		if userCheck != nil {
			return userCheck(req, via)
		}
		return nil
	}
	return &c
}

// changesRequest reports whether net/http, following a redirect with this
// status, would send a request other than the one of this method: a 301,
// 302 or 303 turns any method but GET and HEAD into a GET without a body, so
// a create or a delete would come back as a list or a get, and its answer
// would look like a success. A 307 or 308 resends the method and the body.
func changesRequest(status int, method string) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
		return method != http.MethodGet && method != http.MethodHead
	}
	return false
}
