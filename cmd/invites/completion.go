package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

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
# zsh completion for invites: source <(invites completion zsh), after compinit
_invites() {
    local -a candidates
    candidates=("${(@f)$(invites __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -n "${candidates[1]}" ]]; then
        compadd -a candidates
    else
        _files
    fi
}
compdef _invites invites
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
// flag before it), or a value of the flag before it from its set of values.
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
			if takesValue(fs, w) {
				i++
			}
			continue
		}
		if cmd == nil {
			if cmd = c.lookup(w); cmd == nil {
				return nil
			}
			fs = flags.New("invites " + cmd.name)
			cmd.bind(fs)
			g := newGlobalFlags()
			g.register(fs)
		}
	}
	if len(before) > 0 && takesValue(fs, before[len(before)-1]) {
		f := fs.Lookup(strings.TrimLeft(before[len(before)-1], "-"))
		if ch, ok := f.Value.(*flags.Choice); ok {
			return withPrefix(ch.Choices, cur)
		}
		return nil
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
	}
	return nil
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
