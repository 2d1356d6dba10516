package sim_test

import (
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestHistoricalCheck runs the flagship on its default seed and checks the
// outcome against what the sources settle (docs/ahc-scenario.md has the
// table). Nothing here is scripted in the scenario: the outcome comes from
// the preferences, the rules and the events.
func TestHistoricalCheck(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	rec := results.NewRecord(sc, sc.Seed)
	sim.New(sc).Run(sim.RunRNG(sc.Seed, 0), rec, sim.NewOutcome(sc))
	out := rec.Outcome

	clauses := []struct {
		id       string
		survives bool
		option   string // "" when the sources do not settle the wording
		source   string
	}{
		{"cyber_enabled_content", false, "", "000: 'Neither formulation appears to have made it to the final rounds'; 003: 'The authoritarian wish list was never adopted'"},
		{"catch_all_offence", false, "", "003: 'The authoritarian wish list was never adopted'"},
		{"cii_offence", false, "", "000: removed in the DTC; 'China did not support Russia's proposal to reintroduce'"},
		{"human_rights_safeguards", true, "", "003: Iran's bid to remove the safeguards was 'unsuccessful'"},
		{"mla_discrimination_refusal", true, "included", "003: 'allowing Parties to reject requests for mutual legal assistance that discriminate'"},
		{"serious_crime_threshold", true, "serious", "001: 'limits international cooperation to serious crimes'"},
		{"passive_personality_jurisdiction", true, "", "003: 'passive personality jurisdiction granting states jurisdiction over crimes committed anywhere in the world against their nationals'"},
	}
	for _, c := range clauses {
		i := sc.ClauseIndex(c.id)
		got := sc.Clauses[i].Options[out.FinalOption[i]].ID
		if out.Survived[i] != c.survives || (c.option != "" && got != c.option) {
			t.Errorf("%s: survived %v with %q; the sources say survived %v%s (%s)", c.id, out.Survived[i], got,
				c.survives, map[bool]string{true: " with " + c.option, false: ""}[c.option != ""], c.source)
		}
	}

	held := map[string]bool{}
	for _, s := range rec.Held {
		held[sc.Sessions[s].ID] = true
	}
	if !held["concluding"] || !held["reconvened"] {
		t.Errorf("sessions held: %v; the concluding session and the reconvened one should both be held", rec.Held)
	}
	if !out.Adopted || sc.Sessions[out.DecidedSession].ID != "reconvened" {
		t.Errorf("adopted %v in session %d; the sources say: not in January 2024, adopted at the reconvened session", out.Adopted, out.DecidedSession)
	}
	for _, m := range rec.Motions {
		if m.Motion == "iran-motion-safeguards" && m.Passed {
			t.Errorf("Iran's motion on the safeguards passed (%d-%d-%d); seed 003 says it failed", m.Yes, m.No, m.Abstain)
		}
	}
	votes := 0
	for _, v := range rec.Votes {
		if v.Motion == "ga-2019-resolution" {
			votes++
		}
	}
	if votes != 193 {
		t.Errorf("the 2019 vote has %d rows in votes.csv, want one per member state (193)", votes)
	}
}

// TestShippedToyIsTheTestToy keeps the shipped toy scenario and the tests'
// copy identical.
func TestShippedToyIsTheTestToy(t *testing.T) {
	shipped, err := scenarios.ShippedSource("toy")
	if err != nil {
		t.Fatal(err)
	}
	local, err := os.ReadFile("testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	if string(shipped) != string(local) {
		t.Error("scenarios/shipped/toy.toml and sim/testdata/toy.toml differ; keep them identical")
	}
}

func BenchmarkRunFlagship(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	e, out := sim.New(sc), sim.NewOutcome(sc)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Run(sim.RunRNG(1, uint64(i)), nil, out)
	}
}

// flagshipRecorder counts, over runs, what TestFlagshipProcedure checks:
// drops before the zero draft and the sessions that decided.
type flagshipRecorder struct {
	sc        *scenarios.Scenario
	zeroDraft int // index of the session with the zero draft
	earlyDrop bool
}

func (r *flagshipRecorder) SessionStart(*sim.Engine, int)      {}
func (r *flagshipRecorder) Round(*sim.Engine, int, int)        {}
func (r *flagshipRecorder) Vote(*sim.Engine, sim.VoteRecord)   {}
func (r *flagshipRecorder) Trade(*sim.Engine, sim.TradeRecord) {}
func (r *flagshipRecorder) SessionEnd(*sim.Engine, int, bool)  {}
func (r *flagshipRecorder) End(*sim.Engine, *sim.Outcome)      {}
func (r *flagshipRecorder) Note(n sim.Note) {
	if (n.Kind == sim.NoteDrop || n.Kind == sim.NoteDropFromPackage) && n.Session < r.zeroDraft {
		r.earlyDrop = true
	}
}

