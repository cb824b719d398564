package api

import (
	"reflect"

	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/timestamp"
)

// The models are re-exported from the generated code in types.gen.go, which
// go generate writes from openapi.yaml. The two helpers below are not in the
// spec, nor are the unexported types after them: the error body every error
// answer holds, and what types.gen.go tells the answer check of each schema.

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

// errorBody is OpenAI's error body, the JSON of every error answer.
type errorBody struct {
	Error *gen.Error `json:"error"`
}

// errorBodyType is the type of errorBody, whose keys checkAnswer checks.
var errorBodyType = reflect.TypeFor[errorBody]()

// answerSchema is what an answer of one schema of openapi.yaml must hold.
// The generated answerSchemas lists one for each schema of a 2xx answer.
type answerSchema struct {
	schema   string       // the schema's name in openapi.yaml
	goType   reflect.Type // the type it decodes into
	object   string       // the value its object field must hold; "" when it has none
	required []string     // the required fields that may not be null, by their JSON names
}
