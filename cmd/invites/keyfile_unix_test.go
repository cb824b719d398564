//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestKeyFileNotAFile gives --admin-key-file a named pipe with no writer, a
// device and a folder: each is refused at once, naming what it is, where
// opening the pipe would wait forever for a writer.
func TestKeyFileNotAFile(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "key.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tt := range []struct{ path, want string }{
		{fifo, fifo + " is a named pipe (FIFO), not a regular file"},
		{"/dev/null", "/dev/null is a character device, not a regular file"},
		{dir, dir + " is a folder, not a regular file"},
	} {
		done := make(chan outcome, 1)
		go func() {
			done <- runCLI(t, invocation{args: []string{"list", "--admin-key-file", tt.path}, env: map[string]string{"OPENAI_BASE_URL": srv.BaseURL()}})
		}()
		select {
		case got := <-done:
			if got.code != exitUsage || got.stderr != "invites: --admin-key-file: "+tt.want+"\n" {
				t.Errorf("%s: exit %d, stderr %q, want %q", tt.path, got.code, got.stderr, tt.want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: the command waits for a writer", tt.path)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
