package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// ok reports whether the answer's status is 2xx.
func (a *answer) ok() bool { return a.status >= 200 && a.status <= 299 }

// decode is the one place where an answer becomes what a call returns: a *T
// for a 2xx answer whose body decodes, an *Error for any other status, a
// *DecodeError otherwise. Unknown fields and enum values are accepted. The
// body must hold one JSON value that ends within the client's response size
// limit; whatever follows it is not looked at.
func decode[T any](c *Client, a *answer) (*T, error) {
	if !a.ok() {
		return nil, c.newError(a)
	}
	if a.err != nil {
		// The headers arrived but the body did not: the connection
		// dropped or the attempt timed out while reading it.
		return nil, &DecodeError{StatusCode: a.status, RequestID: c.requestID(a.header),
			Err: fmt.Errorf("reading the body: %w", unwrapURLError(a.err))}
	}
	limit := c.maxResponseBytes
	body := a.body
	if int64(len(body)) > limit {
		body = body[:limit]
	}
	var v T
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&v); err != nil {
		if int64(len(a.body)) > limit && (err == io.EOF || err == io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(limit, 10))
		}
		return nil, &DecodeError{StatusCode: a.status, RequestID: c.requestID(a.header), Err: err}
	}
	return &v, nil
}
