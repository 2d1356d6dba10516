package results

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/treatysim/treatysim/results/internal/golden"
)

// deadPid returns the id of a process that has ended.
func deadPid(t *testing.T) int {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no process to ask on Windows: staging folders are judged by age")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestKill9LeavesStagingFolder: kill -9 during run left an empty hidden
// results-out/.NAME.tmp-NNN folder forever. The next Stage in the same
// place removes the staging folders of processes that are gone, and only
// those.
func TestKill9LeavesStagingFolder(t *testing.T) {
	dead := deadPid(t)
	old := time.Now().Add(-48 * time.Hour)
	staging := func(name string, pid int, host string) string {
		return fmt.Sprintf(".%s.tmp-%d-%s-12345", name, pid, host)
	}
	tests := []struct {
		name   string
		entry  string
		files  Files
		aged   bool // untouched for two days
		remain []string
	}{
		{"killed on this host", staging("out", dead, hostTag), Files{"runs.csv": []byte("run\n")}, false, nil},
		{"killed, empty", staging("other", dead, hostTag), nil, false, nil},
		{"this process, still writing", staging("out", os.Getpid(), hostTag), nil, true, []string{staging("out", os.Getpid(), hostTag)}},
		{"another host, recent", staging("out", dead, "0badf00d"), nil, false, []string{staging("out", dead, "0badf00d")}},
		{"another host, two days old", staging("out", dead, "0badf00d"), nil, true, nil},
		{"before pids, recent", ".out.tmp-611155357", nil, false, []string{".out.tmp-611155357"}},
		{"before pids, two days old", ".out.tmp-611155357", Files{"runs.csv": []byte("run\n")}, true, nil},
		{"before pids, a file not ours", ".out.tmp-611155357", Files{"notes.txt": []byte("mine")}, true, []string{".out.tmp-611155357"}},
		{"a file, not a folder", staging("out", dead, hostTag), nil, false, []string{staging("out", dead, hostTag)}},
		// Killed while replacing: the old folder was moved aside; it is put back.
		{"killed while replacing", staging("prev", dead, hostTag) + ".old", Files{"summary.json": []byte("{}")}, false, []string{"prev"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			p := filepath.Join(parent, tt.entry)
			if tt.name == "a file, not a folder" {
				writeTree(t, parent, Files{tt.entry: []byte("x")})
			} else {
				writeTree(t, p, tt.files)
				if err := os.MkdirAll(p, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if tt.aged {
				filepath.Walk(p, func(q string, _ os.FileInfo, _ error) error { return os.Chtimes(q, old, old) })
			}
			if err := WriteDir(filepath.Join(parent, "new"), Files{"summary.json": []byte("{}")}, false); err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(append([]string{"new"}, tt.remain...)))
			if got := golden.ListDir(t, parent); !slices.Equal(got, want) {
				t.Errorf("after the next write the folder holds %v, want %v", got, want)
			}
		})
	}

	t.Run("killed after replacing", func(t *testing.T) {
		// The new folder is in place; the old one is removed.
		parent := t.TempDir()
		writeTree(t, filepath.Join(parent, "prev"), Files{"summary.json": []byte("{\"new\": true}")})
		writeTree(t, filepath.Join(parent, staging("prev", dead, hostTag)+".old"), Files{"summary.json": []byte("{}")})
		if err := WriteDir(filepath.Join(parent, "new"), Files{"summary.json": []byte("{}")}, false); err != nil {
			t.Fatal(err)
		}
		if got := golden.ListDir(t, parent); !slices.Equal(got, []string{"new", "prev"}) {
			t.Errorf("the folder holds %v, want [new prev]", got)
		}
	})
}
