package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var authCommand = &command{
	name:    "auth",
	args:    "status|profiles",
	summary: "check the admin key, or list the profiles",
	help: `
status checks the admin key with one request and says which profile, key
source, organization and base URL it used, and whether the key may read
invites: exit 0 when it works, 1 when the API refuses it or cannot be
reached, 2 when the settings are wrong. profiles lists the profiles of the
config file (invites/config.json in your config folder, or $INVITES_CONFIG),
the one in use marked with *; --profile or $INVITES_PROFILE chooses one.`,
	doc: "profiles",
	example: `
invites auth status
invites auth status --profile acme
INVITES_PROFILE=globex invites auth status -o json
invites auth profiles`,
	bind: func(*flag.FlagSet) runFunc { return runAuth },
}

func runAuth(ctx context.Context, c *cli, args []string) error {
	switch {
	case len(args) == 0:
		return usageErrorf("auth needs status or profiles, such as 'invites auth status' (see 'invites auth --help')")
	case len(args) > 1:
		return usageErrorf("auth %s takes no arguments, got %q (see 'invites auth --help')", args[0], args[1])
	}
	switch c.global.output {
	case "", output.Table, output.JSON:
	default:
		return usageErrorf("auth takes -o table or json, got %q", c.global.output)
	}
	switch args[0] {
	case "status":
		return c.authStatus(ctx)
	case "profiles":
		return c.authProfiles()
	}
	return usageErrorf("auth: unknown subcommand %q: use status or profiles (see 'invites auth --help')", args[0])
}

// authStatusFields are the fields of 'auth status -o json', in order.
var authStatusFields = []string{"profile", "profile_from", "config", "base_url", "base_url_from", "organization", "organization_from", "key_from", "read_invites", "status_code", "request_id", "key_organization", "error"}

// authStatus checks the key with one cheap request and says what it used
// and what the key may do.
func (c *cli) authStatus(ctx context.Context) error {
	if c.global.mock {
		return usageErrorf("auth status checks a real key: leave --mock out")
	}
	r, err := c.resolve()
	if err != nil {
		return err
	}
	c.noteOverrides(r)
	client, err := c.connectTo(r)
	if err != nil {
		return err
	}
	var resp api.Response
	_, err = client.ListInvites(ctx, &api.ListInvitesParams{Limit: new(1)}, api.WithResponseInto(&resp))
	if errors.Is(err, context.Canceled) {
		return err
	}
	status := authResult{r: r, baseURL: client.BaseURL(), resp: resp, err: err}
	if c.outputFormat(output.Table) == output.JSON {
		if werr := output.WriteJSON(c.stdout, status.object(c.settings), "  "); werr != nil {
			return werr
		}
	} else if werr := status.writeText(c.stdout, c.settings); werr != nil {
		return werr
	}
	return err
}

// authResult is what 'auth status' found.
type authResult struct {
	r       *resolved
	baseURL string // as the client uses it
	resp    api.Response
	err     error
}

// readInvites is "yes", "no" (the API refused the key), or "" (no answer
// that says).
func (a *authResult) readInvites() string {
	var apiErr *api.Error
	switch {
	case a.err == nil:
		return "yes"
	case errors.As(a.err, &apiErr) && (errors.Is(apiErr, api.ErrUnauthorized) || errors.Is(apiErr, api.ErrPermissionDenied)):
		return "no"
	}
	return ""
}

// profileText names the profile and what chose it.
func (a *authResult) profileText() string {
	if a.r.profile == nil {
		return "none"
	}
	return a.r.profile.name + " (" + a.r.profileFrom + ")"
}

// why says why the key may not read invites, or what stopped the check.
func (a *authResult) why(s settings) string {
	if a.err == nil {
		return ""
	}
	msg, _ := describe(a.err, s)
	return output.OneLine(msg)
}

