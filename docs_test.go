package invites_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// docFiles returns README.md, CHANGELOG.md and every page of docs/.
func docFiles(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("docs/ has no pages")
	}
	return append([]string{"README.md", "CHANGELOG.md"}, pages...)
}

// TestReadmeIsShort: README.md is the user's first page, at most 2,000
// words (code included, as wc -w counts them); the rest belongs in docs/.
func TestReadmeIsShort(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(string(readme))); n > 2000 {
		t.Errorf("README.md has %d words, want at most 2,000: move detail to docs/", n)
	}
	// The two set-up commands that CI and newcomers rely on.
	for _, cmd := range []string{"\n```sh\ngo run ./cmd/invites demo\n```\n", "\n```sh\nmake ci\n```\n"} {
		if !strings.Contains(string(readme), cmd) {
			t.Errorf("README.md lost the set-up command block %q", cmd)
		}
	}
}

// linkPattern finds inline Markdown links and images, [text](target), and
// reference definitions, [name]: target.
var linkPattern = regexp.MustCompile(`\]\(([^)\s]+)\)|(?m)^\[[^\]]+\]:\s+(\S+)`)

// TestDocsLinksResolve checks every relative link of README.md,
// CHANGELOG.md and docs/: the file or folder it names exists in the
// repository, and an anchor (#section) names a heading of the page it
// points to, as GitHub makes them.
func TestDocsLinksResolve(t *testing.T) {
	t.Parallel()
	for _, file := range docFiles(t) {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkPattern.FindAllStringSubmatch(string(withoutCode(string(text))), -1) {
			target := m[1] + m[2]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			page := file
			if path != "" {
				page = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
				if _, err := os.Stat(page); err != nil {
					t.Errorf("%s: link %q: %v", file, target, err)
					continue
				}
			}
			if anchor == "" {
				continue
			}
			if !strings.HasSuffix(page, ".md") {
				t.Errorf("%s: link %q: an anchor into a file that is not Markdown", file, target)
				continue
			}
			if !headingAnchors(t, page)[anchor] {
				t.Errorf("%s: link %q: %s has no heading with the anchor #%s", file, target, page, anchor)
			}
		}
	}
}

// withoutCode blanks out fenced code blocks and inline code, where text
// in brackets and parentheses is not a link.
func withoutCode(text string) string {
	var b strings.Builder
	fenced := false
	for line := range strings.Lines(text) {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			b.WriteString("\n")
			continue
		}
		if fenced {
			b.WriteString("\n")
			continue
		}
		parts := strings.Split(line, "`")
		for i := 1; i < len(parts); i += 2 {
			parts[i] = strings.Repeat(" ", len(parts[i]))
		}
		b.WriteString(strings.Join(parts, "`"))
	}
	return b.String()
}

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown file: lower case, punctuation other than - and _ dropped,
// spaces made hyphens, and -1, -2… added to repeats.
func headingAnchors(t *testing.T, page string) map[string]bool {
	t.Helper()
	text, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	seen := map[string]int{}
	for line := range strings.Lines(withoutCode(string(text))) {
		heading, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "#")
		if !ok {
			continue
		}
		heading = strings.TrimLeft(heading, "#")
		if heading == "" || heading[0] != ' ' {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			anchors[a] = true
		}
		seen[a]++
	}
	return anchors
}

// TestDocsGoCompiles builds every ```go block of README.md and docs/
// against this module: a block that starts with "package" as it is, one
// that starts with "func" (a test, say) at the top level of a file, and any
// other inside a main function that has at hand what the pages speak of: a
// context ctx, a client, a fake srv, an invite inv and a request req. The
// packages exist only in a build overlay, so nothing is written to the
// source tree.
func TestDocsGoCompiles(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	replace := map[string]string{}
	var pkgs []string
	for _, file := range docFiles(t) {
		if file == "CHANGELOG.md" {
			continue // its before-and-after snippets show code that no longer compiles
		}
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, code := range goBlocks(string(text)) {
			switch {
			case strings.HasPrefix(code, "package "):
			case strings.HasPrefix(code, "func "):
				code = snippetFile("", code)
			default:
				code = snippetFile(code, "")
			}
			name := fmt.Sprintf("%s%d", strings.NewReplacer("/", "_", ".", "_").Replace(file), i+1)
			src := filepath.Join(dir, name+".go")
			if err := os.WriteFile(src, []byte(code), 0o600); err != nil {
				t.Fatal(err)
			}
			replace[filepath.Join(root, "internal", "docsnippet", name, "main.go")] = src
			pkgs = append(pkgs, "./internal/docsnippet/"+name)
		}
	}
	if len(pkgs) < 5 {
		t.Fatalf("found %d Go blocks in README.md and docs/, want the quickstart, the test and the snippets", len(pkgs))
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"build", "-o", os.DevNull, "-overlay", overlayFile}, pkgs...)...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("Go code in README.md or docs/ does not compile (the package name says the file and block): %v\n%s", err, out.Bytes())
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

// snippetFile makes a program of a snippet (the body of main) or of
// top-level declarations.
func snippetFile(body, decls string) string {
	return `package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

var (
	_ = context.Background
	_ = errors.Is
	_ = fmt.Println
	_ = log.Fatal
	_ = http.NewRequest
	_ = time.Second
	_ testing.TB
	_ = synctest.Wait
	_ = api.NewClient
	_ = apitest.NewServer
)

` + decls + `
func main() {
	ctx := context.Background()
	var (
		client *api.Client
		srv    *apitest.Server
		inv    api.Invite
		req    api.InviteRequest
	)
	_, _, _, _, _ = ctx, client, srv, inv, req
` + body + "}\n"
}

// repoURL is where the package documentation links the repository's pages.
const repoURL = "https://github.com/seed-a87280d7/invites/blob/main/"

// TestPackageDocLinksResolve: the links from the package documentation to
// the repository's pages (on pkg.go.dev they must be absolute) name files
// that exist.
func TestPackageDocLinksResolve(t *testing.T) {
	t.Parallel()
	found := 0
	for _, file := range []string{"api/doc.go", "api/apitest/doc.go"} {
		text, err := os.ReadFile(filepath.FromSlash(file))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(regexp.QuoteMeta(repoURL)+`(\S+)`).FindAllStringSubmatch(string(text), -1) {
			found++
			path, _, _ := strings.Cut(m[1], "#")
			if _, err := os.Stat(filepath.FromSlash(path)); err != nil {
				t.Errorf("%s links %s%s: %v", file, repoURL, m[1], err)
			}
		}
	}
	if found == 0 {
		t.Error("the package documentation links no page of the repository")
	}
}
