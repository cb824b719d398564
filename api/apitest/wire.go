package apitest

import "github.com/seed-a87280d7/invites/api"

// The bodies as they travel: the create request the fake reads, and the
// invites and list pages it sends, where they differ from the SDK's types.

// createRequest is the create body. Projects is a pointer so that a missing
// key (nil) and an empty list (non-nil, empty) stay apart.
type createRequest struct {
	Email    string         `json:"email"`
	Role     api.Role       `json:"role"`
	Projects *[]api.Project `json:"projects"`
}

// wireInvite is an invite as the fake sends it: like api.Invite, except
// that an invite not accepted carries "accepted_at": null, as in OpenAI's
// published example, instead of leaving the field out.
type wireInvite struct {
	api.Invite
	// AcceptedAt hides the embedded field of the same JSON name, which
	// api.Invite leaves out when nil.
	AcceptedAt *api.UnixTime `json:"accepted_at"`
}

// wire returns inv as the fake sends it.
func wire(inv api.Invite) wireInvite {
	return wireInvite{Invite: inv, AcceptedAt: inv.AcceptedAt}
}

// listPage is the list answer. Unlike api.InviteListResponse it sends
// first_id and last_id as null on an empty page instead of leaving them out.
type listPage struct {
	Object  api.InviteListResponseObject `json:"object"`
	Data    []wireInvite                 `json:"data"`
	FirstID *string                      `json:"first_id"`
	LastID  *string                      `json:"last_id"`
	HasMore bool                         `json:"has_more"`
}
