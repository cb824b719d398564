package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// decode is the one place where an answer becomes what a call returns: a *T
// for a 2xx answer whose body decodes, an *Error for any other status, a
// *DecodeError otherwise. Unknown fields and enum values are accepted. The
// body of a 2xx answer must hold one JSON value that ends within the
// client's response size limit; whatever follows it is not looked at. An
// error answer's body is read up to maxErrorBody.
func decode[T any](c *Client, resp *http.Response) (*T, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return nil, c.newError(resp, body)
	}
	body := &cappedReader{r: resp.Body, left: c.maxResponseBytes}
	var v T
	if err := json.NewDecoder(body).Decode(&v); err != nil {
		switch {
		case body.err != nil:
			err = &bodyReadError{unwrapURLError(body.err)}
		case body.exceeded:
			err = fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(c.maxResponseBytes, 10))
		}
		return nil, &DecodeError{StatusCode: resp.StatusCode, RequestID: c.requestID(resp.Header), Err: err}
	}
	// What follows the value is read, up to the limit, and dropped, so that
	// the connection can carry the next request.
	_, _ = io.Copy(io.Discard, body)
	return &v, nil
}

// cappedReader reads at most left bytes, then fails with errBodyTooLarge.
// It keeps the first error of the underlying reader other than io.EOF.
type cappedReader struct {
	r        io.Reader
	left     int64
	exceeded bool
	err      error
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
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}
