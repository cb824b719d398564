//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// shellEnv is the environment of an interactive shell under test: the
// built command first on PATH, a plain prompt, and the --mock fake for
// the ids, so that no key is needed.
func shellEnv(bin string, extra ...string) []string {
	env := append(childEnv(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "TERM=xterm", "PS1=$ ")
	return append(env, extra...)
}

// TestZshCompletesOnTheFirstTab installs the zsh script in a folder of
// $fpath, as docs/cli.md says, starts a new interactive zsh on a terminal
// and presses TAB once: the first TAB of the shell completes, the command's
// name and then a flag's value typed as --status=.
func TestZshCompletesOnTheFirstTab(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("no zsh")
	}
	bin := buildCommand(t)
	dir := t.TempDir()
	script, err := exec.Command(bin, "completion", "zsh").Output()
	if err != nil {
		t.Fatal(err)
	}
	functions := filepath.Join(dir, "functions")
	if err := os.Mkdir(functions, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(functions, "_invites"), script, 0o600); err != nil {
		t.Fatal(err)
	}
	rc := "fpath=(" + functions + " $fpath)\nautoload -Uz compinit\ncompinit -u -d " + filepath.Join(dir, "zcompdump") + "\nPS1='$ '\n"
	if err := os.WriteFile(filepath.Join(dir, ".zshrc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	term := startOnTerminalOfWidth(t, zsh, shellEnv(bin, "ZDOTDIR="+dir), 120, "-i")
	term.waitFor(t, `\$ `) // zle's escape sequences follow the prompt
	term.typeKeys(t, "invites li\t")
	term.waitFor(t, `invites list(\x1b\[[0-9;]*m)* `) // the space is drawn in bold
	term.typeKeys(t, "--status=ex\t")
	term.waitFor(t, `--status=expired(\x1b\[[0-9;]*m)* `)
	term.typeKeys(t, "\x15exit\r")
	term.exitCode(t)
}

// TestBashCompletesFlagValues sources the bash script in an interactive bash
// on a terminal and presses TAB after "--status=" and after "get invite-9":
// bash, which splits the word at "=", gets the value, and get gets the ids
// of the --mock fake's invites from a quick list.
func TestBashCompletesFlagValues(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := buildCommand(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "bashrc")
	if err := os.WriteFile(rc, []byte("source <(invites completion bash)\nPS1='$ '\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	term := startOnTerminalOfWidth(t, bash, shellEnv(bin), 120, "--noprofile", "--rcfile", rc, "-i")
	term.waitFor(t, `\$ $`)
	term.typeKeys(t, "invites list --status=pe\t")
	term.waitFor(t, `invites list --status=pending `)
	term.typeKeys(t, "\x15invites --mock get invite-9d\t")
	term.waitFor(t, `invites --mock get invite-9d56k73dtkn9mpa4efmjjv1f `)
	term.typeKeys(t, "\x15exit\r")
	term.exitCode(t)
	if strings.Contains(term.text(), "invites: ") {
		t.Errorf("completion wrote a message on the terminal:\n%s", term.text())
	}
}
