package apitest_test

import (
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestProgramsOfTheFakeDoNotLinkTesting lists what the fake and the CLI
// (whose mock-server command runs the fake) link: the testing package, and
// the flags it registers, are no part of them. WithTB takes apitest.TB, not
// testing.TB, for that.
func TestProgramsOfTheFakeDoNotLinkTesting(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}:{{range .Imports}} {{.}}{{end}}", ".", "../../cmd/invites")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		pkg, imports, _ := strings.Cut(strings.TrimSpace(line), ":")
		for imp := range strings.FieldsSeq(imports) {
			if imp == "testing" || strings.HasPrefix(imp, "testing/") {
				t.Errorf("%s imports %s, so the fake and the CLI link it", pkg, imp)
			}
		}
	}
}

// plainTB has only the methods of apitest.TB, and is no testing.TB.
type plainTB struct {
	errors, fatals []string
	cleanups       []func()
}

func (p *plainTB) Helper() {}
func (p *plainTB) Errorf(format string, args ...any) {
	p.errors = append(p.errors, fmt.Sprintf(format, args...))
}
func (p *plainTB) Fatalf(format string, args ...any) {
	p.fatals = append(p.fatals, fmt.Sprintf(format, args...))
}
func (p *plainTB) Cleanup(f func()) { p.cleanups = append(p.cleanups, f) }

// TestWithTBTakesAnyTB ties a fake to a TB that is not one of the testing
// package's: NewServer registers its Close with Cleanup, and an invalid
// option is reported with Fatalf.
func TestWithTBTakesAnyTB(t *testing.T) {
	t.Parallel()
	tb := &plainTB{}
	srv := apitest.NewServer(apitest.WithTB(tb))
	if status, body := get(t, srv.Client(), srv.BaseURL()+"/organization/invites", apitest.AdminKey); status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if len(tb.cleanups) != 1 {
		t.Fatalf("%d cleanups registered, want 1", len(tb.cleanups))
	}
	tb.cleanups[0]()
	if resp, err := srv.Client().Get(srv.BaseURL() + "/organization/invites"); err == nil {
		resp.Body.Close()
		t.Error("the server still answers after the cleanup")
	}
	func() {
		defer func() { _ = recover() }() // Fatalf returned, so NewServer panics
		apitest.NewServer(apitest.WithTB(tb), apitest.WithAdminKey(""))
	}()
	if len(tb.fatals) != 1 || len(tb.errors) != 0 {
		t.Errorf("reported fatals %q and errors %q, want one fatal about the key", tb.fatals, tb.errors)
	}
}
