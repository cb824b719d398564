package api

import (
	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/timestamp"
)

// The types below are the generated models, re-exported so that users import
// only this package. They are aliases: a value of api.Invite is a gen.Invite.
// The doc comment of each struct lists its fields as the generated code
// declares them; TestReexportedTypesDocumentTheirFields holds it to the
// generated code and to openapi.yaml.

// Invite is an invite to the organization, as the API returns it:
//
//	type Invite struct {
//		ID         string       // "invite-abc": pass it to GetInvite or DeleteInvite
//		Email      string       // the address the invite was sent to
//		Role       Role         // the organization role: reader or owner
//		Status     InviteStatus // pending, accepted or expired (new ones decode too)
//		CreatedAt  UnixTime     // when it was sent; CreatedAt.Time() is a time.Time
//		ExpiresAt  *UnixTime    // when it expires; nil if the API sends none
//		AcceptedAt *UnixTime    // when it was accepted; nil until it is
//		Projects   []Project    // the memberships it grants; empty for none
//		Object     InviteObject // always "organization.invite"
//	}
type Invite = gen.Invite

// InviteStatus is an invite's status, a string: InviteStatusPending
// ("pending"), InviteStatusAccepted ("accepted") or InviteStatusExpired
// ("expired"). The API may add statuses; unknown values decode without
// error, and the Valid method reports whether a status is one of these.
type InviteStatus = gen.InviteStatus

// InviteObject is the object type of an Invite, a string, always
// InviteObjectOrganizationInvite ("organization.invite").
type InviteObject = gen.InviteObject

// InviteListResponse is one page of invites:
//
//	type InviteListResponse struct {
//		Data    []Invite                 // the invites, newest first
//		HasMore bool                     // whether another page follows
//		FirstID *string                  // the first invite's id; nil on an empty page
//		LastID  *string                  // the last invite's id, the next page's After; nil on an empty page
//		Object  InviteListResponseObject // always "list"
//	}
type InviteListResponse = gen.InviteListResponse

// InviteListResponseObject is the object type of a page, a string,
// always InviteListResponseObjectList ("list").
type InviteListResponseObject = gen.InviteListResponseObject

// InviteRequest says who to invite and what they get once they accept:
//
//	type InviteRequest struct {
//		Email    string    // the address to send the invite to
//		Role     Role      // the organization role: reader or owner
//		Projects []Project // nil: the default project; empty, non-nil: none
//	}
//
// A nil Projects leaves the field out, so the user joins the default
// project; an empty, non-nil Projects sends [], so the user joins none.
type InviteRequest = gen.InviteRequest

// InviteDeleteResponse is the answer to deleting an invite:
//
//	type InviteDeleteResponse struct {
//		ID      string                     // the id of the deleted invite
//		Deleted bool                       // whether it was deleted
//		Object  InviteDeleteResponseObject // always "organization.invite.deleted"
//	}
type InviteDeleteResponse = gen.InviteDeleteResponse

// InviteDeleteResponseObject is the object type of an
// InviteDeleteResponse, a string, always
// InviteDeleteResponseObjectOrganizationInviteDeleted
// ("organization.invite.deleted").
type InviteDeleteResponseObject = gen.InviteDeleteResponseObject

// Project is a project membership that an invite grants once accepted:
//
//	type Project struct {
//		ID   string      // the project's id, such as "proj_abc"
//		Role ProjectRole // the role in the project: member or owner
//	}
type Project = gen.Project

// ProjectRole is the role in a project, a string: ProjectRoleMember
// ("member") or ProjectRoleOwner ("owner"). The Valid method reports
// whether a role is one of these.
type ProjectRole = gen.ProjectRole

// Role is the organization role, a string: RoleReader ("reader") or
// RoleOwner ("owner"), so Role: "reader" compiles too. The Valid method
// reports whether a role is one of these.
type Role = gen.Role

// ListInvitesParams selects one page of invites:
//
//	type ListInvitesParams struct {
//		Limit *int    // invites on the page, 1 to 100; nil: the API's default, 20
//		After *string // the previous page's LastID; nil: the first page
//	}
//
// Fill the pointers with Ptr: &api.ListInvitesParams{Limit: api.Ptr(50)}.
type ListInvitesParams = gen.ListInvitesParams

// UnixTime is a timestamp as the API sends it: whole seconds since
// 1970-01-01 UTC, an int64 whose JSON is the plain integer.
//
//	func (t UnixTime) Time() time.Time // t in UTC; call Local or In for another zone
//
// Compare and sort UnixTime values as integers; build one from a
// time.Time with api.UnixTime(tm.Unix()).
type UnixTime = timestamp.UnixTime

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

	InviteObjectOrganizationInvite                      InviteObject               = gen.InviteObjectOrganizationInvite
	InviteListResponseObjectList                        InviteListResponseObject   = gen.InviteListResponseObjectList
	InviteDeleteResponseObjectOrganizationInviteDeleted InviteDeleteResponseObject = gen.InviteDeleteResponseObjectOrganizationInviteDeleted
)

// Ptr returns a pointer to a copy of v. It fills optional fields such as
// ListInvitesParams.Limit: &api.ListInvitesParams{Limit: api.Ptr(50)}.
func Ptr[T any](v T) *T { return &v }
