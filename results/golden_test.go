package results

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/treatysim/treatysim/results/internal/golden"

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
