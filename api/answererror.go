package api

import (
	"encoding/json"
	"net/http"
	"time"
)

// The errors of an answer: an *Error for one whose status is not 2xx, a
// *DecodeError for a 2xx answer that is not what the call promises.

// newError builds the *Error for a non-2xx answer from its headers and its
// body (read up to maxErrorBody plus errorBodyOverlap), with the admin key
// removed should the server have repeated it, as it is or escaped: from the
// body before it is cut to maxErrorBody or to a snippet (either could keep
// part of the key), and from the fields after they are decoded.
func (c *Client) newError(resp *http.Response, body []byte) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		RequestID:  c.requestID(resp.Header),
		RetryAfter: retryAfterHint(resp.Header, time.Now()),
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Message = c.redirectMessage(resp)
		return e
	}
	// The body was read past maxErrorBody by what the key takes, escaped:
	// a key that straddles the cut is whole here, and goes.
	body = []byte(c.scrub(string(body)))
	body = body[:min(len(body), maxErrorBody)]
	var parsed errorBody
	if err := json.Unmarshal(body, &parsed); err != nil || parsed.Error == nil || c.checkAnswer(errorBodyType, body) != nil {
		// Not OpenAI's error body, or one whose keys repeat or differ from
		// its fields' names only in case: none of its fields is trusted.
		e.Message = c.snippet(body)
		return e
	}
	e.Type = c.scrub(parsed.Error.Type)
	e.Message = c.scrub(parsed.Error.Message)
	if parsed.Error.Code != nil {
		e.Code = c.scrub(*parsed.Error.Code)
	}
	if parsed.Error.Param != nil {
		e.Param = c.scrub(*parsed.Error.Param)
	}
	return e
}

// maxErrorBody caps how much of an error answer is read: enough for any
// OpenAI error body and for a snippet of a proxy's HTML page.
const maxErrorBody = 64 << 10

// decodeError builds the *DecodeError for a 2xx answer that failed with err.
func (c *Client) decodeError(resp *http.Response, err error) *DecodeError {
	return &DecodeError{StatusCode: resp.StatusCode, RequestID: c.requestID(resp.Header), Err: err}
}
