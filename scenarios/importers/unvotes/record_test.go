package unvotes

import (
	"math"
	"reflect"
	"regexp"
	"testing"
)

// tiny is a hand-built record:
//
//	roll call   0 (s1)  1 (s1)  2 (s2)  3 (s2)
//	AAA         yes     yes     no      yes
//	BBB         no      yes     yes     abstain
//	CCC         yes     no      abstain no
//	DDD         abstain -       no      -
//	EEE         -       abstain -       -
func tiny() *Record {
	r := &Record{
		RollCalls: []RollCall{
			{ID: 1, Session: 1, Title: "Cyber one"},
			{ID: 2, Session: 1, Title: "Trade"},
			{ID: 3, Session: 2, Title: "Developments in cyberspace"},
			{ID: 4, Session: 2, Title: "CYBER three"},
		},
		States: []string{"AAA", "BBB", "CCC", "DDD", "EEE"},
	}
	votes := [][]Vote{
		{Yes, Yes, No, Yes},
		{No, Yes, Yes, Abstain},
		{Yes, No, Abstain, No},
		{Abstain, -1, No, -1},
		{-1, Abstain, -1, -1},
	}
	for s, vs := range votes {
		for rc, v := range vs {
			if v >= 0 {
				r.Casts = append(r.Casts, Cast{RollCall: int32(rc), State: int32(s), Vote: v})
			}
		}
	}
	return r
}

func TestAgreement(t *testing.T) {
	r := tiny()
	all := []int{0, 1, 2, 3}
	for _, tc := range []struct {
		rcs   []int
		a, b  string
		index float64
		n     int
		ok    bool
	}{
		// yes/no 0, yes/yes 1, no/yes 0, yes/abstain 0.5.
		{all, "AAA", "BBB", 1.5 / 4, 4, true},
		{all, "BBB", "AAA", 1.5 / 4, 4, true},
		// yes/abstain 0.5, no/no 1.
		{all, "AAA", "DDD", 0.75, 2, true},
		{[]int{1, 3}, "AAA", "DDD", 0, 0, false},
		{all, "AAA", "AAA", 1, 4, true},
		{[]int{0, 2}, "CCC", "DDD", (0.5 + 0.5) / 2, 2, true},
		{all, "AAA", "ZZZ", 0, 0, false},
		{nil, "AAA", "BBB", 0, 0, false},
	} {
		index, n, ok := r.Agreement(tc.rcs, tc.a, tc.b)
		if math.Abs(index-tc.index) > 1e-12 || n != tc.n || ok != tc.ok {
			t.Errorf("Agreement(%v, %s, %s) = %v, %d, %v; want %v, %d, %v", tc.rcs, tc.a, tc.b, index, n, ok, tc.index, tc.n, tc.ok)
		}
	}
}

func TestAbstentionRate(t *testing.T) {
	r := tiny()
	for _, tc := range []struct {
		state string
		rate  float64
		votes int
	}{
		{"AAA", 0, 4},
		{"CCC", 0.25, 4},
		{"DDD", 0.5, 2},
		{"EEE", 1, 1},
		{"ZZZ", 0, 0},
	} {
		rate, votes := r.AbstentionRate(tc.state)
		if rate != tc.rate || votes != tc.votes {
			t.Errorf("AbstentionRate(%s) = %v, %d; want %v, %d", tc.state, rate, votes, tc.rate, tc.votes)
		}
	}
}

func TestSides(t *testing.T) {
	r := tiny()
	// AAA and BBB are on opposite sides of roll calls 0 and 2 only (1:
	// both yes; 3: BBB abstains).
	contested, sides := r.Sides([]int{0, 1, 2, 3}, "AAA", "BBB")
	if want := []int{0, 2}; !reflect.DeepEqual(contested, want) {
		t.Errorf("contested %v, want %v", contested, want)
	}
	// Each roll call's mean side is -0.25 (0: -1, +1, -1, 0; 2: -1, +1,
	// 0, -1), so the centred values are the sides plus 0.25.
	want := []Side{
		{State: "AAA", Mean: -1, Votes: 2, Centred: -0.75},
		{State: "BBB", Mean: 1, Votes: 2, Centred: 1.25},
		// CCC voted yes with AAA on 0 (-1) and abstained on 2 (0).
		{State: "CCC", Mean: -0.5, Votes: 2, Centred: -0.25, Var: 0.5},
		// DDD abstained on 0 (0) and voted no against BBB's yes on 2 (-1).
		{State: "DDD", Mean: -0.5, Votes: 2, Centred: -0.25, Var: 0.5},
		{State: "EEE"},
	}
	if !reflect.DeepEqual(sides, want) {
		t.Errorf("sides\n%+v\nwant\n%+v", sides, want)
	}
	// Swapping low and high flips the signs.
	_, flipped := r.Sides([]int{2, 0}, "BBB", "AAA")
	for i := range flipped {
		if flipped[i].Mean != -want[i].Mean || flipped[i].Votes != want[i].Votes {
			t.Errorf("flipped %+v, want the negation of %+v", flipped[i], want[i])
		}
	}
	if c, _ := r.Sides([]int{0, 2}, "AAA", "EEE"); len(c) != 0 {
		t.Errorf("contested %v between states that never met", c)
	}
}

