package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// tol is the tolerance for hand-computed expectations: the arithmetic
// below is exact up to a few rounding errors of float64.
const tol = 1e-12

// newPop parses an inline scenario, builds its Population and resets it
// with a fixed seed (every parameter below is fixed, so the seed draws
// nothing that matters).
func newPop(t *testing.T, src string) *Population {
	t.Helper()
	sc, err := scenarios.Parse(t.Name(), []byte(src))
	if err != nil {
		t.Fatalf("scenarios.Parse: %v", err)
	}
	p := New(sc)
	var seed [32]byte
	seed[0] = 1
	p.Reset(rand.New(rand.NewChaCha8(seed)))
	return p
}

// scenario assembles a scenario from a model table, clause and state
// blocks; every clause is in the cluster "main" and the one session has it
// on its agenda.
func scenario(model, clauses, rest string) string {
	return `format = 1
[scenario]
id = "unit"
title = "unit test"
` + model + `
[clusters.main]
title = "Main"
[clusters.other]
title = "Other"
` + clauses + rest + `
[[sessions]]
id = "only"
agenda = ["main"]
`
}

// threeClauses is c0, c1, c2 with options at 0, 0.25, 0.5, 0.75 and 1.
var threeClauses = func() string {
	var b strings.Builder
	for _, id := range []string{"c0", "c1", "c2"} {
		b.WriteString(`
[clauses.` + id + `]
title = "` + id + `"
cluster = "main"
opening = "o100"
deletion = "o0"
options = [
  { id = "o0", value = 0.0 },
  { id = "o25", value = 0.25 },
  { id = "o50", value = 0.5 },
  { id = "o75", value = 0.75 },
  { id = "o100", value = 1.0 },
]
`)
	}
	return b.String()
}()

func near(a, b float64) bool { return math.Abs(a-b) <= tol }

func TestUtility(t *testing.T) {
	states := `
[states.AAA]
name = "A: saliences sum to 2, scaled to 1"
positions.c0 = { ideal = 0.2, salience = 0.5 }
positions.c1 = { ideal = 0.8, salience = 0.5 }
positions.c2 = { ideal = 0.5, salience = 1.0 }

[states.BBB]
name = "B: saliences sum to 0.6, not scaled"
positions.c0 = { ideal = 0.0, salience = 0.2 }
positions.c1 = { ideal = 1.0, salience = 0.3 }
positions.c2 = { ideal = 0.0, salience = 0.1 }
`
	text := []float64{1, 0, 0.5}
	tests := []struct {
		name      string
		curvature string
		state     int
		weights   []float64
		want      float64
	}{
		// A: weights 0.5/2, 0.5/2, 1/2 = 0.25, 0.25, 0.5; gaps 0.8, 0.8, 0.
		// a = 1: 1 - (0.25*0.8 + 0.25*0.8 + 0.5*0) = 1 - 0.4 = 0.6
		{"scaled/curvature1", "1", 0, []float64{0.25, 0.25, 0.5}, 0.6},
		// a = 2: 1 - (0.25*0.64 + 0.25*0.64 + 0) = 1 - 0.32 = 0.68
		{"scaled/curvature2", "2", 0, []float64{0.25, 0.25, 0.5}, 0.68},
		// a = 3 (the math.Pow path): 1 - 2*0.25*0.512 = 0.744
		{"scaled/curvature3", "3", 0, []float64{0.25, 0.25, 0.5}, 0.744},
		// B: weights = saliences 0.2, 0.3, 0.1; gaps 1, 1, 0.5.
		// a = 1: 1 - (0.2 + 0.3 + 0.1*0.5) = 1 - 0.55 = 0.45
		{"unscaled/curvature1", "1", 1, []float64{0.2, 0.3, 0.1}, 0.45},
		// a = 2: 1 - (0.2 + 0.3 + 0.1*0.25) = 1 - 0.525 = 0.475
		{"unscaled/curvature2", "2", 1, []float64{0.2, 0.3, 0.1}, 0.475},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPop(t, scenario("[model]\ncurvature = "+tt.curvature+"\n", threeClauses, states))
			for c, w := range tt.weights {
				if got := p.Weight[tt.state*p.M+c]; !near(got, w) {
					t.Errorf("Weight[%d] = %v, want %v", c, got, w)
				}
			}
			if got := p.Utility(tt.state, text); !near(got, tt.want) {
				t.Errorf("Utility = %v, want %v", got, tt.want)
			}
			// The ideal text is worth exactly 1.
			ideal := p.Pos[tt.state*p.M : (tt.state+1)*p.M]
			if got := p.Utility(tt.state, ideal); got != 1 {
				t.Errorf("Utility(ideal text) = %v, want 1", got)
			}
		})
	}
}

