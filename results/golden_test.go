package results

import (
	"bytes"
	"errors"
	"flag"
	"github.com/treatysim/treatysim/results/internal/golden"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenDir holds the expected results folder of the toy run.
var goldenDir = filepath.Join("testdata", "golden", "toy")

// toyFiles runs the toy once, with its scenario seed as run 0 of that
// master seed (what `treatysim run` does), and renders the results folder.
func toyFiles(t *testing.T) Files {
	t.Helper()
	sc, err := scenarios.Load(filepath.Join("..", "sim", "testdata", "toy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return runFiles(t, sc, nil)
}

// runFiles plays sc once with its own seed, as treatysim run does, and
// renders its results folder; setup, if given, adjusts the record first.
func runFiles(t *testing.T, sc *scenarios.Scenario, setup func(*Record)) Files {
	t.Helper()
	rec := NewRecord(sc, sc.Seed)
	if setup != nil {
		setup(rec)
	}
	sim.New(sc).Run(sim.RunRNG(sc.Seed, 0), rec, sim.NewOutcome(sc))
	files, err := rec.Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGoldenToy compares the toy's results folder byte for byte with
// testdata/golden/toy. After an intended change, regenerate with
//
//	go test ./results/ -run TestGoldenToy -update
//
// and review the diff.
func TestGoldenToy(t *testing.T) {
	files := toyFiles(t)
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(goldenDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rewrote %d golden files in %s", len(files), goldenDir)
	}

	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatalf("%v (run with -update to create the golden files)", err)
	}
	var checkedIn []string
	for _, e := range entries {
		checkedIn = append(checkedIn, e.Name())
	}
	if got := golden.SortedNames(files); !slices.Equal(got, checkedIn) {
		t.Errorf("files = %v, golden files = %v", got, checkedIn)
	}
	for _, name := range golden.SortedNames(files) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name))
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got := files[name]; !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n%s",
					name, golden.FirstDiff(got, want))
			}
		})
	}
}

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

func TestWriteDir(t *testing.T) {
	oldFiles := Files{"old.txt": []byte("old\n"), "summary.json": []byte("{}\n")}
	newFiles := Files{"summary.json": []byte("{\"new\": true}\n"), "text.csv": []byte("a,b\n"), "sub/x.csv": []byte("x\n")}

	tests := []struct {
		name     string
		existing Files // nil: dir does not exist
		force    bool
		wantErr  error // nil: success
		want     Files // the content of dir afterwards
	}{
		{name: "new dir", want: newFiles},
		{name: "new dir with force", force: true, want: newFiles},
		{name: "existing without force", existing: oldFiles, wantErr: ErrExists, want: oldFiles},
		// Replaced, not merged: old.txt is gone.
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
			if got := readTree(t, dir); !golden.Equal(got, tt.want) {
				t.Errorf("content = %v, want %v", golden.SortedNames(got), golden.SortedNames(tt.want))
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
		if err := WriteDir(dir, bad, false); err == nil {
			t.Fatal("WriteDir succeeded writing x and x/y")
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
		if got := readTree(t, dir); !golden.Equal(got, oldFiles) {
			t.Errorf("content after a failed forced write = %v, want the old %v", golden.SortedNames(got), golden.SortedNames(oldFiles))
		}
		if got := golden.ListDir(t, parent); !slices.Equal(got, []string{"run"}) {
			t.Errorf("parent holds %v, want only [run]", got)
		}
	})
}
