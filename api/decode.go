package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"strconv"
)

// decode is the one place where an answer becomes what a call returns: a *T
// for a 2xx answer whose body decodes, an *Error for any other status, a
// *DecodeError otherwise, also for a 2xx body that is not the object the
// operation promises (see checkAnswer). Unknown fields and enum values are
// accepted. The body of a 2xx answer must hold one JSON value that ends
// within the client's response size limit; whatever follows it is not
// looked at. An
// error answer's body is read up to maxErrorBody (and a little more, so that
// newError can scrub a key that straddles the cut).
//
// A 2xx body is read, up to one byte past the limit, into a pooled buffer
// (see buffer.go) and unmarshalled there. A body that json.Unmarshal refuses,
// or that is over the limit, is decoded again as a stream, whose rules are
// the ones above; so only the errors come from there.
func decode[T any](c *Client, resp *http.Response) (*T, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+c.errorBodyOverlap()))
		return nil, c.newError(resp, body)
	}
	limit := c.maxResponseBytes
	buf := getBuffer()
	defer putBuffer(buf)
	var err error
	if *buf, err = readUpTo(resp.Body, *buf, min(limit, math.MaxInt64-1)+1); err != nil {
		// The headers arrived but the body did not: the connection
		// dropped or the attempt timed out while reading it.
		return nil, c.decodeError(resp, &bodyReadError{unwrapURLError(err)})
	}
	var v T
	if int64(len(*buf)) > limit || json.Unmarshal(*buf, &v) != nil {
		v = *new(T) // Unmarshal may have filled some fields before it failed
		body := &cappedReader{r: bytes.NewReader(*buf), left: limit}
		if err := json.NewDecoder(body).Decode(&v); err != nil {
			if body.exceeded {
				err = fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(limit, 10))
			}
			return nil, c.decodeError(resp, err)
		}
	}
	if err := c.checkAnswer(reflect.TypeFor[T](), *buf); err != nil {
		return nil, c.decodeError(resp, err)
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
