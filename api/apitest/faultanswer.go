package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// faultAnswer is the answer of the call's fault when it has a status, or nil:
// an error in OpenAI's format, or a redirect.
func faultAnswer(c *call) *response {
	f := c.fault
	if f == nil || f.Status == 0 {
		return nil
	}
	if isRedirect(f.Status) {
		loc := f.Location
		if loc == "" {
			loc = c.req.URL.RequestURI()
		}
		return &response{status: f.Status, body: []byte{}, header: http.Header{"Location": {loc}}, forged: true}
	}
	msg := fmt.Sprintf("Simulated %d %s (an injected fault).", f.Status, http.StatusText(f.Status))
	switch {
	case f.Status == http.StatusTooManyRequests:
		return apiError(f.Status, "rate_limit_exceeded", "rate_limit_exceeded", "", msg)
	case f.Status >= 500:
		return apiError(f.Status, typeServer, "", "", msg)
	}
	return apiError(f.Status, typeInvalidRequest, "injected_fault", "", msg)
}

// notJSONPage is the body of a BodyNotJSON fault.
const notJSONPage = "<html>\r\n<head><title>Service Unavailable</title></head>\r\n" +
	"<body><h1>Service Unavailable</h1><p>An injected fault replaced the answer with this page.</p></body>\r\n</html>\r\n"

// wrongObject is the "object" value of a BodyWrongObject fault.
const wrongObject = "unexpected.object"

// spoil returns the body as the fault says, setting the Content-Type of
// an HTML page.
func (b BodyFault) spoil(body []byte, header http.Header) []byte {
	switch b {
	case BodyIntact:
		return body
	case BodyTruncated:
		return body[:len(body)/2]
	case BodyNotJSON:
		header.Set("Content-Type", "text/html; charset=utf-8")
		return []byte(notJSONPage)
	case BodyEmptyObject:
		return []byte("{}")
	case BodyNull:
		return []byte("null")
	case BodyArray:
		return append(append([]byte("["), body...), ']')
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		return body // not an object: nothing to reshape
	}
	var reshaped any = obj
	switch b {
	case BodyList:
		var id any
		if s, ok := obj["id"].(string); ok {
			id = s
		}
		reshaped = map[string]any{"object": "list", "data": []any{obj}, "first_id": id, "last_id": id, "has_more": false}
	case BodyNoID:
		delete(obj, "id")
		if items, ok := obj["data"].([]any); ok {
			for _, item := range items {
				if m, ok := item.(map[string]any); ok {
					delete(m, "id")
				}
			}
		}
	case BodyWrongObject:
		obj["object"] = wrongObject
	}
	out, err := json.Marshal(reshaped) // cannot fail: it was decoded from JSON
	if err != nil {
		return body
	}
	return out
}

// write sends an encoded answer, spoiled as the call's fault says, if it
// has one: extra headers, a spoiled body, or a dropped connection.
func write(w http.ResponseWriter, c *call, status int, header http.Header, body []byte) {
	f := c.fault
	if f == nil {
		f = &Fault{}
	}
	if f.Drop == DropBeforeHeaders {
		dropConnection(w)
		return
	}
	if f.RetryAfterSeconds > 0 {
		header.Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
	}
	if f.RetryAfterMilliseconds > 0 {
		header.Set("Retry-After-Ms", strconv.Itoa(f.RetryAfterMilliseconds))
	}
	for k, v := range f.Header {
		header[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
	}
	body = f.Body.spoil(body, header)
	header.Set("Content-Length", strconv.Itoa(len(body)))
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	if f.Drop == DropAfterHeaders {
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		dropConnection(w)
		return
	}
	_, _ = w.Write(body)
}

// dropConnection closes the client's connection without another byte. A
// ResponseWriter that cannot be hijacked (HTTP/2, or a recorder in a test)
// is aborted with http.ErrAbortHandler instead, which the net/http server
// turns into a reset stream or a closed connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
