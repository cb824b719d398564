package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"

	"github.com/seed-a87280d7/invites/gen"
)

// ListInvites returns one page of the organization's invites, newest first.
// params may be nil for the first page of 20; see AllInvites to walk every
// page.
func (c *Client) ListInvites(ctx context.Context, params *ListInvitesParams, opts ...CallOption) (*InviteListResponse, error) {
	return invoke[InviteListResponse](ctx, c, opts, ValidateListParams(params), endpointList, "", func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
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
//
// A service that ignores the key (OpenAI documents none for this endpoint)
// answers a retry whose earlier try took effect, its answer lost, with a 409
// invite_exists: the invite exists, made by that try. CreateInvite then
// looks the email up among the pending invites, matching it in any letter
// case as the service does, and returns the invite it finds, with a nil
// error. It does so only when a try of this call may have taken effect: one
// that got no complete answer once its request was written (a dropped
// connection, a timed-out attempt; not a refused dial), a 2xx whose body
// was lost, or one whose request net/http wrote twice (it re-sends a request
// with an Idempotency-Key when a reused connection closes unanswered). An error answer (a 5xx included) is taken at its word, that the
// try did nothing; and a 409 on the first try is an error matching
// ErrConflict, as the invite existed before the call. WithEarlierAttemptUnknown
// says that an earlier call may have taken effect, so that its 409 is
// settled too. A settled call's WithResponseInto holds the 409 answer, which
// tells it apart from a call whose own request was answered with the
// invite. When the lookup fails, or finds no pending invite for the email
// (accepted or revoked since, say), the error wraps both ErrOutcomeUnknown
// and the 409's *Error (matching ErrConflict).
func (c *Client) CreateInvite(ctx context.Context, req InviteRequest, opts ...CallOption) (*Invite, error) {
	if err := ValidateInviteRequest(req); err != nil {
		return nil, err
	}
	cfg, err := c.callConfig(opts)
	if err != nil {
		return nil, err
	}
	cfg.endpoint = endpointCreate
	var tries createTries
	inv, err := send[Invite](ctx, c, cfg, func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		var writes atomic.Int32
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { writes.Add(1) },
		})
		resp, err := c.gen.InviteUser(ctx, req, edit)
		tries.note(int(writes.Load()), resp, err)
		return resp, err
	})
	var apiErr *Error
	if err == nil || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Code != codeInviteExists ||
		!tries.mayHaveActed && !cfg.earlierUnknown {
		return inv, err
	}
	return c.settleCreate(ctx, cfg, req.Email, err)
}

// codeInviteExists is the code of the 409 answer to a create for an email
// that has a pending invite.
const codeInviteExists = "invite_exists"

// createTries is what the tries of one CreateInvite tell of its outcome.
type createTries struct {
	// mayHaveActed is true once a try may have created the invite: it got
	// a 2xx, or no complete answer after the request may have gone out.
	mayHaveActed bool
}

// note records one try: writes is how many times the transport wrote its
// request, resp and err what sending it returned. net/http writes a request
// that carries an Idempotency-Key again, on a new connection, when a reused
// one closes before any answer: the first write may then have taken effect,
// though the try got an answer.
func (t *createTries) note(writes int, resp *http.Response, err error) {
	switch {
	case writes > 1:
		t.mayHaveActed = true
	case resp != nil:
		// A 2xx created the invite, even if its body is lost on the way; an
		// error answer says the try did nothing.
		t.mayHaveActed = t.mayHaveActed || resp.StatusCode >= 200 && resp.StatusCode <= 299
	case err != nil && writes > 0:
		// No answer to a request that went out: it may have been served.
		t.mayHaveActed = true
	}
}

// settleCreate settles a create whose try may have taken effect and which
// ended with conflict, a 409 invite_exists: it walks the invites for the
// pending one of email, matched in any letter case, with the call's retries
// and attempt timeout, and returns it. It returns conflict, wrapped with
// ErrOutcomeUnknown, when the walk fails or finds none.
func (c *Client) settleCreate(ctx context.Context, cfg *callConfig, email string, conflict error) (*Invite, error) {
	walk := c.AllInvites(ctx, &ListInvitesParams{Limit: Ptr(MaxListInvitesLimit)}, WithRetries(cfg.maxRetries), WithAttemptTimeout(cfg.attemptTimeout))
	for inv, err := range walk {
		if err != nil {
			return nil, fmt.Errorf("%w (%w: a try whose answer was lost may have created the invite; looking it up failed: %w)", conflict, ErrOutcomeUnknown, err)
		}
		if inv.Status == InviteStatusPending && strings.EqualFold(inv.Email, email) {
			return &inv, nil
		}
	}
	return nil, fmt.Errorf("%w (%w: a try whose answer was lost may have created the invite, but no pending invite for the email was found)", conflict, ErrOutcomeUnknown)
}

// GetInvite returns the invite with the given id (operation retrieve-invite).
// An unknown id gives an *Error that matches ErrNotFound; an answer about
// another invite gives a *DecodeError that matches ErrNotPromised.
func (c *Client) GetInvite(ctx context.Context, id string, opts ...CallOption) (*Invite, error) {
	return invoke[Invite](ctx, c, opts, validateInviteID(id), endpointGet, id, func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		return c.gen.RetrieveInvite(ctx, id, edit)
	})
}

// DeleteInvite revokes the invite with the given id (operation
// delete-invite). An accepted invite cannot be deleted: that gives an *Error
// that matches ErrConflict. An answer about another invite gives a
// *DecodeError that matches ErrNotPromised: it does not say that this one
// was deleted.
func (c *Client) DeleteInvite(ctx context.Context, id string, opts ...CallOption) (*InviteDeleteResponse, error) {
	return invoke[InviteDeleteResponse](ctx, c, opts, validateInviteID(id), endpointDelete, id, func(ctx context.Context, edit gen.RequestEditorFn) (*http.Response, error) {
		return c.gen.DeleteInvite(ctx, id, edit)
	})
}
