package apitest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/seed-a87280d7/invites/api"
)

// defaultLimit is the page size when a list request has no limit: the
// default of openapi.yaml.
const defaultLimit = api.DefaultListInvitesLimit

// service is what the operations serve from and act on: the stored
// invites, the lock that guards them, the clock that dates them and the
// quirks of the service's lists. The operations see nothing else of the
// fake: a Handler gives them a service, and a call.
type service struct {
	mu          sync.Mutex // guards store
	store       *store
	now         func() time.Time
	sparsePages bool // see WithSparsePages
}

// listInvites serves GET /organization/invites.
func (svc *service) listInvites(c *call) *response {
	q := c.req.URL.Query()
	limit := defaultLimit
	if s := q.Get("limit"); s != "" {
		// openapi3filter parsed it the same way and checked 1..100. Base
		// 10: a wire integer is decimal, so 010 is 10, and 0x10 or 1_0,
		// which Go would read as literals, are not integers.
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return badRequest("limit", "Invalid 'limit': expected integer.")
		}
		limit = int(n)
	}

	svc.mu.Lock()
	defer svc.mu.Unlock()
	var cursor *entry
	if q.Has("after") {
		after := q.Get("after")
		if cursor = svc.store.byID[after]; cursor == nil {
			return badRequest("after", "Invalid 'after': no invite has ever had the id "+quote(after)+".")
		}
	}
	now := svc.now()
	if svc.sparsePages {
		return svc.store.sparsePage(cursor, limit, now)
	}
	entries, hasMore := svc.store.page(cursor, limit)
	page := listPage{Object: api.InviteListResponseObjectList, Data: make([]wireInvite, len(entries)), HasMore: hasMore}
	for i, e := range entries {
		page.Data[i] = wire(view(e.inv, now))
	}
	if n := len(page.Data); n > 0 {
		page.FirstID, page.LastID = &page.Data[0].ID, &page.Data[n-1].ID
	}
	return &response{status: http.StatusOK, body: page}
}

// createInvite serves POST /organization/invites.
func (svc *service) createInvite(c *call) *response {
	if field, rule := keyProblem(c.body); field != "" {
		return badRequest(field, "Invalid body: "+rule+".")
	}
	var req createRequest
	if err := json.Unmarshal(c.body, &req); err != nil {
		return badRequest("", "The request body is not valid JSON.")
	}
	if !validEmail(req.Email) {
		return badRequest("email", "Invalid 'email': "+quote(req.Email)+" is not a valid email address.")
	}
	projects := []api.Project{{ID: DefaultProjectID, Role: api.ProjectRoleMember}}
	if req.Projects != nil {
		projects = append([]api.Project{}, *req.Projects...)
	}

	svc.mu.Lock()
	defer svc.mu.Unlock()
	now := svc.now()
	if svc.store.pendingFor(req.Email, now) {
		return conflict(codeInviteExists, "email",
			"A pending invite for "+quote(req.Email)+" already exists.")
	}
	created := api.UnixTime(now.Unix())
	expires := api.UnixTime(now.Add(inviteTTL).Unix())
	e := svc.store.insert(api.Invite{
		Object:    api.InviteObjectOrganizationInvite,
		ID:        svc.store.newID(),
		Email:     req.Email,
		Role:      req.Role,
		Status:    api.InviteStatusPending,
		CreatedAt: created,
		ExpiresAt: &expires,
		Projects:  projects,
	})
	return &response{status: http.StatusOK, body: wire(view(e.inv, now))}
}

// retrieveInvite serves GET /organization/invites/{invite_id}.
func (svc *service) retrieveInvite(c *call) *response {
	return svc.withInvite(c, func(e *entry, now time.Time) *response {
		return &response{status: http.StatusOK, body: wire(view(e.inv, now))}
	})
}

// deleteInvite serves DELETE /organization/invites/{invite_id}.
func (svc *service) deleteInvite(c *call) *response {
	return svc.withInvite(c, func(e *entry, now time.Time) *response {
		if statusAt(e.inv, now) == api.InviteStatusAccepted {
			return conflict(codeInviteAccepted, inviteIDParam,
				"An accepted invite cannot be deleted.")
		}
		e.deleted = true
		return &response{status: http.StatusOK, body: api.InviteDeleteResponse{
			Object:  api.InviteDeleteResponseObjectOrganizationInviteDeleted,
			ID:      e.inv.ID,
			Deleted: true,
		}}
	})
}

// withInvite answers with f applied, under the service's lock, to the live
// invite the request's path names, or with a 404 when there is none.
func (svc *service) withInvite(c *call, f func(e *entry, now time.Time) *response) *response {
	id := c.params[inviteIDParam]
	svc.mu.Lock()
	defer svc.mu.Unlock()
	e := svc.store.live(id)
	if e == nil {
		return inviteNotFound(id)
	}
	return f(e, svc.now())
}

// validEmail is the fake's notion of an email address: one @, a non-empty
// local part, a domain with an inner dot, and no white space.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.ContainsFunc(s, unicode.IsSpace)
}
