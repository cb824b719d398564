package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// demoSeed makes the demo's invite ids the same on every run.
const demoSeed = 42

var demoCommand = &command{
	name:    "demo",
	args:    "",
	summary: "walk through the API against a built-in fake (no key, no network)",
	help: `
Start apitest, the SDK's fake of the invites API, inside this process and walk
through an invite's whole life with the SDK, printing each call and its
answer: invite three users, list them page by page, look one up, see what bad
input, a conflict and an unknown id give, and revoke one. It needs no admin
key and no network, and changes nothing anywhere.`,
	example: `
go run ./cmd/invites demo`,
	offline: true,
	bind:    func(*flag.FlagSet) runFunc { return runDemo },
}

// demoPrinter writes the demo's steps.
type demoPrinter struct {
	w    io.Writer
	step int
}

func (p *demoPrinter) title(s string) {
	p.step++
	fmt.Fprintf(p.w, "\n%d. %s\n", p.step, s)
}

func (p *demoPrinter) call(code string) { fmt.Fprintf(p.w, "   %s\n", code) }

// stepCall starts a numbered step with its title and the call it makes.
func (p *demoPrinter) stepCall(title, code string) {
	p.title(title)
	p.call(code)
}

func (p *demoPrinter) say(format string, args ...any) {
	fmt.Fprintf(p.w, "   "+format+"\n", args...)
}

func (p *demoPrinter) block(text string) {
	fmt.Fprint(p.w, output.Indent(strings.TrimRight(text, "\n"), "     ")+"\n")
}

// demoCreate is one invite the demo sends, with its Go spelling.
type demoCreate struct {
	req  api.InviteRequest
	code string
}

