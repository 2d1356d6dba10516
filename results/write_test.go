package results

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results/internal/golden"
)

// readTree returns every regular file under dir, by slash-separated
// relative path.
func readTree(t *testing.T, dir string) Files {
	t.Helper()
	out := Files{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// withMarker returns files with the marker WriteDir adds, listing them.
func withMarker(files Files) Files {
	out := Files{MarkerName: markerText(golden.SortedNames(files))}
	for k, v := range files {
		out[k] = v
	}
	return out
}

func TestWriteDir(t *testing.T) {
	oldFiles := Files{"old.txt": []byte("old\n"), "summary.json": []byte("{}\n")}
	newFiles := Files{"summary.json": []byte("{\"new\": true}\n"), "text.csv": []byte("a,b\n"), "sub/x.csv": []byte("x\n")}

	tests := []struct {
		name     string
		existing Files // nil: dir does not exist
		force    bool
		wantErr  error // nil: success
		want     Files // the content of dir afterwards, without the marker
	}{
		{name: "new dir", want: newFiles},
		{name: "new dir with force", force: true, want: newFiles},
		{name: "existing without force", existing: oldFiles, wantErr: ErrExists, want: oldFiles},
		// Replaced, not merged: old.txt (which the marker lists) is gone.
		{name: "existing with force", existing: oldFiles, force: true, want: newFiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), "results-out")
			dir := filepath.Join(parent, "run")
			if tt.existing != nil {
				if err := WriteDir(dir, tt.existing, false); err != nil {
					t.Fatalf("setting up: %v", err)
				}
			}
			err := WriteDir(dir, newFiles, tt.force)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("WriteDir: %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("WriteDir error = %v, want %v", err, tt.wantErr)
			}
			if got := readTree(t, dir); !golden.Equal(got, withMarker(tt.want)) {
				t.Errorf("content = %v, want %v and the marker", golden.SortedNames(got), golden.SortedNames(tt.want))
			}
			// No temporary (or .old) folder is left beside dir.
			if got := golden.ListDir(t, parent); !slices.Equal(got, []string{"run"}) {
				t.Errorf("parent holds %v, want only [run]", got)
			}
			if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm() != 0o755 {
				t.Errorf("dir mode = %v, want 0755", fi.Mode().Perm())
			}
		})
	}

	t.Run("a failed write leaves no folder", func(t *testing.T) {
		// "x" is written as a file, then "x/y" cannot be: the write fails
		// half-way.
		bad := Files{"x": []byte("file"), "x/y": []byte("under a file")}
		parent := filepath.Join(t.TempDir(), "out")
		dir := filepath.Join(parent, "run")
		err := WriteDir(dir, bad, false)
		var we *WriteError
		if !errors.As(err, &we) || we.Dir != dir || we.File != "x/y" || strings.Contains(err.Error(), ".tmp-") {
			t.Fatalf("WriteDir of x and x/y: error %v, want a WriteError naming x/y in %s (not the temporary folder)", err, dir)
		}
		if got := golden.ListDir(t, parent); len(got) != 0 {
			t.Errorf("parent holds %v after a failed write, want nothing", got)
		}
		// With force over an existing folder, the old content survives.
		if err := WriteDir(dir, oldFiles, false); err != nil {
			t.Fatal(err)
		}
		if err := WriteDir(dir, bad, true); err == nil {
			t.Fatal("WriteDir succeeded writing x and x/y")
		}
		if got := readTree(t, dir); !golden.Equal(got, withMarker(oldFiles)) {
			t.Errorf("content after a failed forced write = %v, want the old %v", golden.SortedNames(got), golden.SortedNames(oldFiles))
		}
		if got := golden.ListDir(t, parent); !slices.Equal(got, []string{"run"}) {
			t.Errorf("parent holds %v, want only [run]", got)
		}
	})
}

