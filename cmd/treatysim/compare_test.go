package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
			[]string{"compare.csv", "compare.json", "compare.html", "plots/compare.png", "plots/compare.svg"}},
		{"good", []string{"compare", "toy", "toy", "--runs", "50", "--seed", "3", "--out", good}, exitOK,
			[]string{"compare.csv", "compare.json", "compare.html", "plots/compare.png", "plots/compare.svg"}},
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

// TestCompareFolders: Monte Carlo folders written by run are compared by
// replaying their runs, with the same result as the scenarios they ran;
// folders that do not pair are refused with exit status 2.
func TestCompareFolders(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	for _, run := range [][]string{
		{"run", "toy", "--runs", "40", "--seed", "7", "--out", path("seed7")},
		{"run", "toy", "--runs", "40", "--seed", "9", "--out", path("seed9")},
		{"run", "toy", "--runs", "30", "--seed", "7", "--out", path("runs30")},
		{"run", "toy", "--seed", "7", "--out", path("single")},
	} {
		if got := dispatch(run); got != exitOK {
			t.Fatalf("%q: exit %d", run, got)
		}
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"folder and scenario", []string{path("seed7"), "toy", "--out", path("c-folder")}, exitOK},
		{"scenarios", []string{"toy", "toy", "--runs", "40", "--seed", "7", "--out", path("c-scenarios")}, exitOK},
		{"different seeds", []string{path("seed7"), path("seed9"), "--out", path("c1")}, exitUsage},
		{"different run counts", []string{path("seed7"), path("runs30"), "--out", path("c2")}, exitUsage},
		{"--seed against the folder", []string{path("seed7"), "toy", "--seed", "8", "--out", path("c3")}, exitUsage},
		{"--runs against the folder", []string{"toy", path("seed7"), "--runs", "41", "--out", path("c4")}, exitUsage},
		{"a single run", []string{path("single"), "toy", "--out", path("c5")}, exitUsage},
		{"not a results folder", []string{dir, "toy", "--out", path("c6")}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispatch(append([]string{"compare"}, tt.args...)); got != tt.want {
				t.Fatalf("compare %q = %d, want %d", tt.args, got, tt.want)
			}
			if _, err := os.Stat(tt.args[len(tt.args)-1]); (err == nil) != (tt.want == exitOK) {
				t.Errorf("folder written: %v; want %v", err == nil, tt.want == exitOK)
			}
		})
	}
	a, err := os.ReadFile(path("c-folder/compare.csv"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path("c-scenarios/compare.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("compare.csv of a folder differs from that of the scenario it ran, with its seed and runs")
	}
}

// TestCompareAttribution: comparing a what-if with the scenario it
// extends attributes its significant differences to its changes
// (attribution.csv, and the attribution in compare.json); a what-if of
// another base, or --attribute=false, gets none, and says why.
func TestCompareAttribution(t *testing.T) {
	dir := t.TempDir()
	whatIf := filepath.Join(dir, "w.toml")
	if err := os.WriteFile(whatIf, []byte(`extends = "toy"
[scenario]
id = "w"
[states.AAA.positions]
x_offence = { ideal = 1.0, salience = 0.3, red_line = 0.5 }
[rules]
decision = "consensus"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	// redLine makes one change to the toy.
	redLine := filepath.Join(dir, "red.toml")
	if err := os.WriteFile(redLine, []byte(`extends = "toy"
[scenario]
id = "red"
[states.AAA.positions]
x_offence = { ideal = 1.0, salience = 0.3, red_line = 0.5 }
`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		csv  bool   // attribution.csv written
		note string // in compare.json's attribution, if not made
	}{
		{"extends A", []string{"toy", whatIf}, true, ""},
		{"switched off", []string{"toy", whatIf, "--attribute=false"}, false, ""},
		{"one change", []string{"toy", redLine}, false, "not needed"},
		{"another base", []string{redLine, whatIf}, false, "does not extend"},
		{"no difference", []string{"toy", "toy"}, false, "no significant difference"},
	}
	for k, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprint("c", k))
			if got := dispatch(append([]string{"compare", "--runs", "30", "--out", out}, tt.args...)); got != exitOK {
				t.Fatalf("exit %d", got)
			}
			_, err := os.Stat(filepath.Join(out, "attribution.csv"))
			if (err == nil) != tt.csv {
				t.Errorf("attribution.csv written: %v; want %v", err == nil, tt.csv)
			}
			b, err := os.ReadFile(filepath.Join(out, "compare.json"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.note != "" && !strings.Contains(string(b), tt.note) {
				t.Errorf("compare.json says no %q:\n%s", tt.note, b)
			}
			if tt.csv && !strings.Contains(string(b), `"interacting": `) {
				t.Errorf("compare.json: want adoption's difference found to be an interaction:\n%s", b)
			}
		})
	}
}
