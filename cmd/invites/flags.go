package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// globalFlags are the settings every command takes, before or after its name.
type globalFlags struct {
	baseURL      string
	adminKey     string
	org          string
	timeout      time.Duration
	maxRetries   int
	mock         bool
	insecureHTTP bool
	debug        bool
	utc          bool
	output       string
}

// newGlobalFlags returns the global flags at their defaults.
func newGlobalFlags() globalFlags {
	return globalFlags{timeout: defaultTimeout, maxRetries: defaultMaxRetries}
}

// register adds the global flags to fs, with the values already set (by the
// defaults, or by flags before the command name) as their defaults.
func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.baseURL, "base-url", g.baseURL, "the API's base `URL` (default $OPENAI_BASE_URL, else "+defaultBaseURL+")")
	fs.StringVar(&g.adminKey, "admin-key", g.adminKey, "the organization admin `key`; prefer $OPENAI_ADMIN_KEY, which stays out of shell history")
	fs.StringVar(&g.org, "org", g.org, "the organization `ID` sent as OpenAI-Organization (default $OPENAI_ORG_ID)")
	fs.DurationVar(&g.timeout, "timeout", g.timeout, "the time limit for each attempt of a request, a `duration` such as 30s")
	fs.IntVar(&g.maxRetries, "max-retries", g.maxRetries, "retry a failed request up to `N` times; 0 for never")
	fs.BoolVar(&g.mock, "mock", g.mock, "run against an in-process fake with sample invites: no key, no network, nothing kept")
	fs.BoolVar(&g.insecureHTTP, "insecure-http", g.insecureHTTP, "allow a plaintext http:// base URL to a host that is not loopback, such as a gateway inside your network")
	fs.BoolVar(&g.debug, "debug", g.debug, "log every attempt of every request on stderr: method, path, status, request id, wait before a retry (never the key)")
	fs.BoolVar(&g.utc, "utc", g.utc, "show times in tables in UTC instead of the local time zone")
	fs.Var(&choice{value: &g.output, choices: outputFormats, strict: true}, "output", "print `FORMAT`: table, json, jsonl, csv or ids (default table on a terminal)")
	alias(fs, "output", "o")
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
	}
	return nil
}

// shortFlags maps a long flag to its one-letter form. alias binds both to
// the same value.
var shortFlags = map[string]string{"output": "o", "yes": "y", "limit": "n", "help": "h"}

// alias adds the one-letter form short of the flag long, bound to the same
// value, so that "-o json" and "--output json" set one variable.
func alias(fs *flag.FlagSet, long, short string) {
	f := fs.Lookup(long)
	fs.Var(f.Value, short, f.Usage)
}

// isAlias reports whether f is the one-letter form of another flag.
func isAlias(f *flag.Flag) bool {
	for _, short := range shortFlags {
		if f.Name == short {
			return true
		}
	}
	return false
}

// choice is a string flag with a known set of values, which completion
// offers. A strict choice refuses other values; a lenient one leaves the
// check to the SDK, whose rules then name the field.
type choice struct {
	value   *string
	choices []string
	strict  bool
}

func (c *choice) String() string {
	if c == nil || c.value == nil {
		return ""
	}
	return *c.value
}

func (c *choice) Set(s string) error {
	if c.strict {
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(c.choices, s) {
			return fmt.Errorf("must be %s", orList(c.choices))
		}
	}
	*c.value = s
	return nil
}

// orList writes values as "a, b or c".
func orList(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// newFlagSet returns a flag set that reports errors to its caller instead of
// printing them.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagError rewrites the flag package's errors to spell flags as the help
// does, with two dashes (one for a one-letter flag), and suggests the flag
// of fs closest to an unknown one.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag " + dashes(name)
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := suggest(name, names); s != "" {
			msg += " (did you mean " + dashes(s) + "?)"
		}
		return errors.New(msg)
	}
	for _, prefix := range []string{"flag needs an argument: -", " for flag -"} {
		if before, name, ok := strings.Cut(msg, prefix); ok {
			name, rest, _ := strings.Cut(name, ":")
			if rest != "" {
				rest = ":" + rest
			}
			label := strings.Replace(prefix, "flag needs an argument: -", "flag needs a value: ", 1)
			label = strings.Replace(label, " for flag -", " for flag ", 1)
			return errors.New(before + label + dashes(name) + rest)
		}
	}
	return errors.New(msg)
}

