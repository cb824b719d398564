package main

import (
	"context"
	"flag"
	"slices"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
)

var createCommand = &command{
	name:    "create",
	args:    "--email EMAIL --role reader|owner [--project ID:member|owner]... [--no-projects] [-o FORMAT]",
	summary: "invite a user",
	help: `
Invite a user to the organization with an organization role (reader or owner)
and, optionally, project memberships: repeat --project ID:ROLE for each
project, with a role of member or owner. Without --project the user joins the
organization's default project; --no-projects invites to no project at all.
The request is checked before it is sent, and prints the new invite (-o json
for JSON).`,
	example: `
invites create --email ada@example.com --role reader
invites create --email grace@example.com --role owner --project proj_abc:owner --project proj_xyz:member`,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &createOptions{}
		fs.StringVar(&o.email, "email", "", "the user's email `address`")
		fs.Var(&flags.Choice{Value: &o.role, Choices: roles}, "role", "the organization `role`: reader or owner")
		fs.Var(&o.projects, "project", "a project membership as `ID:ROLE`, ROLE member or owner; repeatable")
		fs.BoolVar(&o.noProjects, "no-projects", false, "join no project, not even the default one")
		return o.run
	},
}

// roles are the organization roles that --role takes.
var roles = []string{string(api.RoleReader), string(api.RoleOwner)}

type createOptions struct {
	email      string
	role       string
	projects   flags.StringList
	noProjects bool
}

func (o *createOptions) run(ctx context.Context, c *cli, args []string) error {
	switch {
	case len(args) > 0:
		return usageErrorf("create takes its values as flags, got the argument %q (see 'invites create --help')", args[0])
	case o.email == "":
		return usageErrorf("create needs --email, such as 'invites create --email ada@example.com --role reader'")
	case o.role == "":
		return usageErrorf("create needs --role reader or --role owner")
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

	return c.showInvite(ctx, func(ctx context.Context, client *api.Client) (*api.Invite, error) {
		return client.CreateInvite(ctx, req)
	})
}
