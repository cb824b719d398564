package api

import "github.com/seed-a87280d7/invites/gen"

// The types below are the generated models, re-exported so that users import
// only this package. They are aliases: a value of api.Invite is a gen.Invite.

// Invite is an invite to the organization, as the API returns it.
type Invite = gen.Invite

// InviteStatus is an invite's status: pending, accepted or expired. The API
// may add statuses; unknown values decode without error.
type InviteStatus = gen.InviteStatus

// InviteObject is the object type of an Invite, always "organization.invite".
type InviteObject = gen.InviteObject

// InviteListResponse is one page of invites.
type InviteListResponse = gen.InviteListResponse

// InviteListResponseObject is the object type of a page, always "list".
type InviteListResponseObject = gen.InviteListResponseObject

// InviteRequest says who to invite and what they get once they accept. A nil
// Projects leaves the field out, so the user joins the default project; an
// empty, non-nil Projects sends [], so the user joins none.
type InviteRequest = gen.InviteRequest

// InviteDeleteResponse is the answer to deleting an invite.
type InviteDeleteResponse = gen.InviteDeleteResponse

// InviteDeleteResponseObject is the object type of an InviteDeleteResponse,
// always "organization.invite.deleted".
type InviteDeleteResponseObject = gen.InviteDeleteResponseObject

// Project is a project membership that an invite grants once accepted.
type Project = gen.Project

// ProjectRole is the role in a project: member or owner.
type ProjectRole = gen.ProjectRole

// Role is the organization role: reader or owner.
type Role = gen.Role

// ListInvitesParams selects one page of invites: Limit (1 to 100, default 20)
// and After, the id of the last invite of the previous page.
type ListInvitesParams = gen.ListInvitesParams

// The known values of the enums. The API may answer with values not listed
// here; they decode without error.
const (
	RoleOwner  Role = gen.RoleOwner
	RoleReader Role = gen.RoleReader

	ProjectRoleMember ProjectRole = gen.ProjectRoleMember
	ProjectRoleOwner  ProjectRole = gen.ProjectRoleOwner

	InviteStatusAccepted InviteStatus = gen.InviteStatusAccepted
	InviteStatusExpired  InviteStatus = gen.InviteStatusExpired
	InviteStatusPending  InviteStatus = gen.InviteStatusPending
)

// Ptr returns a pointer to a copy of v. It fills optional fields such as
// ListInvitesParams.Limit: &api.ListInvitesParams{Limit: api.Ptr(50)}.
func Ptr[T any](v T) *T { return &v }
