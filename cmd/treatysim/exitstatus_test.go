package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// exitCase is one command line and the exit status README's rule gives
// it: 0 success, 1 a failure while running, 2 bad input or usage.
type exitCase struct {
	name   string
	args   []string
	want   int
	before func(t *testing.T) // optional: set the scene (t.Chdir, ...)
	after  func(t *testing.T) // optional: what must hold afterwards (nothing lost, nothing left)
}

// TestExitStatus runs every command line of the tables in-process and
// checks its exit status. Each group of cases is a function of the
// fixtures: add a group, or cases to one, rather than a test of its own.
func TestExitStatus(t *testing.T) {
	clearArrayJobEnv(t)
	fx := newExitFixtures(t)
	groups := [][]exitCase{
		fx.outputCases(),
		fx.inputFolderCases(),
		fx.shardCases(),
		// The command line's own (exitstatus_flags_test.go).
		flagCases(t),
		workersCases(t, fx.dir),
		replayCases(fx.dir),
		monteCarloOnlyCases(fx.dir),
		sweepLimitCases(t, fx.dir),
	}
	for _, tt := range slices.Concat(groups...) {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before(t)
			}
			if got := dispatch(tt.args); got != tt.want {
				t.Errorf("treatysim %q: exit status %d, want %d", tt.args, got, tt.want)
			}
			if tt.after != nil {
				tt.after(t)
			}
		})
	}
}

// exitFixtures are the files and folders the cases use, made once.
type exitFixtures struct {
	dir      string
	precious string // a folder of the user's: a thesis, data
	file     string // a plain file of the user's
	results  string // a folder treatysim run wrote
	shards   string // the two shards of a toy Monte Carlo
	sweep    string // a sweep file of two points
	deu      string // a DEU file for backtest
	snaps    map[string][]byte
	t        *testing.T // the test the fixtures belong to, for their errors
}

