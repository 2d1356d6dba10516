package compare

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// writeFolder writes what `treatysim run --runs n` keeps of a Monte Carlo:
// summary.json and scenario.json.
func writeFolder(t *testing.T, sc *scenarios.Scenario, seed, n uint64) string {
	t.Helper()
	agg := results.NewAggregate(sc)
	mc := sim.MonteCarlo{Seed: seed, First: 0, Last: n}
	if _, err := mc.Run(context.Background(), sc, []sim.Sink{agg}); err != nil {
		t.Fatal(err)
	}
	sum, err := results.Summarize(sc, seed, agg).JSON()
	if err != nil {
		t.Fatal(err)
	}
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := results.WriteDir(filepath.Join(dir, "mc"), results.Files{"summary.json": sum, "scenario.json": scj}, false); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "mc")
}

// TestFolderReplay: a folder's scenario.json, seed and runs replay its
// runs exactly (the same per-run outcomes as the scenario it was written
// from), and Check accepts the replay. Before unset parameters were
// written as null, scenario.json turned an unset concession into 0 and
// the replay of every shipped scenario differed.
func TestFolderReplay(t *testing.T) {
	for _, name := range []string{"toy", "ahc", "us-walks-out"} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.LoadShipped(name)
			if err != nil {
				t.Fatal(err)
			}
			const seed, n = 5, 20
			dir := writeFolder(t, sc, seed, n)
			f, err := ReadFolder(dir)
			if err != nil {
				t.Fatal(err)
			}
			if f.Seed != seed || f.Runs != n {
				t.Fatalf("folder: seed %d, runs %d; want %d, %d", f.Seed, f.Runs, seed, n)
			}
			replay := collect(t, f.Scenario, f.Seed, f.Runs)
			if err := f.Check(replay); err != nil {
				t.Fatalf("Check: %v", err)
			}
			if want := collect(t, sc, seed, n); !reflect.DeepEqual(replay.Runs, want.Runs) {
				t.Error("the runs replayed from scenario.json differ from those of the scenario")
			}
		})
	}
}

// TestFolderRejects: what cannot be replayed is refused with ErrNotResults
// (or ErrStale for a replay that does not match), never compared.
func TestFolderRejects(t *testing.T) {
	sc := toy(t, noisy)
	edit := func(t *testing.T, dir, file string, f func(map[string]any)) {
		t.Helper()
		p := filepath.Join(dir, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		if b, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   error
	}{
		{"no summary", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "summary.json")) }, results.ErrNotResults},
		{"merged, no scenario.json", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "scenario.json")) }, results.ErrNotResults},
		{"single run", func(t *testing.T, dir string) {
			edit(t, dir, "summary.json", func(m map[string]any) { m["replay"] = 3 })
		}, results.ErrNotResults},
		{"interrupted", func(t *testing.T, dir string) {
			edit(t, dir, "summary.json", func(m map[string]any) { m["partial"], m["runs_requested"] = true, 100 })
		}, results.ErrNotResults},
		{"another scenario", func(t *testing.T, dir string) {
			edit(t, dir, "scenario.json", func(m map[string]any) { m["ID"] = "other" })
		}, results.ErrNotResults},
		{"another model", func(t *testing.T, dir string) {
			edit(t, dir, "summary.json", func(m map[string]any) { m["adopted_probability"] = 0.123 })
		}, ErrStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFolder(t, sc, 3, 40)
			tt.change(t, dir)
			f, err := ReadFolder(dir)
			if err == nil {
				err = f.Check(collect(t, f.Scenario, f.Seed, f.Runs))
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v; want %v", err, tt.want)
			}
			t.Log(err)
		})
	}
}
