package api_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// newExampleClient starts the fake and returns a client for it. Real code
// calls api.NewClient() with $OPENAI_ADMIN_KEY set instead.
func newExampleClient() (*api.Client, *apitest.Server) {
	srv := apitest.NewServer()
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	return client, srv
}

func Example() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()

	inv, err := client.CreateInvite(ctx, api.InviteRequest{
		Email:    "ada@example.com",
		Role:     api.RoleReader,
		Projects: []api.Project{{ID: "proj_abc", Role: api.ProjectRoleMember}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Email, inv.Role, inv.Status, inv.Projects[0].ID)

	if _, err := client.DeleteInvite(ctx, inv.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.GetInvite(ctx, inv.ID)
	fmt.Println(errors.Is(err, api.ErrNotFound))
	// Output:
	// ada@example.com reader pending proj_abc
	// true
}

func ExampleClient_AllInvites() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if _, err := client.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleReader}); err != nil {
			log.Fatal(err)
		}
	}

	// Two invites a page: AllInvites fetches the second page when the loop
	// needs it.
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(inv.Email)
	}
	// Output:
	// c@example.com
	// b@example.com
	// a@example.com
}

func ExampleClient_ListInvites() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if _, err := client.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleOwner}); err != nil {
			log.Fatal(err)
		}
	}

	page, err := client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Data), page.HasMore)
	page, err = client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2), After: page.LastID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Data), page.HasMore, page.Data[0].Email)
	// Output:
	// 2 true
	// 1 false a@example.com
}

func ExampleError() {
	client, srv := newExampleClient()
	defer srv.Close()

	_, err := client.GetInvite(context.Background(), "invite-missing")
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Param)
	}
	fmt.Println(errors.Is(err, api.ErrNotFound))
	// Output:
	// 404 not_found invite_id
	// true
}

func ExampleValidationError() {
	client, srv := newExampleClient()
	defer srv.Close()

	_, err := client.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: "admin"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, api.ErrInvalidInput))
	// Output:
	// invites: invalid role: must be "owner" or "reader", got "admin"
	// true
}

func ExampleValidateInviteRequest() {
	rows := []api.InviteRequest{
		{Email: "ada@example.com", Role: api.RoleReader},
		{Email: "grace@example.com", Role: api.RoleOwner, Projects: []api.Project{{ID: "proj_1", Role: "admin"}}},
	}
	for i, row := range rows {
		if err := api.ValidateInviteRequest(row); err != nil {
			fmt.Printf("row %d: %v\n", i+1, err)
		}
	}
	// Output:
	// row 2: invites: invalid projects[0].role: must be "member" or "owner", got "admin"
}

func ExampleWithIdempotencyKey() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()
	req := api.InviteRequest{Email: "grace@example.com", Role: api.RoleOwner}

	// The same key on a second run (of a script that was cut short, say)
	// gets the first run's answer: the user is invited once.
	var first, second api.Response
	a, err := client.CreateInvite(ctx, req, api.WithIdempotencyKey("onboarding-grace"), api.WithResponseInto(&first))
	if err != nil {
		log.Fatal(err)
	}
	b, err := client.CreateInvite(ctx, req, api.WithIdempotencyKey("onboarding-grace"), api.WithResponseInto(&second))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID == b.ID, first.StatusCode, second.StatusCode, first.RequestID != "")
	// Output:
	// true 200 200 true
}

func ExampleNewClient() {
	// Real code passes no key and sets $OPENAI_ADMIN_KEY instead. A bad
	// setting is refused here, before any call.
	_, err := api.NewClient(api.WithAdminKey("sk-admin-example"), api.WithBaseURL("http://gateway.example/v1"))
	fmt.Println(err)

	client, err := api.NewClient(
		api.WithAdminKey("sk-admin-example"),
		api.WithBaseURL("https://gateway.example/openai/v1"), // a path prefix is kept
		api.WithMaxRetries(4),
		api.WithUserAgent("onboarding-bot/1.2"), // sent before invites-go/VERSION
	)
	fmt.Println(client != nil, err)
	// Output:
	// invites: base URL "http://gateway.example/v1" is plaintext http to a host that is not loopback: the admin key would cross the network unencrypted; use https, or api.WithInsecureHTTP if you really mean it
	// true <nil>
}

