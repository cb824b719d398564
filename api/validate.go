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
	if addr, err := mail.ParseAddress(email); err != nil || addr.Name != "" || addr.Address != email {
		return &ValidationError{Field: "email", Rule: rule + ", got " + strconv.Quote(email)}
	}
	at := strings.LastIndexByte(email, '@')
	if domain := email[at+1:]; !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return &ValidationError{Field: "email", Rule: rule + " (the domain needs a dot), got " + strconv.Quote(email)}
	}
	return nil
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
