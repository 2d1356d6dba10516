package report

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/internal/golden"

	"github.com/treatysim/treatysim/scenarios"
)

// plotsGoldenDir holds the data behind each plot of the toy run.
var plotsGoldenDir = filepath.Join("testdata", "golden", "plots")

// toyRunData is the toy's results folder read back, as the plot command
// reads a folder from disk.
func toyRunData(t *testing.T) *results.RunData {
	t.Helper()
	d, err := results.ParseRun(toyFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// flagshipRunData is one run of the flagship (what `treatysim run` does
// with no arguments), rendered and read back.
func flagshipRunData(t *testing.T) *results.RunData {
	t.Helper()
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	d, err := results.ParseRun(runFiles(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// monteCarloRunData is a Monte Carlo folder of the toy: summary.json and
// scenario.json, no per-run tables.
func monteCarloRunData(t *testing.T, runs uint64) *results.RunData {
	t.Helper()
	sc := loadToy(t)
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := results.ParseRun(results.Files{"summary.json": summaryJSON(t, sc, sc.Seed, aggregateRuns(t, sc, sc.Seed, 0, runs)),
		"scenario.json": scj})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlotDataGolden compares the data behind every plot of the toy run
// with testdata/golden/plots. After an intended change, regenerate with
//
//	go test ./results/report -run TestPlotDataGolden -update
//
// and review the diff: these files are what the plots show.
func TestPlotDataGolden(t *testing.T) {
	d := toyRunData(t)
	agreement, err := AgreementData(d, "second")
	if err != nil {
		t.Fatal(err)
	}
	stateMap, err := MapData(d)
	if err != nil {
		t.Fatal(err)
	}
	traj, err := TrajectoryData(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	chosen, err := TrajectoryData(d, PlotOptions{States: []string{"EEE", "AAA"}, Clause: "x_offence"})
	if err != nil {
		t.Fatal(err)
	}
	mc := monteCarloRunData(t, 40)
	data := map[string]any{
		PlotFlows + "-blocks.json":        SizesData(d),
		PlotFlows + ".json":               FlowData(d),
		PlotFlows + "-keys.json":          CoalitionKeys(d),
		PlotAgreement + "-second.json":    agreement,
		PlotMap + ".json":                 stateMap,
		PlotSurvival + ".json":            SurvivalData(d),
		PlotSurvival + "-mc.json":         SurvivalData(mc),
		PlotDecided + "-mc.json":          DecidedData(mc),
		PlotTrajectories + ".json":        traj,
		PlotTrajectories + "-chosen.json": chosen,
	}
	checkGoldenJSON(t, plotsGoldenDir, data)
}

// wantPlots lists the files Plots must write for a single run whose last
// session with positions is last: no decided-session plot (one run's
// session of decision is a sentence of the summary) and no coalition sizes
// (the flow chart shows them).
func wantPlots(last string, contested ...string) []string {
	var out []string
	names := []string{PlotFlows, PlotAgreement + "-" + last, PlotMap, PlotSurvival, PlotTrajectories}
	for _, c := range contested {
		names = append(names, PlotTrajectories+"-"+c)
	}
	for _, name := range names {
		out = append(out, "plots/"+name+".png", "plots/"+name+".svg")
	}
	sort.Strings(out)
	return out
}

// checkPlotFiles checks that every plot file in want is there, with no
// other of the plots in this file's care (the figures drawn from the
// record, timeline, votes and maps of the world, are checked with their
// code), and readable: PNG (those in want of 1200x800 pixels), SVG with an
// svg element.
func checkPlotFiles(t *testing.T, files results.Files, want []string) {
	t.Helper()
	var got []string
	for _, name := range golden.SortedNames(files) {
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(name, "plots/"), ".png"), ".svg")
		for _, mine := range []string{PlotFlows, PlotAgreement, PlotMap, PlotSurvival, PlotDecided, PlotTrajectories} {
			if base == mine || strings.HasPrefix(base, mine+"-") {
				got = append(got, name)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("plot files = %v\nwant %v", got, want)
	}
	for name, b := range files {
		switch {
		case len(b) == 0:
			t.Errorf("%s is empty", name)
		case strings.HasSuffix(name, ".png"):
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if r := img.Bounds(); slices.Contains(want, name) && (r.Dx() != 1200 || r.Dy() != 800) {
				t.Errorf("%s is %dx%d px, want 1200x800", name, r.Dx(), r.Dy())
			}
		case strings.HasSuffix(name, ".svg"):
			if !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("</svg>")) {
				t.Errorf("%s is not an SVG document", name)
			}
		}
	}
}

func TestPlotsFlagship(t *testing.T) {
	d := flagshipRunData(t)
	files, err := Plots(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// With no clause chosen, the two most contested clauses other than
	// the default get their trajectories too.
	checkPlotFiles(t, files, wantPlots(lastSessionWithPositions(d), "data_protection_transfers", "interception_espionage"))
}

// TestContestedClauses: the clauses whose text changed most often come
// first; a clause whose text never changed is not contested.
func TestContestedClauses(t *testing.T) {
	d := &results.RunData{Scenario: toyRunData(t).Scenario, Text: []results.TextRow{
		{Session: "first", Clause: "x_offence", Option: "included", Status: "bracketed"},
		{Session: "first", Clause: "wording", Option: "unlawful", Status: "bracketed"},
		{Session: "first", Clause: "safeguards", Option: "light", Status: "bracketed"},
		{Session: "second", Clause: "x_offence", Option: "deleted", Status: "dropped"},
		{Session: "second", Clause: "wording", Option: "without_right", Status: "agreed"},
		{Session: "second", Clause: "safeguards", Option: "light", Status: "bracketed"},
		{Session: "second", Clause: "wording", Option: "unlawful", Status: "agreed"},
	}}
	if got, want := contestedClauses(d, 3), []string{"wording", "x_offence"}; !slices.Equal(got, want) {
		t.Errorf("contestedClauses = %v, want %v", got, want)
	}
}

func TestPlotsToyDeterministic(t *testing.T) {
	d := toyRunData(t)
	a, err := Plots(d, PlotOptions{States: []string{"EEE"}, Clause: "safeguards"})
	if err != nil {
		t.Fatal(err)
	}
	checkPlotFiles(t, a, wantPlots("second"))
	b, err := Plots(toyRunData(t), PlotOptions{States: []string{"EEE"}, Clause: "safeguards"})
	if err != nil {
		t.Fatal(err)
	}
	if !golden.Equal(a, b) {
		t.Error("two renderings of the same folder differ")
	}
}

// TestPlotsMonteCarlo: a Monte Carlo folder has no per-run tables, and
// gets the survival and decided-session plots only.
func TestPlotsMonteCarlo(t *testing.T) {
	d := monteCarloRunData(t, 40)
	files, err := Plots(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkPlotFiles(t, files, []string{"plots/decided-session.png", "plots/decided-session.svg",
		"plots/survival.png", "plots/survival.svg"})
	var total float64
	for _, b := range DecidedData(d) {
		total += b.Probability
	}
	if math.Abs(total-1) > 1e-5 {
		t.Errorf("decided-session shares sum to %v, want 1", total)
	}
}

func TestPlotOptionsUnknown(t *testing.T) {
	d := toyRunData(t)
	for _, opt := range []PlotOptions{{States: []string{"ZZZ"}}, {Clause: "no_such_clause"}} {
		if _, err := Plots(d, opt); !errors.Is(err, ErrUnknown) {
			t.Errorf("Plots(%+v) error = %v, want ErrUnknown", opt, err)
		}
	}
}

// TestTrajectoryDefaults: the five weightiest states of the flagship on
// its first clause negotiated, heaviest first.
func TestTrajectoryDefaults(t *testing.T) {
	d := flagshipRunData(t)
	tr, err := TrajectoryData(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Clause != d.Scenario.Clauses[0].ID {
		t.Errorf("default clause %s, want the first, %s", tr.Clause, d.Scenario.Clauses[0].ID)
	}
	if len(tr.States) != 5 {
		t.Fatalf("%d states, want 5", len(tr.States))
	}
	sc := d.Scenario
	for k := 1; k < len(tr.States); k++ {
		a, b := sc.States[sc.StateIndex(tr.States[k-1].State)], sc.States[sc.StateIndex(tr.States[k].State)]
		if a.Capability.Mean() < b.Capability.Mean() {
			t.Errorf("%s (%v) before %s (%v)", a.ID, a.Capability.Mean(), b.ID, b.Capability.Mean())
		}
	}
	for _, st := range tr.States {
		if len(st.Position) == 0 {
			t.Errorf("%s has no trajectory", st.State)
		}
	}
}