func TestRedLineCrossed(t *testing.T) {
	// Values are dyadic so that the boundary case is exact.
	states := `
[states.AAA]
name = "A"
positions.c0 = { ideal = 0.5, salience = 0.3 }
positions.c1 = { ideal = 0.75, salience = 0.3, red_line = 0.25 }
positions.c2 = { ideal = 0.0, salience = 0.4, red_line = 0.5 }
`
	p := newPop(t, scenario("", threeClauses, states))
	tests := []struct {
		name string
		text []float64
		want int
	}{
		{"at the ideal", []float64{0.5, 0.75, 0}, -1},
		// c0 has no red line (default 1): a gap of 0.5 is never one.
		{"no red line on c0", []float64{0, 0.75, 0}, -1},
		// c1: |0.5 - 0.75| = 0.25 is not beyond 0.25.
		{"exactly at the red line", []float64{0.5, 0.5, 0}, -1},
		// c1: |0.25 - 0.75| = 0.5 > 0.25.
		{"beyond on c1", []float64{0.5, 0.25, 0}, 1},
		// c2: |0.75 - 0| = 0.75 > 0.5.
		{"beyond on c2", []float64{0.5, 0.75, 0.75}, 2},
		// Both crossed: the first clause is reported.
		{"first of two", []float64{0.5, 0, 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.RedLineCrossed(0, tt.text); got != tt.want {
				t.Errorf("RedLineCrossed(%v) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestAspiration(t *testing.T) {
	// A(tau) = 1 - (1 - r) tau^(1/beta) with r = 0.4, so 1 - r = 0.6.
	tests := []struct {
		beta string
		tau  float64
		want float64
	}{
		{"0.5", 0, 1},
		{"0.5", 0.5, 1 - 0.6*0.25}, // 0.5^2 = 0.25: 0.85
		{"0.5", 1, 0.4},            // the value of no treaty
		{"2", 0, 1},
		{"2", 0.5, 1 - 0.6*math.Sqrt(0.5)}, // 0.5^0.5 = 0.7071...: 0.57574
		{"2", 1, 0.4},
	}
	for _, tt := range tests {
		t.Run("beta"+tt.beta+"/tau"+trimFloat(tt.tau), func(t *testing.T) {
			states := `
[states.AAA]
name = "A"
no_treaty = 0.4
concession = ` + tt.beta + `
positions.c0 = { ideal = 0.5, salience = 1 }
positions.c1 = { ideal = 0.5, salience = 0 }
positions.c2 = { ideal = 0.5, salience = 0 }
`
			p := newPop(t, scenario("", threeClauses, states))
			if got := p.Aspiration(0, tt.tau); !near(got, tt.want) {
				t.Errorf("Aspiration(%v) = %v, want %v", tt.tau, got, tt.want)
			}
		})
	}
}

func trimFloat(v float64) string {
	switch v {
	case 0:
		return "0"
	case 0.5:
		return "0.5"
	case 1:
		return "1"
	}
	return "x"
}

func TestSocialize(t *testing.T) {
	// Two groups: g1 (cohesion 0.6) = A, B, E; g2 (cohesion 0.2) = A, C,
	// D, F. E is absent (it neither counts nor moves); F is in g2 but
	// follows g1; D is a bridge-builder (half its ties go to the room).
	// Clause c0 is on the agenda, c1 is not.
	src := scenario("", `
[clauses.c0]
title = "c0"
cluster = "main"
opening = "a"
options = [{ id = "a", value = 0.0 }, { id = "b", value = 1.0 }]

[clauses.c1]
title = "c1"
cluster = "other"
opening = "a"
options = [{ id = "a", value = 0.0 }, { id = "b", value = 1.0 }]
`, `
[groups.g1]
cohesion = 0.6
[groups.g2]
cohesion = 0.2

[states.AAA]
name = "A"
groups = ["g1", "g2"]
capability = 1
susceptibility = 0.5
positions.c0 = { ideal = 0.0, salience = 0.5 }
positions.c1 = { ideal = 0.0, salience = 0.5 }

[states.BBB]
name = "B"
groups = ["g1"]
capability = 3
susceptibility = 0.4
positions.c0 = { ideal = 1.0, salience = 0.5 }
positions.c1 = { ideal = 1.0, salience = 0.5 }

[states.CCC]
name = "C"
groups = ["g2"]
capability = 1
susceptibility = 0
positions.c0 = { ideal = 0.5, salience = 0.5 }
positions.c1 = { ideal = 0.5, salience = 0.5 }

[states.DDD]
name = "D"
groups = ["g2"]
capability = 1
disposition = "bridge_builder"
susceptibility = 0.5
positions.c0 = { ideal = 0.2, salience = 0.5 }
positions.c1 = { ideal = 0.2, salience = 0.5 }

[states.EEE]
name = "E"
groups = ["g1"]
capability = 10
disposition = "absent"
positions.c0 = { ideal = 0.0, salience = 0.5 }
positions.c1 = { ideal = 0.0, salience = 0.5 }

[states.FFF]
name = "F"
groups = ["g2"]
capability = 1
disposition = "follower"
follows = "g1"
positions.c0 = { ideal = 0.0, salience = 0.5 }
positions.c1 = { ideal = 0.0, salience = 0.5 }
`)
	p := newPop(t, src)
	p.Socialize([]bool{true, false})

	// Means of the last round (x = p), capability-weighted, E excluded:
	//   g1   = (1*0 + 3*1) / 4                      = 0.75
	//   g2   = (1*0 + 1*0.5 + 1*0.2 + 1*0) / 4      = 0.175
	//   room = (0 + 3*1 + 0.5 + 0.2 + 0) / 7        = 3.7/7
	g1, g2, room := 0.75, 0.175, 3.7/7
	want := []float64{
		// A: ties 0.6/0.8 = 0.75 to g1, 0.2/0.8 = 0.25 to g2, lambda 0.5:
		// 0.5*(0.75*0.75 + 0.25*0.175) + 0.5*0 = 0.303125
		0.5 * (0.75*g1 + 0.25*g2),
		// B: tie 1 to g1, lambda 0.4: 0.4*0.75 + 0.6*1 = 0.9
		0.4*g1 + 0.6*1,
		// C: lambda 0 does not move: 0.5
		0.5,
		// D: bridge-builder, half to the room, half to g2, lambda 0.5:
		// 0.5*(0.5*3.7/7 + 0.5*0.175) + 0.5*0.2 = 0.275893
		0.5*(0.5*room+0.5*g2) + 0.5*0.2,
		// E: absent, does not move: 0
		0,
		// F: follower of g1, default lambda 0.8: 0.8*0.75 + 0.2*0 = 0.6
		0.8 * g1,
	}
	names := []string{"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"}
	for i, w := range want {
		if got := p.Pos[i*p.M+0]; !near(got, w) {
			t.Errorf("%s: Pos[c0] = %.9f, want %.9f", names[i], got, w)
		}
		// c1 is off the agenda: every state stays at its ideal point.
		if got, ideal := p.Pos[i*p.M+1], p.Ideal[i*p.M+1]; got != ideal {
			t.Errorf("%s: Pos[c1] = %v moved off the agenda, want %v", names[i], got, ideal)
		}
		// The anchor never moves.
		if p.Ideal[i*p.M] != []float64{0, 1, 0.5, 0.2, 0, 0}[i] {
			t.Errorf("%s: Ideal[c0] changed to %v", names[i], p.Ideal[i*p.M])
		}
	}
}

func TestConcede(t *testing.T) {
	// One state (plus an absent one); saliences c0 0.6, c1 0.1, c2 0.3 sum
	// to 1, so weights = saliences and the concession order is c1, c2, c0.
	// Ideal 0 everywhere, the target at 1 everywhere, worth 0 to the state:
	// its reservation point is no treaty, r = 0.5, and with beta = 1 the
	// budget is (1 - 0.5) tau.
	states := `
[states.AAA]
name = "A"
no_treaty = 0.5
concession = 1
susceptibility = 0
positions.c0 = { ideal = 0.0, salience = 0.6 }
positions.c1 = { ideal = 0.0, salience = 0.1 }
positions.c2 = { ideal = 0.0, salience = 0.3 }

[states.BBB]
name = "B"
disposition = "absent"
positions.c0 = { ideal = 0.0, salience = 0.6 }
positions.c1 = { ideal = 0.0, salience = 0.1 }
positions.c2 = { ideal = 0.0, salience = 0.3 }
`
	all := []bool{true, true, true}
	nan := math.NaN()
	tests := []struct {
		name      string
		curvature string
		tau       float64
		agenda    []bool
		pin       []float64 // per clause; NaN: none
		want      []float64 // demands c0, c1, c2
	}{
		{
			// budget 0: nobody moves.
			name: "tau0", curvature: "1", tau: 0, agenda: all, pin: []float64{nan, nan, nan},
			want: []float64{0, 0, 0},
		},
		{
			// budget 0.25. c1 costs 0.1*1 = 0.1: conceded fully, 0.15 left.
			// c2 costs 0.3*1 > 0.15: moves 0.15/0.3 = 0.5. c0: nothing left.
			name: "curvature1/partial", curvature: "1", tau: 0.5, agenda: all, pin: []float64{nan, nan, nan},
			want: []float64{0, 1, 0.5},
		},
		{
			// As above with a = 2: c1 costs 0.1*1^2 = 0.1, 0.15 left; c2
			// moves sqrt(0.15/0.3) = sqrt(0.5) = 0.7071.
			name: "curvature2/partial", curvature: "2", tau: 0.5, agenda: all, pin: []float64{nan, nan, nan},
			want: []float64{0, 1, math.Sqrt(0.5)},
		},
		{
			// budget 0.5: c1 (0.1) and c2 (0.3) fully, 0.1 left; c0 moves
			// 0.1/0.6 = 1/6.
			name: "curvature1/two full", curvature: "1", tau: 1, agenda: all, pin: []float64{nan, nan, nan},
			want: []float64{1.0 / 6, 1, 1},
		},
		{
			// c1 pinned at 0.25: its demand is the pin and costs nothing;
			// budget 0.25 goes to c2: 0.25/0.3 = 0.8333; c0 nothing.
			name: "curvature1/pinned", curvature: "1", tau: 0.5, agenda: all, pin: []float64{nan, 0.25, nan},
			want: []float64{0, 0.25, 0.25 / 0.3},
		},
		{
			// The budget is spent over the whole text: c1 is off the agenda
			// and keeps its demand (0), but its concession still costs 0.1;
			// c2 then moves 0.15/0.3 = 0.5, as with the full agenda.
			name: "curvature1/off agenda still costs", curvature: "1", tau: 0.5, agenda: []bool{true, false, true},
			pin: []float64{nan, nan, nan}, want: []float64{0, 0, 0.5},
		},
		{
			// c2 is off the agenda and exhausts the budget (0.3 > 0.15), so
			// c0 stays at 0 and c2 keeps its demand (0).
			name: "curvature1/off agenda exhausts", curvature: "1", tau: 0.5, agenda: []bool{true, true, false},
			pin: []float64{nan, nan, nan}, want: []float64{0, 1, 0},
		},
		{
			// A pin off the agenda neither sets the demand nor costs
			// anything: c1 pinned and off the agenda keeps 0; the budget
			// 0.25 goes to c2: 0.25/0.3.
			name: "curvature1/pin off agenda", curvature: "1", tau: 0.5, agenda: []bool{true, false, true},
			pin: []float64{nan, 0.75, nan}, want: []float64{0, 0, 0.25 / 0.3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPop(t, scenario("[model]\ncurvature = "+tt.curvature+"\n", threeClauses, states))
			for c, v := range tt.pin {
				if !math.IsNaN(v) {
					p.PinDemand(0, c, v)
				}
			}
			p.Concede([]float64{1, 1, 1}, tt.agenda, tt.tau)
			for c, w := range tt.want {
				if got := p.Demand[c]; !near(got, w) {
					t.Errorf("Demand[c%d] = %.12f, want %.12f", c, got, w)
				}
			}
			// The absent state's demands do not move.
			for c := range 3 {
				if got := p.Demand[p.M+c]; got != 0 {
					t.Errorf("absent BBB: Demand[c%d] = %v, want 0", c, got)
				}
			}
		})
	}

	// Toward a target the state prefers to no treaty: ideal 1 on c2 only
	// matters, and with the target at 0 the demand moves down. The target
	// is worth 1 - 0.3 = 0.7 to it, more than no treaty (0.5), so its
	// reservation point is the target: the budget is (1 - 0.7) tau, and it
	// reaches the target only at the deadline. c1 and c0 have zero gap and
	// cost nothing; c2 costs 0.3.
	for _, tt := range []struct{ tau, want float64 }{
		{0.5, 1 - 0.15/0.3}, // budget 0.15: half the way
		{1, 0},              // budget 0.3: all the way, at the deadline
	} {
		t.Run(fmt.Sprintf("toward a preferred target at tau %v", tt.tau), func(t *testing.T) {
			src := strings.Replace(states, "positions.c2 = { ideal = 0.0, salience = 0.3 }\n\n[states.BBB]",
				"positions.c2 = { ideal = 1.0, salience = 0.3 }\n\n[states.BBB]", 1)
			p := newPop(t, scenario("[model]\ncurvature = 1\n", threeClauses, src))
			p.Concede([]float64{0, 0, 0}, all, tt.tau)
			for c, w := range []float64{0, 0, tt.want} {
				if got := p.Demand[c]; !near(got, w) {
					t.Errorf("Demand[c%d] = %.12f, want %.12f", c, got, w)
				}
			}
		})
	}
}

func TestBallot(t *testing.T) {
	byInterest := VoteRule{Indifference: 0.01, Stakes: 0.1, AlignmentWeight: 0, CrossPressure: 0.5}
	rule := VoteRule{Indifference: 0.01, Stakes: 0.1, AlignmentWeight: 1, Loyalty: 0.5, CrossPressure: 0.5}
	tests := []struct {
		name string
		m    Motion
		rule VoteRule
		want Vote
		torn bool
	}{
		// With no weight on alignment, a vote is by interest alone: yes
		// above the indifference, no below minus it, abstain between.
		{"interest yes", Motion{Gain: 0.02, Alignment: 1, Side: 1}, byInterest, Yes, false},
		{"interest at indifference", Motion{Gain: 0.01, Alignment: 1, Side: 1}, byInterest, Abstain, false},
		{"interest small", Motion{Gain: 0.005, Alignment: -1, Side: 1}, byInterest, Abstain, false},
		{"interest no", Motion{Gain: -0.02, Alignment: 1, Side: 1}, byInterest, No, false},
		// Interest and alignment agree: the vote follows both.
		{"both yes", Motion{Gain: 0.05, Alignment: 0.8, Side: 1}, rule, Yes, false},
		{"both no", Motion{Gain: -0.05, Alignment: -0.8, Side: 1}, rule, No, false},
		// A state that hardly cares follows its camp...
		{"silent follows camp", Motion{Alignment: 0.5, Side: 1}, rule, Yes, false},
		{"silent resists other camp", Motion{Alignment: -0.5, Side: 1}, rule, No, false},
		// ...unless its alignment is too weak to lead it: abstain.
		{"silent and unaligned", Motion{Gain: 0.005, Alignment: 0.05, Side: 1}, rule, Abstain, false},
		// Cross-pressure: interest yes (0.05/0.1 = 0.5), alignment against
		// (-0.4): the weaker is 0.8 of the stronger, at least 0.5: abstain.
		{"torn", Motion{Gain: 0.05, Alignment: -0.4, Side: 1}, rule, Abstain, true},
		// The same interest against a weak pull (-0.2, 0.4 of 0.5): yes.
		{"interest wins", Motion{Gain: 0.05, Alignment: -0.2, Side: 1}, rule, Yes, false},
		// A strong interest (clamped to 1) against a strong pull (-0.9):
		// torn; against -0.3: yes.
		{"clamped torn", Motion{Gain: 0.5, Alignment: -0.9, Side: 1}, rule, Abstain, true},
		{"clamped wins", Motion{Gain: 0.5, Alignment: -0.3, Side: 1}, rule, Yes, false},
		// A motion of no side (the chair's package) pulls nobody.
		{"no side", Motion{Gain: 0.05, Alignment: -1, Side: 0}, rule, Yes, false},
		// The other camp's motion: alignment 0.6 on a motion of side -1
		// pulls no; with interest 0.2 (gain 0.02) it wins.
		{"other camp's motion", Motion{Gain: 0.02, Alignment: 0.6, Side: -1}, rule, No, false},
		// Loyalty: a silent state that gains from the package (0.3, so a
		// full 0.5 pull against the amendment) and leans to the mover's
		// camp by 0.2: no. Leaning by 0.3 it is torn (0.3 >= 0.5*0.5).
		{"loyal", Motion{Alignment: 0.2, Side: 1, Package: 0.3}, rule, No, false},
		{"loyal but torn", Motion{Alignment: 0.3, Side: 1, Package: 0.3}, rule, Abstain, true},
		// A state that would rather have no treaty owes the package nothing.
		{"no loyalty without gain", Motion{Alignment: 0.2, Side: 1, Package: -0.1}, rule, Yes, false},
		// Interest and alignment for (0.5 + 0.3) against loyalty (0.5):
		// the weaker side is more than half the stronger: torn.
		{"interest and camp against loyalty", Motion{Gain: 0.05, Alignment: 0.3, Side: 1, Package: 0.3}, rule, Abstain, true},
	}
	for _, tt := range tests {
		v, torn := Ballot(tt.m, tt.rule)
		if v != tt.want || torn != tt.torn {
			t.Errorf("%s: Ballot(%+v) = %v, torn %v; want %v, torn %v", tt.name, tt.m, v, torn, tt.want, tt.torn)
		}
	}
	if got := NotVoting.String(); got != "not_voting" {
		t.Errorf("NotVoting.String() = %q", got)
	}
}

// blocSrc is a group "eu" that negotiates as one (A capability 2, B 1,
// C 1) and a loose group of D and E that does not.
var blocSrc = scenario("", `
[clauses.c0]
title = "c0"
cluster = "main"
opening = "a"
options = [{ id = "a", value = 0.0 }, { id = "b", value = 1.0 }]
`, `
[groups.eu]
negotiates_as_one = true
[groups.loose]

[states.AAA]
name = "A"
groups = ["eu"]
capability = 2
positions.c0 = { ideal = 0.0, salience = 1 }
[states.BBB]
name = "B"
groups = ["eu"]
capability = 1
positions.c0 = { ideal = 0.5, salience = 1 }
[states.CCC]
name = "C"
groups = ["eu"]
capability = 1
positions.c0 = { ideal = 1.0, salience = 0.5 }
[states.DDD]
name = "D"
groups = ["loose"]
capability = 1
positions.c0 = { ideal = 1.0, salience = 1 }
[states.EEE]
name = "E"
groups = ["loose"]
capability = 5
positions.c0 = { ideal = 0.0, salience = 1 }
`)

func TestCommonObjections(t *testing.T) {
	const T, F = true, false
	tests := []struct {
		name   string
		absent []int
		in     []bool // A, B, C, D, E
		want   []bool
	}{
		// A holds 2 of 4: exactly half is not more than half.
		{"half does not object", nil, []bool{T, F, F, F, T}, []bool{F, F, F, F, T}},
		// A and B hold 3 of 4 > 2: all members object.
		{"majority objects", nil, []bool{T, T, F, T, F}, []bool{T, T, T, T, F}},
		// B and C hold 2 of 4.
		{"small members overruled", nil, []bool{F, T, T, F, F}, []bool{F, F, F, F, F}},
		// C absent: A holds 2 of the present 3; C's entry is left alone.
		{"absent member", []int{2}, []bool{T, F, F, F, F}, []bool{T, T, F, F, F}},
		{"absent member, minority", []int{2}, []bool{F, T, T, F, F}, []bool{F, F, T, F, F}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPop(t, blocSrc)
			for _, i := range tt.absent {
				p.Present[i] = false
			}
			got := append([]bool(nil), tt.in...)
			p.CommonObjections(got)
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("objections = %v, want %v", got, tt.want)
					break
				}
			}
		})
	}
}

func TestCommonVotes(t *testing.T) {
	const Y, N, A, X = Yes, No, Abstain, NotVoting
	tests := []struct {
		name string
		in   []Vote // A (2), B (1), C (1), D, E
		want []Vote
	}{
		{"unanimous", []Vote{Y, Y, Y, N, Y}, []Vote{Y, Y, Y, N, Y}},
		// yes 2 against no 2: a tie abstains.
		{"tie abstains", []Vote{Y, N, N, Y, N}, []Vote{A, A, A, Y, N}},
		// yes 3 against no 1.
		{"yes carries", []Vote{Y, Y, N, N, N}, []Vote{Y, Y, Y, N, N}},
		// no 2 against yes 1 and abstain 1.
		{"no carries", []Vote{N, A, Y, Y, Y}, []Vote{N, N, N, Y, Y}},
		// abstain 2 against yes 2: no vote holds the most, abstain.
		{"abstain ties yes", []Vote{A, Y, Y, Y, Y}, []Vote{A, A, A, Y, Y}},
		// C not voting stays so; A yes 2 against B no 1.
		{"not voting kept", []Vote{Y, N, X, N, X}, []Vote{Y, Y, X, N, X}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPop(t, blocSrc)
			got := append([]Vote(nil), tt.in...)
			p.CommonVotes(got)
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("votes = %v, want %v", got, tt.want)
					break
				}
			}
		})
	}
}

