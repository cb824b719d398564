package apitest

// basePath is the relative server URL the fake serves the API under.
const basePath = "/v1"

// The spec's two path templates and the name of the path parameter.
const (
	collectionPath = "/organization/invites"
	itemPath       = "/organization/invites/{invite_id}"
	inviteIDParam  = "invite_id"
)
