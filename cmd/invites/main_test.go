package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api/apitest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testNow is the clock of every test, so that dates in the output repeat.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testZone is the local time zone of every in-process test, so that tables
// show a zone other than UTC.
var testZone = time.FixedZone("CET", 60*60)

// invocation is one run of the CLI in a test.
type invocation struct {
	args  []string
	env   map[string]string
	stdin string
	// stdinReader, when set, is stdin instead of the stdin string.
	stdinReader io.Reader
	// stdinTerminal and stderrTerminal say what the terminal probe answers.
	stdinTerminal  bool
	stderrTerminal bool
	stdoutTerminal bool
	ctx            context.Context
	// hardStop, when set, is the context that a hard stop (a second Ctrl-C,
	// or SIGTERM) ends.
	hardStop context.Context
	// listTimeout, when set, bounds the quick list that completes ids.
	listTimeout time.Duration
	// httpClient, when set, sends the SDK's requests instead of
	// testHTTPClient (a fake's in-process transport, say).
	httpClient *http.Client
}

// outcome is what a run printed and its exit code.
type outcome struct {
	code   int
	stdout string
	stderr string
}

// testHTTPClient is the HTTP client of every in-process run: its transport
// is the tests' own, so that a test server's Close, which closes the idle
// connections of net/http's default transport, never breaks a request of a
// test running beside it.
var testHTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

// runCLI runs the CLI in-process with a fixed clock.
func runCLI(t *testing.T, inv invocation) outcome {
	t.Helper()
	ctx := inv.ctx
	if ctx == nil {
		ctx = t.Context()
	}
	var stdout, stderr bytes.Buffer
	httpClient := testHTTPClient
	if inv.httpClient != nil {
		httpClient = inv.httpClient
	}
	var stdin io.Reader = strings.NewReader(inv.stdin)
	if inv.stdinReader != nil {
		stdin = inv.stdinReader
	}
	e := &env{
		stdin:  stdin,
		stdout: &stdout,
		stderr: &stderr,
		lookupEnv: func(name string) (string, bool) {
			v, ok := inv.env[name]
			return v, ok
		},
		stdinTerminal:  inv.stdinTerminal,
		stderrTerminal: inv.stderrTerminal,
		stdoutTerminal: inv.stdoutTerminal,
		local:          testZone,
		hardStop:       inv.hardStop,
		listTimeout:    inv.listTimeout,
		now:            func() time.Time { return testNow },
		newAttempt:     testAttempts(t),
		httpClient:     httpClient,
		commands:       allCommands,
		// The config folder is $XDG_CONFIG_HOME of the invocation, as on
		// Linux, and none without it: a test never reads its user's.
		userConfigDir: func() (string, error) {
			if dir := inv.env["XDG_CONFIG_HOME"]; dir != "" {
				return dir, nil
			}
			return "", errors.New("no config folder")
		},
	}
	code := runCommandLine(ctx, inv.args, e)
	return outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// runCtrlC runs inv and presses Ctrl-C (ends its ctx) after a while, and
// fails the test unless the CLI then ends with exit 130 within 30 s; what
// names what Ctrl-C must end.
func runCtrlC(t *testing.T, inv invocation, after time.Duration, what string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	time.AfterFunc(after, cancel)
	inv.ctx = ctx
	done := make(chan outcome, 1)
	go func() { done <- runCLI(t, inv) }()
	select {
	case got := <-done:
		if got.code != exitInterrupted {
			t.Errorf("Ctrl-C during %s: exit %d, want %d: %s", what, got.code, exitInterrupted, got.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("Ctrl-C did not end %s", what)
	}
}

// attemptCounts counts the import attempts of each test while it runs, by
// its *testing.T: a test run again (go test -count) counts from 0 again.
var attemptCounts sync.Map

// testAttempts returns the attempt ids of t's runs of the CLI: different for
// each run, and the same every time the test runs, so that golden files
// repeat.
func testAttempts(t *testing.T) func() string {
	n, loaded := attemptCounts.LoadOrStore(t, new(atomic.Int64))
	if !loaded {
		t.Cleanup(func() { attemptCounts.Delete(t) })
	}
	count := n.(*atomic.Int64)
	return func() string {
		sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d", t.Name(), count.Add(1)))
		return hex.EncodeToString(sum[:16])
	}
}

// serverEnv is the environment that points the CLI at srv.
func serverEnv(srv *apitest.Server) map[string]string {
	return map[string]string{"OPENAI_BASE_URL": srv.BaseURL(), "OPENAI_ADMIN_KEY": apitest.AdminKey}
}

// newTestServer starts a fake with the test clock.
func newTestServer(t *testing.T, opts ...apitest.Option) *apitest.Server {
	t.Helper()
	opts = append([]apitest.Option{apitest.WithTB(t), apitest.WithClock(func() time.Time { return testNow })}, opts...)
	return apitest.NewServer(opts...)
}

// writeFile writes a file in a new temporary directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkGolden compares a run with testdata/NAME.golden, or rewrites the file
// with -update. replace maps run-specific text (temporary paths, ports) to
// stable placeholders.
func checkGolden(t *testing.T, name string, inv invocation, got outcome, replace ...string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("$ invites " + strings.Join(inv.args, " ") + "\n")
	b.WriteString("exit " + strconv.Itoa(got.code) + "\n")
	b.WriteString("-- stdout --\n" + got.stdout)
	if got.stdout != "" && !strings.HasSuffix(got.stdout, "\n") {
		b.WriteString("\n")
	}
	b.WriteString("-- stderr --\n" + got.stderr)
	text := b.String()
	replace = append(replace, runtime.Version(), "GOVERSION")
	text = strings.NewReplacer(replace...).Replace(text)

	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run 'go test ./cmd/invites -update' to create it)", err)
	}
	if text != string(want) {
		t.Errorf("output differs from %s (run 'go test ./cmd/invites -update' if the change is intended; -want +got):\n%s", path, difftest.Text(string(want), text))
	}
}

// buildCommand builds the command into a temporary folder and returns its
// path, or skips the test in -short mode or without the go command.
func buildCommand(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := filepath.Join(t.TempDir(), "invites")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
