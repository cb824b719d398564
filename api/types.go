package api

import "github.com/seed-a87280d7/invites/internal/timestamp"

// The models are re-exported from the generated code in types.gen.go, which
// go generate writes from openapi.yaml. The two helpers below are not in the
// spec.

// UnixTime is a timestamp as the API sends it: whole seconds since
// 1970-01-01 UTC, an int64 whose JSON is the plain integer.
//
//	func (t UnixTime) Time() time.Time // t in UTC; call Local or In for another zone
//
// Compare and sort UnixTime values as integers; build one from a
// time.Time with api.UnixTime(tm.Unix()).
type UnixTime = timestamp.UnixTime

// Ptr returns a pointer to a copy of v. It fills optional fields such as
// ListInvitesParams.Limit: &api.ListInvitesParams{Limit: api.Ptr(50)}.
func Ptr[T any](v T) *T { return &v }
