package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// Defaults of the global flags.
const (
	defaultBaseURL    = api.DefaultBaseURL
	defaultTimeout    = api.DefaultRequestTimeout
	defaultMaxRetries = api.DefaultMaxRetries
)

// envAdminKeyFile names the file that holds the admin key, when the key is
// not in the environment itself.
const envAdminKeyFile = "OPENAI_ADMIN_KEY_FILE"

// envProfile names the profile of the config file to use when --profile
// does not.
const envProfile = "INVITES_PROFILE"

// globalFlags are the settings every command takes, before or after its name.
type globalFlags struct {
	baseURL      string
	adminKey     string
	adminKeyFile string
	org          string
	profile      string
	timeout      time.Duration
	maxRetries   int
	mock         bool
	insecureHTTP bool
	debug        bool
	utc          bool
	output       string
	template     string
}

// newGlobalFlags returns the global flags at their defaults.
func newGlobalFlags() globalFlags {
	return globalFlags{timeout: defaultTimeout, maxRetries: defaultMaxRetries}
}

// register adds the global flags to fs, with the values already set (by the
// defaults, or by flags before the command name) as their defaults.
func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.baseURL, "base-url", g.baseURL, "the API's base `URL` (default $OPENAI_BASE_URL, else "+defaultBaseURL+")")
	fs.StringVar(&g.adminKey, "admin-key", g.adminKey, "the organization admin `key`; a flag is visible to other users of this machine in the process list: prefer $OPENAI_ADMIN_KEY or --admin-key-file")
	fs.StringVar(&g.adminKeyFile, "admin-key-file", g.adminKeyFile, "read the admin key from `FILE` (- for stdin), which only you may read (chmod 600) (default $"+envAdminKeyFile+")")
	fs.StringVar(&g.org, "org", g.org, "the organization `ID` sent as OpenAI-Organization (default $OPENAI_ORG_ID)")
	fs.StringVar(&g.profile, "profile", g.profile, "use the settings of profile `NAME` of the config file (default $"+envProfile+"; see 'invites auth --help')")
	fs.DurationVar(&g.timeout, "timeout", g.timeout, "the time limit for each attempt of a request, a `duration` such as 30s")
	fs.IntVar(&g.maxRetries, "max-retries", g.maxRetries, "retry a failed request up to `N` times; 0 for never")
	fs.BoolVar(&g.mock, "mock", g.mock, "run against an in-process fake with sample invites: no key, no network, nothing kept")
	fs.BoolVar(&g.insecureHTTP, "insecure-http", g.insecureHTTP, "allow a plaintext http:// base URL to a host that is not loopback, such as a gateway inside your network")
	fs.BoolVar(&g.debug, "debug", g.debug, "log every attempt of every request on stderr: method, path, status, request id, wait before a retry (never the key)")
	fs.BoolVar(&g.utc, "utc", g.utc, "show times in tables in UTC instead of the local time zone")
	fs.Var(&flags.Choice{Value: &g.output, Choices: output.Formats, Strict: true, Other: templateFormat}, "output", "print `FORMAT`: table, json, jsonl, csv, ids or template=TEXT, a Go template over the fields of json (default table on a terminal)")
	fs.Var(&flags.Choice{Value: &g.template, Other: templateText}, "template", "print with this Go `template` over the fields of -o json, as -o template=TEXT does")
	flags.Alias(fs, "output", "o")
}

// check validates the global flags once they are parsed.
func (g *globalFlags) check() error {
	switch {
	case g.timeout <= 0:
		return usageErrorf("--timeout must be positive, such as 30s, got %s", g.timeout)
	case g.maxRetries < 0:
		return usageErrorf("--max-retries must be 0 or more, got %d", g.maxRetries)
	case g.mock && g.baseURL != "":
		return usageErrorf("--mock and --base-url cannot be used together: --mock runs its own fake")
	case g.mock && g.profile != "":
		return usageErrorf("--mock and --profile cannot be used together: --mock runs its own fake")
	case g.adminKey != "" && g.adminKeyFile != "":
		return usageErrorf("--admin-key and --admin-key-file cannot be used together: choose one")
	case g.template != "" && g.output != "" && g.output != output.TemplatePrefix+g.template:
		return usageErrorf("--template and -o %s cannot be used together: choose one", g.output)
	case g.template != "":
		g.output = output.TemplatePrefix + g.template
	}
	return nil
}

// templateFormat takes the -o values that name a template, and refuses one
// whose text does not parse.
func templateFormat(s string) (bool, error) {
	text, ok := strings.CutPrefix(s, output.TemplatePrefix)
	if !ok {
		return false, nil
	}
	return true, checkTemplate(text)
}

// templateText checks the text of --template.
func templateText(s string) (bool, error) { return true, checkTemplate(s) }

// checkTemplate refuses a template that is empty or does not parse.
func checkTemplate(text string) error {
	if text == "" {
		return errors.New("the template is empty: give its text, such as template='{{range .}}{{.id}}{{\"\\n\"}}{{end}}'")
	}
	if _, err := output.ParseTemplate(text); err != nil {
		return fmt.Errorf("the template does not parse: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return nil
}
