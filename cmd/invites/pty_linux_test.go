//go:build linux

package main

import (
	"bytes"

	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// terminal is a command running on a pseudo-terminal, as a person runs it:
// stdin, stdout and stderr are the terminal, which is its controlling
// terminal, so that Ctrl-C typed on it sends SIGINT.
type terminal struct {
	master *os.File
	cmd    *exec.Cmd

	mu     sync.Mutex
	screen bytes.Buffer
	read   chan struct{} // closed when the master reads no more
}

// openPTY opens a pseudo-terminal with the standard library only: the
// master from /dev/ptmx, unlocked, and the slave by the number the kernel
// gives it.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	var unlock int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		t.Fatalf("TIOCSPTLCK: %v", errno)
	}
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Fatalf("TIOCGPTN: %v", errno)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// startOnTerminal runs bin with args on a new pseudo-terminal 200 columns
// wide, in a session of its own whose controlling terminal it is.
func startOnTerminal(t *testing.T, bin string, env []string, args ...string) *terminal {
	t.Helper()
	return startOnTerminalOfWidth(t, bin, env, 200, args...)
}

// winsize is the kernel's struct winsize.
type winsize struct {
	rows, cols, xpixel, ypixel uint16
}

// resize gives the terminal a new number of columns, as a person dragging
// its window would: the kernel tells the command with SIGWINCH.
func (term *terminal) resize(t *testing.T, cols int) {
	t.Helper()
	setWidth(t, term.master, cols)
}

// setWidth sets the columns of the pseudo-terminal whose master is f.
func setWidth(t *testing.T, f *os.File, cols int) {
	t.Helper()
	ws := winsize{rows: 40, cols: uint16(cols)}
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); errno != 0 {
		t.Fatalf("TIOCSWINSZ: %v", errno)
	}
}

// startOnTerminalOfWidth runs bin with args on a new pseudo-terminal of cols
// columns, in a session of its own whose controlling terminal it is.
func startOnTerminalOfWidth(t *testing.T, bin string, env []string, cols int, args ...string) *terminal {
	t.Helper()
	master, slave := openPTY(t)
	setWidth(t, master, cols)
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close() // the child holds it; the master reads EIO once it exits
	term := &terminal{master: master, cmd: cmd, read: make(chan struct{})}
	go func() {
		defer close(term.read)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			term.mu.Lock()
			term.screen.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		master.Close()
	})
	return term
}

// text is everything the terminal has shown, with its line ends as "\n".
func (term *terminal) text() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return strings.ReplaceAll(term.screen.String(), "\r\n", "\n")
}

// waitFor waits until the terminal shows a match of pattern, and fails
// the test if the command ends or a minute passes first.
func (term *terminal) waitFor(t *testing.T, pattern string) {
	t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.Now().Add(time.Minute)
	for !re.MatchString(term.text()) {
		select {
		case <-term.read:
			if re.MatchString(term.text()) {
				return
			}
			t.Fatalf("the command ended without showing %q; the terminal shows:\n%s", pattern, term.text())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q; it shows:\n%s", pattern, term.text())
		}
	}
}

// typeKeys types on the terminal's keyboard.
func (term *terminal) typeKeys(t *testing.T, keys string) {
	t.Helper()
	if _, err := term.master.Write([]byte(keys)); err != nil {
		t.Fatal(err)
	}
}

