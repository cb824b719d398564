package api

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a create request, which CreateInvite and ValidateInviteRequest
// check before anything is sent.
const (
	// MaxEmailLength is the longest email address, in bytes, that SMTP
	// allows (RFC 5321).
	MaxEmailLength = 254
	// MaxProjects is the most project memberships one invite may grant.
	MaxProjects = 100
	// MaxProjectIDLength is the longest project id, in bytes. OpenAI's
	// project ids are about 30 bytes long.
	MaxProjectIDLength = 128
	// MaxRequestBody is the largest create request, in bytes of JSON. A
	// request within the limits above is far smaller.
	MaxRequestBody = 32 << 10
)

// ValidateInviteRequest checks a create request against the API's rules,
// exactly as CreateInvite does before it sends anything: an email address of
// at most MaxEmailLength bytes without invisible or direction-changing
// characters, a role that RoleValues lists, at most MaxProjects projects
// that each have an id (of at most MaxProjectIDLength bytes, without such
// characters) and a role that ProjectRoleValues lists, and a body of at most
// MaxRequestBody bytes. It returns nil or a *ValidationError that lists
// every bad field, each with its rule. Bulk tools use it to check every row
// before sending the first.
func ValidateInviteRequest(r InviteRequest) error {
	var p fieldProblems
	p.add("email", emailRule(r.Email))
	if !r.Role.Valid() {
		p.add("role", "must be "+oneOf(RoleValues())+", got "+strconv.Quote(string(r.Role)))
	}
	if len(r.Projects) > MaxProjects {
		p.add("projects", "must hold at most "+strconv.Itoa(MaxProjects)+" projects, got "+strconv.Itoa(len(r.Projects)))
	}
	for i, proj := range r.Projects[:min(len(r.Projects), MaxProjects)] {
		field := "projects[" + strconv.Itoa(i) + "]"
		p.add(field+".id", projectIDRule(proj.ID))
		if !proj.Role.Valid() {
			p.add(field+".role", "must be "+oneOf(ProjectRoleValues())+", got "+strconv.Quote(string(proj.Role)))
		}
	}
	if len(p) == 0 {
		p.add("body", bodyRule(r))
	}
	return p.err()
}

// projectIDRule returns the rule that a project id breaks, or "".
func projectIDRule(id string) string {
	switch {
	case strings.TrimSpace(id) == "":
		return "must not be empty"
	case len(id) > MaxProjectIDLength:
		return "must be at most " + strconv.Itoa(MaxProjectIDLength) + " bytes long, got " + strconv.Itoa(len(id))
	}
	return invisibleRule(id)
}

// bodyRule returns the rule that the JSON of r breaks, or "": at most
// MaxRequestBody bytes. It encodes r only when the longest JSON its fields
// could make (each byte escaped as \u0000) may be over the limit.
func bodyRule(r InviteRequest) string {
	const perByte, perProject = len(`\u0000`), len(`{"id":"","role":""},`)
	bound := len(`{"email":"","role":"","projects":[]}`) + perByte*(len(r.Email)+len(r.Role))
	for _, proj := range r.Projects {
		bound += perProject + perByte*(len(proj.ID)+len(proj.Role))
	}
	if bound <= MaxRequestBody {
		return ""
	}
	if body, err := json.Marshal(r); err == nil && len(body) <= MaxRequestBody {
		return ""
	}
	return "the request must be at most " + strconv.Itoa(MaxRequestBody) + " bytes of JSON"
}

// invisibleRule returns the rule that s breaks if it holds a character that
// is not seen or that changes the direction of the text around it, or
// invalid UTF-8, or "": ada@example.com and ada\u200b@example.com look the
// same, and would be two invites. Such characters are the control
// characters (Unicode category Cc), the format characters (Cf: U+200B zero
// width space, U+200E left-to-right mark, U+202A to U+202E and U+2066 to
// U+2069 directional embeddings, overrides and isolates, U+00AD soft hyphen,
// U+FEFF byte-order mark…), line and paragraph separators (Zl, Zp), spaces
// other than the ASCII one (Zs), and the other characters Unicode says to
// draw as nothing (U+3164 Hangul filler, U+034F combining grapheme joiner,
// the variation selectors such as U+FE0F…), and blankGlyphs, which draw as
// a blank though Unicode classes them as symbols or marks (U+2800 braille
// pattern blank…).
func invisibleRule(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "must be valid UTF-8, but byte " + strconv.Itoa(i) + " is not"
		case invisible(r):
			return fmt.Sprintf("must not contain %U, an invisible or direction-changing character (at byte %d)", r, i)
		}
	}
	return ""
}