func newExitFixtures(t *testing.T) *exitFixtures {
	t.Helper()
	dir := t.TempDir()
	fx := &exitFixtures{dir: dir, precious: filepath.Join(dir, "precious"), file: filepath.Join(dir, "notes.txt"),
		results: filepath.Join(dir, "results"), shards: filepath.Join(dir, "shards"), sweep: filepath.Join(dir, "sweep.toml"),
		deu: "../../scenarios/importers/testdata/deu_small.tsv", t: t}
	if err := os.MkdirAll(filepath.Join(fx.precious, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(fx.precious, "thesis.tex"), "years of work")
	writeFile(t, filepath.Join(fx.precious, "data", "interviews.csv"), "who,said\n")
	writeFile(t, fx.file, "notes")
	writeFile(t, fx.sweep, "scenario = \"toy\"\nruns = 2\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5, 0.9]\n")
	mustRun(t, exitOK, "run", "toy", "--out", fx.results)
	mustRun(t, exitOK, "run", "toy", "--runs", "4", "--shard", "0/2", "--out", fx.shards)
	mustRun(t, exitOK, "run", "toy", "--runs", "4", "--shard", "1/2", "--out", fx.shards)
	fx.snaps = map[string][]byte{fx.precious: treeBytes(t, fx.precious), fx.file: treeBytes(t, fx.file)}
	return fx
}

// treeBytes renders what is at p (a file, or a folder and every file in
// it) for comparison.
func treeBytes(t *testing.T, p string) []byte {
	t.Helper()
	var b bytes.Buffer
	err := filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(q)
		b.WriteString(q + "\n")
		b.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// intact checks that the user's folder and file are as they were.
func (fx *exitFixtures) intact(t *testing.T) {
	t.Helper()
	for p, before := range fx.snaps {
		if _, err := os.Lstat(p); err != nil {
			t.Fatalf("%s is gone: %v", p, err)
		}
		if !bytes.Equal(treeBytes(t, p), before) {
			t.Errorf("%s changed", p)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(fx.dir, ".*.tmp-*")); len(m) > 0 {
		t.Errorf("staging folders left: %v", m)
	}
}

// outputCases: every command that writes a results folder refuses to
// replace, even with --force, a folder or a file treatysim did not write
// (2, and it is left as it was), and a folder it cannot write is a
// failure while running (1).
func (fx *exitFixtures) outputCases() []exitCase {
	writers := []struct {
		name string
		args []string // without --out
	}{
		{"run", []string{"run", "toy"}},
		{"run --runs", []string{"run", "toy", "--runs", "4", "--workers", "2"}},
		{"merge", []string{"merge", fx.shards}},
		{"compare", []string{"compare", "toy", "toy", "--runs", "4", "--workers", "2"}},
		{"sensitivity", []string{"sensitivity", "toy", "--runs", "2", "--workers", "2"}},
		{"sweep", []string{"sweep", fx.sweep, "--workers", "2"}},
		{"backtest", []string{"backtest", fx.deu, "--runs", "2"}},
	}
	if _, err := os.Stat(filepath.Join(unvotesData, "votes.csv")); err == nil {
		writers = append(writers, struct {
			name string
			args []string
		}{"import unvotes", []string{"import", "unvotes", unvotesData, "--window", "73"}})
	}
	var cases []exitCase
	for _, w := range writers {
		with := func(args ...string) []string { return append(slices.Clone(w.args), args...) }
		cases = append(cases,
			exitCase{name: w.name + " --force on a folder not treatysim's", args: with("--out", fx.precious, "--force"), want: exitUsage, after: fx.intact},
			exitCase{name: w.name + " --force on a file", args: with("--out", fx.file, "--force"), want: exitUsage, after: fx.intact},
			exitCase{name: w.name + " on a folder not treatysim's", args: with("--out", fx.precious), want: exitUsage, after: fx.intact})
		if runtime.GOOS == "linux" {
			cases = append(cases, exitCase{name: w.name + " --out unwritable", args: with("--out", "/proc/x"), want: exitFailure})
		}
	}
	cases = append(cases,
		exitCase{name: "run --force on its own folder", args: []string{"run", "toy", "--out", fx.results, "--force"}, want: exitOK},
		exitCase{name: "run --out . --force in a results folder", args: []string{"run", "toy", "--out", ".", "--force"}, want: exitUsage,
			before: func(t *testing.T) { t.Chdir(fx.results) },
			after: func(t *testing.T) {
				if _, err := os.Stat(filepath.Join(fx.results, "summary.json")); err != nil {
					t.Errorf("the results folder lost its summary.json: %v", err)
				}
			}},
		exitCase{name: "run --out under a file", args: []string{"run", "toy", "--out", filepath.Join(fx.file, "x")}, want: exitFailure, after: fx.intact},
		exitCase{name: "sensitivity --shard --out under a file", args: []string{"sensitivity", "toy", "--runs", "2", "--shard", "0/2", "--out", filepath.Join(fx.file, "x")}, want: exitFailure, after: fx.intact},
	)
	return cases
}

// inputFolderCases: a folder where a scenario belongs, and a file or a
// missing folder where a results folder belongs, are bad input.
func (fx *exitFixtures) inputFolderCases() []exitCase {
	missing := filepath.Join(fx.dir, "missing")
	return []exitCase{
		{name: "run DIRECTORY", args: []string{"run", fx.precious, "--out", filepath.Join(fx.dir, "never")}, want: exitUsage},
		{name: "run DIRECTORY without a slash", args: []string{"run", "precious", "--out", filepath.Join(fx.dir, "never")}, want: exitUsage,
			before: func(t *testing.T) { t.Chdir(fx.dir) }},
		{name: "validate DIRECTORY", args: []string{"validate", fx.precious}, want: exitUsage},
		{name: "sensitivity DIRECTORY", args: []string{"sensitivity", fx.precious, "--out", filepath.Join(fx.dir, "never")}, want: exitUsage},
		{name: "explain a plain file", args: []string{"explain", fx.file}, want: exitUsage},
		{name: "explain a missing folder", args: []string{"explain", missing}, want: exitUsage},
		{name: "plot a plain file", args: []string{"plot", fx.file}, want: exitUsage, after: fx.intact},
		{name: "plot a missing folder", args: []string{"plot", missing}, want: exitUsage},
		{name: "plot a folder not treatysim's", args: []string{"plot", fx.precious}, want: exitUsage, after: fx.intact},
	}
}

// shardCases: shards that cannot make a summary are bad input, reported
// before anything is written.
func (fx *exitFixtures) shardCases() []exitCase {
	bad := func(name string, edit func(m map[string]any)) string {
		return fx.editedShard(name, edit)
	}
	agg := func(m map[string]any) map[string]any { return m["aggregate"].(map[string]any) }
	never := filepath.Join(fx.dir, "never")
	nothingWritten := func(t *testing.T) {
		if _, err := os.Stat(never); err == nil {
			t.Errorf("%s written from bad shards", never)
		}
	}
	return []exitCase{
		{name: "merge a shard whose adopted count exceeds its runs", want: exitUsage, after: nothingWritten,
			args: []string{"merge", bad("adopted", func(m map[string]any) { agg(m)["adopted"] = 1000 }), "--out", never}},
		{name: "merge a shard of count 0", want: exitUsage, after: nothingWritten,
			args: []string{"merge", bad("count0", func(m map[string]any) { m["count"] = 0 }), "--out", never}},
		{name: "merge a shard with a negative count", want: exitUsage, after: nothingWritten,
			args: []string{"merge", bad("negative", func(m map[string]any) { agg(m)["runs"] = -1 }), "--out", never}},
		{name: "merge a missing folder", args: []string{"merge", filepath.Join(fx.dir, "missing"), "--out", never}, want: exitUsage},
		{name: "merge a folder without shards", args: []string{"merge", fx.precious, "--out", never}, want: exitUsage, after: fx.intact},
		{name: "merge a plain file", args: []string{"merge", fx.file, "--out", never}, want: exitUsage, after: fx.intact},
		{name: "run --shard --out unwritable", args: []string{"run", "toy", "--runs", "4", "--shard", "0/2", "--out", "/proc/x"}, want: exitFailure},
	}
}

// editedShard copies shard 0 of the fixtures into a folder of its own,
// edited, beside shard 1, and returns the folder.
func (fx *exitFixtures) editedShard(name string, edit func(m map[string]any)) string {
	t := fx.t
	t.Helper()
	dir := filepath.Join(fx.dir, "bad-"+name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"shard-0000-of-0002.json", "shard-0001-of-0002.json"} {
		b, err := os.ReadFile(filepath.Join(fx.shards, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "shard-0000-of-0002.json" {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			edit(m)
			if b, err = json.Marshal(m); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