func ExampleClient_CreateInvite() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()

	// No Projects: the user joins the organization's default project.
	ada, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	if err != nil {
		log.Fatal(err)
	}
	// An empty, non-nil list: no project at all.
	alan, err := client.CreateInvite(ctx, api.InviteRequest{Email: "alan@example.com", Role: api.RoleReader, Projects: []api.Project{}})
	if err != nil {
		log.Fatal(err)
	}
	grace, err := client.CreateInvite(ctx, api.InviteRequest{
		Email:    "grace@example.com",
		Role:     api.RoleOwner,
		Projects: []api.Project{{ID: "proj_research", Role: api.ProjectRoleOwner}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, inv := range []*api.Invite{ada, alan, grace} {
		fmt.Println(inv.Email, inv.Role, inv.Status, inv.Projects)
	}
	// Output:
	// ada@example.com reader pending [{proj_default member}]
	// alan@example.com reader pending []
	// grace@example.com owner pending [{proj_research owner}]
}

func ExampleClient_GetInvite() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleOwner})
	if err != nil {
		log.Fatal(err)
	}

	inv, err := client.GetInvite(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Email, inv.Role, inv.Status, inv.AcceptedAt == nil)
	fmt.Println("expires 7 days after it was sent:", inv.ExpiresAt.Time().Sub(inv.CreatedAt.Time()) == 7*24*time.Hour)

	_, err = client.GetInvite(ctx, "invite-unknown")
	fmt.Println(errors.Is(err, api.ErrNotFound))
	// Output:
	// ada@example.com owner pending true
	// expires 7 days after it was sent: true
	// true
}

func ExampleClient_DeleteInvite() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()
	pending, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	if err != nil {
		log.Fatal(err)
	}
	accepted := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner, Status: api.InviteStatusAccepted})

	res, err := client.DeleteInvite(ctx, pending.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("revoked:", res.Deleted) // check Deleted: only true means revoked

	// Already revoked (or never there): ErrNotFound.
	_, err = client.DeleteInvite(ctx, pending.ID)
	fmt.Println(errors.Is(err, api.ErrNotFound))
	// An accepted invite cannot be revoked: ErrConflict.
	_, err = client.DeleteInvite(ctx, accepted.ID)
	fmt.Println(errors.Is(err, api.ErrConflict))
	// Output:
	// revoked: true
	// true
	// true
}

// Example_errors tells the errors of a call apart: input refused before
// sending, an error answer from the API, an answer that is not what the
// operation promises, and no answer at all.
func Example_errors() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()

	describe := func(err error) string {
		var (
			ve *api.ValidationError
			ae *api.Error
			de *api.DecodeError
			te *api.TransportError
		)
		switch {
		case err == nil:
			return "ok"
		case errors.As(err, &ve):
			return "bad input, nothing sent: " + ve.Field
		case errors.Is(err, api.ErrNotFound) && errors.As(err, &ae):
			return fmt.Sprintf("no such invite (%d %s, request id given: %t)", ae.StatusCode, ae.Code, ae.RequestID != "")
		case errors.As(err, &ae):
			return fmt.Sprintf("the API said %d %s", ae.StatusCode, ae.Code)
		case errors.As(err, &de) && errors.Is(err, api.ErrNotPromised):
			return fmt.Sprintf("a %d answer that is not the promised object", de.StatusCode)
		case errors.As(err, &te):
			return "no answer"
		}
		return err.Error()
	}

	_, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example", Role: api.RoleReader})
	fmt.Println(describe(err))
	_, err = client.GetInvite(ctx, "invite-unknown")
	fmt.Println(describe(err))
	_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	fmt.Println(describe(err))
	_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	fmt.Println(describe(err))
	if err := srv.InjectFault(apitest.Fault{Method: "GET", Path: "/organization/invites", Times: 1, Body: apitest.BodyWrongObject}); err != nil {
		log.Fatal(err)
	}
	_, err = client.ListInvites(ctx, nil)
	fmt.Println(describe(err))
	// Output:
	// bad input, nothing sent: email
	// no such invite (404 not_found, request id given: true)
	// ok
	// the API said 409 invite_exists
	// a 200 answer that is not the promised object
}

func ExampleWithResponseInto() {
	client, srv := newExampleClient()
	defer srv.Close()
	ctx := context.Background()

	// The request id is what OpenAI's support asks for: keep it on success
	// as on failure.
	var resp api.Response
	inv, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader}, api.WithResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Email, resp.StatusCode, strings.HasPrefix(resp.RequestID, "req_"))

	_, err = client.GetInvite(ctx, "invite-unknown", api.WithResponseInto(&resp))
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		fmt.Println(resp.StatusCode, resp.RequestID == apiErr.RequestID)
	}
	// Output:
	// ada@example.com 200 true
	// 404 true
}

func ExampleUnixTime() {
	// A fixed clock, so that the times printed are always the same.
	srv := apitest.NewServer(apitest.WithClock(func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }))
	defer srv.Close()
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	inv, err := client.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(int64(inv.CreatedAt), inv.CreatedAt.Time().Format(time.RFC3339))
	if inv.ExpiresAt != nil { // a field the API may send as null is a pointer
		fmt.Println(inv.ExpiresAt.Time().Format(time.DateOnly))
	}
	// Output:
	// 1772366400 2026-03-01T12:00:00Z
	// 2026-03-08
}