func (a *authResult) writeText(w io.Writer, s settings) error {
	org := output.OrDash(a.r.org.value) + " (" + a.r.org.from + ")"
	if a.r.org.value == "" {
		org = "none: the key's own organization"
	}
	lines := [][2]string{
		{"profile", a.profileText()},
		{"config file", output.OrDash(a.r.configPath)},
		{"base URL", a.baseURL + " (" + a.r.baseURL.from + ")"},
		{"organization", org},
		{"admin key", "from " + a.r.key.from},
	}
	if o := a.resp.Header.Get("Openai-Organization"); o != "" {
		lines = append(lines, [2]string{"key's organization", o + " (the API's answer)"})
	}
	switch a.readInvites() {
	case "yes":
		lines = append(lines, [2]string{"read invites", "yes (" + statusText(a.resp) + ")"})
	case "no":
		lines = append(lines, [2]string{"read invites", "no: " + a.why(s)})
	default:
		lines = append(lines, [2]string{"read invites", "unknown: " + a.why(s)})
	}
	if a.err == nil {
		lines = append(lines, [2]string{"manage invites", "not checked: only a create or a revoke would tell"})
	}
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-19s %s\n", l[0]+":", output.Printable(l[1]))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// statusText is an answer's status and request id.
func statusText(resp api.Response) string {
	text := fmt.Sprintf("the API answered %d", resp.StatusCode)
	if resp.RequestID != "" {
		text += ", request_id=" + resp.RequestID
	}
	return text
}

func (a *authResult) object(s settings) output.Object {
	var read any
	switch a.readInvites() {
	case "yes":
		read = true
	case "no":
		read = false
	}
	var name, from any
	if a.r.profile != nil {
		name, from = a.r.profile.name, a.r.profileFrom
	}
	var statusCode any
	if a.resp.StatusCode != 0 {
		statusCode = a.resp.StatusCode
	}
	return output.Object{Keys: authStatusFields, Values: []any{
		name, from, orNull(a.r.configPath), a.baseURL, a.r.baseURL.from,
		orNull(a.r.org.value), a.r.org.from, a.r.key.from, read, statusCode,
		orNull(a.resp.RequestID), orNull(a.resp.Header.Get("Openai-Organization")), orNull(a.why(s)),
	}}
}

// orNull is s, or JSON's null for "".
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// profileRow is one line of 'auth profiles'.
type profileRow struct {
	active                                             string
	name, baseURL, org, keyFrom, insecure, description string
}

// Values returns the row's cells.
func (p *profileRow) Values() []any {
	return []any{p.active, p.name, p.baseURL, p.org, p.keyFrom, p.insecure, p.description}
}

// profileLayout is how 'auth profiles' gives way on a narrow terminal: the
// mark of the active profile and the name, which --profile takes, are never
// cut; the description, the key's source and the base URL may be cut; the
// insecure_http mark, the description, the organization, the key's source
// and the base URL are left out in that order.
var profileLayout = output.Layout{
	Whole: []string{"active", "name"},
	Cut:   []string{"description", "key_from", "base_url"},
	Drop:  []string{"insecure_http", "description", "organization", "key_from", "base_url"},
}

// profileColumns are the columns of 'auth profiles'.
var profileColumns = []string{"active", "name", "base_url", "organization", "key_from", "insecure_http", "description"}

// authProfiles lists the config file's profiles.
func (c *cli) authProfiles() error {
	cfg, path, err := c.loadConfig()
	if err != nil {
		return err
	}
	if cfg == nil || len(cfg.profiles) == 0 {
		fmt.Fprintln(c.stderr, output.Printable("invites: no profiles: the config file "+output.OrDash(path)+" has none (see 'invites auth --help')"))
		if c.outputFormat(output.Table) == output.JSON {
			return output.Write(c.stdout, output.JSON, &output.Rows{Columns: profileColumns}, output.Options{})
		}
		return nil
	}
	active := ""
	if r, err := c.resolve(); err == nil && r.profile != nil {
		active = r.profile.name
	} else if err != nil {
		return err
	}
	rows := &output.Rows{Columns: profileColumns, Layout: profileLayout}
	for _, name := range cfg.names() {
		p := cfg.profiles[name]
		row := &profileRow{name: name, baseURL: p.baseURL, org: p.organization, description: p.description}
		if name == active {
			row.active = "*"
		}
		switch {
		case p.adminKeyFile != "":
			row.keyFrom = "admin_key_file " + p.adminKeyFile
		case len(p.adminKeyCommand) > 0:
			row.keyFrom = "admin_key_command " + strings.Join(p.adminKeyCommand, " ")
		}
		if p.insecureHTTP {
			row.insecure = "yes"
		}
		rows.Records = append(rows.Records, row)
	}
	format := c.outputFormat(output.Table)
	return output.Write(c.stdout, format, rows, output.Options{Width: c.tableWidth(format)})
}