// TestWriteDirTrailingSlash: "out/", as a shell completes a folder's
// name, is the folder out, not one inside it.
func TestWriteDirTrailingSlash(t *testing.T) {
	parent := t.TempDir()
	files := Files{"summary.json": []byte("{}\n")}
	for _, force := range []bool{false, true} {
		if err := WriteDir(filepath.Join(parent, "out")+string(filepath.Separator), files, force); err != nil {
			t.Fatalf("WriteDir(out/, force %v): %v", force, err)
		}
	}
	if got := readTree(t, filepath.Join(parent, "out")); !golden.Equal(got, withMarker(files)) {
		t.Errorf("out holds %v", golden.SortedNames(got))
	}
	if got := golden.ListDir(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent holds %v, want only [out]", got)
	}
}

// TestWriteDirDeterministic: the marker lists the files in order, so that
// the same run writes byte-identical folders.
func TestWriteDirDeterministic(t *testing.T) {
	files := Files{"b.csv": []byte("b\n"), "a.json": []byte("{}\n"), "plots/z.png": []byte("z"), "plots/a.svg": []byte("a")}
	var markers [][]byte
	for range 3 {
		dir := filepath.Join(t.TempDir(), "out")
		if err := WriteDir(dir, files, false); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, MarkerName))
		if err != nil {
			t.Fatal(err)
		}
		markers = append(markers, b)
	}
	if string(markers[0]) != string(markers[1]) || string(markers[0]) != string(markers[2]) {
		t.Errorf("markers differ:\n%s\n%s", markers[0], markers[1])
	}
	if want := "a.json\nb.csv\nplots/a.svg\nplots/z.png\n"; !strings.HasSuffix(string(markers[0]), want) {
		t.Errorf("marker:\n%s\nwant it to list, in order:\n%s", markers[0], want)
	}
}

// TestWriteErrorNamesTheFolder: `--out /proc/x` failed with "mkdir
// /proc/.x.tmp-611155357: no such file or directory", which exited 2 (as a
// missing file) and named a folder the user never asked for. A write
// failure is a WriteError naming the folder asked for.
func TestWriteErrorNamesTheFolder(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	for _, dir := range []string{"/proc/x", "/proc/x/y"} {
		err := WriteDir(dir, Files{"summary.json": []byte("{}\n")}, false)
		var we *WriteError
		if !errors.As(err, &we) || we.Dir != dir {
			t.Fatalf("WriteDir(%s): error %v, want a WriteError for %s", dir, err, dir)
		}
		if msg := err.Error(); strings.Contains(msg, ".tmp-") || !strings.Contains(msg, dir) {
			t.Errorf("WriteDir(%s): message %q names the temporary folder, or not the one asked for", dir, msg)
		}
	}
}

