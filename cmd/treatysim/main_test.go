package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExitCodes runs the command layer in-process and checks the exit
// status of each class of outcome.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("format = 1\n[scenario\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(dir, "existing")
	if err := os.Mkdir(existing, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, exitUsage},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"help", []string{"--help"}, exitOK},
		{"run help", []string{"run", "--help"}, exitOK},
		{"bad flag", []string{"run", "--seed", "x"}, exitUsage},
		{"syntax error", []string{"run", bad, "--out", filepath.Join(dir, "never")}, exitUsage},
		{"missing file", []string{"validate", filepath.Join(dir, "nope.toml")}, exitUsage},
		{"unknown shipped scenario", []string{"run", "nosuchscenario"}, exitUsage},
		{"existing folder", []string{"run", "toy", "--out", existing}, exitUsage},
		{"validate toy", []string{"validate", "../../sim/testdata/toy.toml"}, exitOK},
		{"run toy", []string{"run", "toy", "--out", filepath.Join(dir, "toy"), "--seed", "3"}, exitOK},
		{"run default", []string{"run", "--out", filepath.Join(dir, "default")}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispatch(tt.args); got != tt.want {
				t.Errorf("dispatch(%q) = %d, want %d", tt.args, got, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "never")); !os.IsNotExist(err) {
		t.Errorf("a failed run left a results folder: %v", err)
	}
	for _, f := range []string{"summary.json", "text.csv", "positions.csv", "votes.csv", "events.csv"} {
		if fi, err := os.Stat(filepath.Join(dir, "default", f)); err != nil || fi.Size() == 0 {
			t.Errorf("run default: %s missing or empty (%v)", f, err)
		}
	}
}