func TestWindowTopic(t *testing.T) {
	r := tiny()
	w := r.Window(2, 2)
	if len(w.RollCalls) != 2 || w.RollCalls[0].ID != 3 || w.RollCalls[1].ID != 4 {
		t.Errorf("window roll calls %+v", w.RollCalls)
	}
	// EEE voted only in session 1.
	if want := []string{"AAA", "BBB", "CCC", "DDD"}; !reflect.DeepEqual(w.States, want) {
		t.Errorf("window states %v, want %v", w.States, want)
	}
	if len(w.Casts) != 7 {
		t.Errorf("window has %d casts, want 7", len(w.Casts))
	}
	for _, c := range w.Casts {
		if got, want := c.Vote, r.votesOf(w.States[c.State])[c.RollCall+2]; got != want {
			t.Errorf("window cast %+v: vote %v, want %v", c, got, want)
		}
	}
	if e := r.Window(5, 9); len(e.RollCalls)+len(e.States)+len(e.Casts) != 0 {
		t.Errorf("empty window %+v", e)
	}
	if got, want := r.Topic(regexp.MustCompile(`(?i)cyber`)), []int{0, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("Topic = %v, want %v", got, want)
	}
}

func TestAlign(t *testing.T) {
	const tol = 1e-9
	type want struct {
		state    string
		mean, sd float64
	}
	// Low AAA (centred -1.2) and high BBB (0.8) span 2, so the scale is
	// 1: Mean = -1 + (c + 1.2). sigma2 pools (4-1)*0.2 + (4-1)*0.1 +
	// (2-1)*0.6 + (3-1)*0 over 3+3+1+2 = 9 degrees of freedom (every
	// state that voted, FFF too): 1.5/9.
	sigma2 := 1.5 / 9
	points := []Estimate{
		{State: "DDD", Point: 2}, {State: "AAA", Point: -1, SD: 0.3}, {State: "BBB", Point: 1},
		{State: "CCC", Point: 0}, {State: "EEE", Point: 0.5},
	}
	sides := []Side{
		{State: "AAA", Mean: -1, Centred: -1.2, Votes: 4, Var: 0.2},
		{State: "BBB", Mean: 1, Centred: 0.8, Votes: 4, Var: 0.1},
		{State: "CCC", Mean: 0, Centred: -0.2, Votes: 2, Var: 0.6},
		{State: "DDD", Mean: 1, Centred: 1.5, Votes: 1}, // beyond BBB: clamped
		{State: "EEE"},
		{State: "FFF", Mean: 1, Votes: 3}, // no point: ignored
	}
	got, m, ok := Align(points, sides, "AAA", "BBB")
	if !ok {
		t.Fatal("Align: not ok")
	}
	// EEE (no votes) is predicted from the others' alignments -1, 1, 0, 1
	// at points -1, 1, 0, 2: beta = 3.5/5 = 0.7 (mean point 0.5, mean
	// alignment 0.25), alpha = 0.25 - 0.35 = -0.1; residuals -0.2, 0.4,
	// 0.1, -0.3 leave 0.3/2.
	wantModel := AlignModel{Low: -1.2, High: 0.8, Sigma2: sigma2, Alpha: -0.1, Beta: 0.7, ResidualSD: math.Sqrt(0.15), States: 4, Predicted: 1}
	if math.Abs(m.Low-wantModel.Low) > tol || math.Abs(m.High-wantModel.High) > tol || math.Abs(m.Sigma2-wantModel.Sigma2) > tol ||
		math.Abs(m.Alpha-wantModel.Alpha) > tol || math.Abs(m.Beta-wantModel.Beta) > tol ||
		math.Abs(m.ResidualSD-wantModel.ResidualSD) > tol || m.States != 4 || m.Predicted != 1 {
		t.Errorf("model %+v, want %+v", m, wantModel)
	}
	for i, w := range []want{
		{"AAA", -1, math.Sqrt(sigma2 / 4)},
		{"BBB", 1, math.Sqrt(sigma2 / 4)},
		{"CCC", 0, math.Sqrt(sigma2 / 2)},
		{"DDD", 1, math.Sqrt(sigma2)},
		{"EEE", -0.1 + 0.7*0.5, math.Sqrt(0.15)},
	} {
		g := got[i]
		if g.State != w.state || math.Abs(g.Mean-w.mean) > tol || math.Abs(g.SD-w.sd) > tol {
			t.Errorf("got %s %.9f ± %.9f, want %s %.9f ± %.9f", g.State, g.Mean, g.SD, w.state, w.mean, w.sd)
		}
	}
	if got[0].Point != -1 || got[0].PointSD != 0.3 {
		t.Errorf("AAA point %v ± %v, want -1 ± 0.3", got[0].Point, got[0].PointSD)
	}
	// The reference states must have voted, on different sides.
	for _, tc := range []struct{ low, high string }{{"AAA", "EEE"}, {"BBB", "AAA"}, {"AAA", "ZZZ"}} {
		if _, _, ok := Align(points, sides, tc.low, tc.high); ok {
			t.Errorf("Align(%s, %s) ok; want not ok", tc.low, tc.high)
		}
	}
}

func TestVoteString(t *testing.T) {
	for v, want := range map[Vote]string{No: "no", Abstain: "abstain", Yes: "yes", 7: "Vote(7)"} {
		if got := v.String(); got != want {
			t.Errorf("Vote(%d).String() = %q, want %q", v, got, want)
		}
	}
}
