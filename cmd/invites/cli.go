package main

import (
	"context"
	"flag"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// env is everything run takes from the outside world, so that tests can
// supply their own.
type env struct {
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
	lookupEnv func(string) (string, bool)
	// userConfigDir returns the user's config folder, where
	// invites/config.json holds the profiles: os.UserConfigDir in main;
	// nil means none, so that a test never reads its user's profiles.
	userConfigDir func() (string, error)
	// holdStops keeps the stop signals caught until the function it
	// returns is called, so that a results file is written whole whatever
	// arrives meanwhile (see stopper); nil means nothing to hold.
	holdStops func() (release func())
	// stdinTerminal and stderrTerminal say whether those streams are a
	// terminal: stdin for confirmations, stderr for the progress line.
	stdinTerminal  bool
	stderrTerminal bool
	// stdoutTerminal says whether stdout is a terminal: output is a table
	// there unless -o says otherwise.
	stdoutTerminal bool
	// stdoutWidth and stderrWidth return the width of those terminals as of
	// now (a resize changes it); nil or 0 means no limit.
	stdoutWidth func() int
	stderrWidth func() int
	// local is the time zone of tables; nil means time.Local. --utc makes
	// it UTC.
	local *time.Location
	// hardStop ends at a hard stop (a second Ctrl-C, or SIGTERM): bulk
	// commands then abandon the requests in flight and write the results of
	// every row. nil means never.
	hardStop context.Context

	// now is the clock for ages and for the in-process fakes; nil means
	// time.Now. Tests pin it so that output is repeatable.
	now func() time.Time
	// listTimeout bounds the quick list that completes ids; 0 means
	// completionListTimeout.
	listTimeout time.Duration
	// newAttempt names a new import attempt: random in main, repeatable in
	// tests.
	newAttempt func() string
	// httpClient sends the SDK's requests; nil means the SDK's default,
	// net/http's. Tests give one whose connections no test server's Close
	// reaches (httptest closes the idle connections of the default
	// transport, which parallel tests would otherwise share).
	httpClient *http.Client
	// commands are the subcommands, in the order the help shows them.
	commands []*command
}

// cli is one invocation: the environment, the global flags and the
// commands.
type cli struct {
	*env
	global   globalFlags
	commands []*command
	settings // where the API and the key came from, for error messages
	// stop is the invocation's context, which the first Ctrl-C ends, for
	// the waits of code that is not handed a ctx (reading the key from
	// stdin, or from a profile's command).
	stop context.Context
	// redactor is stderr, which redacts the key once it is read.
	redactor *redactingWriter
	// stdinHolds names what a command read from stdin (the CSV file, the
	// ids), which the admin key then cannot come from; "" when stdin is
	// unread.
	stdinHolds string
}

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis after the name, such as "ID [--yes]"
	summary string // one line for the command list
	help    string // paragraphs shown by --help
	example string // shown by --help
	// doc is the anchor of the command's section in docs/cli.md, which
	// its help names; "" for the list of commands.
	doc string
	// offline says the command never calls the API, so that its help leaves
	// out the global flags.
	offline bool
	// hidden leaves the command out of the help, as the completion scripts'
	// helper.
	hidden bool
	// bind registers the command's flags on fs, each bound to a field of a
	// fresh value of the command's own options type, and returns the function
	// that runs the command with those options.
	bind func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command with its positional arguments, its flags already
// bound by command.bind.
type runFunc func(ctx context.Context, c *cli, args []string) error

// getenv returns the environment variable's value, or "".
func (c *cli) getenv(name string) string {
	if c.lookupEnv == nil {
		return ""
	}
	v, _ := c.lookupEnv(name)
	return v
}

// lookup returns the command with this name, or nil.
func (c *cli) lookup(name string) *command {
	for _, cmd := range c.commands {
		if cmd.name == name {
			return cmd
		}
	}
	return nil
}

// commandNames lists the commands' names that the help shows.
func (c *cli) commandNames() []string {
	var names []string
	for _, cmd := range c.commands {
		if !cmd.hidden {
			names = append(names, cmd.name)
		}
	}
	return names
}

// unknownCommand is the usage error for a command name that is not one,
// with the closest command's name when there is one close enough.
func (c *cli) unknownCommand(name string) error {
	if s := flags.Suggest(name, c.commandNames()); s != "" {
		return usageErrorf("unknown command %q: did you mean %q? (see 'invites --help')", name, s)
	}
	return usageErrorf("unknown command %q (the commands are %s; see 'invites --help')", name, strings.Join(c.commandNames(), ", "))
}

// outputFormat returns the format that -o names or, without -o, a table
// when stdout is a terminal and else fallback.
func (c *cli) outputFormat(fallback string) string {
	return output.Choose(c.global.output, c.stdoutTerminal, fallback)
}

// width returns the width of a terminal as the env tells it; 0 for none.
func width(f func() int) int {
	if f == nil {
		return 0
	}
	return f()
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// tableWidth is the width a table on stdout must fit: the terminal's, for a
// table on a terminal; 0, no limit, otherwise.
func (c *cli) tableWidth(format string) int {
	if format != output.Table || !c.stdoutTerminal {
		return 0
	}
	return width(c.stdoutWidth)
}

// noArguments refuses positional arguments to the command name, which takes
// none.
func noArguments(name string, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q (see 'invites %s --help')", name, args[0], name)
	}
	return nil
}
