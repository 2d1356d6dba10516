package sim_test

import (
	"math"
	"testing"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// russia plays the Russian Federation as the record has it (seed 000):
// it asks for its ideal wording on every clause and never concedes, it
// turns down every exchange ("all-or-nothing strategy"), it proposes to
// reintroduce the offence on critical infrastructure in the concluding
// session, it objects in January 2024 (no consensus) but not in August
// 2024 (the text was "agreed upon by all participating countries"), and it
// votes for its own 2019 resolution and for Iran's motions.
type russia struct {
	sc           *scenarios.Scenario
	acts, offers int
	objectedIn   []string
	votes        []string // the motions it was asked to vote on
	proposedCII  bool
}

func (r *russia) Act(e *sim.Engine, i int) {
	r.acts++
	p := e.Population()
	for c := range r.sc.Clauses {
		if err := e.Support(i, c, nearestOption(&r.sc.Clauses[c], p.Ideal[i*p.M+c])); err != nil {
			panic(err)
		}
	}
	if r.sc.Sessions[e.Session()].ID == "concluding" && e.Round() == 1 && !r.proposedCII {
		cii := r.sc.ClauseIndex("cii_offence")
		if err := e.Propose(i, cii, r.sc.Clauses[cii].OptionIndex("included")); err != nil {
			panic(err)
		}
		r.proposedCII = true
	}
}

func (r *russia) Accept(*sim.Engine, int, agents.Trade) bool { r.offers++; return false }

func (r *russia) Object(e *sim.Engine, _ int) bool {
	id := r.sc.Sessions[e.Session()].ID
	r.objectedIn = append(r.objectedIn, id)
	return id == "concluding"
}

// Vote is yes on every motion Russia meets: its own resolution, Iran's
// motions and, were it put, the chair's package.
func (r *russia) Vote(e *sim.Engine, _ int) agents.Vote {
	r.votes = append(r.votes, e.Motion().ID)
	return agents.Yes
}

func nearestOption(cl *scenarios.ClauseInfo, v float64) int {
	best := 0
	for o, opt := range cl.Options {
		if math.Abs(opt.Value-v) < math.Abs(cl.Options[best].Value-v) {
			best = o
		}
	}
	return best
}

// TestSteppedRunWithScriptedRussia drives the flagship a round at a time
// with Russia played from outside, and checks that the engine hands Russia
// its decisions and reads the room between rounds.
func TestSteppedRunWithScriptedRussia(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	rus := sc.StateIndex("RUS")
	r := &russia{sc: sc}
	e := sim.New(sc)
	e.Play(rus, r)
	rec, out := results.NewRecord(sc, sc.Seed), sim.NewOutcome(sc)
	e.Start(sim.RunRNG(sc.Seed, 0), rec, out)

	steps, lastSession := 0, -1
	for e.Step() {
		steps++
		if e.Session() == lastSession && e.Round() == 0 {
			t.Fatalf("step %d: round 0 within a session", steps)
		}
		lastSession = e.Session()
		if len(e.Text().Option) != len(sc.Clauses) {
			t.Fatal("the text is not readable between rounds")
		}
	}
	if !e.Done() || e.Step() {
		t.Error("Step after the end should report false")
	}

	// Every round of every held session was a step (the last one ended it).
	rounds := 0
	for _, s := range rec.Held {
		rounds += sc.Sessions[s].Rounds
	}
	if steps+1 != rounds {
		t.Errorf("%d steps, want %d (one per round of the held sessions)", steps+1, rounds)
	}
	if r.acts == 0 {
		t.Error("Russia was never asked to act")
	}
	for _, tr := range rec.Trades {
		if tr.A == rus || tr.B == rus {
			t.Errorf("Russia refused every exchange, yet traded: %+v", tr)
		}
	}
	if !r.proposedCII || len(notes(rec, sim.NoteInsert, sc.ClauseIndex("cii_offence"))) == 0 {
		t.Error("Russia's proposal to reintroduce the CII offence did not enter the text")
	}
	// Russia's demands are its own on every clause on the agenda of a
	// negotiation, round after round: nobody conceded for it.
	for _, p := range rec.Positions {
		if p.State != "RUS" {
			continue
		}
		c := sc.ClauseIndex(p.Clause)
		want := sc.Clauses[c].Options[nearestOption(&sc.Clauses[c], e.Population().Ideal[rus*len(sc.Clauses)+c])].Value
		if p.Position != want && p.Session != "ga-2019" && p.Session != "ahc1" && p.Session != "ahc2" && p.Session != "ahc3" {
			t.Errorf("%s round %d: Russia demands %v on %s, it asked for %v", p.Session, p.Round, p.Position, p.Clause, want)
			break
		}
	}
	// It objected in January 2024 and the session failed; it did not in
	// August, and the treaty was adopted.
	if len(r.objectedIn) < 2 || r.objectedIn[0] != "concluding" || r.objectedIn[len(r.objectedIn)-1] != "reconvened" {
		t.Errorf("Russia was polled in %v, want concluding then reconvened", r.objectedIn)
	}
	if !out.Adopted || sc.Sessions[out.DecidedSession].ID != "reconvened" {
		t.Errorf("adopted %v in session %d; want adopted at the reconvened session", out.Adopted, out.DecidedSession)
	}
	if len(r.votes) == 0 {
		t.Error("Russia was never asked to vote")
	}
	for _, v := range rec.Votes {
		if v.State == "RUS" && v.Vote != "yes" {
			t.Errorf("Russia's vote on %s is %s; it voted yes", v.Motion, v.Vote)
		}
	}
}

// TestRunIsStartAndSteps checks that Run is Start followed by Steps: the
// same outcome either way.
func TestRunIsStartAndSteps(t *testing.T) {
	sc := toy(t)
	a, b := sim.NewOutcome(sc), sim.NewOutcome(sc)
	sim.New(sc).Run(sim.RunRNG(3, 0), nil, a)
	e := sim.New(sc)
	e.Start(sim.RunRNG(3, 0), nil, b)
	for e.Step() {
	}
	if a.Adopted != b.Adopted || a.DecidedSession != b.DecidedSession || a.Trades != b.Trades {
		t.Errorf("Run %+v, Start and Step %+v", a, b)
	}
	for c := range a.FinalValue {
		if a.FinalValue[c] != b.FinalValue[c] {
			t.Errorf("clause %d: %v vs %v", c, a.FinalValue[c], b.FinalValue[c])
		}
	}
}
