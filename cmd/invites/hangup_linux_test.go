//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// TestTerminalHangup runs an import from an interactive bash on a
// pseudo-terminal and closes the terminal while a create is held, as a
// person closing the window does: bash forwards a SIGHUP, the kernel sends
// its own, and the test sends a SIGTERM on top. Whatever arrives after the
// first, the results file replaces yesterday's whole, with every row, and no
// temporary file is left. It runs several times: the signals' order and
// spacing vary from run to run.
func TestTerminalHangup(t *testing.T) {
	bashPath, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := buildCommand(t)
	for i := range 4 {
		t.Run("run "+strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			held := make(chan struct{})
			_, baseURL := wrappedServer(t, holdThirdCreate(func() { close(held) }))
			dir := t.TempDir()
			team := filepath.Join(dir, "team.csv")
			results := filepath.Join(dir, "results.csv")
			for path, content := range map[string]string{team: teamCSV(5), results: "yesterday\n"} {
				if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := append(childEnv(), "PS1=$ ", "OPENAI_BASE_URL="+baseURL, "OPENAI_ADMIN_KEY="+apitest.AdminKey)
			term := startOnTerminal(t, bashPath, env, "--norc", "--noprofile", "-i")
			term.waitFor(t, `\$ $`)
			term.typeKeys(t, "'"+bin+"' import '"+team+"' --concurrency 1 --results '"+results+"'\r")
			select {
			case <-held:
			case <-time.After(time.Minute):
				t.Fatalf("the third create never came:\n%s", term.text())
			}
			pid := childOf(t, term.cmd.Process.Pid, "invites")
			term.master.Close()
			_ = syscall.Kill(pid, syscall.SIGTERM)
			waitGone(t, pid)

			rows := resultsOf(t, results)
			if got := countResults(rows); len(rows) != 5 || got["created"] != 2 || got["unknown"] != 1 || got["not_sent"] != 2 {
				t.Errorf("results: %v", rows)
			}
			if tmp, _ := filepath.Glob(filepath.Join(dir, ".results.csv.*")); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

// childOf returns the pid of the child of parent whose command is name.
func childOf(t *testing.T, parent int, name string) int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, stat := procStat(pid)
		if comm == name && len(stat) > 1 && stat[1] == strconv.Itoa(parent) {
			return pid
		}
	}
	t.Fatalf("no child %s of %d", name, parent)
	return 0
}

// procStat returns a process's command and the fields of /proc/PID/stat
// after it (state, parent pid, ...); "" when it is gone.
func procStat(pid int) (string, []string) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", nil
	}
	open, end := bytes.IndexByte(data, '('), bytes.LastIndexByte(data, ')')
	if open < 0 || end < open {
		return "", nil
	}
	return string(data[open+1 : end]), strings.Fields(string(data[end+1:]))
}

// waitGone waits for the process to end (gone, or a zombie that its new
// parent has not reaped), failing the test after a minute.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		_, stat := procStat(pid)
		if len(stat) == 0 || stat[0] == "Z" || stat[0] == "X" {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d did not end", pid)
}
