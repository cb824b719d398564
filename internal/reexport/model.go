package reexport

import (
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// genCode is what the generated Go source declares.
type genCode struct {
	structs map[string][]goField // struct types by name
	strings map[string]bool      // named string types
	consts  map[string][]goConst // constants by their type
	params  map[string]string    // parameter structs by operation name: ListInvites → ListInvitesParams
}

// goField is one field of a generated struct.
type goField struct {
	name, typ, json string
}

// goConst is one generated constant.
type goConst struct {
	name, value string
}

// generator holds what Generate works on.
type generator struct {
	doc  *openapi3.T
	root *yaml.Node
	code *genCode

	done    map[string]bool
	structs []*structType // in the order they were found
	enums   []*enumType
	bounds  []paramBound // of the query parameters, in the order they were found
}

// structType is a struct to re-export, with the prose of its fields.
type structType struct {
	name, about string
	fields      []fieldDoc
	sent        bool // whether a call sends it: parameters or a request body
}

// fieldDoc is one field of a struct with what the spec says of it.
type fieldDoc struct {
	goField
	prose string
}

// enumType is a named string type to re-export, with its values in the
// spec's order.
type enumType struct {
	name, about string
	values      []string
}

// paramBound holds the bounds and default of one integer query parameter,
// as the spec states them; a nil field is one the spec leaves out.
type paramBound struct {
	op, param     string // operationId and parameter name: list-invites, limit
	params, field string // the parameters struct and the parameter's field: ListInvitesParams, Limit
	prefix        string // the Go name of the operation: ListInvites
	min, max, def *int64
}

// boundConst is one generated constant of a parameter's bounds.
type boundConst struct {
	name, doc string
	value     int64
}