// TestFlagshipProcedure checks over 200 runs of the flagship, uncertainty
// and all, what the issue of the procedure asks: no clause leaves the text
// before the zero draft (ahc6) in at least 95% of runs (the procedure makes
// it every run), and the treaty is not adopted in January 2024 but at the
// reconvened session in most runs.
func TestFlagshipProcedure(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	const runs = 200
	rec := &flagshipRecorder{sc: sc, zeroDraft: sessionIndex(t, sc, "ahc6")}
	e, out := sim.New(sc), sim.NewOutcome(sc)
	early, decided := 0, map[string]int{}
	for k := range uint64(runs) {
		rec.earlyDrop = false
		e.Run(sim.RunRNG(sc.Seed, k), rec, out)
		if rec.earlyDrop {
			early++
		}
		id := "none"
		if out.Adopted {
			id = sc.Sessions[out.DecidedSession].ID
		}
		decided[id]++
	}
	if share := float64(early) / runs; share > 0.05 {
		t.Errorf("a clause left the text before the zero draft in %.1f%% of runs, want at most 5%%", 100*share)
	}
	if decided["concluding"] > 0 {
		t.Errorf("adopted in January 2024 in %d of %d runs; the sources say no consensus then", decided["concluding"], runs)
	}
	if decided["reconvened"] <= runs/2 {
		t.Errorf("adopted at the reconvened session in %d of %d runs, want most: %v", decided["reconvened"], runs, decided)
	}
}

func sessionIndex(t *testing.T, sc *scenarios.Scenario, id string) int {
	t.Helper()
	for s := range sc.Sessions {
		if sc.Sessions[s].ID == id {
			return s
		}
	}
	t.Fatalf("no session %q", id)
	return -1
}

// outcomeDist is the distribution of a scenario's outcomes over runs: of
// the decided session ("none" when not adopted) and of each clause's final
// option ("none" when not adopted).
type outcomeDist struct {
	decided map[string]float64
	options []map[string]float64
}

func distribution(t *testing.T, name string, runs int) outcomeDist {
	t.Helper()
	sc, err := scenarios.LoadShipped(name)
	if err != nil {
		t.Fatal(err)
	}
	d := outcomeDist{decided: map[string]float64{}, options: make([]map[string]float64, len(sc.Clauses))}
	for c := range d.options {
		d.options[c] = map[string]float64{}
	}
	e, out := sim.New(sc), sim.NewOutcome(sc)
	for k := range uint64(runs) {
		e.Run(sim.RunRNG(sc.Seed, k), nil, out)
		w := 1 / float64(runs)
		if !out.Adopted {
			d.decided["none"] += w
			for c := range sc.Clauses {
				d.options[c]["none"] += w
			}
			continue
		}
		d.decided[sc.Sessions[out.DecidedSession].ID] += w
		for c := range sc.Clauses {
			d.options[c][sc.Clauses[c].Options[out.FinalOption[c]].ID] += w
		}
	}
	return d
}

// totalVariation is half the L1 distance between two distributions.
func totalVariation(p, q map[string]float64) float64 {
	tv := 0.0
	for k, v := range p {
		tv += math.Abs(v - q[k])
	}
	for k, v := range q {
		if _, ok := p[k]; !ok {
			tv += v
		}
	}
	return tv / 2
}

// TestWhatIfsAct checks that the two what-ifs that change the premise most
// move some outcome by at least 0.1 in total variation over 300 runs (the
// issue's bar; docs/ahc-scenario.md reports 2,000 runs and explains why),
// and that the flagship is not compared with itself by mistake.
func TestWhatIfsAct(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte Carlo of three scenarios")
	}
	const runs = 300
	base := distribution(t, "ahc", runs)
	for _, name := range []string{"us-walks-out", "china-backs-cii"} {
		d := distribution(t, name, runs)
		best, what := totalVariation(base.decided, d.decided), "the decided session"
		for c := range d.options {
			if tv := totalVariation(base.options[c], d.options[c]); tv > best {
				best, what = tv, fmt.Sprintf("clause %d's option", c)
			}
		}
		if best < 0.1 {
			t.Errorf("%s moves no outcome by 0.1 in total variation (largest: %.3f, %s)", name, best, what)
		} else {
			t.Logf("%s: total variation %.3f on %s", name, best, what)
		}
	}
}
