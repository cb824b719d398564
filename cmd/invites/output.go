package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/seed-a87280d7/invites/api"
)

// formatProjects writes projects as the import file does: "id:role;id:role".
func formatProjects(projects []api.Project) string {
	parts := make([]string, len(projects))
	for i, p := range projects {
		parts[i] = p.ID + ":" + string(p.Role)
	}
	return strings.Join(parts, ";")
}

// plural writes a count and a noun: "1 invite", "2 invites".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// orDash returns s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printable makes text from the API safe for a terminal and a table: control
// characters (escape sequences, tabs, newlines) are shown escaped.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// writeInviteDetails writes one invite, a field a line, with times in loc.
func writeInviteDetails(w io.Writer, inv *api.Invite, loc *time.Location) error {
	projects := "- (none)"
	if len(inv.Projects) > 0 {
		projects = formatProjects(inv.Projects)
	}
	values := inviteRecord{inv}.values()
	at := func(i int) string { return orDash(textValue(values[i], loc)) }
	_, err := fmt.Fprintf(w, "id:        %s\nemail:     %s\nrole:      %s\nstatus:    %s\ncreated:   %s\nexpires:   %s\naccepted:  %s\nprojects:  %s\n",
		printable(inv.ID), printable(inv.Email), printable(string(inv.Role)), printable(string(inv.Status)),
		at(4), at(5), at(6), printable(projects))
	return err
}

// writeJSON writes v as JSON and a newline: compact with an empty indent (a
// line of JSON Lines), else indented. <, > and & are left as they are, and
// every character that is not printable is escaped as \uXXXX, so that no
// value reaches a terminal raw and every value decodes back exactly.
func writeJSON(w io.Writer, v any, indent string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(buf.Bytes()))
	return err
}

// escapeJSON escapes the characters of encoded JSON that encoding/json
// leaves raw but a terminal may act on: DEL, the C1 controls (such as the
// one-byte CSI) and other characters that are not printable, such as
// direction overrides. encoding/json escapes the C0 controls itself, so the
// only raw ones left are its own newlines between values.
func escapeJSON(b []byte) []byte {
	isRaw := func(r rune) bool { return r >= 0x7f && !unicode.IsPrint(r) }
	if !bytes.ContainsFunc(b, isRaw) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for _, r := range string(b) {
		if !isRaw(r) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r > 0xffff {
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, "\\u%04x\\u%04x", hi, lo)
			continue
		}
		out = fmt.Appendf(out, "\\u%04x", r)
	}
	return out
}

// oneLine joins the lines of msg, so that an error is one line on stderr.
func oneLine(msg string) string {
	return strings.Join(strings.Fields(msg), " ")
}

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
// "invites: " prefix), with a hint at what to do, and the exit code.
func describe(err error, baseURL string) (string, int) {
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
		if hint := apiHint(apiErr); hint != "" {
			msg += "; " + hint
		}
		return msg, exitFailure
	case errors.Is(err, context.Canceled):
		return "interrupted", exitInterrupted
	case errors.As(err, &transportErr) && errors.Is(err, context.DeadlineExceeded):
		return sdkMessage(err) + "; the API did not answer in time: raise --timeout, or check the network", exitFailure
	case errors.As(err, &transportErr):
		return sdkMessage(err) + "; could not reach the API at " + orDash(baseURL) + ": check --base-url or $" + api.EnvBaseURL + " (for 'invites mock-server', is it still running?)", exitFailure
	case errors.As(err, &decodeErr):
		return sdkMessage(err) + "; the answer is not the invites API's: check --base-url or $" + api.EnvBaseURL, exitFailure
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

// apiHint says what to do about an answer from the API.
func apiHint(e *api.Error) string {
	switch {
	case errors.Is(e, api.ErrUnauthorized):
		return "check $" + api.EnvAdminKey + ": it must be an organization admin key (sk-admin-...)"
	case errors.Is(e, api.ErrPermissionDenied):
		return "this key may not manage invites: use an admin key of an organization owner"
	case errors.Is(e, api.ErrNotFound):
		return "see the invite ids with 'invites list'"
	case e.Code == "invite_exists":
		return "see it with 'invites list --status pending'"
	case e.Code == "invite_accepted":
		return "the user has joined the organization already"
	case errors.Is(e, api.ErrRateLimited):
		return "wait a minute and try again, or raise --max-retries"
	case errors.Is(e, api.ErrServer):
		return "try again later, and quote the request_id if you contact OpenAI"
	}
	return ""
}

// reason is an error as a short, one-line reason for a results file, with
// control characters shown escaped.
func reason(err error) string {
	msg, _ := describe(err, "")
	return printable(oneLine(msg))
}
