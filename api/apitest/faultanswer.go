package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// answer is the fault's answer to r when the fault has a status, or nil:
// an error in OpenAI's format, or a redirect.
func (f *Fault) answer(r *http.Request) *response {
	if f.Status == 0 {
		return nil
	}
	if isRedirect(f.Status) {
		loc := f.Location
		if loc == "" {
			loc = r.URL.RequestURI()
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