func TestCommonPositions(t *testing.T) {
	// With tau 0 nobody concedes, so demands are the ideal points; the eu
	// then tables its capability-weighted mean (2*0 + 1*0.5 + 1*1)/4 =
	// 0.375, except for a member whose demand is pinned. The loose group
	// keeps its members' own demands.
	p := newPop(t, blocSrc)
	p.PinDemand(1, 0, 0.5) // B pinned at its own proposal
	p.Concede([]float64{0}, []bool{true}, 0)
	want := []float64{0.375, 0.5, 0.375, 1, 0}
	for i, w := range want {
		if got := p.Demand[i]; !near(got, w) {
			t.Errorf("Demand[%d] = %v, want %v", i, got, w)
		}
	}
}

func TestSocializeGroupWithNobodyPresent(t *testing.T) {
	// F follows g1, whose only member E is absent: g1 has no position, so
	// F, tied to nothing else, keeps its position (as a state without ties
	// does) rather than being pulled toward 0.
	src := scenario("", `
[clauses.c0]
title = "c0"
cluster = "main"
opening = "a"
options = [{ id = "a", value = 0.0 }, { id = "b", value = 1.0 }]
`, `
[groups.g1]
[groups.g2]

[states.EEE]
name = "E"
groups = ["g1"]
disposition = "absent"
positions.c0 = { ideal = 0.5, salience = 1 }

[states.FFF]
name = "F"
groups = ["g2"]
disposition = "follower"
follows = "g1"
positions.c0 = { ideal = 1.0, salience = 1 }
`)
	p := newPop(t, src)
	p.Socialize([]bool{true})
	if got := p.Pos[1]; got != 1 {
		t.Errorf("a follower of a group with no present member moved to %v; want it to stay at 1", got)
	}
}

