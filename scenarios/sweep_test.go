package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// sweepFile writes a sweep file of the given axes over the shipped toy.
func sweepFile(t *testing.T, dir, head string, axes ...string) string {
	t.Helper()
	text := head + "\nruns = 10\n"
	for _, a := range axes {
		text += "[[axes]]\n" + a + "\n"
	}
	return writeFile(t, dir, "sweep.toml", text)
}

func TestSweepLoads(t *testing.T) {
	sw, err := scenarios.LoadSweep(sweepFile(t, t.TempDir(), `scenario = "toy"`,
		"key = \"rules.vote_threshold\"\nvalues = [0.5, 0.75]",
		"key = \"states.CCC.positions.wording.salience\"\nvalues = [0.1, 0.2, 0.3]",
		"key = \"sessions.first.rounds\"\nvalues = [2]"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sw.Points()); n != 6 {
		t.Errorf("%d points, want 6", n)
	}
}

// TestSweepDuplicateKeyRefused: the same key twice was accepted, the
// second value winning silently under two CSV columns of one name (issue
// 14, item 10); so is a key inside another axis's key.
func TestSweepDuplicateKeyRefused(t *testing.T) {
	dir := t.TempDir()
	_, err := scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`,
		"key = \"rules.vote_threshold\"\nvalues = [0.5]",
		"key = \"states.AAA.capability\"\nvalues = [1, 2]",
		"key = \"rules.vote_threshold\"\nvalues = [0.75]"))
	mustInvalid(t, err, "sweep.toml: axes[3].key: rules.vote_threshold is swept already by axes[1]")

	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`,
		"key = \"states.AAA.positions.wording\"\nvalues = [{ideal = 0.5, salience = 0.5}]",
		"key = \"states.AAA.positions.wording.ideal\"\nvalues = [0.1]"))
	mustInvalid(t, err, "axes[2].key: states.AAA.positions.wording.ideal lies inside the key of axes[1] (states.AAA.positions.wording)")

	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`,
		"key = \"states.AAA.positions.wording.ideal\"\nvalues = [0.1]",
		"key = \"states.AAA.positions\"\nvalues = [{}]"))
	mustInvalid(t, err, "axes[2].key: states.AAA.positions holds the key of axes[1] (states.AAA.positions.wording.ideal)")

	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`, "key = \"states.AAA.capability\"\nvalues = [1, 2, 1.0]"))
	mustInvalid(t, err, "axes[1].values[3]: 1 is given already as values[1]")
}

// TestSweepUnknownStateNamed: states.ZZZ.capability was reported as
// "states.ZZZ.name: required key is missing" (issue 14, item 10); it is an
// unknown state, with where the ids are.
func TestSweepUnknownStateNamed(t *testing.T) {
	dir := t.TempDir()
	_, err := scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`, "key = \"states.ZZZ.capability\"\nvalues = [1, 2]"))
	msg := mustInvalid(t, err, "sweep.toml: axes[1].key: unknown state \"ZZZ\"", "[states.ID]", "AAA, BBB, CCC, DDD, EEE")
	if strings.Contains(msg, "required key") {
		t.Errorf("the message reports the missing keys of a state made up:\n%s", msg)
	}
	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`, "key = \"clauses.nonesuch.opening\"\nvalues = [\"a\"]"))
	mustInvalid(t, err, "axes[1].key: unknown clause \"nonesuch\"", "safeguards, wording, x_offence")
	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`, "key = \"sessions.third.rounds\"\nvalues = [2]"))
	mustInvalid(t, err, "axes[1].key: no entry with id \"third\" in sessions; the ids there: first, second")
	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`, "key = \"rules..decision\"\nvalues = [\"majority\"]"))
	mustInvalid(t, err, "axes[1].key", "a part is empty")
}

// TestSweepGridTooLarge: the grid is bounded before any point is built.
func TestSweepGridTooLarge(t *testing.T) {
	ten := "values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]"
	_, err := scenarios.LoadSweep(sweepFile(t, t.TempDir(), `scenario = "toy"`,
		"key = \"states.AAA.positions.wording.ideal\"\n"+ten, "key = \"states.BBB.positions.wording.ideal\"\n"+ten,
		"key = \"states.CCC.positions.wording.ideal\"\n"+ten, "key = \"states.DDD.positions.wording.ideal\"\n"+ten,
		"key = \"states.EEE.positions.wording.ideal\"\n"+ten))
	mustInvalid(t, err, "sweep.toml: axes: the grid has 100000 points, more than the 10000 allowed", "docs/limits.md", "--max-points")
	sw, err := scenarios.LoadSweepMax(sweepFile(t, t.TempDir(), `scenario = "toy"`, "key = \"rules.vote_threshold\"\nvalues = [0.5, 0.6, 0.7]"), 2)
	if sw != nil || err == nil {
		t.Error("LoadSweepMax accepted 3 points for 2")
	}
}

// TestSweepEmptyAxesRefused: axes = [] and values = [] are refused as a
// missing key is, with the same message.
func TestSweepEmptyAxesRefused(t *testing.T) {
	dir := t.TempDir()
	_, err := scenarios.LoadSweep(writeFile(t, dir, "a.toml", "scenario = \"toy\"\naxes = []\n"))
	mustInvalid(t, err, "axes: required key is missing or empty: give at least one [[axes]] table")
	_, err = scenarios.LoadSweep(writeFile(t, dir, "b.toml", "scenario = \"toy\"\n"))
	mustInvalid(t, err, "axes: required key is missing or empty: give at least one [[axes]] table")
	_, err = scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy"`, "key = \"rules.decision\"\nvalues = []"))
	mustInvalid(t, err, "axes[1].values: required key is missing or empty: give at least one value")
}

// TestSweepScenarioOutsideFolderRefused: the scenario a sweep names obeys
// the rule of extends: a shipped name, or a .toml file in the sweep's
// folder or below it, by a relative path.
func TestSweepScenarioOutsideFolderRefused(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sweeps")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "toy.toml", toyText(t))
	axis := "key = \"rules.vote_threshold\"\nvalues = [0.5]"
	for _, s := range []string{"../toy.toml", "/etc/passwd", filepath.Join(dir, "toy.toml"), "../../../../etc/shadow"} {
		_, err := scenarios.LoadSweep(sweepFile(t, sub, "scenario = \""+s+"\"", axis))
		mustInvalid(t, err, "sweep.toml: scenario:", "allowed: the name of a shipped scenario", "in the folder of the sweep file")
	}
	if _, err := scenarios.LoadSweep(sweepFile(t, dir, `scenario = "toy.toml"`, axis)); err != nil {
		t.Errorf("a scenario beside the sweep: %v", err)
	}
}

// TestSweepLimits: a sweep file is bounded like a scenario.
func TestSweepLimits(t *testing.T) {
	_, err := scenarios.LoadSweep(writeFile(t, t.TempDir(), "deep.toml",
		"scenario = \"toy\"\n["+strings.Repeat("a.", 50_000)+"a]\n"))
	mustInvalid(t, err, "deep.toml:2: a key path of more than 8 parts")
}
