package api_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

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
				{Field: "role", Rule: `must be "owner" or "reader", got "admin"`},
				{Field: "projects[1].id", Rule: "must not be empty"},
				{Field: "projects[1].role", Rule: `must be "member" or "owner", got "admin"`},
			},
			message: `invites: invalid email: must be an email address such as name@example.com, got "ada at example.com"; ` +
				`invalid role: must be "owner" or "reader", got "admin"; invalid projects[1].id: must not be empty; ` +
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
			{Field: "role", Rule: `must be "owner" or "reader", got "x"`},
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
	// role: must be "owner" or "reader", got "admin"
	// true
}

// TestInvisibleCharactersFollowUnicode checks the invisible-character rule,
// character by character, against Unicode's categories: a project id holding
// a control or format character (Cc, Cf), a line or paragraph separator (Zl,
// Zp) or a space other than the ASCII one (Zs) is refused, naming the
// character, and any other character is accepted. It covers ASCII, where the
// rule takes a shortcut, Latin-1 (U+0080 to U+009F are controls, U+00A0 a
// space, U+00AD a format character), every space and separator up to U+3000,
// and format characters beyond. The characters that draw as a blank cell
// though Unicode classes them as symbols or marks (U+2800 braille pattern
// blank, U+1D159 null notehead, U+16FE4 Khitan filler) are refused too.
func TestInvisibleCharactersFollowUnicode(t *testing.T) {
	t.Parallel()
	blank := []rune{'\u2800', '\U0001d159', '\U00016fe4'}
	runes := []rune{'\U0001d159', '\U00016fe4', '\U0001d15a', '\ufeff', '\ufff9', '\ufffb', '\U000110bd', '\U0001d173', '\U000e0001', '\U000e007f',
		'\u3164', '\ufe00', '\ufe0f', '\uffa0', '\ufff0', '\U000e0000', '\U000e0080', '\U000e0100', '\U000e01ef', '\U000e0fff'}
	for r := rune(0); r <= '\u3000'; r++ {
		runes = append(runes, r)
	}
	refused := 0
	for _, r := range runes {
		req := api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader,
			Projects: []api.Project{{ID: "proj" + string(r) + "_1", Role: api.ProjectRoleMember}}}
		err := api.ValidateInviteRequest(req)
		want := r != ' ' && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Zs,
			unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) || slices.Contains(blank, r)
		switch {
		case want && err == nil:
			t.Errorf("%U: accepted, want refused", r)
		case want:
			refused++
			ve := validationError(t, err)
			if code := fmt.Sprintf("%U", r); ve.Field != "projects[0].id" || !strings.Contains(ve.Rule, code) {
				t.Errorf("%U: %s: %s, want projects[0].id naming %s", r, ve.Field, ve.Rule, code)
			}
		case err != nil:
			t.Errorf("%U: %v, want accepted", r, err)
		}
	}
	if refused < 100 {
		t.Errorf("only %d characters refused: the test does not reach the categories", refused)
	}
}

// TestCreateRefusesInvisibleCharactersAndOverLimits sends create requests
// that break a character rule or a limit to the fake: each is refused before
// anything is sent, naming the field and the code point or the limit.
func TestCreateRefusesInvisibleCharactersAndOverLimits(t *testing.T) {
	t.Parallel()
	srv := apitest.NewServer(apitest.WithTB(t))
	t.Cleanup(srv.Close)
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()), api.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	member := func(id string) api.Project { return api.Project{ID: id, Role: api.ProjectRoleMember} }
	many := func(n int, id string) []api.Project {
		out := make([]api.Project, n)
		for i := range out {
			out[i] = member(id)
		}
		return out
	}
	type problem struct{ field, rule string }
	tests := map[string]struct {
		req  api.InviteRequest
		want problem
	}{
		"a control character": {api.InviteRequest{Email: "ada\x7f@example.com"}, problem{"email", "U+007F"}},
		"a tab":               {api.InviteRequest{Email: "ada@exam\tple.com"}, problem{"email", "U+0009"}},
		"invalid UTF-8":       {api.InviteRequest{Email: "ada\xff@example.com"}, problem{"email", "valid UTF-8"}},
		"an email of 255 bytes": {api.InviteRequest{Email: strings.Repeat("a", 243) + "@example.com"},
			problem{"email", "at most 254 bytes long (RFC 5321), got 255"}},
		"101 projects": {api.InviteRequest{Email: "ada@example.com", Projects: many(101, "proj_1")},
			problem{"projects", "at most 100 projects, got 101"}},
		"a project id of 129 bytes": {api.InviteRequest{Email: "ada@example.com", Projects: []api.Project{member(strings.Repeat("p", 129))}},
			problem{"projects[0].id", "at most 128 bytes long, got 129"}},
		"a project id with a zero-width space": {api.InviteRequest{Email: "ada@example.com", Projects: []api.Project{member("proj\u200b_1")}},
			problem{"projects[0].id", "U+200B"}},
		// Each field is within its limit, but JSON writes each < as \u003c.
		"a body over 32 KiB": {api.InviteRequest{Email: "ada@example.com", Projects: many(100, strings.Repeat("<", 128))},
			problem{"body", "at most 32768 bytes of JSON"}},
	}
	for _, r := range []rune{'\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u00ad', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u2028', '\u00a0', '\u0000', '\u0085',
		'\u3164', '\u115f', '\uffa0', '\u034f', '\ufe0f', '\U000e0100', '\U000e0080'} {
		code := fmt.Sprintf("%U", r)
		tests["email with "+code] = struct {
			req  api.InviteRequest
			want problem
		}{api.InviteRequest{Email: "ada" + string(r) + "@example.com"}, problem{"email", code}}
	}
	for name, tt := range tests {
		if tt.req.Role == "" {
			tt.req.Role = api.RoleReader
		}
		_, err := client.CreateInvite(context.Background(), tt.req)
		ve := validationError(t, err)
		if ve.Field != tt.want.field || !strings.Contains(ve.Rule, tt.want.rule) {
			t.Errorf("%s: %s: %s, want %s naming %q", name, ve.Field, ve.Rule, tt.want.field, tt.want.rule)
		}
		if !errors.Is(err, api.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want.field) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	// At the limits, the requests are sent.
	for _, req := range []api.InviteRequest{
		{Email: strings.Repeat("a", 242) + "@example.com", Role: api.RoleReader},
		{Email: "grace@example.com", Role: api.RoleReader, Projects: many(100, strings.Repeat("p", 128))},
	} {
		if err := api.ValidateInviteRequest(req); err != nil {
			t.Errorf("a request at the limits: %v", err)
		}
	}
	difftest.Check(t, "requests sent", len(srv.Requests()), 0)
}

