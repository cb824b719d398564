package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxRedirects is how many redirects a call follows.
const maxRedirects = 10

// redirectSafeClient returns a copy of hc (or a new client) whose redirect
// policy follows at most maxRedirects redirects, and only those that stay
// within the origin (scheme, host and port) the call was sent to and resend
// the request as it is (see changesRequest). Any other redirect's own answer
// ends the call, and newError makes it an *Error naming the status, the target
// host and why it was not followed (see redirectMessage): nothing (no
// request, body, admin key or idempotency key) reaches another origin, and
// https never drops to http.
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
		if changesRequest(req.Response.StatusCode, via[len(via)-1].Method) || !sameOrigin(req.URL, via[0].URL) {
			return http.ErrUseLastResponse
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

// sameOrigin reports whether a and b have the same scheme, host and port,
// a missing port being the scheme's own.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// port returns u's port, or its scheme's default.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// redirectMessage describes a redirect answer (3xx) that the client did not
// follow, for the Message of its *Error: the host it points to (quoted, as a
// server chose it), and why it was refused: following it would have changed
// the request, or left the origin the call was sent to.
func (c *Client) redirectMessage(resp *http.Response) string {
	loc, err := resp.Location()
	switch {
	case err == nil:
	case resp.Header.Get("Location") != "":
		return "a redirect to a Location that is not a URL not followed"
	default:
		return "a redirect without a Location not followed"
	}
	target := "a redirect to host " + c.quote(loc.Host)
	req := resp.Request
	switch {
	case req == nil:
		return target + " not followed"
	case changesRequest(resp.StatusCode, req.Method):
		return target + " refused: following a " + strconv.Itoa(resp.StatusCode) + " would resend the " +
			req.Method + " as a GET without its body, and nothing it answers is what was asked"
	case strings.EqualFold(req.URL.Scheme, "https") && !strings.EqualFold(loc.Scheme, "https"):
		return target + " refused: it drops from https to " + c.quote(loc.Scheme) + ", and nothing is sent there"
	case !sameOrigin(loc, req.URL):
		return target + " refused: it leaves the origin the request was sent to, and nothing is sent there"
	}
	return target + " not followed"
}
