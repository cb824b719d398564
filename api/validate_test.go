package api_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestValidationListsEveryBadField sends requests with several bad fields
// to the fake: the *ValidationError lists each of them with its rule, in the
// order of the request's fields, Field and Rule are the first problem's, the
// message names them all, errors.Is finds ErrInvalidInput, and nothing
// reaches the server.
func TestValidationListsEveryBadField(t *testing.T) {
	t.Parallel()
	srv := apitest.NewServer()
	t.Cleanup(srv.Close)
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name    string
		call    func() error
		want    []api.FieldProblem
		message string
	}{
		{
			name: "create",
			call: func() error {
				_, err := client.CreateInvite(ctx, api.InviteRequest{Email: "ada at example.com", Role: "admin", Projects: []api.Project{
					{ID: "proj_1", Role: api.ProjectRoleMember}, {ID: "", Role: "admin"},
				}})
				return err
			},
			want: []api.FieldProblem{
				{Field: "email", Rule: `must be an email address such as name@example.com, got "ada at example.com"`},
				{Field: "role", Rule: `must be "reader" or "owner", got "admin"`},
				{Field: "projects[1].id", Rule: "must not be empty"},
				{Field: "projects[1].role", Rule: `must be "member" or "owner", got "admin"`},
			},
			message: `invites: invalid email: must be an email address such as name@example.com, got "ada at example.com"; ` +
				`invalid role: must be "reader" or "owner", got "admin"; invalid projects[1].id: must not be empty; ` +
				`invalid projects[1].role: must be "member" or "owner", got "admin"`,
		},
		{
			name: "list",
			call: func() error {
				_, err := client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(0), After: api.Ptr("")})
				return err
			},
			want: []api.FieldProblem{
				{Field: "limit", Rule: "must be between 1 and 100, got 0"},
				{Field: "after", Rule: "must not be empty when set (leave it nil for the first page)"},
			},
			message: "invites: invalid limit: must be between 1 and 100, got 0; " +
				"invalid after: must not be empty when set (leave it nil for the first page)",
		},
		{
			name: "one bad field",
			call: func() error {
				_, err := client.CreateInvite(ctx, api.InviteRequest{Email: "", Role: api.RoleReader})
				return err
			},
			want:    []api.FieldProblem{{Field: "email", Rule: "must not be empty"}},
			message: "invites: invalid email: must not be empty",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			ve := validationError(t, err)
			type seen struct {
				Problems    []api.FieldProblem
				Field, Rule string
				Message     string
				IsInvalid   bool
			}
			want := seen{Problems: tt.want, Field: tt.want[0].Field, Rule: tt.want[0].Rule, Message: tt.message, IsInvalid: true}
			got := seen{Problems: ve.Problems, Field: ve.Field, Rule: ve.Rule, Message: err.Error(), IsInvalid: errors.Is(err, api.ErrInvalidInput)}
			if d := difftest.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("the server saw %d requests, want none", n)
	}
}

// TestValidateFunctionsMatchTheClient checks that the exported validators
// report what the client refuses, every field at once, and accept good
// input.
func TestValidateFunctionsMatchTheClient(t *testing.T) {
	t.Parallel()
	good := api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "p", Role: api.ProjectRoleOwner}}}
	type result struct {
		GoodRequest, GoodParams, NilParams error
		BadRequest, BadParams              []api.FieldProblem
	}
	got := result{
		GoodRequest: api.ValidateInviteRequest(good),
		GoodParams:  api.ValidateListParams(&api.ListInvitesParams{Limit: api.Ptr(100), After: api.Ptr("invite-abc")}),
		NilParams:   api.ValidateListParams(nil),
		BadRequest:  validationError(t, api.ValidateInviteRequest(api.InviteRequest{Role: "x", Projects: []api.Project{{ID: " ", Role: api.ProjectRoleMember}}})).Problems,
		BadParams:   validationError(t, api.ValidateListParams(&api.ListInvitesParams{Limit: api.Ptr(101), After: api.Ptr("")})).Problems,
	}
	want := result{
		BadRequest: []api.FieldProblem{
			{Field: "email", Rule: "must not be empty"},
			{Field: "role", Rule: `must be "reader" or "owner", got "x"`},
			{Field: "projects[0].id", Rule: "must not be empty"},
		},
		BadParams: []api.FieldProblem{
			{Field: "limit", Rule: "must be between 1 and 100, got 101"},
			{Field: "after", Rule: "must not be empty when set (leave it nil for the first page)"},
		},
	}
	if d := difftest.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// validationError returns err as a *ValidationError, or fails the test.
func validationError(t *testing.T, err error) *api.ValidationError {
	t.Helper()
	var ve *api.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	return ve
}

// TestValidationErrorWithoutProblems checks that a *ValidationError built
// with Field and Rule alone, as code written before Problems existed does,
// still names its field and rule and matches ErrInvalidInput.
func TestValidationErrorWithoutProblems(t *testing.T) {
	t.Parallel()
	err := error(&api.ValidationError{Field: "email", Rule: "must not be empty"})
	if got, want := err.Error(), "invites: invalid email: must not be empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, api.ErrInvalidInput) {
		t.Error("errors.Is(err, ErrInvalidInput) = false")
	}
}

func ExampleValidationError_problems() {
	err := api.ValidateInviteRequest(api.InviteRequest{Email: "ada@", Role: "admin"})
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Rule)
		}
	}
	fmt.Println(errors.Is(err, api.ErrInvalidInput))
	// Output:
	// email: must be an email address such as name@example.com, got "ada@"
	// role: must be "reader" or "owner", got "admin"
	// true
}
