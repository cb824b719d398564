package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/seed-a87280d7/invites/gen"
)

// idMarker stands for an invite id while NewClient builds template requests
// with the generated builders. url.PathEscape leaves it as it is.
const idMarker = "invite-id-marker-7f3a"

// itemRoute is how requests for one invite are built: the generated request
// builder's method and URL, around the escaped invite id. NewClient takes it
// from one request that the builder makes, so the generated code stays the
// only place that knows paths and methods; a test checks that the requests
// built from it equal the builder's for awkward ids.
type itemRoute struct {
	method, prefix, suffix string
}

// newItemRoute runs build once with idMarker and keeps what surrounds it.
func newItemRoute(build func(server string, id string) (*http.Request, error), server string) (itemRoute, error) {
	req, err := build(server, idMarker)
	if err != nil {
		return itemRoute{}, err
	}
	u := req.URL.String()
	i := strings.Index(u, idMarker)
	if i < 0 || strings.Count(u, idMarker) != 1 {
		return itemRoute{}, fmt.Errorf("the generated request builder made %q, without exactly one invite id", u)
	}
	return itemRoute{method: req.Method, prefix: u[:i], suffix: u[i+len(idMarker):]}, nil
}

// url returns the request URL for invite id: escaped as the generated
// builders escape path parameters.
func (r itemRoute) url(id string) string { return r.prefix + url.PathEscape(id) + r.suffix }

// routes are the template requests of the operations, made once by NewClient.
type routes struct {
	retrieve, delete itemRoute
	create           struct{ method, url, contentType string }
}

func newRoutes(server string) (*routes, error) {
	var rt routes
	var err error
	if rt.retrieve, err = newItemRoute(gen.NewRetrieveInviteRequest, server); err != nil {
		return nil, err
	}
	if rt.delete, err = newItemRoute(gen.NewDeleteInviteRequest, server); err != nil {
		return nil, err
	}
	req, err := gen.NewInviteUserRequest(server, gen.InviteRequest{})
	if err != nil {
		return nil, err
	}
	rt.create.method, rt.create.url, rt.create.contentType = req.Method, req.URL.String(), req.Header.Get("Content-Type")
	return &rt, nil
}

// newItemRequest builds the request for invite id.
func (c *Client) newItemRequest(ctx context.Context, r itemRoute, id string) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, r.method, r.url(id), nil)
}

// newCreateRequest builds the create request, its body encoded as the
// generated builder encodes it.
func (c *Client) newCreateRequest(ctx context.Context, body InviteRequest) (*http.Request, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, c.routes.create.method, c.routes.create.url, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header["Content-Type"] = []string{c.routes.create.contentType}
	return req, nil
}