// TestForceReplacesOnlyTreatysimFolders: --force deleted a folder that was
// never a results folder, with everything in it, replaced a plain file,
// and failed on a rename of ".". It replaces only a folder treatysim
// wrote, and refuses anything else with ErrExists and ErrNotOurs (exit 2),
// saying why, and leaves it as it was.
func TestForceReplacesOnlyTreatysimFolders(t *testing.T) {
	newFiles := Files{"summary.json": []byte("{\"new\": true}\n")}
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) // makes what is at dir
		replace bool                           // whether --force may replace it
		why     string                         // in the refusal
	}{
		{"precious folder deleted", func(t *testing.T, dir string) {
			writeTree(t, dir, Files{"thesis.tex": []byte("years of work"), "data/interviews.csv": []byte("a,b\n")})
		}, false, "thesis.tex"},
		{"plain file replaced", func(t *testing.T, dir string) {
			writeTree(t, filepath.Dir(dir), Files{filepath.Base(dir): []byte("notes")})
		}, false, "is a file"},
		{"summary.json beside a file of the user's", func(t *testing.T, dir string) {
			writeTree(t, dir, Files{"summary.json": []byte("{}"), "notes.txt": []byte("mine")})
		}, false, "notes.txt"},
		{"marked folder with a file added", func(t *testing.T, dir string) {
			if err := WriteDir(dir, Files{"summary.json": []byte("{}")}, false); err != nil {
				t.Fatal(err)
			}
			writeTree(t, dir, Files{"plots/mine.png": []byte("mine")})
		}, false, "plots/mine.png"},
		{"a .treatysim not ours", func(t *testing.T, dir string) {
			writeTree(t, dir, Files{MarkerName: []byte("summary.json\n"), "summary.json": []byte("{}")})
		}, false, MarkerName},
		{"symbolic link", func(t *testing.T, dir string) {
			target := filepath.Join(t.TempDir(), "target")
			if err := WriteDir(target, newFiles, false); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, dir); err != nil {
				t.Skip(err)
			}
		}, false, "symbolic link"},
		{"folder treatysim wrote", func(t *testing.T, dir string) {
			if err := WriteDir(dir, Files{"summary.json": []byte("{}"), "report.html": []byte("r"), "plots/a.png": []byte("a"), "runs.csv": []byte("r\n")}, false); err != nil {
				t.Fatal(err)
			}
			writeTree(t, dir, Files{"report.html.tmp": []byte("left by plot")})
		}, true, ""},
		{"folder written before markers", func(t *testing.T, dir string) {
			writeTree(t, dir, Files{"summary.json": []byte("{}"), "text.csv": []byte("t\n"), "plots/survival.svg": []byte("s"),
				"scenario.json": []byte("{}"), "report.html": []byte("r")})
		}, true, ""},
		{"sweep folder written before markers", func(t *testing.T, dir string) {
			writeTree(t, dir, Files{"points.csv": []byte("p\n"), "clauses.csv": []byte("c\n"), "summaries/point-0001.json": []byte("{}")})
		}, true, ""},
		{"old folder without summary.json", func(t *testing.T, dir string) {
			writeTree(t, dir, Files{"text.csv": []byte("t\n")})
		}, false, "no summary.json"},
		{"empty folder", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			tt.setup(t, dir)
			before := snapshot(t, dir)
			err := WriteDir(dir, newFiles, true)
			if tt.replace {
				if err != nil {
					t.Fatalf("WriteDir --force: %v", err)
				}
				if got := readTree(t, dir); !golden.Equal(got, withMarker(newFiles)) {
					t.Errorf("content = %v, want the new files", golden.SortedNames(got))
				}
				return
			}
			if !errors.Is(err, ErrExists) || !errors.Is(err, ErrNotOurs) || !strings.Contains(err.Error(), tt.why) ||
				!strings.Contains(err.Error(), "choose another --out") {
				t.Errorf("WriteDir --force: error %v; want ErrExists and ErrNotOurs saying %q and what to do", err, tt.why)
			}
			if after := snapshot(t, dir); !golden.Equal(after, before) {
				t.Errorf("the refused %s changed: %v, was %v", dir, golden.SortedNames(after), golden.SortedNames(before))
			}
			// Without --force, it is not offered as replaceable either.
			if err := WriteDir(dir, newFiles, false); err == nil || strings.Contains(err.Error(), "use --force") {
				t.Errorf("WriteDir without --force: error %v; want one that does not suggest --force", err)
			}
		})
	}

	t.Run("dot", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteDir(filepath.Join(dir, "run"), newFiles, false); err != nil {
			t.Fatal(err)
		}
		t.Chdir(filepath.Join(dir, "run"))
		for _, out := range []string{".", "", "..", "/"} {
			err := WriteDir(out, newFiles, true)
			if !errors.Is(err, ErrNotOurs) || !strings.Contains(err.Error(), "current folder") {
				t.Errorf("WriteDir(%q, --force): error %v, want a refusal naming the current folder", out, err)
			}
		}
		if got := golden.ListDir(t, dir); !slices.Equal(got, []string{"run"}) {
			t.Errorf("the parent holds %v, want only [run]", got)
		}
	})
}

// writeTree writes files under dir.
func writeTree(t *testing.T, dir string, files Files) {
	t.Helper()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot is what is at p: its files if a folder, its content if a file.
func snapshot(t *testing.T, p string) Files {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		target, _ := os.Readlink(p)
		return Files{"->": []byte(target)}
	}
	if !fi.IsDir() {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return Files{"": b}
	}
	return readTree(t, p)
}