func runDemo(ctx context.Context, c *cli, args []string) error {
	if err := noArguments("demo", args); err != nil {
		return err
	}
	srv := apitest.NewServer(apitest.WithSeed(demoSeed), apitest.WithClock(c.now))
	defer srv.Close()
	client, err := c.newClient(apitest.AdminKey, srv.BaseURL(), "")
	if err != nil {
		return err
	}
	p := &demoPrinter{w: c.stdout}
	fmt.Fprint(c.stdout, `invites demo: the Go SDK (package api) against apitest, its fake of the
invites API, started in this process on loopback. No admin key, no network:
the fake checks every request and answer against openapi.yaml.

   srv := apitest.NewServer()
   client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
`)

	p.title("Invite three users")
	creates := []demoCreate{
		{api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader},
			`client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})`},
		{api.InviteRequest{Email: "grace@example.com", Role: api.RoleOwner, Projects: []api.Project{{ID: "proj_research", Role: api.ProjectRoleOwner}}},
			`client.CreateInvite(ctx, api.InviteRequest{Email: "grace@example.com", Role: api.RoleOwner,` + "\n" +
				`       Projects: []api.Project{{ID: "proj_research", Role: api.ProjectRoleOwner}}})`},
		{api.InviteRequest{Email: "alan@example.com", Role: api.RoleReader, Projects: []api.Project{}},
			`client.CreateInvite(ctx, api.InviteRequest{Email: "alan@example.com", Role: api.RoleReader, Projects: []api.Project{}})`},
	}
	var invited []*api.Invite
	for _, cr := range creates {
		p.call(cr.code)
		inv, err := client.CreateInvite(ctx, cr.req)
		if err != nil {
			return err
		}
		invited = append(invited, inv)
		projects := projectList(inv.Projects).String()
		switch {
		case cr.req.Projects == nil:
			projects += " (no projects field: the default project)"
		case len(cr.req.Projects) == 0:
			projects = "none (an empty, non-nil list: no project at all)"
		}
		p.say("-> %s  %s  %s  %s, expires %s, projects %s", inv.ID, inv.Email, inv.Role, inv.Status, output.OrDash(output.Text(unixTime(inv.ExpiresAt), c.local)), projects)
	}

	p.title("List them, two a page (newest first)")
	params := &api.ListInvitesParams{Limit: api.Ptr(2)}
	for page := 1; ; page++ {
		if params.After == nil {
			p.call(`client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2)})`)
		} else {
			p.call(fmt.Sprintf(`client.ListInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(2), After: api.Ptr(%q)})`, *params.After))
		}
		resp, err := client.ListInvites(ctx, params)
		if err != nil {
			return err
		}
		var table bytes.Buffer
		if err := output.Write(&table, output.Table, inviteRows(resp.Data, output.Table), output.Options{Local: c.local}); err != nil {
			return err
		}
		p.say("page %d: %s, has_more %t", page, output.Plural(len(resp.Data), "invite"), resp.HasMore)
		p.block(table.String())
		if !resp.HasMore {
			break
		}
		params.After = resp.LastID
	}
	p.say("client.AllInvites(ctx, nil) walks every page for you in a for-range loop.")

	grace := invited[1]
	p.stepCall("Look one up", fmt.Sprintf("client.GetInvite(ctx, %q)", grace.ID))
	inv, err := client.GetInvite(ctx, grace.ID)
	if err != nil {
		return err
	}
	var details bytes.Buffer
	if err := writeInviteDetails(&details, inv, c.local); err != nil {
		return err
	}
	p.block(details.String())

	p.stepCall("Bad input is refused before anything is sent", `client.CreateInvite(ctx, api.InviteRequest{Email: "ada at example.com", Role: "admin"})`)
	before := len(srv.Requests())
	_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "ada at example.com", Role: "admin"})
	var ve *api.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("demo: expected a validation error, got %v", err) //nolint:errorlint // err may be nil, which %w would print as %!w(<nil>)
	}
	p.say("-> *api.ValidationError: %v", err)
	p.say("   field %q; errors.Is(err, api.ErrInvalidInput) is %t; requests sent: %d", ve.Field, errors.Is(err, api.ErrInvalidInput), len(srv.Requests())-before)

	p.stepCall("A second pending invite for the same email is a conflict", `client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleOwner})`)
	_, err = client.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleOwner})
	if err := demoAPIError(p, err, api.ErrConflict, "api.ErrConflict"); err != nil {
		return err
	}

	p.stepCall("An unknown id is not found", `client.GetInvite(ctx, "invite-doesnotexist")`)
	_, err = client.GetInvite(ctx, "invite-doesnotexist")
	if err := demoAPIError(p, err, api.ErrNotFound, "api.ErrNotFound"); err != nil {
		return err
	}

	alan := invited[2]
	p.stepCall("Revoke one", fmt.Sprintf("client.DeleteInvite(ctx, %q)", alan.ID))
	del, err := client.DeleteInvite(ctx, alan.ID)
	if err != nil {
		return err
	}
	p.say("-> deleted %t, id %s", del.Deleted, del.ID)
	var left []string
	for inv, err := range client.AllInvites(ctx, nil) {
		if err != nil {
			return err
		}
		left = append(left, inv.Email)
	}
	p.say("   %s left: %s", output.Plural(len(left), "invite"), strings.Join(left, ", "))

	fmt.Fprint(c.stdout, `
Done. The fake lived in this process only: nothing was kept. Next:
   go install ./cmd/invites              after go run: installs invites in $(go env GOPATH)/bin
   invites --mock list                   any command, on sample data, without a key
   invites mock-server                   the fake as a server, for clients in any language
   export OPENAI_ADMIN_KEY=sk-admin-...  then 'invites list' for your organization
   invites --help                        every command; 'go doc ./api' for the SDK
`)
	return nil
}

// demoAPIError prints an *api.Error the demo expects.
func demoAPIError(p *demoPrinter, err error, sentinel error, name string) error {
	var apiErr *api.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("demo: expected an API error, got %v", err) //nolint:errorlint // err may be nil, which %w would print as %!w(<nil>)
	}
	p.say("-> *api.Error: %v", err)
	p.say("   StatusCode %d, Code %q, RequestID %q; errors.Is(err, %s) is %t",
		apiErr.StatusCode, apiErr.Code, apiErr.RequestID, name, errors.Is(err, sentinel))
	return nil
}
