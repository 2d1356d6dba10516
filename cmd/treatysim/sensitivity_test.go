package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSensitivityUsage(t *testing.T) {
	toy := filepath.Join("..", "..", "sim", "testdata", "toy.toml")
	votes := filepath.Join("..", "..", "sim", "testdata", "toy-votes.toml")
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"unknown method", []string{"sensitivity", votes, "--method", "fast"}},
		{"too few runs", []string{"sensitivity", votes, "--runs", "1"}},
		{"no scenario", []string{"sensitivity"}},
		{"nothing uncertain", []string{"sensitivity", toy}}, // toy.toml has only fixed numbers
	} {
		if got := dispatch(append(tt.args, "--out", filepath.Join(t.TempDir(), "out"))); got != exitUsage {
			t.Errorf("%s: exit %d, want %d", tt.name, got, exitUsage)
		}
	}
}

func TestSensitivityFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sens")
	votes := filepath.Join("..", "..", "sim", "testdata", "toy-votes.toml")
	for _, method := range []string{"morris", "sobol"} {
		if got := dispatch([]string{"sensitivity", votes, "--method", method, "--runs", "4", "--workers", "2", "--out", out, "--force"}); got != exitOK {
			t.Fatalf("%s: exit %d", method, got)
		}
		b, err := os.ReadFile(filepath.Join(out, "indices.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "adopted,alignment:north,"+method+",") {
			t.Errorf("%s: indices.csv lacks the adoption row of alignment:north:\n%s", method, b)
		}
		for _, f := range []string{"factors.csv", "sensitivity.json"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Error(err)
			}
		}
	}
}
