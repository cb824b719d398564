package apitest

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// servedOperation is one operation of the spec: its openapi3filter route, which
// requests and responses are validated against, and the function that
// serves it.
type servedOperation struct {
	route *routers.Route
	serve func(svc *service, c *call) *response
}

// resource is the set of operations on one path template, by method.
type resource struct {
	ops   map[string]*servedOperation
	allow string // the Allow header for a 405 answer
}

// router matches request paths to the spec's operations. It is built once by
// newHandler and read-only afterwards.
type router struct {
	collection resource // /organization/invites
	item       resource // /organization/invites/{invite_id}
}

// newRouter prepares an operation for each one the fake serves, checking
// that the spec describes every one of them with the expected operationId.
func newRouter(doc *openapi3.T) (*router, error) {
	type binding struct {
		path, method, operationID string
		serve                     func(svc *service, c *call) *response
	}
	bindings := []binding{
		{collectionPath, http.MethodGet, "list-invites", (*service).listInvites},
		{collectionPath, http.MethodPost, "inviteUser", (*service).createInvite},
		{itemPath, http.MethodGet, "retrieve-invite", (*service).retrieveInvite},
		{itemPath, http.MethodDelete, "delete-invite", (*service).deleteInvite},
	}
	rt := &router{
		collection: resource{ops: map[string]*servedOperation{}},
		item:       resource{ops: map[string]*servedOperation{}},
	}
	for _, b := range bindings {
		item := doc.Paths.Value(b.path)
		if item == nil {
			return nil, fmt.Errorf("spec has no path %s", b.path)
		}
		op := item.GetOperation(b.method)
		if op == nil || normalizeID(op.OperationID) != normalizeID(b.operationID) {
			return nil, fmt.Errorf("spec has no operation %s on %s %s", b.operationID, b.method, b.path)
		}
		res := &rt.collection
		if b.path == itemPath {
			res = &rt.item
		}
		route := &routers.Route{Spec: doc, Path: b.path, PathItem: item, Method: b.method, Operation: op}
		route.Server = doc.Servers[0] // the one server newHandler gives the spec
		res.ops[b.method] = &servedOperation{route: route, serve: b.serve}
	}
	for _, res := range []*resource{&rt.collection, &rt.item} {
		res.allow = strings.Join(slices.Sorted(maps.Keys(res.ops)), ", ")
	}
	return rt, nil
}

// normalizeID folds an operationId for comparison: the embedded copy of the
// spec that oapi-codegen writes renames list-invites to ListInvites.
func normalizeID(id string) string {
	return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(id))
}

// match finds the resource for an escaped request path and returns its path
// parameters, unescaped. ok is false for a path the API does not have. An
// invite ID is exactly one path segment: an escaped slash (%2F) inside it is
// part of the ID. A segment that is not validly escaped matches nothing (the
// net/http server already rejects such request lines).
func (rt *router) match(escapedPath string) (res *resource, params map[string]string, ok bool) {
	rest, found := strings.CutPrefix(escapedPath, basePath+collectionPath)
	switch {
	case !found:
		return nil, nil, false
	case rest == "":
		return &rt.collection, nil, true
	}
	seg, found := strings.CutPrefix(rest, "/")
	if !found || strings.Contains(seg, "/") {
		return nil, nil, false
	}
	id, err := url.PathUnescape(seg)
	if err != nil {
		return nil, nil, false
	}
	return &rt.item, map[string]string{inviteIDParam: id}, true
}

// operationOf returns the operation a request names, with its path
// parameters, or nil for a path or method the API does not have.
func (rt *router) operationOf(r *http.Request) (*servedOperation, map[string]string) {
	res, params, ok := rt.match(r.URL.EscapedPath())
	if !ok {
		return nil, nil
	}
	return res.ops[r.Method], params
}
