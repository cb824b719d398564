package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// target is one invite that a command is given: by its id, or by an email
// address that stands for the email's pending invite.
type target struct {
	input string // as given
	email bool   // input is an email address, not an id
}

// idPrefix starts every invite id the service hands out, such as
// invite-abc123.
const idPrefix = "invite-"

// classify tells an invite id from an email address. An input with an @ is
// an email, and must be a valid one; an input that starts with invite- is an
// id; anything else, such as a name, is neither, and a usage error naming
// it. An empty input is left to the SDK, which refuses it as an empty
// invite_id.
func classify(s string) (target, error) {
	switch {
	case strings.Contains(s, "@"):
		if err := api.ValidateInviteRequest(api.InviteRequest{Email: s, Role: api.RoleReader}); err != nil {
			var ve *api.ValidationError
			if errors.As(err, &ve) {
				return target{}, usageErrorf("%q is not a valid email address: %s", output.Printable(s), listProblems(ve, "%[2]s"))
			}
			return target{}, usageErrorf("%q is not a valid email address: %v", output.Printable(s), err)
		}
		return target{input: s, email: true}, nil
	case s == "" || strings.HasPrefix(s, idPrefix):
		return target{input: s}, nil
	}
	return target{}, usageErrorf("%q is neither an invite id (%s…, see 'invites list') nor an email address", output.Printable(s), idPrefix)
}

// emailKey returns the key under which every email that strings.EqualFold
// calls equal is one: each character is replaced by the smallest character
// of its Unicode simple case folding orbit (the Kelvin sign K, k and K are
// one). The service compares emails without regard to case: it refuses a
// second pending invite for ADA@example.com when ada@example.com has one,
// and the fake, which models it, compares them with strings.EqualFold.
// Lower-casing instead would tell the Kelvin sign from k, where EqualFold
// does not.
func emailKey(email string) string {
	var b strings.Builder
	b.Grow(len(email))
	for _, r := range email {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

// emailMatch is what one walk of the invites found for one email.
type emailMatch struct {
	email   string       // as first given
	pending []api.Invite // its pending invites, newest first: one, as the service allows no more
	// other is its newest invite that is not pending, preferring an
	// accepted one, which says why there is nothing to revoke.
	other *api.Invite
}

// emailMatches are the matches of the emails given, by emailKey.
type emailMatches map[string]*emailMatch

// resolveEmails walks every invite once, whatever the number of emails, and
// returns what it found for each of them.
func resolveEmails(ctx context.Context, client *api.Client, emails []string) (emailMatches, error) {
	found := emailMatches{}
	for _, e := range emails {
		if _, ok := found[emailKey(e)]; !ok {
			found[emailKey(e)] = &emailMatch{email: e}
		}
	}
	if len(found) == 0 {
		return found, nil
	}
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(walkPageSize)}) {
		if err != nil {
			return nil, fmt.Errorf("listing the invites to find the emails: %w", err)
		}
		m := found[emailKey(inv.Email)]
		switch {
		case m == nil:
		case inv.Status == api.InviteStatusPending:
			m.pending = append(m.pending, inv)
		case m.other == nil || (m.other.Status != api.InviteStatusAccepted && inv.Status == api.InviteStatusAccepted):
			m.other = &inv
		}
	}
	return found, nil
}

// lookup returns the match of an email given to resolveEmails.
func (ms emailMatches) lookup(email string) *emailMatch { return ms[emailKey(email)] }

// missingReason says why an email with no pending invite has nothing to
// act on: its invite was accepted, expired, or there is none. revoking
// adds, for an accepted invite, that it cannot be revoked.
func (m *emailMatch) missingReason(revoking bool) string {
	if m.other == nil {
		return "no invite for this email"
	}
	id := output.Printable(m.other.ID)
	switch m.other.Status {
	case api.InviteStatusAccepted:
		if !revoking {
			return "no pending invite: its invite " + id + " was accepted"
		}
		return "no pending invite: its invite " + id + " was accepted, and an accepted invite cannot be revoked"
	case api.InviteStatusExpired:
		return "no pending invite: its invite " + id + " expired"
	}
	return "no pending invite: its invite " + id + " is " + output.Printable(string(m.other.Status))
}

// badInput returns err, a usage error that quotes an input, once the admin
// key in use is known, so that stderr redacts it even when the input holds
// it (a key pasted where an id belongs) and does not look like a key. It
// reads the key as a request would, and sends nothing.
func (c *cli) badInput(err error) error {
	if _, done, connectErr := c.connect(); connectErr == nil {
		done()
	}
	return err
}
