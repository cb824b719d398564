package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestBashCompletion loads the bash script into a real bash, with the built
// command on PATH, and completes as bash does when Tab is pressed: it sets
// COMP_WORDS and COMP_CWORD and calls the completion function.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := filepath.Dir(buildCommand(t))
	script := `source <(invites completion bash)
complete -p invites
tab() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _invites; echo "$* => ${COMPREPLY[*]}"; }
tab invites li
tab invites lst
tab invites list --st
tab invites list --status ''
tab invites prune --status e
tab invites create --role ''
tab invites --mock get -o j
tab invites delete --ig
tab invites completion ''
tab invites import ''
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
	cmd.Env = append(childEnv(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	difftest.Check(t, "bash completions", strings.Split(strings.TrimRight(string(out), "\n"), "\n"), []string{
		"complete -o default -F _invites invites",
		"invites li => list",
		"invites lst => ",
		"invites list --st => --status",
		"invites list --status  => accepted expired pending",
		"invites prune --status e => expired",
		"invites create --role  => owner reader",
		"invites --mock get -o j => json jsonl",
		"invites delete --ig => --ignore-missing",
		"invites completion  => bash zsh fish",
		"invites import  => ",
	})
}
