package api

import (
	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/timestamp"
)

// The types below are the generated models, re-exported so that users import
// only this package. They are aliases: a value of api.Invite is a gen.Invite.

type (
	// Invite is an invite to the organization, as the API returns it.
	Invite = gen.Invite
	// InviteStatus is an invite's status: pending, accepted or expired. The
	// API may add statuses; unknown values decode without error.
	InviteStatus = gen.InviteStatus
	// InviteObject is the object type of an Invite, always "organization.invite".
	InviteObject = gen.InviteObject
	// InviteListResponse is one page of invites.
	InviteListResponse = gen.InviteListResponse
	// InviteListResponseObject is the object type of a page, always "list".
	InviteListResponseObject = gen.InviteListResponseObject
	// InviteRequest says who to invite and what they get once they accept.
	// A nil Projects leaves the field out, so the user joins the default
	// project; an empty, non-nil Projects sends [], so the user joins none.
	InviteRequest = gen.InviteRequest
	// InviteDeleteResponse is the answer to deleting an invite.
	InviteDeleteResponse = gen.InviteDeleteResponse
	// InviteDeleteResponseObject is the object type of an InviteDeleteResponse,
	// always "organization.invite.deleted".
	InviteDeleteResponseObject = gen.InviteDeleteResponseObject
	// Project is a project membership that an invite grants once accepted.
	Project = gen.Project
	// ProjectRole is the role in a project: member or owner.
	ProjectRole = gen.ProjectRole
	// Role is the organization role: reader or owner.
	Role = gen.Role
	// ListInvitesParams selects one page of invites: Limit (1 to 100, default
	// 20) and After, the id of the last invite of the previous page.
	ListInvitesParams = gen.ListInvitesParams
	// UnixTime is a timestamp as the API sends it, in whole seconds since
	// 1970-01-01 UTC; its Time method returns the time.Time in UTC.
	UnixTime = timestamp.UnixTime
)

// The known values of the enums. The API may answer with values not listed
// here; they decode without error.
const (
	RoleOwner  = gen.RoleOwner
	RoleReader = gen.RoleReader

	ProjectRoleMember = gen.ProjectRoleMember
	ProjectRoleOwner  = gen.ProjectRoleOwner

	InviteStatusAccepted = gen.InviteStatusAccepted
	InviteStatusExpired  = gen.InviteStatusExpired
	InviteStatusPending  = gen.InviteStatusPending
)

// Ptr returns a pointer to a copy of v. It fills optional fields such as
// ListInvitesParams.Limit: &api.ListInvitesParams{Limit: api.Ptr(50)}.
func Ptr[T any](v T) *T { return &v }
