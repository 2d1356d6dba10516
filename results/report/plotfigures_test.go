package report

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// shippedRunData is one run of a shipped scenario, rendered and read back.
func shippedRunData(t *testing.T, name string) *results.RunData {
	t.Helper()
	sc, err := scenarios.LoadShipped(name)
	if err != nil {
		t.Fatal(err)
	}
	d, err := results.ParseRun(runFiles(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSurvivalOutcomes: a single run's outcome of each clause agrees with
// its survival and its options, and a failed treaty keeps no clause.
func TestSurvivalOutcomes(t *testing.T) {
	for _, name := range []string{"ahc", "unanimity"} {
		t.Run(name, func(t *testing.T) {
			d := shippedRunData(t, name)
			adopted := d.Summary.AdoptedProbability == 1
			for _, sp := range SurvivalData(d) {
				cl := d.Scenario.Clauses[d.Scenario.ClauseIndex(sp.Clause)]
				deleted := cl.Deletion >= 0 && cl.Options[cl.Deletion].ID == sp.Modal
				var want string
				switch {
				case deleted:
					want = OutcomeDeleted
				case !adopted:
					want = OutcomeNotAdopted
				case sp.Modal == sp.Opening:
					want = OutcomeAsProposed
				default:
					want = OutcomeReworded
				}
				if sp.Outcome != want {
					t.Errorf("%s: outcome %s, want %s (survival %v, %s -> %s)", sp.Clause, sp.Outcome, want, sp.Probability, sp.Opening, sp.Modal)
				}
				if kept := sp.Outcome == OutcomeAsProposed || sp.Outcome == OutcomeReworded; kept != (sp.Probability == 1) {
					t.Errorf("%s: outcome %s with survival %v", sp.Clause, sp.Outcome, sp.Probability)
				}
				if sp.Label == "" || len([]rune(sp.Label)) > maxLabel {
					t.Errorf("%s: label %q", sp.Clause, sp.Label)
				}
			}
		})
	}
}

func TestClauseLabel(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Human-rights safeguards (conditions and safeguards on powers)", "Human-rights safeguards"},
		{"Catch-all offence for any unlawful act causing significant damage", "Catch-all offence for any unlawful act…"},
		{"", "the_id"},
		{"Short", "Short"},
	} {
		if got := clauseLabel(tt.title, "the_id", 40); got != tt.want {
			t.Errorf("clauseLabel(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// TestDecidedSplit: over the runs of the toy with scripted votes, the
// sessions with some adoption and "not adopted", split by how, the parts
// adding up to the summary's totals; a summary that does not keep the
// split per session says so rather than drawing it as consensus.
func TestDecidedSplit(t *testing.T) {
	sc, err := scenarios.Load(filepath.Join("..", "..", "sim", "testdata", "toy-votes.toml"))
	if err != nil {
		t.Fatal(err)
	}
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := results.ParseRun(results.Files{"summary.json": summaryJSON(t, sc, 1, aggregateRuns(t, sc, 1, 0, 60)), "scenario.json": scj})
	if err != nil {
		t.Fatal(err)
	}
	bars := DecidedData(d)
	total, byVote := 0.0, 0.0
	for k, b := range bars {
		if !b.Split {
			t.Errorf("%s: split unknown", b.Session)
		}
		if (b.Probability == 0) != (b.Session == NoSession && b.Probability == 0) || (k == len(bars)-1) != (b.Session == NoSession) {
			t.Errorf("bar %d: %+v (want sessions with adoptions, then %s last)", k, b, NoSession)
		}
		if b.ByVote > b.Probability+1e-9 {
			t.Errorf("%s: %v by vote of %v", b.Session, b.ByVote, b.Probability)
		}
		total += b.Probability
		byVote += b.ByVote
	}
	if math.Abs(total-1) > 1e-5 || math.Abs(byVote-d.Summary.AdoptedByVoteProbability) > 1e-5 || byVote == 0 {
		t.Errorf("shares add up to %v, by vote %v; the summary says by vote %v", total, byVote, d.Summary.AdoptedByVoteProbability)
	}
	for k := range d.Summary.DecidedSessions { // as an older summary.json reads
		d.Summary.DecidedSessions[k].ByVoteProbability = 0
	}
	for _, b := range DecidedData(d) {
		if b.Session != NoSession && b.Split {
			t.Errorf("%s: split claimed from a summary without it", b.Session)
		}
	}
	if _, err := decidedFigure(d).render(); err != nil {
		t.Error(err)
	}
}

// TestAbsentStates: Ukraine, absent from the flagship, is named under its
// plots of states; the United States that walks out in a what-if is named
// with the session it left in.
func TestAbsentStates(t *testing.T) {
	d := flagshipRunData(t)
	absent := AbsentStates(d)
	if len(absent) != 1 || absent[0].State != "UKR" || !strings.Contains(absent[0].Reason, "absent") {
		t.Errorf("absent from the flagship: %+v, want Ukraine", absent)
	}
	if note := absentNote(d); !strings.Contains(note, "Ukraine (UKR)") {
		t.Errorf("note %q does not name Ukraine", note)
	}
	if note := absentNoteOf(d, []string{"USA"}); note != "" {
		t.Errorf("note for the USA alone: %q", note)
	}
	w := shippedRunData(t, "us-walks-out")
	var usa *AbsentState
	for k, a := range AbsentStates(w) {
		if a.State == "USA" {
			usa = &AbsentStates(w)[k]
		}
	}
	if usa == nil || !strings.Contains(usa.Reason, "left the negotiation in") {
		t.Errorf("absent from us-walks-out: %+v, want the USA, left", AbsentStates(w))
	}
	if len(AbsentStates(toyRunData(t))) != 0 {
		t.Error("the toy has no absent state")
	}
}

// TestMapSpots: the spots of the positions figure hold every point once,
// with its coalition and session, and the figure is one-dimensional when
// the second component is negligible.
func TestMapSpots(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    func(*testing.T) *results.RunData
	}{{"toy", toyRunData}, {"ahc", flagshipRunData}} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d(t)
			sm, err := MapData(d)
			if err != nil {
				t.Fatal(err)
			}
			if want := sm.Explained[1] < negligibleShare*sm.Explained[0]; sm.OneDimensional != want {
				t.Errorf("one-dimensional %v with shares %v", sm.OneDimensional, sm.Explained)
			}
			of := map[[2]string]string{}
			for _, p := range sm.Points {
				of[[2]string{p.Session, p.State}] = p.Coalition
			}
			seen := 0
			for _, sp := range sm.Spots {
				if len(sp.States) == 0 {
					t.Errorf("an empty spot: %+v", sp)
				}
				for _, st := range sp.States {
					c, ok := of[[2]string{sp.Session, st}]
					if !ok || c != sp.Coalition {
						t.Errorf("%s in %s: spot of %s, point of %q", st, sp.Session, sp.Coalition, c)
					}
					delete(of, [2]string{sp.Session, st})
					seen++
				}
			}
			if seen != len(sm.Points) || len(of) != 0 {
				t.Errorf("%d states in spots, %d points", seen, len(sm.Points))
			}
			if tc.name == "ahc" && len(sm.Spots) >= len(sm.Points)/2 {
				t.Errorf("%d spots for %d points: overplotted states not gathered", len(sm.Spots), len(sm.Points))
			}
		})
	}
}

// TestTrajectoryAxis: every session held is on the trajectories' axis, in
// its own slot, after the opening text; insertions after a drop are
// re-insertions.
func TestTrajectoryAxis(t *testing.T) {
	d := flagshipRunData(t)
	tr, err := TrajectoryData(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tr.Sessions, heldSessions(d)) {
		t.Errorf("sessions %v, want every session held %v", tr.Sessions, heldSessions(d))
	}
	if tr.Opening == "" {
		t.Error("no opening option")
	}
	for k, st := range tr.Steps {
		slot := float64(slices.Index(tr.Sessions, st.Session) + 1)
		if st.X < slot-0.5 || st.X > slot+0.5 || (k > 0 && st.X <= tr.Steps[k-1].X) {
			t.Errorf("step %d (%s round %d) at x=%v, slot %v", k, st.Session, st.Round, st.X, slot)
		}
	}
	dropped := false
	for _, m := range tr.Marks {
		switch m.Kind {
		case TextDropped:
			dropped = true
		case TextReinserted:
			if !dropped {
				t.Errorf("re-insertion at step %d without a drop before", m.Step)
			}
			dropped = false
		case TextInserted:
			if dropped {
				t.Errorf("insertion at step %d after a drop is not called a re-insertion", m.Step)
			}
		default:
			t.Errorf("mark of kind %q", m.Kind)
		}
	}
}

// TestCoalitionKeysPerSession: every coalition is named as coalitions.csv
// names it in each session, and the agreement matrix's legend uses its
// own session's names.
func TestCoalitionKeysPerSession(t *testing.T) {
	d := flagshipRunData(t)
	keys := CoalitionKeys(d)
	if len(keys) != len(d.Coalitions) {
		t.Fatalf("%d keys for %d coalitions", len(keys), len(d.Coalitions))
	}
	for _, r := range d.Coalitions {
		if !slices.Contains(keys, CoalitionKey{Session: r.Session, ID: r.Coalition, Name: r.Name, Size: r.Size}) {
			t.Errorf("%s in %s (%s) has no key", r.Coalition, r.Session, r.Name)
		}
	}
	last := lastSessionWithPositions(d)
	for _, it := range sessionLegend(sessionKeysOf(keys, last)) {
		found := false
		for _, r := range d.Coalitions {
			found = found || (r.Session == last && strings.HasSuffix(it.label, ": "+r.Name))
		}
		if !found {
			t.Errorf("legend entry %q names no coalition of %s", it.label, last)
		}
	}
}