// TestRulesFollowTheSpec: the rules of role, projects[i].role and limit
// name the values and bounds that api/types.gen.go takes from openapi.yaml,
// every value of RoleValues and ProjectRoleValues is valid and quoted in
// the rule in their order, and limit's bounds are the first and last limit
// accepted.
func TestRulesFollowTheSpec(t *testing.T) {
	t.Parallel()
	quoted := func(values []string) string {
		for i, v := range values {
			values[i] = fmt.Sprintf("%q", v)
		}
		return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
	}
	roles, projectRoles := api.RoleValues(), api.ProjectRoleValues()
	if len(roles) < 2 || len(projectRoles) < 2 {
		t.Fatalf("RoleValues() = %q, ProjectRoleValues() = %q: want the spec's values", roles, projectRoles)
	}
	var roleNames, projectRoleNames []string
	for _, r := range roles {
		roleNames = append(roleNames, string(r))
		if err := api.ValidateInviteRequest(api.InviteRequest{Email: "ada@example.com", Role: r, Projects: []api.Project{{ID: "proj_1", Role: api.ProjectRoleMember}}}); err != nil {
			t.Errorf("role %q: %v", r, err)
		}
	}
	for _, r := range projectRoles {
		projectRoleNames = append(projectRoleNames, string(r))
		if err := api.ValidateInviteRequest(api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader, Projects: []api.Project{{ID: "proj_1", Role: r}}}); err != nil {
			t.Errorf("project role %q: %v", r, err)
		}
	}
	err := api.ValidateInviteRequest(api.InviteRequest{Email: "ada@example.com", Role: "admin", Projects: []api.Project{{ID: "proj_1", Role: "boss"}}})
	difftest.Check(t, "problems", validationError(t, err).Problems, []api.FieldProblem{
		{Field: "role", Rule: "must be " + quoted(roleNames) + `, got "admin"`},
		{Field: "projects[0].role", Rule: "must be " + quoted(projectRoleNames) + `, got "boss"`},
	})

	for _, limit := range []int{api.MinListInvitesLimit, api.DefaultListInvitesLimit, api.MaxListInvitesLimit} {
		if err := api.ValidateListParams(&api.ListInvitesParams{Limit: api.Ptr(limit)}); err != nil {
			t.Errorf("limit %d: %v", limit, err)
		}
	}
	for _, limit := range []int{api.MinListInvitesLimit - 1, api.MaxListInvitesLimit + 1} {
		err := api.ValidateListParams(&api.ListInvitesParams{Limit: api.Ptr(limit)})
		want := fmt.Sprintf("must be between %d and %d, got %d", api.MinListInvitesLimit, api.MaxListInvitesLimit, limit)
		if got := validationError(t, err).Rule; got != want {
			t.Errorf("limit %d: rule %q, want %q", limit, got, want)
		}
	}
}

// TestValuesAreFreshSlices: each call of an enum's list returns a new
// slice, so a caller that changes one changes no other caller's.
func TestValuesAreFreshSlices(t *testing.T) {
	t.Parallel()
	roles := api.RoleValues()
	roles[0] = "changed"
	statuses := api.InviteStatusValues()
	statuses[0] = "changed"
	projectRoles := api.ProjectRoleValues()
	projectRoles[0] = "changed"
	if api.RoleValues()[0] == "changed" || api.InviteStatusValues()[0] == "changed" || api.ProjectRoleValues()[0] == "changed" {
		t.Error("a change to a returned list reached the next call's")
	}
}
