package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var (
	sensToy   = filepath.Join("..", "..", "sim", "testdata", "toy.toml")
	sensVotes = filepath.Join("..", "..", "sim", "testdata", "toy-votes.toml")
	// sensNull is toy-votes with behavioural noise and an absent state:
	// runs differ, and some outputs move.
	sensNull = filepath.Join("..", "..", "results", "sensitivity", "testdata", "toy-null.toml")
)

// writeParams writes a params file into a temporary folder.
func writeParams(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "p.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSensitivityUsage(t *testing.T) {
	clearArrayJobEnv(t)
	noFactor := writeParams(t, "[[factor]]\nname = \"a\"\nkind = [\"ideals\"]\n[model]\nchair = [0, 1]\n")
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"unknown method", []string{"sensitivity", sensVotes, "--method", "fast"}},
		{"too few runs", []string{"sensitivity", sensVotes, "--runs", "1"}},
		{"no scenario", []string{"sensitivity"}},
		{"bad params", []string{"sensitivity", sensVotes, "--params", noFactor}},
		{"missing params", []string{"sensitivity", sensVotes, "--params", filepath.Join(t.TempDir(), "none.toml")}},
		{"bad shard", []string{"sensitivity", sensVotes, "--shard", "2/2"}},
		{"more shards than points", []string{"sensitivity", sensVotes, "--runs", "2", "--shard", "0/1000"}},
	} {
		if got := dispatch(append(tt.args, "--out", filepath.Join(t.TempDir(), "out"))); got != exitUsage {
			t.Errorf("%s: exit %d, want %d", tt.name, got, exitUsage)
		}
	}
}

func TestSensitivityFolder(t *testing.T) {
	clearArrayJobEnv(t)
	out := filepath.Join(t.TempDir(), "sens")
	for _, method := range []string{"morris", "sobol"} {
		mustRun(t, exitOK, "sensitivity", sensVotes, "--method", method, "--runs", "4", "--workers", "2", "--out", out, "--force")
		b, err := os.ReadFile(filepath.Join(out, "indices.csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range []string{"adopted,alignment:north," + method + ",", "adopted,model:chair_step," + method + ","} {
			if !strings.Contains(string(b), row) {
				t.Errorf("%s: indices.csv lacks a row %s...", method, row)
			}
		}
		for _, f := range []string{"factors.csv", "sensitivity.json"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Error(err)
			}
		}
	}
	// The toy has nothing uncertain, but model parameters to vary.
	mustRun(t, exitOK, "sensitivity", sensToy, "--runs", "2", "--out", out, "--force")
}

// TestSensitivityParams: --params chooses the factors, and the plots are
// those of the outputs they moved.
func TestSensitivityParams(t *testing.T) {
	clearArrayJobEnv(t)
	p := writeParams(t, "[[factor]]\nname = \"south x_offence\"\nkind = [\"ideal\"]\ngroups = [\"south\"]\nclauses = [\"x_offence\"]\n[model]\nchair_step = [0.25, 0.75]\n")
	out := filepath.Join(t.TempDir(), "sens")
	mustRun(t, exitOK, "sensitivity", sensNull, "--params", p, "--method", "sobol", "--runs", "8", "--out", out)
	rows := readCSV(t, filepath.Join(out, "factors.csv"))
	want := [][]string{{"factor", "parameters", "low", "high"}, {"south x_offence", "EEE.ideal:x_offence", "", ""},
		{"model:chair_step", "model.chair_step", "0.25", "0.75"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("factors.csv %v, want %v", rows, want)
	}
	if _, err := os.Stat(filepath.Join(out, "plots", "sensitivity-decided_session.png")); err != nil {
		t.Errorf("no plot of the deciding session: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "plots", "sensitivity-adopted.png")); err == nil {
		t.Error("a plot of adoption, which no factor moved")
	}
	meta := readJSONFile(t, filepath.Join(out, "sensitivity.json"))
	if un, _ := meta["unmoved"].([]any); !slices.Contains(un, any("adopted")) {
		t.Errorf("sensitivity.json: unmoved %v, want adopted among them", meta["unmoved"])
	}
}

// TestSensitivityShards: shards (by flag and by the array-job variables)
// merge into the folder one process writes, byte for byte; mismatched
// shards do not merge.
func TestSensitivityShards(t *testing.T) {
	clearArrayJobEnv(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	args := []string{"sensitivity", sensNull, "--method", "sobol", "--runs", "8", "--workers", "2"}
	mustRun(t, exitOK, append(args, "--out", out("whole"))...)
	mustRun(t, exitOK, append(args, "--shard", "0/3", "--out", out("S"))...)
	mustRun(t, exitOK, append(args, "--shard", "2/3", "--out", out("S"))...)
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	t.Setenv("TREATYSIM_SHARDS", "3")
	mustRun(t, exitOK, append(args, "--out", out("S"))...)
	clearArrayJobEnv(t)
	mustRun(t, exitOK, "merge", out("S"), "--out", out("merged"))

	want := readTree(t, out("whole"))
	got := readTree(t, out("merged"))
	if len(want) < 5 {
		t.Fatalf("the whole folder has only %v", slices.Sorted(maps.Keys(want)))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs between one process and the merged shards", name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("merged folder has %d files, the whole %d", len(got), len(want))
	}

	// Mismatches: a missing shard, a shard of another seed, shards of a
	// run beside those of an analysis.
	mustRun(t, exitOK, append(args, "--shard", "0/2", "--out", out("T"))...)
	mustRun(t, exitUsage, "merge", out("T"), "--out", out("bad1"))
	mustRun(t, exitOK, append(args, "--shard", "1/2", "--seed", "99", "--out", out("T"))...)
	mustRun(t, exitUsage, "merge", out("T"), "--out", out("bad2"))
	mustRun(t, exitOK, "run", "toy", "--runs", "4", "--shard", "0/1", "--out", out("S"))
	mustRun(t, exitUsage, "merge", out("S"), "--out", out("bad3"))
}

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// readJSONFile reads a JSON object.
func readJSONFile(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}