// TestBehaviouralNoise checks that ideal_noise and salience_noise perturb
// every stand at the start of a run, within [0,1], differently from run to
// run, and leave stands alone when zero.
func TestBehaviouralNoise(t *testing.T) {
	toy, err := os.ReadFile("../sim/testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	base, err := scenarios.Parse("toy", toy)
	if err != nil {
		t.Fatal(err)
	}
	noisy, err := scenarios.Parse("toy-noisy", []byte(strings.Replace(string(toy), "[rules]",
		"[model]\nideal_noise = 0.2\nsalience_noise = 0.1\n\n[rules]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	reset := func(sc *scenarios.Scenario, seed byte) *Population {
		p := New(sc)
		p.Reset(rand.New(rand.NewChaCha8([32]byte{seed})))
		return p
	}
	plain, a, b := reset(base, 1), reset(noisy, 1), reset(noisy, 2)
	moved := 0
	for k := range plain.Ideal {
		for _, p := range []*Population{a, b} {
			if p.Ideal[k] < 0 || p.Ideal[k] > 1 || p.Salience[k] < 0 || p.Salience[k] > 1 {
				t.Fatalf("stand %d out of [0,1]: ideal %v, salience %v", k, p.Ideal[k], p.Salience[k])
			}
			if p.Pos[k] != p.Ideal[k] || p.Demand[k] != p.Ideal[k] {
				t.Errorf("stand %d: position %v and demand %v should start at the noisy ideal %v", k, p.Pos[k], p.Demand[k], p.Ideal[k])
			}
		}
		if a.Ideal[k] != plain.Ideal[k] {
			moved++
		}
		if a.Ideal[k] == b.Ideal[k] && a.Ideal[k] != 0 && a.Ideal[k] != 1 {
			t.Errorf("stand %d: two seeds drew the same noisy ideal %v", k, a.Ideal[k])
		}
	}
	// Clamping keeps some ideals at 0 or 1; most must move.
	if moved < len(plain.Ideal)/2 {
		t.Errorf("only %d of %d ideal points moved under noise", moved, len(plain.Ideal))
	}
	if again := reset(noisy, 1); !slices.Equal(again.Ideal, a.Ideal) || !slices.Equal(again.Salience, a.Salience) {
		t.Error("the same seed drew different noise")
	}
}

func TestParseVote(t *testing.T) {
	for _, v := range []Vote{NotVoting, Yes, No, Abstain} {
		if got, ok := ParseVote(v.String()); !ok || got != v {
			t.Errorf("ParseVote(%q) = %v, %v; want %v", v.String(), got, ok, v)
		}
	}
	if _, ok := ParseVote("maybe"); ok {
		t.Error(`ParseVote("maybe") ok`)
	}
}
