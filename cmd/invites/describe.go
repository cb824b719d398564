package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// listProblems writes every bad field of a validation error through format,
// which takes the field and the rule, joined by "; ".
func listProblems(ve *api.ValidationError, format string) string {
	problems := ve.Problems
	if len(problems) == 0 {
		problems = []api.FieldProblem{{Field: ve.Field, Rule: ve.Rule}}
	}
	parts := make([]string, len(problems))
	for i, p := range problems {
		parts[i] = fmt.Sprintf(format, p.Field, p.Rule)
	}
	return strings.Join(parts, "; ")
}

// describe turns an error into the one line printed on stderr (without the
// "invites: " prefix), with a hint at what to do, and the exit code. s says
// where the API and the key came from.
func describe(err error, s settings) (string, int) {
	baseURL := s.baseURL
	var (
		exitErr       *exitError
		validationErr *api.ValidationError
		apiErr        *api.Error
		transportErr  *api.TransportError
		decodeErr     *api.DecodeError
	)
	switch {
	case errors.As(err, &exitErr):
		return exitErr.msg, exitErr.code
	case errors.As(err, &validationErr):
		return listProblems(validationErr, "invalid %s: %s"), exitUsage
	case errors.As(err, &apiErr):
		msg := sdkMessage(apiErr)
		if hint := apiHint(apiErr, s); hint != "" {
			msg += "; " + hint
		}
		return msg, exitFailure
	case errors.Is(err, context.Canceled):
		return "interrupted", exitInterrupted
	case errors.As(err, &transportErr) && errors.Is(err, context.DeadlineExceeded):
		return sdkMessage(err) + "; the API did not answer in time: raise --timeout, or check the network", exitFailure
	case errors.As(err, &transportErr):
		return sdkMessage(err) + "; could not reach the API at " + output.OrDash(baseURL) + ": " + s.checkBaseURL() + " (for 'invites mock-server', is it still running?)", exitFailure
	case errors.As(err, &decodeErr):
		return sdkMessage(err) + "; the answer is not the invites API's: " + s.checkBaseURL(), exitFailure
	case errors.Is(err, api.ErrPagination):
		return sdkMessage(err) + "; the API's pages do not add up, so the walk stopped: try again later, and report it if it persists", exitFailure
	case errors.Is(err, context.DeadlineExceeded):
		return sdkMessage(err) + "; raise --timeout", exitFailure
	}
	return sdkMessage(err), exitFailure
}

// sdkMessage is an SDK error's text without its "invites: " prefix, which
// the CLI adds itself, also where the CLI has wrapped the error.
func sdkMessage(err error) string {
	return strings.ReplaceAll(strings.TrimPrefix(err.Error(), "invites: "), ": invites: ", ": ")
}

// apiHint says what to do about an answer from the API at s.baseURL, sent
// with the key from s.keyFrom.
func apiHint(e *api.Error, s settings) string {
	switch {
	case unknownURL(e):
		return "the API does not know this URL: " + s.checkBaseURL() + " (" + output.OrDash(s.baseURL) + "): does it end in /v1?"
	case errors.Is(e, api.ErrUnauthorized):
		return "check " + cmp.Or(s.keyFrom, "$"+api.EnvAdminKey) + ": it must be an organization admin key (sk-admin-...)"
	case errors.Is(e, api.ErrPermissionDenied):
		return "this key may not manage invites: use an admin key of an organization owner"
	case errors.Is(e, api.ErrNotFound):
		return "see the invite ids with 'invites list'"
	case e.Code == "invite_exists":
		return "see it with 'invites list --status pending'"
	case e.Code == "invite_accepted":
		return "the user has joined the organization already"
	case errors.Is(e, api.ErrRateLimited):
		return "try again later; bulk commands wait up to --max-rate-wait"
	case errors.Is(e, api.ErrServer):
		return "try again later, and quote the request_id if you contact OpenAI"
	}
	return ""
}

// unknownURL reports whether a 404 is about the URL rather than an invite:
// its code says unknown_url, or it is not an OpenAI error at all (an HTML
// page from a proxy or another server).
func unknownURL(e *api.Error) bool {
	if !errors.Is(e, api.ErrNotFound) {
		return false
	}
	lower := strings.ToLower(e.Message)
	return e.Code == "unknown_url" || (e.Type == "" && e.Code == "") ||
		strings.Contains(lower, "<html") || strings.Contains(lower, "<!doctype")
}

// inviteNotFound reports whether err says that the invite does not exist: a
// 404 that is not about the URL.
func inviteNotFound(err error) bool {
	var apiErr *api.Error
	return errors.As(err, &apiErr) && errors.Is(apiErr, api.ErrNotFound) && !unknownURL(apiErr)
}

// fail prints err, if any, as one line on stderr and returns its exit code.
func (c *cli) fail(err error) int {
	if err == nil {
		return exitOK
	}
	msg, code := describe(err, c.settings)
	if msg != "" {
		fmt.Fprintln(c.stderr, "invites: "+output.Printable(output.OneLine(msg)))
	}
	return code
}

// reason is an error as a short, one-line reason for a results file, with
// control characters shown escaped.
func (c *cli) reason(err error) string {
	msg, _ := describe(err, c.settings)
	return output.Printable(output.OneLine(msg))
}
