package main

import "github.com/seed-a87280d7/invites/api"

// roles are the organization roles that --role takes, and projectRoles the
// roles of a --project membership, as openapi.yaml lists them.
var roles, projectRoles = enumStrings(api.RoleValues()), enumStrings(api.ProjectRoleValues())

// enumStrings returns the values of one of the API's enums as the strings
// that a flag takes and completion offers, in openapi.yaml's order.
func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// withEach returns values with prefix before each: --role owner, --role
// reader.
func withEach(prefix string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = prefix + v
	}
	return out
}
