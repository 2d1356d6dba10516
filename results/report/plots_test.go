package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/internal/golden"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

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
	data := map[string]any{
		PlotSizes + ".json":               SizesData(d),
		PlotFlows + ".json":               FlowData(d),
		PlotAgreement + "-second.json":    agreement,
		PlotMap + ".json":                 stateMap,
		PlotSurvival + ".json":            SurvivalData(d),
		PlotDecided + ".json":             DecidedData(d),
		PlotTrajectories + ".json":        traj,
		PlotTrajectories + "-chosen.json": chosen,
	}
	if *update {
		if err := os.RemoveAll(plotsGoldenDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(plotsGoldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for name := range data {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(data[name], "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join(plotsGoldenDir, name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n%s",
					name, golden.FirstDiff(got, want))
			}
		})
	}
	if got := golden.ListDir(t, plotsGoldenDir); !slices.Equal(got, names) {
		t.Errorf("golden files = %v, want %v", got, names)
	}
}

// TestAgreementMatchesCoalitions checks that the agreement recomputed from
// the files is the one coalition detection used: the mean agreement within
// each coalition must give the cohesion in coalitions.csv.
func TestAgreementMatchesCoalitions(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    func(*testing.T) *results.RunData
	}{{"toy", toyRunData}, {"ahc", flagshipRunData}} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d(t)
			for _, s := range heldSessions(d) {
				m, err := AgreementData(d, s)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range d.Coalitions {
					if c.Session != s {
						continue
					}
					sum, pairs := 0.0, 0
					for i := range m.States {
						for j := i + 1; j < len(m.States); j++ {
							if m.Coalitions[i] == c.Coalition && m.Coalitions[j] == c.Coalition {
								sum += m.Values[i][j]
								pairs++
							}
						}
					}
					got := 1.0
					if pairs > 0 {
						got = sum / float64(pairs)
					}
					if math.Abs(got-c.Cohesion) > 1e-4 {
						t.Errorf("session %s, %s: cohesion from the recomputed agreement = %.6f, coalitions.csv says %.6f",
							s, c.Coalition, got, c.Cohesion)
					}
				}
			}
		})
	}
}

// TestAgreementOrder checks the matrix: symmetric, 1 on the diagonal,
// states grouped by coalition in identity order.
func TestAgreementOrder(t *testing.T) {
	d := flagshipRunData(t)
	s := lastSessionWithPositions(d)
	m, err := AgreementData(d, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.States) == 0 {
		t.Fatalf("no state in the agreement matrix of %s", s)
	}
	for i := range m.Values {
		if m.Values[i][i] != 1 {
			t.Errorf("agreement of %s with itself = %v", m.States[i], m.Values[i][i])
		}
		for j := range m.Values {
			if m.Values[i][j] != m.Values[j][i] {
				t.Fatalf("agreement not symmetric at %s, %s", m.States[i], m.States[j])
			}
		}
	}
	if !slices.IsSortedFunc(m.Coalitions, compareCoalitions) {
		t.Errorf("states not ordered by coalition: %v", m.Coalitions)
	}
}

// TestFlowsConserveStates checks the alluvial data of the flagship: every
// state present in two successive sessions is in exactly one band, and no
// coalition sends or receives more states than it has.
func TestFlowsConserveStates(t *testing.T) {
	d := flagshipRunData(t)
	flows := FlowData(d)
	if len(flows) == 0 {
		t.Fatal("no flows")
	}
	held := heldSessions(d)
	size := map[[2]string]int{}
	for _, c := range d.Coalitions {
		size[[2]string{c.Session, c.Coalition}] = c.Size
	}
	for k := 1; k < len(held); k++ {
		before, after := membershipsOf(d, held[k-1]), membershipsOf(d, held[k])
		want := 0
		for st := range after {
			if _, ok := before[st]; ok {
				want++
			}
		}
		got, seen := 0, map[string]bool{}
		out, in := map[string]int{}, map[string]int{}
		for _, f := range flows {
			if f.ToSession != held[k] {
				continue
			}
			if f.FromSession != held[k-1] {
				t.Errorf("flow into %s from %s, want from %s", f.ToSession, f.FromSession, held[k-1])
			}
			for _, st := range f.States {
				if seen[st] {
					t.Errorf("%s is in two bands into %s", st, held[k])
				}
				seen[st] = true
				if before[st] != f.FromCoalition || after[st] != f.ToCoalition {
					t.Errorf("%s in band %s->%s, but memberships say %s->%s", st, f.FromCoalition, f.ToCoalition, before[st], after[st])
				}
			}
			got += f.Count()
			out[f.FromCoalition] += f.Count()
			in[f.ToCoalition] += f.Count()
		}
		if got != want {
			t.Errorf("%s -> %s: %d states in bands, %d present in both", held[k-1], held[k], got, want)
		}
		for c, n := range out {
			if n > size[[2]string{held[k-1], c}] {
				t.Errorf("%s sends %d states out of %s, which has %d", c, n, held[k-1], size[[2]string{held[k-1], c}])
			}
		}
		for c, n := range in {
			if n > size[[2]string{held[k], c}] {
				t.Errorf("%s receives %d states in %s, which has %d", c, n, held[k], size[[2]string{held[k], c}])
			}
		}
	}
}

// TestMapData checks the map of the flagship: one point per present state
// and session with positions, the shares of variance in order.
func TestMapData(t *testing.T) {
	d := flagshipRunData(t)
	sm, err := MapData(d)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, s := range demandSnapshots(d) {
		for _, p := range s.present {
			if p {
				want++
			}
		}
	}
	if len(sm.Points) != want || want == 0 {
		t.Errorf("%d points, want %d (one per present state and session)", len(sm.Points), want)
	}
	if e := sm.Explained; !(e[0] >= e[1] && e[1] >= 0 && e[0]+e[1] <= 1.0001) {
		t.Errorf("explained variance %v", e)
	}
	for _, p := range sm.Points {
		if p.Coalition == "" {
			t.Errorf("%s in %s has no coalition", p.State, p.Session)
			break
		}
	}
}

// wantPlots lists the files Plots must write for a single run whose last
// session with positions is last.
func wantPlots(last string) []string {
	var out []string
	for _, name := range []string{PlotSizes, PlotFlows, PlotAgreement + "-" + last, PlotMap, PlotSurvival,
		PlotDecided, PlotTrajectories} {
		out = append(out, "plots/"+name+".png", "plots/"+name+".svg")
	}
	sort.Strings(out)
	return out
}

// checkPlotFiles checks that every plot file is there and readable: PNG
// decoding to 1200x800 pixels, SVG with an svg element.
func checkPlotFiles(t *testing.T, files results.Files, want []string) {
	t.Helper()
	if got := golden.SortedNames(files); !slices.Equal(got, want) {
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
			if r := img.Bounds(); r.Dx() != 1200 || r.Dy() != 800 {
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
	checkPlotFiles(t, files, wantPlots(lastSessionWithPositions(d)))
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
