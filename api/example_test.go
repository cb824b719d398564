package api_test

import (
	"context"
	"errors"
	"fmt"
	"log"

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
	// invites: invalid role: must be "reader" or "owner", got "admin"
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
