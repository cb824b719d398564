package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// shells are the shells that "invites completion" writes a script for.
var shells = []string{"bash", "zsh", "fish"}

var completionCommand = &command{
	name:    "completion",
	args:    "bash|zsh|fish",
	summary: "print a shell completion script",
	help: `
Print a script that makes the shell complete invites' commands, flags and the
values of flags that take a known set (roles, statuses, output formats).
The script asks invites itself what to offer, so it stays right as invites
changes. Load it from the shell's startup file.`,
	example: `
source <(invites completion bash)                      # in ~/.bashrc
invites completion zsh > "${fpath[1]}/_invites"        # zsh, then restart it
invites completion fish > ~/.config/fish/completions/invites.fish`,
	offline: true,
	bind:    func(*flag.FlagSet) runFunc { return runCompletion },
}

func runCompletion(_ context.Context, c *cli, args []string) error {
	if len(args) != 1 {
		return usageErrorf("completion needs one shell: %s", output.OrList(shells))
	}
	script, ok := completionScripts[args[0]]
	if !ok {
		return usageErrorf("completion: unknown shell %q: the shells are %s", args[0], output.OrList(shells))
	}
	_, err := fmt.Fprint(c.stdout, script)
	return err
}

// completionScripts are the scripts, by shell. Each passes the words typed
// so far, the current one last, to "invites __complete --" (after "--", so
// that words such as "--st" are not read as flags), and offers its answer,
// one candidate a line; with no answer, the shell completes file names.
var completionScripts = map[string]string{
	"bash": `# bash completion for invites: source <(invites completion bash)
_invites() {
    local IFS=$'\n'
    COMPREPLY=($(invites __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _invites invites
`,
	"zsh": `#compdef invites
# zsh completion for invites: save it as _invites in a folder of $fpath
# before compinit runs, or source <(invites completion zsh) after compinit.
_invites() {
    local -a candidates
    candidates=("${(@f)$(invites __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -n "${candidates[1]}" ]]; then
        compadd -a candidates
    else
        _files
    fi
}
# Autoloaded from $fpath, this file is the body of _invites and runs on the
# first TAB: it completes that TAB too. Sourced, it registers the function.
if [[ "${funcstack[1]}" == _invites ]]; then
    _invites "$@"
else
    compdef _invites invites
fi
`,
	"fish": `# fish completion for invites: invites completion fish | source
function __invites_complete
    set -l words (commandline -opc) (commandline -ct)
    invites __complete -- $words[2..-1] 2>/dev/null
end
complete -c invites -a '(__invites_complete)'
`,
}

var completeCommand = &command{
	name:    "__complete",
	args:    "WORD...",
	summary: "the completion scripts' helper",
	help: `
Print the completions of the last word, given the words before it, one a
line. The completion scripts call it.`,
	example: `
invites __complete -- list --st`,
	offline: true,
	hidden:  true,
	bind: func(fs *flag.FlagSet) runFunc {
		return func(_ context.Context, c *cli, args []string) error {
			for _, s := range c.complete(args) {
				fmt.Fprintln(c.stdout, s)
			}
			return nil
		}
	},
}

