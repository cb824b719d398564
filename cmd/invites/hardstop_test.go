package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestHardStopProcess runs an import as a process, with the third create
// held by the service, and stops it hard with signals: a second Ctrl-C, or
// one SIGTERM or SIGHUP, or several at once, as a closing terminal sends
// them. The process ends at once, and its results file holds the two rows
// that finished and the three that did not: the signals after the hard stop
// change nothing.
func TestHardStopProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals")
	}
	bin := buildCommand(t)
	tests := []struct {
		name string
		// signals are sent one after the other at once, but for a first
		// Ctrl-C, which the command takes before the next is sent.
		signals []os.Signal
	}{
		{"second ctrl-c", []os.Signal{os.Interrupt, os.Interrupt}},
		{"sigterm", []os.Signal{syscall.SIGTERM}},
		// The terminal closed, or the SSH session dropped.
		{"sighup", []os.Signal{syscall.SIGHUP}},
		// The shell forwards a SIGHUP and the kernel sends one; and more.
		{"sighup, sighup, sigterm", []os.Signal{syscall.SIGHUP, syscall.SIGHUP, syscall.SIGTERM}},
		{"ctrl-c, then three more", []os.Signal{os.Interrupt, os.Interrupt, os.Interrupt, syscall.SIGHUP}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			held := make(chan struct{})
			h, baseURL := wrappedServer(t, holdThirdCreate(func() { close(held) }))
			dir := t.TempDir()
			team := filepath.Join(dir, "team.csv")
			if err := os.WriteFile(team, []byte(teamCSV(5)), 0o600); err != nil {
				t.Fatal(err)
			}
			results := filepath.Join(dir, "results.csv")

			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "import", team, "--concurrency", "1", "--results", results)
			cmd.Env = append(childEnv(), "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+envFor(baseURL)["OPENAI_ADMIN_KEY"])
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := make(chan string, 100)
			var collected strings.Builder
			go func() {
				defer close(lines)
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					lines <- sc.Text()
				}
			}()
			select {
			case <-held:
			case <-ctx.Done():
				t.Fatal("the third create never came")
			}
			for i, sig := range tt.signals {
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				if i == 0 && sig == os.Interrupt {
					// Wait until the first Ctrl-C is taken, so that the
					// second is a second one.
					for line := range lines {
						collected.WriteString(line + "\n")
						if strings.Contains(line, "press Ctrl-C again") {
							break
						}
					}
				}
			}
			for line := range lines {
				collected.WriteString(line + "\n")
			}
			err = cmd.Wait()
			var exitErr *exec.ExitError
			if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitInterrupted {
				t.Errorf("exit: %v, want exit status %d\nstderr:\n%s", err, exitInterrupted, collected.String())
			}
			created := pendingIDs(h.Invites())
			difftest.Check(t, "results", resultsOf(t, results), []map[string]string{
				{"email": "user0@example.com", "role": "reader", "projects": "proj_0:member", "line": "2", "result": "created", "invite_id": created["user0@example.com"], "reason": "", "attempt": "true"},
				{"email": "user1@example.com", "role": "reader", "projects": "proj_1:member", "line": "3", "result": "created", "invite_id": created["user1@example.com"], "reason": "", "attempt": "true"},
				{"email": "user2@example.com", "role": "reader", "projects": "proj_2:member", "line": "4", "result": "unknown", "invite_id": "", "reason": "the run stopped while the request was in flight: it may or may not have taken effect", "attempt": "true"},
				{"email": "user3@example.com", "role": "reader", "projects": "proj_0:member", "line": "5", "result": "not_sent", "invite_id": "", "reason": "the run stopped before it was sent", "attempt": "false"},
				{"email": "user4@example.com", "role": "reader", "projects": "proj_1:member", "line": "6", "result": "not_sent", "invite_id": "", "reason": "the run stopped before it was sent", "attempt": "false"},
			})
			if tt.signals[0] != os.Interrupt && strings.Contains(collected.String(), "press Ctrl-C again") {
				t.Errorf("a hard stop said it lets the requests in flight finish:\n%s", collected.String())
			}
			if tmp, _ := filepath.Glob(filepath.Join(dir, ".results.csv.*")); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
			if !strings.Contains(collected.String(), "interrupted: 2 of 5 rows finished") {
				t.Errorf("stderr:\n%s", collected.String())
			}
		})
	}
}

// childEnv is this process's environment without the OPENAI_ and INVITES_
// settings, and with a config file that does not exist, so that a child
// never sees a developer's key, base URL or profiles.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENAI_") && !strings.HasPrefix(kv, "INVITES_") {
			env = append(env, kv)
		}
	}
	return append(env, envConfig+"="+filepath.Join(os.TempDir(), "invites-tests-have-no-config", "config.json"))
}

// TestSignalsWhileResultsAreWritten stops an import hard and, while its
// results are being written (to a pipe that the test reads only later, so
// that the writing waits), sends it two more signals: they change nothing,
// and every row is written.
func TestSignalsWhileResultsAreWritten(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals")
	}
	bin := buildCommand(t)
	held := make(chan struct{})
	_, baseURL := wrappedServer(t, holdThirdCreate(func() { close(held) }))
	// Results far larger than a pipe's buffer of 64 KiB.
	const rows = 2000
	team := writeFile(t, "team.csv", teamCSV(rows))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "import", team, "--concurrency", "1", "-o", "csv")
	cmd.Env = append(childEnv(), "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+envFor(baseURL)["OPENAI_ADMIN_KEY"])
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-held:
	case <-ctx.Done():
		t.Fatal("the third create never came")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The first bytes of the results say that they are being written.
	first := make([]byte, 1)
	if _, err := io.ReadFull(stdout, first); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []os.Signal{syscall.SIGHUP, os.Interrupt} {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
	}
	// Time for a signal with its default action to end the process, which
	// it must not.
	time.Sleep(100 * time.Millisecond)
	rest, err := io.ReadAll(stdout)
	if err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitInterrupted {
		t.Errorf("exit: %v, want exit status %d\nstderr:\n%s", err, exitInterrupted, stderr.String())
	}
	results := readResults(t, string(first)+string(rest))
	if got := countResults(results); len(results) != rows || got["created"] != 2 || got["unknown"] != 1 || got["not_sent"] != rows-3 {
		t.Errorf("%d rows: %v", len(results), got)
	}
}
