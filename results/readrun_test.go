package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadRunPlainFile: explain and plot on a plain file exited 1 (the
// read of FILE/summary.json failed with "not a directory") while a
// missing folder exited 2. Both are bad input: ErrNotResults, saying
// which.
func TestReadRunPlainFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{file, "it is a file"},
		{filepath.Join(dir, "missing"), "no such folder"},
		{dir, "no summary.json"},
	} {
		_, err := ReadRun(tt.path)
		if !errors.Is(err, ErrNotResults) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadRun(%s): error %v; want ErrNotResults saying %q", tt.path, err, tt.want)
		}
	}
}
