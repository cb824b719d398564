package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var createCommand = &command{
	name:    "create",
	args:    "--email EMAIL --role " + strings.Join(roles, "|") + " [flags]",
	summary: "invite a user",
	help: `
Invite a user with an organization role (reader or owner) and, optionally,
project memberships (--project ID:ROLE, repeatable, ROLE member or owner).
Without --project the user joins the default project; --no-projects joins
none. The request is checked before it is sent. --dry-run checks it and the
settings and prints the request, sending nothing.`,
	doc: "everyday-commands",
	example: `
invites create --email ada@example.com --role reader
invites create --email ada@example.com --role reader --no-projects --dry-run -o json
invites create --email grace@example.com --role owner --project proj_abc:owner --project proj_xyz:member`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &createOptions{}
		fs.StringVar(&o.email, "email", "", "the user's email `address`")
		fs.Var(&flags.Choice{Value: &o.role, Choices: roles}, "role", "the organization `role`: "+output.OrList(roles))
		fs.Var(&o.projects, "project", "a project membership as `ID:ROLE`, ROLE "+output.OrList(projectRoles)+"; repeatable")
		fs.BoolVar(&o.noProjects, "no-projects", false, "join no project, not even the default one")
		fs.BoolVar(&o.dryRun, "dry-run", false, "check the request and the settings and print it; send nothing")
		return o.run
	},
}

type createOptions struct {
	email      string
	role       string
	projects   flags.StringList
	noProjects bool
	dryRun     bool
}

func (o *createOptions) run(ctx context.Context, c *cli, args []string) error {
	switch {
	case len(args) > 0:
		return usageErrorf("create takes its values as flags, got the argument %q (see 'invites create --help')", args[0])
	case o.email == "":
		return usageErrorf("create needs --email, such as 'invites create --email ada@example.com --role reader'")
	case o.role == "":
		return usageErrorf("create needs %s", output.OrList(withEach("--role ", roles)))
	case o.noProjects && len(o.projects) > 0:
		return usageErrorf("--no-projects and --project cannot be used together")
	}
	req := api.InviteRequest{Email: o.email, Role: api.Role(strings.ToLower(o.role))}
	for _, s := range o.projects {
		p, err := parseProject(s)
		if err != nil {
			return usageErrorf("--project: %v", err)
		}
		req.Projects = append(req.Projects, p)
	}
	if o.noProjects {
		req.Projects = []api.Project{}
	}
	if err := checkDistinctProjects(req.Projects); err != nil {
		return usageErrorf("--project: %v", err)
	}
	// Check the request with the SDK's rules before asking for a key; a
	// mistyped role gets the closest one.
	if err := api.ValidateInviteRequest(req); err != nil {
		if near := flags.Suggest(string(req.Role), roles); near != "" && !slices.Contains(roles, string(req.Role)) {
			msg, _ := describe(err, settings{})
			return usageErrorf("%s (did you mean --role %s?)", msg, near)
		}
		return err
	}

	if o.dryRun {
		return c.createDryRun(req)
	}
	return c.showInvite(ctx, func(ctx context.Context, client *api.Client) (*api.Invite, error) {
		return client.CreateInvite(ctx, req)
	})
}

// createColumns are the fields of a create request, as create --dry-run
// prints it.
var createColumns = []string{"email", "role", "projects"}

// createRequest is a create request as a record; a nil projects, the
// default project, is null in JSON.
type createRequest struct{ req api.InviteRequest }

func (r createRequest) Values() []any {
	var projects any = projectList(r.req.Projects)
	if r.req.Projects == nil {
		projects = nil
	}
	return []any{r.req.Email, string(r.req.Role), projects}
}

// createDryRun checks the settings as a create would, without a request,
// and prints the request that would be sent: sending nothing.
func (c *cli) createDryRun(req api.InviteRequest) error {
	_, done, err := c.connect()
	if err != nil {
		return err
	}
	done()
	projects := "the default project"
	switch {
	case req.Projects == nil:
	case len(req.Projects) == 0:
		projects = "no project"
	default:
		projects = projectList(req.Projects).String()
	}
	format := c.outputFormat(output.Table)
	if format != output.Table {
		r := &output.Rows{Columns: createColumns, Records: []output.Record{createRequest{req}}}
		if err := output.Write(c.stdout, format, r, output.Options{Document: r.Objects()[0]}); err != nil {
			return err
		}
	}
	fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: dry run: would invite %s as %s, to %s; nothing was sent", req.Email, req.Role, projects)))
	return nil
}
