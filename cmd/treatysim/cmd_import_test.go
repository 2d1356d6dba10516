package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestImportBacktest runs import and backtest in-process on the
// importers' fixtures and checks the exit statuses and what is written.
func TestImportBacktest(t *testing.T) {
	dir := t.TempDir()
	deu := "../../scenarios/importers/testdata/deu_small.tsv"
	decide := "../../scenarios/importers/testdata/decide_small.csv"
	out := filepath.Join(dir, "deu.toml")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"import help", []string{"import", "--help"}, exitOK},
		{"backtest help", []string{"backtest", "--help"}, exitOK},
		{"import deu", []string{"import", "deu", deu, "--out", out}, exitOK},
		{"validate it", []string{"validate", out}, exitOK},
		{"import again", []string{"import", "deu", deu, "--out", out}, exitUsage},
		{"import again, forced", []string{"import", "deu", deu, "--out", out, "--force", "--capability", "equal"}, exitOK},
		{"import decide", []string{"import", "decide", decide, "--out", filepath.Join(dir, "decide.toml")}, exitOK},
		{"import one proposal", []string{"import", "deu", deu, "--select", "d00001", "--out", filepath.Join(dir, "one.toml")}, exitOK},
		{"run it", []string{"run", filepath.Join(dir, "one.toml"), "--out", filepath.Join(dir, "run")}, exitOK},
		{"bad deu", []string{"import", "deu", "../../scenarios/importers/testdata/deu_bad.tsv", "--out", filepath.Join(dir, "bad.toml")}, exitUsage},
		{"bad decide", []string{"import", "decide", "../../scenarios/importers/testdata/decide_bad.csv", "--out", filepath.Join(dir, "bad.toml")}, exitUsage},
		{"wrong format", []string{"import", "deu", decide, "--out", filepath.Join(dir, "bad.toml")}, exitUsage},
		{"unknown format", []string{"import", "csv", deu}, exitUsage},
		// --out naming a folder, even with --force, is refused: the
		// rename failed ("file exists", exit 1) before.
		{"out is a folder, forced", []string{"import", "deu", deu, "--out", dir, "--force"}, exitUsage},
		// A failure to write is exit 1, not 2 as for a missing file.
		{"out cannot be written", []string{"import", "deu", deu, "--out", "/proc/x.toml"}, exitFailure},
		{"missing file", []string{"import", "deu", filepath.Join(dir, "nope.tsv")}, exitUsage},
		{"power of a deu file", []string{"import", "deu", deu, "--capability", "power", "--out", filepath.Join(dir, "bad.toml")}, exitUsage},
		{"unknown issue", []string{"import", "deu", deu, "--select", "nosuch", "--out", filepath.Join(dir, "bad.toml")}, exitUsage},
		{"backtest", []string{"backtest", deu, "--runs", "2", "--split", "all", "--out", filepath.Join(dir, "bt")}, exitOK},
		{"backtest, packages", []string{"backtest", deu, "--runs", "2", "--packages", "--out", filepath.Join(dir, "bt-packages")}, exitOK},
		{"backtest, no outcomes", []string{"backtest", decide, "--out", filepath.Join(dir, "bt-decide")}, exitUsage},
		{"backtest, bad split", []string{"backtest", deu, "--split", "dev"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispatch(tt.args); got != tt.want {
				t.Errorf("dispatch(%q) = %d, want %d", tt.args, got, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.toml")); !os.IsNotExist(err) {
		t.Errorf("a failed import left a file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bt-decide")); !os.IsNotExist(err) {
		t.Errorf("a failed backtest left a folder: %v", err)
	}
	for _, f := range []string{"backtest.csv", "summary.csv", "engine.csv", "parameters.csv", "predicted-vs-recorded.png"} {
		if fi, err := os.Stat(filepath.Join(dir, "bt", f)); err != nil || fi.Size() == 0 {
			t.Errorf("backtest: %s missing or empty (%v)", f, err)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