// dashes writes a flag's name as the help does: -o, --output.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// parseUntilCommand parses the flags before the command name and returns the
// rest of the arguments, starting with the command name.
func parseUntilCommand(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, checkHelp(fs, err)
	}
	return fs.Args(), nil
}

// parseInterspersed parses flags wherever they appear among the arguments, as
// in "invites get ID -o json", and returns the positional arguments.
// Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, checkHelp(fs, err)
		}
		rest := fs.Args()
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// checkHelp keeps flag.ErrHelp as it is and rewrites other errors.
func checkHelp(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return flagError(fs, err)
}

// stringList is a flag that may be repeated, collecting its values.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// printTopHelp prints the help for "invites --help", listing cmds.
func printTopHelp(w io.Writer, cmds []*command) {
	fmt.Fprint(w, `invites manages the invites of an OpenAI organization.

Usage:
  invites [global flags] COMMAND [flags] [arguments]

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, cmd := range cmds {
		if !cmd.hidden {
			fmt.Fprintf(tw, "  %s\t%s\n", cmd.name, cmd.summary)
		}
	}
	tw.Flush()
	fmt.Fprint(w, "\nGlobal flags (also accepted after the command):\n")
	fs := newFlagSet("invites")
	g := newGlobalFlags()
	g.register(fs)
	fs.Bool("version", false, "print the version and exit")
	fs.Bool("help", false, "show this help; COMMAND --help shows a command's flags")
	alias(fs, "help", "h")
	printFlags(w, fs)
	fmt.Fprint(w, environmentHelp)
	fmt.Fprint(w, `
Start here:
  invites demo                 see every operation against a built-in fake
  invites --mock list          try any command on sample data, no key needed
  invites list --help          a command's flags, with an example
  source <(invites completion bash)   complete commands, flags and values in bash
`)
}

const environmentHelp = `
Environment:
  OPENAI_ADMIN_KEY  the organization admin key (sk-admin-...); required unless --mock
  OPENAI_BASE_URL   the API's base URL, such as http://127.0.0.1:4010/v1 for 'invites mock-server'
  OPENAI_ORG_ID     the organization ID, when the key belongs to several

Output: tables on a terminal show times in the local time zone (--utc for
UTC); json, jsonl and csv use the same field names, with times in RFC 3339,
UTC.

Exit status: 0 on success, 1 when the API or the run fails, 2 for a usage error
(a wrong flag or argument, a missing key), 130 when interrupted (Ctrl-C).
`

// printCommandHelp prints the help for "invites COMMAND --help".
func printCommandHelp(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("invites "+cmd.name+" "+cmd.args), strings.TrimSpace(cmd.help))
	fs := newFlagSet("invites " + cmd.name)
	cmd.bind(fs)
	fs.Bool("help", false, "show this help")
	alias(fs, "help", "h")
	fmt.Fprint(w, "\nFlags:\n")
	printFlags(w, fs)
	if !cmd.offline {
		fmt.Fprint(w, "\nGlobal flags:\n")
		gfs := newFlagSet("invites")
		g := newGlobalFlags()
		g.register(gfs)
		printFlags(w, gfs)
	}
	fmt.Fprintf(w, "\nExample:\n%s\n", indent(strings.TrimSpace(cmd.example), "  "))
}

// printFlags prints the flags of fs with their one-letter forms,
// placeholders, usage and non-zero defaults, aligned.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		if isAlias(f) && fs.Lookup(longName(f.Name)) != nil {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		left := "    --" + f.Name
		if short := shortFlags[f.Name]; short != "" && fs.Lookup(short) != nil {
			left = "-" + short + ", --" + f.Name
		}
		if name != "" {
			left += " " + strings.ToUpper(name)
		}
		if def := f.DefValue; def != "" && def != "0" && def != "0s" && def != "false" && def != "[]" {
			if d, err := time.ParseDuration(def); err == nil {
				def = shortDuration(d)
			}
			usage += " (default " + def + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", left, usage)
	})
	tw.Flush()
}

// longName returns the long flag whose one-letter form is short, or short.
func longName(short string) string {
	for long, s := range shortFlags {
		if s == short {
			return long
		}
	}
	return short
}

// indent puts prefix in front of every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
