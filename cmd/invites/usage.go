package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

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
	_ = tw.Flush()
	fmt.Fprint(w, "\nGlobal flags (also accepted after the command):\n")
	fs := flags.New("invites")
	g := newGlobalFlags()
	g.register(fs)
	fs.Bool("version", false, "print the version, the commit and its time, and exit")
	fs.Bool("help", false, "show this help; COMMAND --help shows a command's flags")
	flags.Alias(fs, "help", "h")
	flags.PrintFlags(w, fs)
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
  OPENAI_ADMIN_KEY       the organization admin key (sk-admin-...); required unless --mock
  OPENAI_ADMIN_KEY_FILE  a file that holds the admin key, readable by you alone (chmod 600)
  OPENAI_BASE_URL        the API's base URL, such as http://127.0.0.1:4010/v1 for 'invites mock-server'
  OPENAI_ORG_ID          the organization ID, when the key belongs to several

Output: tables on a terminal show times in the local time zone (--utc for
UTC) and fit its width, cutting long cells with "…"; json, jsonl and csv use
the same field names, with times in RFC 3339, UTC.

Exit status: 0 on success, with nothing left to do; 1 when the API or the run
fails (for import, prune and delete: some rows failed, or a failure stopped
the run, and work remains); 2 for a usage error (a wrong flag or argument, a
missing key); 130 when Ctrl-C or SIGTERM stopped it (for import, prune and
delete: rows remain unknown or not_sent in the results).
`

// printCommandHelp prints the help for "invites COMMAND --help".
func printCommandHelp(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("invites "+cmd.name+" "+cmd.args), strings.TrimSpace(cmd.help))
	fs := flags.New("invites " + cmd.name)
	cmd.bind(fs)
	fs.Bool("help", false, "show this help")
	flags.Alias(fs, "help", "h")
	fmt.Fprint(w, "\nFlags:\n")
	flags.PrintFlags(w, fs)
	if !cmd.offline {
		fmt.Fprint(w, "\nGlobal flags:\n")
		gfs := flags.New("invites")
		g := newGlobalFlags()
		g.register(gfs)
		flags.PrintFlags(w, gfs)
	}
	fmt.Fprintf(w, "\nExample:\n%s\n", output.Indent(strings.TrimSpace(cmd.example), "  "))
}
