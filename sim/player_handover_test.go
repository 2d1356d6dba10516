package sim_test

import (
	"reflect"
	"testing"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/sim"
)

// agentPlayer leaves every decision to the state's agent where it can: it
// sets no demand, declines every exchange, does not object, and votes its
// agent's ballot, which it keeps.
type agentPlayer struct {
	acts   int
	ballot map[string]agents.Vote // per motion: AgentVote during Vote
}

func (p *agentPlayer) Act(*sim.Engine, int)                       { p.acts++ }
func (p *agentPlayer) Accept(*sim.Engine, int, agents.Trade) bool { return false }
func (p *agentPlayer) Object(*sim.Engine, int) bool               { return false }
func (p *agentPlayer) Vote(e *sim.Engine, i int) agents.Vote {
	v := e.AgentVote(i)
	if p.ballot == nil {
		p.ballot = map[string]agents.Vote{}
	}
	p.ballot[e.Motion().ID] = v
	return v
}

// TestFireNext brings scripted events forward and checks that they happen
// at the start of the next round, once, and that an event that has
// happened, a missing event or a finished run are refused.
func TestFireNext(t *testing.T) {
	sc := votesToy(t)
	first := sc.Sessions[0]
	amendment := 1 // the amendment on the wording, round 2 of the first session
	if first.Events[amendment].Round != 2 {
		t.Fatalf("toy-votes: the amendment is in round %d, want 2", first.Events[amendment].Round)
	}
	tests := []struct {
		name      string
		stepsDone int  // steps played before FireNext
		event     int  // the event to fire
		wantErr   bool // FireNext refuses
		wantRound int  // the round of the amendment's motion in the record
	}{
		{"scheduled", -1, 0, false, 2},
		{"before the first round", 0, amendment, false, 1},
		{"after the first round", 1, amendment, false, 2},
		{"already happened", 1, 0, true, 2},
		{"no such event", 0, 7, true, 2},
		{"negative", 0, -1, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sim.New(sc)
			rec := results.NewRecord(sc, 1)
			e.Start(sim.RunRNG(1, 0), rec, sim.NewOutcome(sc))
			for range tt.stepsDone {
				e.Step()
			}
			if tt.stepsDone >= 0 {
				err := e.FireNext(tt.event)
				if (err != nil) != tt.wantErr {
					t.Fatalf("FireNext(%d) after %d steps: error %v, want error %v", tt.event, tt.stepsDone, err, tt.wantErr)
				}
				if err == nil && e.EventRound(tt.event) != e.Round()+1 {
					t.Errorf("EventRound(%d) = %d, want the next round %d", tt.event, e.EventRound(tt.event), e.Round()+1)
				}
			}
			for e.Step() {
			}
			held := 0
			for _, m := range rec.Motions {
				if m.Motion == "first-2" {
					held++
					if m.Round != tt.wantRound {
						t.Errorf("the amendment was voted in round %d, want %d", m.Round, tt.wantRound)
					}
				}
			}
			if held != 1 {
				t.Errorf("the amendment was voted %d times, want once", held)
			}
			if err := e.FireNext(0); err == nil {
				t.Error("FireNext after the end: no error")
			}
		})
	}
}

// TestFireNextClearedBySession checks that an event brought forward in
// one session does not carry over to the next: the schedule is per
// session.
func TestFireNextClearedBySession(t *testing.T) {
	sc := votesToy(t)
	e := sim.New(sc)
	e.Start(sim.RunRNG(1, 0), nil, sim.NewOutcome(sc))
	if err := e.FireNext(1); err != nil {
		t.Fatal(err)
	}
	for e.Session() == 0 {
		e.Step()
	}
	// The concluding session's event 1 is its amendment, in round 2.
	if got := e.EventRound(1); got != sc.Sessions[e.Session()].Events[1].Round {
		t.Errorf("EventRound(1) in %s = %d, want its scheduled %d", sc.Sessions[e.Session()].ID, got, sc.Sessions[e.Session()].Events[1].Round)
	}
}

// TestAgentVote checks that a player sees its agent's ballot: on a mandate,
// which no bargaining moves (alignment alone decides), the agent's ballot
// of a played state is the vote the state casts when nobody plays it.
func TestAgentVote(t *testing.T) {
	sc := votesToy(t)
	for seed := uint64(1); seed <= 5; seed++ {
		rec := results.NewRecord(sc, seed)
		sim.New(sc).Run(sim.RunRNG(seed, 0), rec, sim.NewOutcome(sc))
		for _, state := range []string{"AAA", "CCC", "EEE"} {
			want := ""
			for _, v := range rec.Votes {
				if v.Motion == "mandate" && v.State == state {
					want = v.Vote
				}
			}
			e, pl := sim.New(sc), &agentPlayer{}
			e.Play(sc.StateIndex(state), pl)
			e.Run(sim.RunRNG(seed, 0), nil, sim.NewOutcome(sc))
			if got := pl.ballot["mandate"].String(); got != want {
				t.Errorf("seed %d, %s: AgentVote on the mandate %s, the unplayed state voted %s", seed, state, got, want)
			}
		}
	}
}

// TestPlayTakesEffectAtOnce checks that Play works between steps: a state
// taken over and handed back before the first round plays as if it had
// never been played, and a state handed back in the middle of a run is no
// longer asked to act.
func TestPlayTakesEffectAtOnce(t *testing.T) {
	sc := toy(t)
	eee := sc.StateIndex("EEE")
	want := sim.NewOutcome(sc)
	sim.New(sc).Run(sim.RunRNG(3, 0), nil, want)

	t.Run("handed back before the first round", func(t *testing.T) {
		e, got := sim.New(sc), sim.NewOutcome(sc)
		e.Play(eee, &agentPlayer{})
		e.Start(sim.RunRNG(3, 0), nil, got)
		if !e.Population().Controlled[eee] {
			t.Fatal("EEE is not controlled after Start")
		}
		e.Play(eee, nil)
		if e.Population().Controlled[eee] {
			t.Fatal("EEE is still controlled after Play(nil)")
		}
		for e.Step() {
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("outcome %+v, want the unplayed run's %+v", got, want)
		}
	})

	t.Run("taken over and handed back mid-run", func(t *testing.T) {
		e, got, pl := sim.New(sc), sim.NewOutcome(sc), &agentPlayer{}
		e.Start(sim.RunRNG(3, 0), nil, got)
		e.Step()
		e.Play(eee, pl)
		if !e.Population().Controlled[eee] {
			t.Fatal("EEE is not controlled after Play mid-run")
		}
		e.Step()
		acts := pl.acts
		if acts != 1 {
			t.Errorf("the player acted %d times in the round after it took over, want 1", acts)
		}
		e.Play(eee, nil)
		for e.Step() {
		}
		if pl.acts != acts {
			t.Errorf("the player acted %d more times after it handed the state back", pl.acts-acts)
		}
		if !e.Done() {
			t.Error("the run did not end")
		}
	})
}
