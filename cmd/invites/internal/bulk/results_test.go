package bulk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// TestResultsKeptWhenTheRenameFails turns the --results path into a folder
// while the run goes on: the rename at the end fails, and the error names
// the temporary file, which still holds the results.
func TestResultsKeptWhenTheRenameFails(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "results.csv")
	r := &Results{Path: path}
	sink, err := r.Open(SinkOptions{Format: output.CSV})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Discard()
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	rep := NewReport("delete", "", false)
	Add(rep, []row{row(Revoked)})
	err = sink.Commit([]string{"result"}, rep)
	if err == nil {
		t.Fatal("no error")
	}
	_, tmp, ok := strings.Cut(err.Error(), "the results are in ")
	data, readErr := os.ReadFile(tmp)
	if !ok || readErr != nil || string(data) != "result\nrevoked\n" {
		t.Errorf("error %q: the results are lost (%v, %q)", err, readErr, data)
	}
}
