package main

import (
	"bufio"
	"context"
	"errors"
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
// one SIGTERM or SIGHUP. The process ends at once, and its results file
// holds the two rows that finished and the three that did not.
func TestHardStopProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals")
	}
	bin := buildCommand(t)
	tests := []struct {
		name    string
		signals []os.Signal
	}{
		{"second ctrl-c", []os.Signal{os.Interrupt, os.Interrupt}},
		{"sigterm", []os.Signal{syscall.SIGTERM}},
		// The terminal closed, or the SSH session dropped.
		{"sighup", []os.Signal{syscall.SIGHUP}},
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
				if i+1 < len(tt.signals) {
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
			if len(tt.signals) == 1 && strings.Contains(collected.String(), "press Ctrl-C again") {
				t.Errorf("a hard stop said it lets the requests in flight finish:\n%s", collected.String())
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
