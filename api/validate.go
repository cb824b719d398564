package api

import (
	"net/mail"
	"strconv"
	"strings"
)

// maxEmailLength is the longest address SMTP allows (RFC 5321).
const maxEmailLength = 254

// ValidateInviteRequest checks a create request against the API's rules,
// exactly as CreateInvite does before it sends anything: an email address, a
// role of reader or owner, and projects that each have an id and a role of
// member or owner. It returns nil or a *ValidationError naming the field and
// the rule. Bulk tools use it to check every row before sending the first.
func ValidateInviteRequest(r InviteRequest) error {
	if err := validateEmail(r.Email); err != nil {
		return err
	}
	if !r.Role.Valid() {
		return &ValidationError{Field: "role", Rule: "must be \"reader\" or \"owner\", got " + strconv.Quote(string(r.Role))}
	}
	for i, p := range r.Projects {
		field := "projects[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(p.ID) == "" {
			return &ValidationError{Field: field + ".id", Rule: "must not be empty"}
		}
		if !p.Role.Valid() {
			return &ValidationError{Field: field + ".role", Rule: "must be \"member\" or \"owner\", got " + strconv.Quote(string(p.Role))}
		}
	}
	return nil
}

// validateEmail checks that email is one plain address, such as
// name@example.com, without a display name or surrounding spaces.
func validateEmail(email string) error {
	const rule = "must be an email address such as name@example.com"
	switch {
	case email == "":
		return &ValidationError{Field: "email", Rule: "must not be empty"}
	case len(email) > maxEmailLength:
		return &ValidationError{Field: "email", Rule: "must be at most " + strconv.Itoa(maxEmailLength) + " bytes long"}
	}
	if !isPlainAddress(email) {
		addr, err := mail.ParseAddress(email)
		if err != nil || addr.Name != "" || addr.Address != email {
			return &ValidationError{Field: "email", Rule: rule + ", got " + strconv.Quote(email)}
		}
	}
	at := strings.LastIndexByte(email, '@')
	if domain := email[at+1:]; !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return &ValidationError{Field: "email", Rule: rule + " (the domain needs a dot), got " + strconv.Quote(email)}
	}
	return nil
}

// isPlainAddress reports whether email is local@domain with both parts
// dot-atoms of ASCII atext (RFC 5322 3.2.3): letters, digits and
// !#$%&'*+-/=?^_`{|}~, in dot-separated runs. That is what nearly every
// address looks like, and net/mail parses every such address as itself with
// no display name, so validateEmail accepts it without parsing. Anything
// else (quoted local parts, comments, domain literals, non-ASCII) is left to
// net/mail.
func isPlainAddress(email string) bool {
	local, domain, ok := strings.Cut(email, "@")
	return ok && isDotAtom(local) && isDotAtom(domain)
}

// isDotAtom reports whether s is one or more runs of ASCII atext joined by
// single dots.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if s[i-1] == '.' {
				return false
			}
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validateInviteID checks an invite id before it becomes a path segment.
func validateInviteID(id string) error {
	switch id {
	case "":
		return &ValidationError{Field: "invite_id", Rule: "must not be empty"}
	case ".", "..":
		return &ValidationError{Field: "invite_id", Rule: "must not be \".\" or \"..\""}
	}
	return nil
}

// ValidateListParams checks the parameters of one page, as ListInvites does
// before it sends anything: a limit from 1 to 100 and, when set, a non-empty
// after cursor. nil is valid. It returns nil or a *ValidationError.
func ValidateListParams(p *ListInvitesParams) error {
	if p == nil {
		return nil
	}
	if p.Limit != nil && (*p.Limit < 1 || *p.Limit > 100) {
		return &ValidationError{Field: "limit", Rule: "must be between 1 and 100, got " + strconv.Itoa(*p.Limit)}
	}
	if p.After != nil && *p.After == "" {
		return &ValidationError{Field: "after", Rule: "must not be empty when set (leave it nil for the first page)"}
	}
	return nil
}
