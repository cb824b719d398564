package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// printTopHelp prints the help for "invites --help", listing cmds, wrapped
// to width when it is not 0.
func printTopHelp(out io.Writer, cmds []*command, width int) {
	var w strings.Builder
	defer func() { _, _ = io.WriteString(out, output.Wrap(w.String(), width)) }()
	fmt.Fprint(&w, `invites manages the invites of an OpenAI organization.

Usage:
  invites [global flags] COMMAND [flags] [arguments]

Commands:
`)
	tw := tabwriter.NewWriter(&w, 0, 0, 2, ' ', 0)
	for _, cmd := range cmds {
		if !cmd.hidden {
			fmt.Fprintf(tw, "  %s\t%s\n", cmd.name, cmd.summary)
		}
	}
	_ = tw.Flush()
	fmt.Fprint(&w, "\nGlobal flags (also accepted after the command):\n")
	fs := flags.New("invites")
	g := newGlobalFlags()
	g.register(fs)
	fs.Bool("version", false, "print the version, the commit and its time, and exit")
	fs.Bool("help", false, "show this help; COMMAND --help shows a command's flags")
	flags.Alias(fs, "help", "h")
	flags.PrintFlags(&w, fs)
	fmt.Fprint(&w, environmentHelp)
	fmt.Fprint(&w, `
Start here:
  invites demo                 see every operation against a built-in fake
  invites --mock list          try any command on sample data, no key needed
  invites list --help          a command's flags, with an example
  source <(invites completion bash)   complete commands, flags and values in bash
`)
}

const environmentHelp = `
Environment:
  OPENAI_ADMIN_KEY       the organization admin key (sk-admin-...); required unless --mock
  OPENAI_ADMIN_KEY_FILE  a file that holds the admin key, readable by you alone (chmod 600)
  OPENAI_BASE_URL        the API's base URL, such as http://127.0.0.1:4010/v1 for 'invites mock-server'
  OPENAI_ORG_ID          the organization ID, when the key belongs to several

Output: tables on a terminal show times in the local time zone (--utc for
UTC) and fit its width, never cutting an invite id: other columns are cut
with "…" or left out; json, jsonl and csv use the same field names, with
times in RFC 3339, UTC.

Exit status: 0 on success, with nothing left to do; 1 when the API or the run
fails (for import, prune and delete: some rows failed, or a failure stopped
the run, and work remains); 2 for a usage error (a wrong flag or argument, a
missing key); 130 when Ctrl-C or SIGTERM stopped it (for import, prune and
delete: rows remain unknown or not_sent in the results).
`

// docsURL is where the CLI's full documentation is; a command's help names
// its section.
const docsURL = "https://github.com/seed-a87280d7/invites/blob/main/docs/cli.md"

// helpWidth is the width that help wraps to: the terminal's when stdout is
// one, else 0, for no wrapping.
func (c *cli) helpWidth() int {
	if !c.stdoutTerminal {
		return 0
	}
	return width(c.stdoutWidth)
}

// printCommandHelp prints the help for "invites COMMAND --help": the usage
// line, the short description, the examples, the flags, the global flags
// by name, and where the documentation says the rest, wrapped to width
// when it is not 0.
func printCommandHelp(w io.Writer, cmd *command, width int) {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s\n", strings.TrimSpace("invites "+cmd.name+" "+cmd.args), strings.TrimSpace(cmd.help))
	if ex := strings.TrimSpace(cmd.example); ex != "" {
		fmt.Fprintf(&b, "\nExamples:\n%s\n", output.Indent(ex, "  "))
	}
	fs := flags.New("invites " + cmd.name)
	cmd.bind(fs)
	fs.Bool("help", false, "show this help")
	flags.Alias(fs, "help", "h")
	fmt.Fprint(&b, "\nFlags:\n")
	flags.PrintFlags(&b, fs)
	if !cmd.offline {
		gfs := flags.New("invites")
		g := newGlobalFlags()
		g.register(gfs)
		var names []string
		gfs.VisitAll(func(f *flag.Flag) {
			if !flags.IsAlias(gfs, f) {
				names = append(names, flags.Dashes(f.Name))
			}
		})
		fmt.Fprintf(&b, "\nGlobal flags (see 'invites --help'): %s\n", strings.Join(names, ", "))
	}
	anchor := cmd.doc
	if anchor == "" {
		anchor = "commands"
	}
	fmt.Fprintf(&b, "\nMore: %s#%s\n", docsURL, anchor)
	_, _ = io.WriteString(w, output.Wrap(b.String(), width))
}