// invisible reports whether r is one of the characters invisibleRule
// refuses. ASCII has no format characters and no line or paragraph
// separators, and its one space is allowed, so an ASCII character is
// invisible only when it is a control character. Looking every ASCII
// character of a request up in the five Unicode tables instead took a
// tenth of a create's time in memory (BENCHMARKS.md).
func invisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r < ' ' || r == 0x7f
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Zs,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, blankGlyphs)
}

// blankGlyphs are the characters whose glyph is an empty cell, though
// Unicode classes them as symbols or marks rather than as spaces, format
// characters or ignorable code points, so its tables do not name them:
// U+2800 BRAILLE PATTERN BLANK (So), U+1D159 MUSICAL SYMBOL NULL NOTEHEAD
// (So) and U+16FE4 KHITAN SMALL SCRIPT FILLER (Mn). Each is used to make a
// name or address look empty or like another one.
var blankGlyphs = &unicode.RangeTable{
	R16: []unicode.Range16{{Lo: 0x2800, Hi: 0x2800, Stride: 1}},
	R32: []unicode.Range32{
		{Lo: 0x16FE4, Hi: 0x16FE4, Stride: 1},
		{Lo: 0x1D159, Hi: 0x1D159, Stride: 1},
	},
}

// fieldProblems collects the bad fields of one request, in the order of its
// fields.
type fieldProblems []FieldProblem

// add records that field breaks rule; an empty rule means the field is good.
func (p *fieldProblems) add(field, rule string) {
	if rule != "" {
		*p = append(*p, FieldProblem{Field: field, Rule: rule})
	}
}

// err returns nil when no field is bad, else the *ValidationError that lists
// them all.
func (p fieldProblems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Field: p[0].Field, Rule: p[0].Rule, Problems: p}
}

// emailRule returns the rule that email breaks, or "" when it is one plain
// address, such as name@example.com, without a display name or surrounding
// spaces.
func emailRule(email string) string {
	const rule = "must be an email address such as name@example.com"
	switch {
	case email == "":
		return "must not be empty"
	case len(email) > MaxEmailLength:
		return "must be at most " + strconv.Itoa(MaxEmailLength) + " bytes long (RFC 5321), got " + strconv.Itoa(len(email))
	}
	if rule := invisibleRule(email); rule != "" {
		return rule
	}
	if addr, err := mail.ParseAddress(email); err != nil || addr.Name != "" || addr.Address != email {
		return rule + ", got " + strconv.Quote(email)
	}
	at := strings.LastIndexByte(email, '@')
	if domain := email[at+1:]; !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return rule + " (the domain needs a dot), got " + strconv.Quote(email)
	}
	return ""
}

// validateInviteID checks an invite id before it becomes a path segment.
func validateInviteID(id string) error {
	switch id {
	case "":
		return fieldError("invite_id", "must not be empty")
	case ".", "..":
		return fieldError("invite_id", "must not be \".\" or \"..\"")
	}
	return nil
}

// ValidateListParams checks the parameters of one page, as ListInvites does
// before it sends anything: a limit from MinListInvitesLimit to
// MaxListInvitesLimit (1 to 100) and, when set, a non-empty
// after cursor. nil is valid. It returns nil or a *ValidationError that lists
// every bad parameter.
func ValidateListParams(params *ListInvitesParams) error {
	if params == nil {
		return nil
	}
	var p fieldProblems
	if params.Limit != nil && (*params.Limit < MinListInvitesLimit || *params.Limit > MaxListInvitesLimit) {
		p.add("limit", "must be between "+strconv.Itoa(MinListInvitesLimit)+" and "+strconv.Itoa(MaxListInvitesLimit)+", got "+strconv.Itoa(*params.Limit))
	}
	if params.After != nil && *params.After == "" {
		p.add("after", "must not be empty when set (leave it nil for the first page)")
	}
	return p.err()
}

// oneOf writes the values of an enum, quoted, as the rule of a field:
// "member" or "owner"; "a", "b" or "c".
func oneOf[T ~string](values []T) string {
	var b strings.Builder
	for i, v := range values {
		switch {
		case i == 0:
		case i == len(values)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(string(v)))
	}
	return b.String()
}

// fieldError returns the *ValidationError for one bad field.
func fieldError(field, rule string) *ValidationError {
	return &ValidationError{Field: field, Rule: rule, Problems: []FieldProblem{{Field: field, Rule: rule}}}
}
