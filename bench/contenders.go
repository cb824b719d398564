package bench

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/pagination"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/gen"
)

// Ops are the workloads of one client. Each returns the client's own decoded
// value (a pointer); the Record functions turn those into records for
// TestVerify, outside the timed code.
type Ops struct {
	// Get retrieves invite GetIndex.
	Get func(ctx context.Context) (any, error)
	// List reads the first page of PageSize invites.
	List func(ctx context.Context) (any, error)
	// Create sends CreateRequest.
	Create func(ctx context.Context) (any, error)
	// Delete deletes invite DeleteIndex.
	Delete func(ctx context.Context) (any, error)
	// Walk reads every invite, PageSize at a time, and returns how many it
	// read; visit, if not nil, sees each one.
	Walk func(ctx context.Context, visit func(Record)) (int, error)

	Invite  func(any) Record
	Page    func(any) PageRecord
	Deleted func(any) DeletedRecord
}

// Contender is a client under test.
type Contender struct {
	// Name names the client in benchmark names: client=Name.
	Name string
	// New makes the client, sending through hc to baseURL (which ends in
	// /v1).
	New func(hc *http.Client, baseURL string) (*Ops, error)
}

// Contenders are the clients compared, the floor first. baseline-sdk is the
// floor doing, on top, what package api must do for every request by
// contract (see newBaselineSDK): it tells what those duties cost, apart from
// the cost of the SDK's own code.
var Contenders = []Contender{
	{"baseline", newBaseline},
	{"baseline-sdk", newBaselineSDK},
	{"api", newAPI},
	{"gen", newGen},
	{"openai-go", newOpenAI},
}

// ---- package api ----

func newAPI(hc *http.Client, baseURL string) (*Ops, error) {
	c, err := api.NewClient(api.WithAdminKey(AdminKey), api.WithBaseURL(baseURL), api.WithHTTPClient(hc))
	if err != nil {
		return nil, err
	}
	req := api.InviteRequest{Email: CreateRequest.Email, Role: api.Role(CreateRequest.Role)}
	for _, p := range CreateRequest.Projects {
		req.Projects = append(req.Projects, api.Project{ID: p.ID, Role: api.ProjectRole(p.Role)})
	}
	getID, deleteID := InviteID(GetIndex), InviteID(DeleteIndex)
	params := &api.ListInvitesParams{Limit: api.Ptr(PageSize)}
	return &Ops{
		Get:    func(ctx context.Context) (any, error) { return c.GetInvite(ctx, getID) },
		List:   func(ctx context.Context) (any, error) { return c.ListInvites(ctx, params) },
		Create: func(ctx context.Context) (any, error) { return c.CreateInvite(ctx, req) },
		Delete: func(ctx context.Context) (any, error) { return c.DeleteInvite(ctx, deleteID) },
		Walk: func(ctx context.Context, visit func(Record)) (int, error) {
			n := 0
			for inv, err := range c.AllInvites(ctx, params) {
				if err != nil {
					return n, err
				}
				if visit != nil {
					visit(genRecord(&inv))
				}
				n++
			}
			return n, nil
		},
		Invite:  func(v any) Record { return genRecord(v.(*api.Invite)) },
		Page:    func(v any) PageRecord { return genPage(v.(*api.InviteListResponse)) },
		Deleted: func(v any) DeletedRecord { return genDeleted(v.(*api.InviteDeleteResponse)) },
	}, nil
}

// ---- the generated client ----

