package apitest

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error types and codes used in the bodies the fake sends.
const (
	typeInvalidRequest = "invalid_request_error"
	typeServer         = "server_error"

	codeInvalidAPIKey    = "invalid_api_key"
	codeNotFound         = "not_found"
	codeInviteExists     = "invite_exists"
	codeInviteAccepted   = "invite_accepted"
	codeUnknownURL       = "unknown_url"
	codeMethodNotAllowed = "method_not_allowed"
)

// invalidResponsePrefix starts the message of the 500 answer that replaces a
// response which failed spec validation.
const invalidResponsePrefix = "apitest: response failed spec validation: "

// errorBody is the body of every error answer, in OpenAI's format (the
// spec's ErrorResponse).
type errorBody struct {
	Error errorFields `json:"error"`
}

// errorFields says what went wrong (the spec's Error), its fields in the
// order the spec lists them. Code and Param are null when there is none.
type errorFields struct {
	Code    *string `json:"code"`
	Message string  `json:"message"`
	Param   *string `json:"param"`
	Type    string  `json:"type"`
}

// apiError builds an error response in OpenAI's format. Empty code and param
// become JSON null.
func apiError(status int, typ, code, param, message string) *response {
	e := errorFields{Type: typ, Message: message}
	if code != "" {
		e.Code = &code
	}
	if param != "" {
		e.Param = &param
	}
	return &response{status: status, body: errorBody{Error: e}}
}

// badRequest is a 400 invalid_request_error about param (empty for none).
func badRequest(param, message string) *response {
	return apiError(http.StatusBadRequest, typeInvalidRequest, "", param, message)
}

// unauthorized is the 401 answer for a missing or wrong admin key. It never
// repeats what the caller sent.
func unauthorized() *response {
	return apiError(http.StatusUnauthorized, typeInvalidRequest, codeInvalidAPIKey, "", "Incorrect API key provided.")
}

// inviteNotFound is the 404 answer for an unknown or deleted invite ID.
func inviteNotFound(id string) *response {
	return apiError(http.StatusNotFound, typeInvalidRequest, codeNotFound, "invite_id",
		"No invite found with id "+quote(id)+".")
}

// conflict is a 409 answer. It tells clients, which retry 409s by default,
// not to retry this one: the state that caused it does not change by itself.
func conflict(code, param, message string) *response {
	resp := apiError(http.StatusConflict, typeInvalidRequest, code, param, message)
	resp.header = http.Header{"X-Should-Retry": {"false"}}
	return resp
}

// serverError is the 500 answer that replaces a response the spec rejects.
func serverError(err error) *response {
	return apiError(http.StatusInternalServerError, typeServer, "", "",
		invalidResponsePrefix+firstLine(err.Error()))
}

// maxQuoted bounds how much of a caller-supplied value an error message repeats.
const maxQuoted = 100

// quote renders user input for an error message: in single quotes, with quotes,
// backslashes and non-printable characters escaped, on one line, and cut to
// maxQuoted runes.
func quote(s string) string {
	return "'" + escape(s) + "'"
}

// escape makes user input safe to repeat in a one-line message: quotes,
// backslashes and non-printable characters are escaped and the text is cut to
// maxQuoted runes.
func escape(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxQuoted {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == '\'' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == utf8.RuneError || !unicode.IsPrint(r):
			q := strconv.QuoteRuneToASCII(r) // like '\n' or '\u200b'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// firstLine returns the first line of msg, without the white space around
// it, for messages built from library errors, whose text may span lines.
func firstLine(msg string) string {
	msg, _, _ = strings.Cut(msg, "\n")
	return strings.TrimSpace(msg)
}
