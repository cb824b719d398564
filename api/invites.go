package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// ListInvites returns one page of the organization's invites, newest first.
// params may be nil for the first page of 20; see AllInvites to walk every
// page.
func (c *Client) ListInvites(ctx context.Context, params *ListInvitesParams) (*InviteListResponse, error) {
	if err := ValidateListParams(params); err != nil {
		return nil, err
	}
	resp, err := c.gen.ListInvites(ctx, params) //nolint:bodyclose // decode closes it; bodyclose does not follow a body into helpers
	if err != nil {
		return nil, err
	}
	return decode[InviteListResponse](c, resp)
}

// CreateInvite invites a user to the organization (operation inviteUser).
// The request is checked before it is sent: an email address, a role of
// reader or owner, and projects with an id and a role of member or owner.
// A nil Projects sends no projects field, so the user joins the default
// project; an empty non-nil Projects sends [], so the user joins none.
//
// The request carries an Idempotency-Key that stays the same across retries;
// see WithIdempotencyKey to choose it.
func (c *Client) CreateInvite(ctx context.Context, req InviteRequest) (*Invite, error) {
	if err := ValidateInviteRequest(req); err != nil {
		return nil, err
	}
	if err := checkIdempotencyKey(ctx); err != nil {
		return nil, err
	}
	hreq, err := c.newCreateRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(hreq) //nolint:bodyclose // decode closes it; bodyclose does not follow a body into helpers
	if err != nil {
		return nil, err
	}
	return decode[Invite](c, resp)
}

// GetInvite returns the invite with the given id (operation retrieve-invite).
// An unknown id gives an *Error that matches ErrNotFound.
func (c *Client) GetInvite(ctx context.Context, id string) (*Invite, error) {
	if err := validateInviteID(id); err != nil {
		return nil, err
	}
	req, err := c.newItemRequest(ctx, c.routes.retrieve, id)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(req) //nolint:bodyclose // decode closes it; bodyclose does not follow a body into helpers
	if err != nil {
		return nil, err
	}
	return decode[Invite](c, resp)
}

// DeleteInvite revokes the invite with the given id (operation
// delete-invite). An accepted invite cannot be deleted: that gives an *Error
// that matches ErrConflict.
func (c *Client) DeleteInvite(ctx context.Context, id string) (*InviteDeleteResponse, error) {
	if err := validateInviteID(id); err != nil {
		return nil, err
	}
	req, err := c.newItemRequest(ctx, c.routes.delete, id)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(req) //nolint:bodyclose // decode closes it; bodyclose does not follow a body into helpers
	if err != nil {
		return nil, err
	}
	return decode[InviteDeleteResponse](c, resp)
}

// errBodyTooLarge is the cause of a *DecodeError for a body over the cap.
var errBodyTooLarge = errors.New("response body exceeds the size limit")

// decode reads a 2xx answer's JSON body into a T, reading at most the
// client's response size limit, and closes the body. Unknown fields and enum
// values are accepted.
//
// A body that do has read into a buffer, and that fits the limit, is
// unmarshalled straight from the buffer. Should that fail, or for any other
// body, it is decoded as a stream through a json.Decoder, which sets what is
// accepted: one JSON value that ends within the limit, whatever follows it.
func decode[T any](c *Client, resp *http.Response) (*T, error) {
	limit := c.maxResponseBytes
	var v T
	if b, ok := resp.Body.(*bufferedBody); ok {
		defer b.release()
		if b.buf != nil && b.off == 0 && int64(len(*b.buf)) <= limit && json.Unmarshal(*b.buf, &v) == nil {
			return &v, nil
		}
		var zero T
		v = zero // Unmarshal may have filled some fields before it failed
	} else {
		defer closeBody(resp.Body)
	}
	body := &cappedReader{r: resp.Body, left: limit}
	if err := json.NewDecoder(body).Decode(&v); err != nil {
		if body.exceeded {
			err = fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(limit, 10))
		}
		return nil, &DecodeError{StatusCode: resp.StatusCode, RequestID: c.requestID(resp), Err: err}
	}
	return &v, nil
}

// cappedReader reads at most left bytes, then fails with errBodyTooLarge.
type cappedReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

// Read reads from the underlying reader until the cap is reached.
func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Probe one byte: a body of exactly the cap is fine.
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			c.exceeded = true
			return 0, errBodyTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
