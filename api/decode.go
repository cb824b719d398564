package api

import (
	"bytes"
	"encoding/json"
	"errors"
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
// accepted. The body of a 2xx answer must be exactly one JSON value, with
// nothing but white space around it, within the client's response size
// limit: data after the value is a *DecodeError wrapping ErrNotPromised. An
// error answer's body is read up to maxErrorBody (and a little more, so that
// newError can scrub a key that straddles the cut).
//
// A 2xx body is read, up to one byte past the limit, into a pooled buffer
// (see buffer.go) and unmarshalled there, once.
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
	if int64(len(*buf)) > limit {
		return nil, c.decodeError(resp, fmt.Errorf("%w (%s bytes)", errBodyTooLarge, strconv.FormatInt(limit, 10)))
	}
	var v T
	if err := json.Unmarshal(*buf, &v); err != nil {
		if end, ok := trailingData(*buf); ok {
			err = fmt.Errorf("%w: the body goes on after its JSON value, from byte %d", ErrNotPromised, end)
		}
		return nil, c.decodeError(resp, err)
	}
	if err := c.checkAnswer(reflect.TypeFor[T](), *buf); err != nil {
		return nil, c.decodeError(resp, err)
	}
	return &v, nil
}

// trailingData reports whether body, which json.Unmarshal refused, starts
// with one valid JSON value that something other than white space follows,
// and where that starts. It runs only for a body that failed.
func trailingData(body []byte) (int64, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var first json.RawMessage
	if dec.Decode(&first) != nil {
		return 0, false
	}
	rest := bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n")
	if len(rest) == 0 {
		return 0, false // the value itself did not decode into the type
	}
	return int64(len(body) - len(rest)), true
}

// errBodyTooLarge is the cause of a *DecodeError for a body over the cap.
var errBodyTooLarge = errors.New("response body exceeds the size limit")