func newGen(hc *http.Client, baseURL string) (*Ops, error) {
	auth := "Bearer " + AdminKey
	c, err := gen.NewClientWithResponses(baseURL, gen.WithHTTPClient(hc),
		gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", auth)
			return nil
		}))
	if err != nil {
		return nil, err
	}
	req := gen.InviteRequest{Email: CreateRequest.Email, Role: gen.Role(CreateRequest.Role)}
	for _, p := range CreateRequest.Projects {
		req.Projects = append(req.Projects, gen.Project{ID: p.ID, Role: gen.ProjectRole(p.Role)})
	}
	getID, deleteID := InviteID(GetIndex), InviteID(DeleteIndex)
	limit := PageSize
	list := func(ctx context.Context, after *string) (*gen.InviteListResponse, error) {
		r, err := c.ListInvitesWithResponse(ctx, &gen.ListInvitesParams{Limit: &limit, After: after})
		if err != nil {
			return nil, err
		}
		if r.JSON200 == nil {
			return nil, statusError(r.StatusCode(), r.Body)
		}
		return r.JSON200, nil
	}
	return &Ops{
		Get: func(ctx context.Context) (any, error) {
			r, err := c.RetrieveInviteWithResponse(ctx, getID)
			if err != nil {
				return nil, err
			}
			if r.JSON200 == nil {
				return nil, statusError(r.StatusCode(), r.Body)
			}
			return r.JSON200, nil
		},
		List: func(ctx context.Context) (any, error) { return list(ctx, nil) },
		Create: func(ctx context.Context) (any, error) {
			r, err := c.InviteUserWithResponse(ctx, req)
			if err != nil {
				return nil, err
			}
			if r.JSON200 == nil {
				return nil, statusError(r.StatusCode(), r.Body)
			}
			return r.JSON200, nil
		},
		Delete: func(ctx context.Context) (any, error) {
			r, err := c.DeleteInviteWithResponse(ctx, deleteID)
			if err != nil {
				return nil, err
			}
			if r.JSON200 == nil {
				return nil, statusError(r.StatusCode(), r.Body)
			}
			return r.JSON200, nil
		},
		Walk: func(ctx context.Context, visit func(Record)) (int, error) {
			n := 0
			var after *string
			for {
				page, err := list(ctx, after)
				if err != nil {
					return n, err
				}
				for i := range page.Data {
					if visit != nil {
						visit(genRecord(&page.Data[i]))
					}
					n++
				}
				if !page.HasMore || page.LastID == nil {
					return n, nil
				}
				after = page.LastID
			}
		},
		Invite:  func(v any) Record { return genRecord(v.(*gen.Invite)) },
		Page:    func(v any) PageRecord { return genPage(v.(*gen.InviteListResponse)) },
		Deleted: func(v any) DeletedRecord { return genDeleted(v.(*gen.InviteDeleteResponse)) },
	}, nil
}

func genRecord(inv *gen.Invite) Record {
	r := Record{Object: string(inv.Object), ID: inv.ID, Email: inv.Email, Role: string(inv.Role),
		Status: string(inv.Status), CreatedAt: int64(inv.CreatedAt), ExpiresAt: int64(deref(inv.ExpiresAt)), AcceptedAt: int64(deref(inv.AcceptedAt)),
		Projects: make([]ProjectRecord, len(inv.Projects))}
	for i, p := range inv.Projects {
		r.Projects[i] = ProjectRecord{ID: p.ID, Role: string(p.Role)}
	}
	return r
}

func genPage(p *gen.InviteListResponse) PageRecord {
	r := PageRecord{HasMore: p.HasMore, FirstID: deref(p.FirstID), LastID: deref(p.LastID)}
	if p.Object != gen.InviteListResponseObjectList {
		r.FirstID = "wrong object " + string(p.Object)
	}
	for i := range p.Data {
		r.Data = append(r.Data, genRecord(&p.Data[i]))
	}
	return r
}