// complete returns the candidates for the last of words, the words typed
// after "invites": a command's name, a flag of the command (or a global
// flag before it), a value of the flag before it from its set of values
// (also as "--flag=value" in one word, or as bash splits it, "--flag", "="
// and the value), or, for get and delete, the ids of a quick list of the
// invites when a key is configured.
func (c *cli) complete(words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	fs := flags.New("invites")
	c.global.register(fs)
	var cmd *command
	for i := 0; i < len(before); i++ {
		w := before[i]
		if w == "--" {
			break
		}
		if strings.HasPrefix(w, "-") {
			// The global flags typed so far (--profile, --base-url,
			// --mock…) count for the quick list of ids.
			name, value, inWord := strings.Cut(strings.TrimLeft(w, "-"), "=")
			switch {
			case inWord:
				_ = fs.Set(name, value)
			case i+2 < len(before) && before[i+1] == "=" && takesValue(fs, w):
				_ = fs.Set(name, before[i+2])
				i += 2
			case takesValue(fs, w):
				if i+1 < len(before) {
					_ = fs.Set(name, before[i+1])
				}
				i++
			default:
				if f := fs.Lookup(name); f != nil && flags.IsBool(f) {
					_ = fs.Set(name, "true")
				}
			}
			continue
		}
		if cmd == nil {
			if cmd = c.lookup(w); cmd == nil {
				return nil
			}
			fs = flags.New("invites " + cmd.name)
			cmd.bind(fs)
			c.global.register(fs)
		}
	}
	// The value of a flag: "--status" "", "--status" "=" "" as bash
	// splits "--status=", or "--status=" in one word.
	if flag, ok := valueOf(before, "="); ok && takesValue(fs, flag) {
		return choices(fs, flag, cur, "")
	}
	if len(before) > 0 && takesValue(fs, before[len(before)-1]) {
		return choices(fs, before[len(before)-1], cur, "")
	}
	if name, value, ok := strings.Cut(cur, "="); ok && strings.HasPrefix(cur, "-") && takesValue(fs, name) {
		return choices(fs, name, value, name+"=")
	}
	switch {
	case strings.HasPrefix(cur, "-"):
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, flags.Dashes(f.Name)) })
		if cmd == nil {
			names = append(names, "--version", "--help", "-h")
		} else {
			names = append(names, "--help", "-h")
		}
		slices.Sort(names)
		return withPrefix(names, cur)
	case cmd == nil:
		return withPrefix(c.commandNames(), cur)
	case cmd.name == "completion":
		return withPrefix(shells, cur)
	case cmd.name == "help":
		return withPrefix(c.commandNames(), cur)
	case cmd.name == "get" || cmd.name == "delete":
		return c.completeIDs(cmd.name == "delete", cur)
	}
	return nil
}

// valueOf reports the flag before sep when words end with a flag and sep,
// as bash's words do for "--flag=" (bash splits words at "=").
func valueOf(words []string, sep string) (string, bool) {
	n := len(words)
	if n >= 2 && words[n-1] == sep && strings.HasPrefix(words[n-2], "-") {
		return words[n-2], true
	}
	return "", false
}

// choices returns the values of the flag w of fs that start with cur, each
// after prefix; none for a flag without a set of values.
func choices(fs *flag.FlagSet, w, cur, prefix string) []string {
	f := fs.Lookup(strings.TrimLeft(w, "-"))
	ch, ok := f.Value.(*flags.Choice)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range withPrefix(ch.Choices, cur) {
		out = append(out, prefix+v)
	}
	return out
}

// completionListTimeout bounds the quick list that completes ids, request
// and key file included: a TAB never waits longer, and offers nothing when
// the list is not there by then.
const completionListTimeout = 2 * time.Second

// completionTimeout is how long the quick list that completes ids may take.
func (c *cli) completionTimeout() time.Duration {
	if c.listTimeout > 0 {
		return c.listTimeout
	}
	return completionListTimeout
}

// completeIDs returns the ids that start with cur among the first page
// (100, the newest) of the invites, only the pending ones for delete. It
// offers nothing, and says nothing, when no key is configured, when the key
// comes from a command (which may ask for a passphrase) or from stdin, or
// when the list fails or takes longer than completionListTimeout.
func (c *cli) completeIDs(pendingOnly bool, cur string) []string {
	var client *api.Client
	ctx, cancel := context.WithTimeout(c.stop, c.completionTimeout())
	defer cancel()
	c.stderr = io.Discard
	if c.global.mock {
		cl, done, err := c.connect()
		if err != nil {
			return nil
		}
		defer done()
		client = cl
	} else {
		r, err := c.resolve()
		if err != nil || len(r.key.command) > 0 || r.key.file == "-" || r.key.value == "" && r.key.file == "" {
			return nil
		}
		c.global.maxRetries = 0
		if client, err = c.connectTo(r, api.WithoutPacing()); err != nil {
			return nil
		}
	}
	page, err := client.ListInvites(ctx, &api.ListInvitesParams{Limit: new(100)})
	if err != nil {
		return nil
	}
	var ids []string
	for _, inv := range page.Data {
		if (!pendingOnly || inv.Status == api.InviteStatusPending) && strings.HasPrefix(inv.ID, cur) {
			ids = append(ids, inv.ID)
		}
	}
	return ids
}

// takesValue reports whether the word w is a flag of fs that takes a value
// in the next word.
func takesValue(fs *flag.FlagSet, w string) bool {
	name := strings.TrimLeft(w, "-")
	if !strings.HasPrefix(w, "-") || strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	return !flags.IsBool(f)
}

// withPrefix returns the candidates that start with prefix.
func withPrefix(candidates []string, prefix string) []string {
	var out []string
	for _, s := range candidates {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}
