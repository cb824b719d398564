package api

import (
	"context"
	"net/http"

	"github.com/seed-a87280d7/invites/gen"
)

// ListInvites returns one page of the organization's invites, newest first.
// params may be nil for the first page of 20; see AllInvites to walk every
// page.
func (c *Client) ListInvites(ctx context.Context, params *ListInvitesParams, opts ...CallOption) (*InviteListResponse, error) {
	return call[InviteListResponse](ctx, c, opts, ValidateListParams(params), endpointList, "", func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		return c.gen.ListInvites(ctx, params, edit)
	})
}

// CreateInvite invites a user to the organization (operation inviteUser).
// The request is checked before it is sent: an email address, a role of
// reader or owner, and projects with an id and a role of member or owner.
// A nil Projects sends no projects field, so the user joins the default
// project; an empty non-nil Projects sends [], so the user joins none.
//
// The request carries an Idempotency-Key that stays the same across retries;
// see WithIdempotencyKey to choose it.
func (c *Client) CreateInvite(ctx context.Context, req InviteRequest, opts ...CallOption) (*Invite, error) {
	return call[Invite](ctx, c, opts, ValidateInviteRequest(req), endpointCreate, "", func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		return c.gen.InviteUser(ctx, req, edit)
	})
}

// GetInvite returns the invite with the given id (operation retrieve-invite).
// An unknown id gives an *Error that matches ErrNotFound; an answer about
// another invite gives a *DecodeError that matches ErrNotPromised.
func (c *Client) GetInvite(ctx context.Context, id string, opts ...CallOption) (*Invite, error) {
	return call[Invite](ctx, c, opts, validateInviteID(id), endpointGet, id, func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		return c.gen.RetrieveInvite(ctx, id, edit)
	})
}

// DeleteInvite revokes the invite with the given id (operation
// delete-invite). An accepted invite cannot be deleted: that gives an *Error
// that matches ErrConflict. An answer about another invite gives a
// *DecodeError that matches ErrNotPromised: it does not say that this one
// was deleted.
func (c *Client) DeleteInvite(ctx context.Context, id string, opts ...CallOption) (*InviteDeleteResponse, error) {
	return call[InviteDeleteResponse](ctx, c, opts, validateInviteID(id), endpointDelete, id, func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		return c.gen.DeleteInvite(ctx, id, edit)
	})
}