// exitCode waits for the command to end and returns its exit code.
func (term *terminal) exitCode(t *testing.T) int {
	t.Helper()
	err := term.cmd.Wait()
	<-term.read
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// ctrlC is what the Ctrl-C key sends.
const ctrlC = "\x03"

// TestTerminal runs the built command on a pseudo-terminal and checks what a
// person sees: prompts that Ctrl-C ends at once with exit 130 and nothing
// done, tables with times in the local zone, the progress line with its
// rate and time left, and an interrupted import that writes its results.
func TestTerminal(t *testing.T) {
	if _, err := os.Stat("/usr/share/zoneinfo/Asia/Kolkata"); err != nil {
		t.Skip("no time zone database")
	}
	bin := buildCommand(t)
	// The local zone is India's, UTC+05:30, which no test clock shares.
	envFor := func(baseURL string) []string {
		return append(childEnv(), "TZ=Asia/Kolkata", "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+apitest.AdminKey)
	}

	for _, args := range [][]string{{"delete", "ID"}, {"prune", "--status", "pending"}} {
		t.Run("ctrl-c at the prompt of "+args[0], func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t)
			inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
			args := slices.Clone(args)
			if args[1] == "ID" {
				args[1] = inv.ID
			}
			term := startOnTerminal(t, bin, envFor(srv.BaseURL()), args...)
			term.waitFor(t, `\? \[y/N\] $`)
			term.typeKeys(t, ctrlC)
			if code := term.exitCode(t); code != exitInterrupted {
				t.Errorf("exit %d, want %d", code, exitInterrupted)
			}
			if pending := pendingIDs(srv.Invites()); len(pending) != 1 {
				t.Errorf("pending invites after Ctrl-C: %v", pending)
			}
			if !strings.HasSuffix(term.text(), "[y/N] ^C\ninvites: interrupted\n") {
				t.Errorf("the terminal shows:\n%s", term.text())
			}
			if strings.Contains(term.text(), "revoked") {
				t.Errorf("a revoke was reported:\n%s", term.text())
			}
		})
	}

	t.Run("an answer at the prompt", func(t *testing.T) {
		t.Parallel()
		srv := newTestServer(t)
		inv := srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
		term := startOnTerminal(t, bin, envFor(srv.BaseURL()), "delete", inv.ID)
		term.waitFor(t, `Revoke the invite for ada@example.com\? \[y/N\] $`)
		term.typeKeys(t, "y\r")
		if code := term.exitCode(t); code != exitOK {
			t.Errorf("exit %d, want 0:\n%s", code, term.text())
		}
		term.waitFor(t, `(?m)^`+inv.ID+` +revoked +-`)
	})

	t.Run("tables in the local zone", func(t *testing.T) {
		t.Parallel()
		srv := newTestServer(t)
		srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
		term := startOnTerminal(t, bin, envFor(srv.BaseURL()), "list")
		if code := term.exitCode(t); code != exitOK {
			t.Fatalf("exit %d:\n%s", code, term.text())
		}
		// The test clock's noon UTC is 17:30 in India.
		term.waitFor(t, `(?m)^ID +EMAIL +ROLE +STATUS +CREATED AT +EXPIRES AT +ACCEPTED AT +PROJECTS\ninvite-\S+ +ada@example.com +reader +pending +2026-03-01 17:30 IST +2026-03-08 17:30 IST +- +-\n$`)

		utc := startOnTerminal(t, bin, envFor(srv.BaseURL()), "list", "--utc")
		if code := utc.exitCode(t); code != exitOK {
			t.Fatalf("exit %d:\n%s", code, utc.text())
		}
		utc.waitFor(t, ` 2026-03-01 12:00 UTC +2026-03-08 12:00 UTC `)
	})

	t.Run("prune shows a table, not CSV", func(t *testing.T) {
		t.Parallel()
		srv := newTestServer(t)
		srv.AddInvite(api.Invite{Email: "ada@example.com", Role: api.RoleReader})
		term := startOnTerminal(t, bin, envFor(srv.BaseURL()), "prune", "--status", "pending")
		term.waitFor(t, `Revoke 1 pending invite\? \[y/N\] $`)
		term.typeKeys(t, "yes\r")
		if code := term.exitCode(t); code != exitOK {
			t.Fatalf("exit %d:\n%s", code, term.text())
		}
		term.waitFor(t, `\x1b\[KID +EMAIL +ROLE +STATUS +CREATED AT +RESULT +REASON\ninvite-\S+ +ada@example.com +reader +pending +2026-03-01 17:30 IST +revoked +-\n`)
		if strings.Contains(term.text(), "id,email") {
			t.Errorf("CSV on a terminal:\n%s", term.text())
		}
	})

	t.Run("progress and ctrl-c during an import", func(t *testing.T) {
		t.Parallel()
		held, release := make(chan struct{}), make(chan struct{})
		h, baseURL := wrappedServer(t, holdCreate(3, func() { close(held) }, release))
		file := writeFile(t, "team.csv", teamCSV(5))
		results := filepath.Join(t.TempDir(), "results.csv")
		term := startOnTerminal(t, bin, envFor(baseURL), "import", file, "--concurrency", "1", "--results", results)
		select {
		case <-held:
		case <-time.After(time.Minute):
			t.Fatalf("the third create never came:\n%s", term.text())
		}
		// The line counts the rows done, their rate and the time left for
		// the others.
		term.waitFor(t, `\rimporting `+regexp.QuoteMeta(file)+`: [12]/5 \([12] created\), [0-9.]+/s, \S+ left\x1b\[K`)
		term.typeKeys(t, ctrlC)
		term.waitFor(t, `press Ctrl-C again to stop at once`)
		close(release)
		if code := term.exitCode(t); code != exitInterrupted {
			t.Errorf("exit %d, want %d:\n%s", code, exitInterrupted, term.text())
		}
		term.waitFor(t, `interrupted: 3 of 5 rows finished`)
		if got := countResults(resultsOf(t, results)); got["created"] != 3 || got["not_sent"] != 2 || len(h.Invites()) != 3 {
			t.Errorf("results %v, %d invites, want 3 created and 2 not sent, and 3 invites", got, len(h.Invites()))
		}
	})
}