func genDeleted(d *gen.InviteDeleteResponse) DeletedRecord {
	return DeletedRecord{Object: string(d.Object), ID: d.ID, Deleted: d.Deleted}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// ---- openai-go ----

type openaiPage = pagination.ConversationCursorPage[openai.Invite]

func newOpenAI(hc *http.Client, baseURL string) (*Ops, error) {
	c := openai.NewClient(option.WithBaseURL(baseURL), option.WithAdminAPIKey(AdminKey),
		option.WithHTTPClient(hc), option.WithMaxRetries(0))
	svc := &c.Admin.Organization.Invites
	req := openai.AdminOrganizationInviteNewParams{Email: CreateRequest.Email, Role: openai.AdminOrganizationInviteNewParamsRole(CreateRequest.Role)}
	for _, p := range CreateRequest.Projects {
		req.Projects = append(req.Projects, openai.AdminOrganizationInviteNewParamsProject{ID: p.ID, Role: p.Role})
	}
	getID, deleteID := InviteID(GetIndex), InviteID(DeleteIndex)
	params := openai.AdminOrganizationInviteListParams{Limit: openai.Int(PageSize)}
	return &Ops{
		Get:    func(ctx context.Context) (any, error) { return svc.Get(ctx, getID) },
		List:   func(ctx context.Context) (any, error) { return svc.List(ctx, params) },
		Create: func(ctx context.Context) (any, error) { return svc.New(ctx, req) },
		Delete: func(ctx context.Context) (any, error) { return svc.Delete(ctx, deleteID) },
		Walk: func(ctx context.Context, visit func(Record)) (int, error) {
			n := 0
			it := svc.ListAutoPaging(ctx, params)
			for it.Next() {
				if visit != nil {
					inv := it.Current()
					visit(openaiRecord(&inv))
				}
				n++
			}
			return n, it.Err()
		},
		Invite: func(v any) Record { return openaiRecord(v.(*openai.Invite)) },
		Page: func(v any) PageRecord {
			p := v.(*openaiPage)
			r := PageRecord{HasMore: p.HasMore, LastID: p.LastID}
			for i := range p.Data {
				r.Data = append(r.Data, openaiRecord(&p.Data[i]))
			}
			return r
		},
		Deleted: func(v any) DeletedRecord {
			d := v.(*openai.AdminOrganizationInviteDeleteResponse)
			return DeletedRecord{Object: string(d.Object.Default()), ID: d.ID, Deleted: d.Deleted}
		},
	}, nil
}

func openaiRecord(inv *openai.Invite) Record {
	r := Record{Object: string(inv.Object.Default()), ID: inv.ID, Email: inv.Email, Role: string(inv.Role),
		Status: string(inv.Status), CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, AcceptedAt: inv.AcceptedAt,
		Projects: make([]ProjectRecord, len(inv.Projects))}
	if !inv.JSON.Object.Valid() {
		r.Object = "missing"
	}
	for i, p := range inv.Projects {
		r.Projects[i] = ProjectRecord{ID: p.ID, Role: p.Role}
	}
	return r
}

// ---- the floor: net/http and encoding/json by hand ----

// The floor's own types, shaped like the API's JSON.
type (
	baseInvite struct {
		Object     string        `json:"object"`
		ID         string        `json:"id"`
		Email      string        `json:"email"`
		Role       string        `json:"role"`
		Status     string        `json:"status"`
		CreatedAt  int64         `json:"created_at"`
		ExpiresAt  *int64        `json:"expires_at"`
		AcceptedAt *int64        `json:"accepted_at"`
		Projects   []baseProject `json:"projects"`
	}
	baseProject struct {
		ID   string `json:"id"`
		Role string `json:"role"`
	}
	basePage struct {
		Object  string       `json:"object"`
		Data    []baseInvite `json:"data"`
		FirstID *string      `json:"first_id"`
		LastID  *string      `json:"last_id"`
		HasMore bool         `json:"has_more"`
	}
	baseDeleted struct {
		Object  string `json:"object"`
		ID      string `json:"id"`
		Deleted bool   `json:"deleted"`
	}
	baseCreate struct {
		Email    string        `json:"email"`
		Role     string        `json:"role"`
		Projects []baseProject `json:"projects,omitempty"`
	}
)

// baseline is the simplest correct client: build the request, set the key,
// send it, check the status, read and decode the body, close it.
type baseline struct {
	hc   *http.Client
	base string
	auth string
	// sdk adds what package api does by contract for every request: a
	// per-attempt timeout, a User-Agent naming the SDK, and, for a create, a
	// random Idempotency-Key and the email check of net/mail.
	sdk bool
}

// sdkUserAgent is as long as package api's User-Agent.
var sdkUserAgent = "invites-go/" + api.Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"

func (c *baseline) do(ctx context.Context, method, path string, body io.Reader, v any) error {
	if c.sdk {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, api.DefaultRequestTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.sdk {
		req.Header.Set("User-Agent", sdkUserAgent)
		if method == http.MethodPost {
			var key [16]byte
			_, _ = cryptorand.Read(key[:])
			req.Header.Set("Idempotency-Key", "invites-"+hex.EncodeToString(key[:]))
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return statusError(resp.StatusCode, b)
	}
	// Reading the body whole and unmarshalling it measured a little faster
	// than json.NewDecoder here, so the floor does that.
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func (c *baseline) list(ctx context.Context, after string) (*basePage, error) {
	path := "/organization/invites?limit=" + strconv.Itoa(PageSize)
	if after != "" {
		path += "&after=" + url.QueryEscape(after)
	}
	var p basePage
	if err := c.do(ctx, http.MethodGet, path, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func newBaseline(hc *http.Client, baseURL string) (*Ops, error) {
	return newFloor(&baseline{hc: hc, base: strings.TrimSuffix(baseURL, "/"), auth: "Bearer " + AdminKey})
}

func newBaselineSDK(hc *http.Client, baseURL string) (*Ops, error) {
	return newFloor(&baseline{hc: hc, base: strings.TrimSuffix(baseURL, "/"), auth: "Bearer " + AdminKey, sdk: true})
}

func newFloor(c *baseline) (*Ops, error) {
	req := baseCreate{Email: CreateRequest.Email, Role: CreateRequest.Role}
	for _, p := range CreateRequest.Projects {
		req.Projects = append(req.Projects, baseProject(p))
	}
	getPath := "/organization/invites/" + url.PathEscape(InviteID(GetIndex))
	deleteID := InviteID(DeleteIndex)
	return &Ops{
		Get: func(ctx context.Context) (any, error) {
			var inv baseInvite
			if err := c.do(ctx, http.MethodGet, getPath, nil, &inv); err != nil {
				return nil, err
			}
			return &inv, nil
		},
		List: func(ctx context.Context) (any, error) { return c.list(ctx, "") },
		Create: func(ctx context.Context) (any, error) {
			if c.sdk {
				if _, err := mail.ParseAddress(req.Email); err != nil {
					return nil, err
				}
			}
			body, err := json.Marshal(req)
			if err != nil {
				return nil, err
			}
			var inv baseInvite
			if err := c.do(ctx, http.MethodPost, "/organization/invites", strings.NewReader(string(body)), &inv); err != nil {
				return nil, err
			}
			return &inv, nil
		},
		Delete: func(ctx context.Context) (any, error) {
			var d baseDeleted
			if err := c.do(ctx, http.MethodDelete, "/organization/invites/"+url.PathEscape(deleteID), nil, &d); err != nil {
				return nil, err
			}
			return &d, nil
		},
		Walk: func(ctx context.Context, visit func(Record)) (int, error) {
			n, after := 0, ""
			for {
				page, err := c.list(ctx, after)
				if err != nil {
					return n, err
				}
				for i := range page.Data {
					if visit != nil {
						visit(baseRecord(&page.Data[i]))
					}
					n++
				}
				if !page.HasMore || len(page.Data) == 0 {
					return n, nil
				}
				after = page.Data[len(page.Data)-1].ID
			}
		},
		Invite: func(v any) Record { return baseRecord(v.(*baseInvite)) },
		Page: func(v any) PageRecord {
			p := v.(*basePage)
			r := PageRecord{HasMore: p.HasMore, FirstID: deref(p.FirstID), LastID: deref(p.LastID)}
			if p.Object != "list" {
				r.FirstID = "wrong object " + p.Object
			}
			for i := range p.Data {
				r.Data = append(r.Data, baseRecord(&p.Data[i]))
			}
			return r
		},
		Deleted: func(v any) DeletedRecord {
			d := v.(*baseDeleted)
			return DeletedRecord(*d)
		},
	}, nil
}

func baseRecord(inv *baseInvite) Record {
	r := Record{Object: inv.Object, ID: inv.ID, Email: inv.Email, Role: inv.Role, Status: inv.Status,
		CreatedAt: inv.CreatedAt, ExpiresAt: deref(inv.ExpiresAt), AcceptedAt: deref(inv.AcceptedAt),
		Projects: make([]ProjectRecord, len(inv.Projects))}
	for i, p := range inv.Projects {
		r.Projects[i] = ProjectRecord(p)
	}
	return r
}

// statusError is the error for an answer that is not 200.
func statusError(status int, body []byte) error {
	if len(body) > 200 {
		body = body[:200]
	}
	return fmt.Errorf("status %d: %s", status, body)
}
