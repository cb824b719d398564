package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestBinary builds the command and runs it as users do: the demo, and the
// mock server driven from a second process and stopped with Ctrl-C.
func TestBinary(t *testing.T) {
	bin := buildCommand(t)
	// The children must not see a key or a base URL from the developer's
	// environment.
	baseEnv := func(extra ...string) []string {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "OPENAI_") {
				env = append(env, kv)
			}
		}
		return append(env, extra...)
	}

	t.Run("demo", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "demo")
		cmd.Env = baseEnv()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("invites demo: %v\nstderr: %s", err, stderr.String())
		}
		for _, want := range []string{"1. Invite three users", "page 2: 1 invite, has_more false", "*api.ValidationError", "requests sent: 0", "errors.Is(err, api.ErrNotFound) is true", "deleted true", "2 invites left"} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("demo output lacks %q:\n%s", want, stdout.String())
			}
		}
		if stderr.Len() != 0 {
			t.Errorf("demo wrote to stderr: %s", stderr.String())
		}
	})

	t.Run("mock-server", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("sends SIGINT")
		}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		defer cancel()
		// The first list answers 503 with a short hint: the client retries.
		server := exec.CommandContext(ctx, bin, "mock-server", "--addr", "127.0.0.1:0", "--samples", "5", "--seed", "7",
			"--fault", "GET /organization/invites 503 x1 retry-after-ms=10")
		server.Env = baseEnv()
		stdout, err := server.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var serverErr bytes.Buffer
		server.Stderr = &serverErr
		if err := server.Start(); err != nil {
			t.Fatal(err)
		}
		defer server.Process.Kill()

		lines := bufio.NewScanner(stdout)
		var baseURL, key string
		for baseURL == "" || key == "" {
			if !lines.Scan() {
				t.Fatalf("mock-server ended before printing its address: %v\nstderr: %s", lines.Err(), serverErr.String())
			}
			line := lines.Text()
			if v, ok := strings.CutPrefix(line, "base URL: "); ok {
				baseURL = v
			}
			if v, ok := strings.CutPrefix(line, "admin key: "); ok {
				key = v
			}
		}
		if !strings.HasPrefix(baseURL, "http://127.0.0.1:") || strings.HasSuffix(baseURL, ":0/v1") || key != apitest.AdminKey {
			t.Fatalf("base URL %q, key %q", baseURL, key)
		}
		go func() {
			for lines.Scan() { // drain the rest of stdout
			}
		}()

		// A second process, as from a second terminal.
		list := exec.CommandContext(ctx, bin, "list", "-o", "jsonl")
		list.Env = baseEnv("OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+key)
		out, err := list.Output()
		if err != nil {
			t.Fatalf("invites list against the mock server: %v", err)
		}
		if n := strings.Count(string(out), "\n"); n != 5 {
			t.Errorf("listed %d invites, want the 5 samples:\n%s", n, out)
		}

		if err := server.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		if err := server.Wait(); err != nil {
			t.Fatalf("mock-server after Ctrl-C: %v\nstderr: %s", err, serverErr.String())
		}
		for _, want := range []string{"GET /v1/organization/invites -> 503", "GET /v1/organization/invites -> 200", "mock server stopped"} {
			if !strings.Contains(serverErr.String(), want) {
				t.Errorf("mock-server stderr lacks %q", want)
			}
		}
		if t.Failed() {
			t.Errorf("mock-server stderr:\n%s", serverErr.String())
		}
	})
}
