package api_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeQuickstartCompiles builds the Go code of README's Quickstart
// section against this module: the program as it stands, and each snippet
// inside a main function that has an invite, inv, at hand. The package
// exists only in a build overlay, so nothing is written to the source tree.
func TestReadmeQuickstartCompiles(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Quickstart\n")
	if !ok {
		t.Fatal("README.md has no Quickstart section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := goBlocks(section)
	if len(blocks) < 2 {
		t.Fatalf("the Quickstart has %d Go blocks, want the program and the snippets", len(blocks))
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	replace := map[string]string{}
	var pkgs []string
	for i, code := range blocks {
		if !strings.HasPrefix(code, "package ") {
			code = snippetProgram(code)
		}
		name := "quickstart" + string(rune('a'+i))
		src := filepath.Join(dir, name+".go")
		if err := os.WriteFile(src, []byte(code), 0o600); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(root, "internal", "readme", name, "main.go")] = src
		pkgs = append(pkgs, "./internal/readme/"+name)
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"build", "-overlay", overlayFile}, pkgs...)...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("README's Quickstart does not compile: %v\n%s", err, out.Bytes())
	}
}

// goBlocks returns the contents of the ```go blocks of Markdown text.
func goBlocks(text string) []string {
	var blocks []string
	for {
		_, rest, ok := strings.Cut(text, "```go\n")
		if !ok {
			return blocks
		}
		block, after, _ := strings.Cut(rest, "```\n")
		blocks = append(blocks, block)
		text = after
	}
}

// snippetProgram wraps a snippet in a program with an invite at hand.
func snippetProgram(snippet string) string {
	return `package main

import (
	"errors"
	"fmt"

	"github.com/seed-a87280d7/invites/api"
)

var (
	_ = errors.Is
	_ = fmt.Println
)

func main() {
	var inv api.Invite
	_ = inv
` + snippet + "}\n"
}
