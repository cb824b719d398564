package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
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
		return usageErrorf("completion needs one shell: %s", orList(shells))
	}
	script, ok := completionScripts[args[0]]
	if !ok {
		return usageErrorf("completion: unknown shell %q: the shells are %s", args[0], orList(shells))
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
	fs := newFlagSet("invites")
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
			fs = newFlagSet("invites " + cmd.name)
			cmd.bind(fs)
			g := newGlobalFlags()
			g.register(fs)
		}
	}
	if len(before) > 0 && takesValue(fs, before[len(before)-1]) {
		f := fs.Lookup(strings.TrimLeft(before[len(before)-1], "-"))
		if ch, ok := f.Value.(*choice); ok {
			return withPrefix(ch.choices, cur)
		}
		return nil
	}
	switch {
	case strings.HasPrefix(cur, "-"):
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, dashes(f.Name)) })
		if cmd == nil {
			names = append(names, "--version", "--help", "-h")
		} else {
			names = append(names, "--help", "-h")
		}
		slices.Sort(names)
		return withPrefix(names, cur)
	case cmd == nil:
		return withPrefix(c.commandNames(), cur)
	case cmd == completionCommand:
		return withPrefix(shells, cur)
	case cmd == helpCommand:
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
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
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

// suggest returns the candidate closest to a mistyped word: one that starts
// with it, or one at most two edits away (a third of the word's length for
// short words); "" when none is close.
func suggest(word string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		if len(word) >= 2 && strings.HasPrefix(c, word) {
			return c
		}
		d := editDistance(word, c)
		if d <= min(2, max(1, len(word)/3)) && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Damerau–Levenshtein distance (optimal string
// alignment) between a and b: insertions, deletions, substitutions and
// swaps of neighbours each count one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