// render plays out as a terminal of width columns shows it, narrowed to
// narrow columns from byte at on (cutting the lines it holds, as a terminal
// without reflow does), and returns its lines. It knows what invites writes:
// text, \r, \n and the erase to the end of the line.
func render(out string, width, at, narrow int) []string {
	screen := [][]rune{nil}
	row, col := 0, 0
	newLine := func() {
		row++
		if row == len(screen) {
			screen = append(screen, nil)
		}
		col = 0
	}
	for i := 0; i < len(out); {
		if i >= at && width != narrow {
			width = narrow
			for k, l := range screen {
				screen[k] = l[:min(len(l), width)]
			}
			col = min(col, width)
		}
		if strings.HasPrefix(out[i:], "\x1b[K") {
			screen[row] = screen[row][:min(col, len(screen[row]))]
			i += len("\x1b[K")
			continue
		}
		r, size := utf8.DecodeRuneInString(out[i:])
		i += size
		switch r {
		case '\r':
			col = 0
		case '\n':
			newLine()
		default:
			if col == width {
				newLine()
			}
			line := screen[row]
			for len(line) < col {
				line = append(line, ' ')
			}
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			screen[row] = line
			col++
		}
	}
	lines := make([]string, len(screen))
	for k, l := range screen {
		lines[k] = string(l)
	}
	return lines
}

// TestNarrowTerminal imports a file in a terminal 60 columns wide that
// narrows to 55 halfway: the progress line is always shorter than the
// width, before and after the resize, and leaves nothing behind; the
// results table fits the new width by leaving out every column but the
// email and the invite id, which are never cut.
func TestNarrowTerminal(t *testing.T) {
	bin := buildCommand(t)
	held, release := make(chan struct{}), make(chan struct{})
	_, baseURL := wrappedServer(t, holdCreate(30, func() { close(held) }, release))
	file := writeFile(t, "a-team-file-with-a-rather-long-name.csv", teamCSV(60))
	env := append(childEnv(), "TZ=UTC", "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+apitest.AdminKey)
	term := startOnTerminalOfWidth(t, bin, env, 60, "import", file, "--concurrency", "1")
	select {
	case <-held:
	case <-time.After(time.Minute):
		t.Fatalf("the 30th create never came:\n%s", term.text())
	}
	term.resize(t, 55)
	// The next redraws follow the new width once the command has read it.
	time.Sleep(200 * time.Millisecond)
	term.mu.Lock()
	before := term.screen.Len()
	term.mu.Unlock()
	close(release)
	if code := term.exitCode(t); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, term.text())
	}
	term.mu.Lock()
	screen := term.screen.String()
	term.mu.Unlock()

	drawn := 0
	for i, part := range strings.FieldsFunc(screen, func(r rune) bool { return r == '\r' || r == '\n' }) {
		part = strings.ReplaceAll(part, "\x1b[K", "")
		if !strings.HasPrefix(part, "import") { // "importing …", or "importi…" once the label is cut
			continue
		}
		drawn++
		limit := 60
		if strings.Index(screen, part) >= before {
			limit = 55
		}
		if n := utf8.RuneCountInString(part); n >= limit {
			t.Errorf("progress line %d has %d characters on a terminal of %d: %q", i, n, limit, part)
		}
	}
	lines := render(screen, 60, before, 55)
	for _, line := range lines {
		if strings.HasPrefix(line, "import") {
			t.Errorf("a progress line left behind: %q", line)
		}
	}
	if drawn < 2 || len(lines) < 62 || !strings.HasPrefix(lines[0], "EMAIL ") {
		t.Fatalf("%d progress lines drawn; the terminal shows:\n%s", drawn, strings.Join(lines, "\n"))
	}
	if !regexp.MustCompile(`^EMAIL +INVITE ID$`).MatchString(lines[0]) {
		t.Errorf("header %q, want only the email and the invite id", lines[0])
	}
	row := regexp.MustCompile(`^user[0-9]+@example\.com +invite-[0-9a-z]{24}$`)
	for _, line := range lines[1:61] {
		if n := utf8.RuneCountInString(line); n > 55 || !row.MatchString(line) {
			t.Errorf("a table line of %d characters, or cut: %q", n, line)
		}
	}
}
