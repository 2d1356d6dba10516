package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCompareExit checks the exit statuses of compare: bad input is 2 and
// writes nothing; a good comparison writes the whole folder.
func TestCompareExit(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing")
	if err := os.Mkdir(existing, 0o755); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good")
	tests := []struct {
		name  string
		args  []string
		want  int
		files []string // files the folder must hold
	}{
		{"unknown scenario", []string{"compare", "toy", "no-such-scenario", "--out", filepath.Join(dir, "a")}, exitUsage, nil},
		{"missing file", []string{"compare", filepath.Join(dir, "none.toml"), "toy", "--out", filepath.Join(dir, "b")}, exitUsage, nil},
		{"one scenario", []string{"compare", "toy", "--out", filepath.Join(dir, "c")}, exitUsage, nil},
		{"too few runs", []string{"compare", "toy", "toy", "--runs", "1", "--out", filepath.Join(dir, "d")}, exitUsage, nil},
		{"no workers", []string{"compare", "toy", "toy", "--workers", "0", "--out", filepath.Join(dir, "e")}, exitUsage, nil},
		{"bad flag", []string{"compare", "toy", "toy", "--runs", "many"}, exitUsage, nil},
		{"out exists", []string{"compare", "toy", "toy", "--runs", "20", "--out", existing}, exitUsage, nil},
		{"out exists, forced", []string{"compare", "toy", "toy", "--runs", "20", "--out", existing, "--force"}, exitOK,
			[]string{"compare.csv", "compare.json", "plots/compare.png", "plots/compare.svg"}},
		{"good", []string{"compare", "toy", "toy", "--runs", "50", "--seed", "3", "--out", good}, exitOK,
			[]string{"compare.csv", "compare.json", "plots/compare.png", "plots/compare.svg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispatch(tt.args); got != tt.want {
				t.Fatalf("dispatch(%q) = %d, want %d", tt.args, got, tt.want)
			}
			out := tt.args[len(tt.args)-1]
			if tt.want != exitOK {
				if out != existing {
					if _, err := os.Stat(out); err == nil {
						t.Errorf("%s written on bad input", out)
					}
				}
				return
			}
			if out == "--force" {
				out = existing
			}
			for _, f := range tt.files {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("missing %s: %v", f, err)
				}
			}
		})
	}
}
