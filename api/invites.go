package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
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
	return decode[InviteListResponse](resp, c.maxResponseBytes)
}

// CreateInvite invites a user to the organization (operation inviteUser).
// The request is checked before it is sent: an email address, a role of
// reader or owner, and projects with an id and a role of member or owner.
// A nil Projects sends no projects field, so the user joins the default
// project; an empty non-nil Projects sends [], so the user joins none.
//
// The request carries an Idempotency-Key that stays the same across retries;
// see WithIdempotencyKey.
func (c *Client) CreateInvite(ctx context.Context, req InviteRequest) (*Invite, error) {
	if err := ValidateInviteRequest(req); err != nil {
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
	return decode[Invite](resp, c.maxResponseBytes)
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
	return decode[Invite](resp, c.maxResponseBytes)
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
	return decode[InviteDeleteResponse](resp, c.maxResponseBytes)
}

// errBodyTooLarge is the cause of a *DecodeError for a body over the cap.
var errBodyTooLarge = errors.New("response body exceeds the size limit")

// decode reads a 2xx answer's JSON body into a T, reading at most limit
// bytes, and closes the body. Unknown fields and enum values are accepted.
//
// The body is read into a pooled buffer and unmarshalled from there, which
// costs the least. Should that fail, the body is decoded again as a stream
// through a json.Decoder, which sets what is accepted: a JSON value that
// ends within the limit, whatever follows it.
func decode[T any](resp *http.Response, limit int64) (*T, error) {
	defer closeBody(resp.Body)
	buf := getBuffer()
	defer putBuffer(buf)
	var err error
	*buf, err = readUpTo(resp.Body, (*buf)[:0], limit+1)
	var v T
	if err == nil && int64(len(*buf)) <= limit && json.Unmarshal(*buf, &v) == nil {
		return &v, nil
	}
	var r io.Reader = bytes.NewReader(*buf)
	if err != nil {
		r = io.MultiReader(r, errReader{err})
	}
	v = *new(T)
	body := &cappedReader{r: r, left: limit}
	if err := json.NewDecoder(body).Decode(&v); err != nil {
		if body.exceeded {
			err = fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(limit, 10))
		}
		return nil, &DecodeError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("x-request-id"), Err: err}
	}
	return &v, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// readUpTo appends to b what r has, up to n bytes.
func readUpTo(r io.Reader, b []byte, n int64) ([]byte, error) {
	for int64(len(b)) < n {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		end := cap(b)
		if int64(end) > n {
			end = int(n)
		}
		m, err := r.Read(b[len(b):end])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// bufferPool holds the buffers that answers are read into.
var bufferPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxPooledBuffer is the largest buffer kept for reuse.
const maxPooledBuffer = 1 << 20

func getBuffer() *[]byte { return bufferPool.Get().(*[]byte) }

func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		bufferPool.Put(b)
	}
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
