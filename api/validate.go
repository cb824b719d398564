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
// member or owner. It returns nil or a *ValidationError that lists every bad
// field, each with its rule. Bulk tools use it to check every row before
// sending the first.
func ValidateInviteRequest(r InviteRequest) error {
	var p fieldProblems
	p.add("email", emailRule(r.Email))
	if !r.Role.Valid() {
		p.add("role", "must be \"reader\" or \"owner\", got "+strconv.Quote(string(r.Role)))
	}
	for i, proj := range r.Projects {
		field := "projects[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(proj.ID) == "" {
			p.add(field+".id", "must not be empty")
		}
		if !proj.Role.Valid() {
			p.add(field+".role", "must be \"member\" or \"owner\", got "+strconv.Quote(string(proj.Role)))
		}
	}
	return p.err()
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
	case len(email) > maxEmailLength:
		return "must be at most " + strconv.Itoa(maxEmailLength) + " bytes long"
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
// before it sends anything: a limit from 1 to 100 and, when set, a non-empty
// after cursor. nil is valid. It returns nil or a *ValidationError that lists
// every bad parameter.
func ValidateListParams(params *ListInvitesParams) error {
	if params == nil {
		return nil
	}
	var p fieldProblems
	if params.Limit != nil && (*params.Limit < 1 || *params.Limit > 100) {
		p.add("limit", "must be between 1 and 100, got "+strconv.Itoa(*params.Limit))
	}
	if params.After != nil && *params.After == "" {
		p.add("after", "must not be empty when set (leave it nil for the first page)")
	}
	return p.err()
}

// fieldError returns the *ValidationError for one bad field.
func fieldError(field, rule string) *ValidationError {
	return &ValidationError{Field: field, Rule: rule, Problems: []FieldProblem{{Field: field, Rule: rule}}}
}
