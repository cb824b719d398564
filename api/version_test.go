package api_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
)

// uaProgram calls the fake once and prints the User-Agent it received.
const uaProgram = `package main

import (
	"context"
	"fmt"
	"log"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

func main() {
	srv := apitest.NewServer()
	defer srv.Close()
	c, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.ListInvites(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(api.Version)
	fmt.Println(srv.Requests()[0].Header.Get("User-Agent"))
}
`

// TestUserAgentCarriesTheBuildVersion builds a program in a scratch clone
// whose HEAD carries the tag v0.98.7, as `make release` builds, and checks
// that api.Version and the User-Agent the fake receives carry that version,
// from the build info and not from a constant. The tag is a v0 one: Go
// takes no tag above v1 for a module path without a /vN suffix.
func TestUserAgentCarriesTheBuildVersion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a program")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	clone := filepath.Join(dir, "clone")
	for _, args := range [][]string{
		{"clone", "-q", root, clone},
		{"-C", clone, "tag", "v0.98.7"},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %q: %v\n%s", args, err, out)
		}
	}
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte(uaProgram), 0o600); err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]any{"Replace": map[string]string{
		filepath.Join(clone, "internal", "uaprobe", "main.go"): src,
	}})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "uaprobe")
	build := exec.Command("go", "build", "-overlay", overlayFile, "-buildvcs=true", "-o", bin, "./internal/uaprobe")
	build.Dir = clone
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatalf("running the program: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(bytes.ReplaceAll(out, []byte("\r"), nil))), "\n")
	if len(lines) != 2 {
		t.Fatalf("the program printed %q, want two lines", out)
	}
	if lines[0] != "v0.98.7" {
		t.Errorf("api.Version = %q, want the tag's v0.98.7", lines[0])
	}
	if !strings.HasPrefix(lines[1], "invites-go/v0.98.7 (") {
		t.Errorf("User-Agent = %q, want invites-go/v0.98.7 then the Go version and platform", lines[1])
	}
}

// TestVersionInTests: a test binary records no module version, and the
// User-Agent's product version then reads "devel", without the parentheses
// of the Go command's "(devel)", which a product version may not hold.
func TestVersionInTests(t *testing.T) {
	t.Parallel()
	if api.Version != "devel" {
		t.Errorf("api.Version = %q in a test binary, want devel", api.Version)
	}
}
