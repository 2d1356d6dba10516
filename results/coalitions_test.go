package results

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// camps builds a scenario of nine states in three camps of three, the camps
// standing at 0, 0.5 and 1 on every one of three clauses; the first camp is
// a labelled group ("North").
func camps(t *testing.T) *scenarios.Scenario {
	t.Helper()
	var b strings.Builder
	b.WriteString(`format = 1
[scenario]
id = "camps"
title = "Three camps"
[clusters.main]
title = "Main"
[groups.north]
name = "North"
label = "North"
`)
	for c := range 3 {
		fmt.Fprintf(&b, "[clauses.c%d]\ntitle = \"c%d\"\ncluster = \"main\"\nopening = \"lo\"\n"+
			"options = [{ id = \"lo\", value = 0.0 }, { id = \"hi\", value = 1.0 }]\n", c, c)
	}
	ids := []string{"AAA", "AAB", "AAC", "BBA", "BBB", "BBC", "CCA", "CCB", "CCC"}
	for k, id := range ids {
		fmt.Fprintf(&b, "[states.%s]\nname = %q\ncapability = %d\n", id, id, k+1)
		if k < 3 {
			b.WriteString("groups = [\"north\"]\n")
		}
		for c := range 3 {
			fmt.Fprintf(&b, "positions.c%d = { ideal = %g, salience = 0.5 }\n", c, float64(k/3)/2)
		}
	}
	b.WriteString("[[sessions]]\nid = \"s\"\nagenda = [\"main\"]\n")
	sc, err := scenarios.Parse("camps.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// view is the room of sc with every state at its ideal point.
func view(sc *scenarios.Scenario) SessionView {
	n, m := len(sc.States), len(sc.Clauses)
	v := SessionView{Pos: make([]float64, n*m), Salience: make([]float64, n*m), Present: make([]bool, n),
		Agenda: make([]bool, m)}
	for i, st := range sc.States {
		v.Present[i] = true
		for c := range m {
			v.Pos[i*m+c] = st.Positions[c].Ideal.Mean()
			v.Salience[i*m+c] = st.Positions[c].Salience.Mean()
		}
	}
	for c := range v.Agenda {
		v.Agenda[c] = true
	}
	return v
}

func TestAgreement(t *testing.T) {
	sc := camps(t)
	v := view(sc)
	a := Agreement(sc, &v)
	// Same camp: closeness 1; camps 0.5 apart: 0.5; 0 and 1: 0.
	for _, tt := range []struct {
		i, j int
		want float64
	}{{0, 1, 1}, {0, 3, 0.5}, {0, 6, 0}, {4, 7, 0.5}} {
		if got := a[tt.i][tt.j]; got != tt.want || a[tt.j][tt.i] != tt.want {
			t.Errorf("agreement(%d, %d) = %v, want %v (symmetric)", tt.i, tt.j, got, tt.want)
		}
	}
	// Votes count where they were cast: i and j voted alike once in two.
	v.Agenda = make([]bool, len(sc.Clauses))
	yes, no := agents.Yes, agents.No
	v.Votes = [][]agents.Vote{
		{yes, yes, yes, no, no, no, no, no, no},
		{yes, no, yes, no, no, no, no, no, no},
	}
	if got := Agreement(sc, &v)[0][1]; got != 0.5 {
		t.Errorf("co-voting agreement = %v, want 0.5", got)
	}
}

// TestDetectKnownCommunities checks that Louvain finds the three camps of
// a constructed room, with their shares, cohesion and names.
func TestDetectKnownCommunities(t *testing.T) {
	sc := camps(t)
	v := view(sc)
	p := Detect(sc, &v, rand.NewChaCha8([32]byte{1}))
	var got [][]int
	for _, c := range p.Coalitions {
		got = append(got, c.Members)
	}
	want := [][]int{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("coalitions %v, want the three camps %v", got, want)
	}
	if p.Modularity <= 0.3 {
		t.Errorf("modularity %v; three clean camps should give well above 0.3", p.Modularity)
	}
	// Capabilities 1..9: the camps hold 6, 15 and 24 of 45.
	for k, share := range []float64{6.0 / 45, 15.0 / 45, 24.0 / 45} {
		c := p.Coalitions[k]
		if diff := c.CapabilityShare - share; diff > 1e-12 || diff < -1e-12 {
			t.Errorf("coalition %d: capability share %v, want %v", k, c.CapabilityShare, share)
		}
		if c.Cohesion != 1 {
			t.Errorf("coalition %d: cohesion %v, want 1 (members agree fully)", k, c.Cohesion)
		}
	}
	if name := p.Coalitions[0].Name; name != "North" {
		t.Errorf("the labelled camp is named %q, want \"North\"", name)
	}
	if name := p.Coalitions[2].Name; name != "CCC-CCB-CCA" {
		t.Errorf("an unlabelled camp is named %q, want its heaviest states \"CCC-CCB-CCA\"", name)
	}
	// An absent state belongs to no coalition.
	v.Present[4] = false
	if p := Detect(sc, &v, rand.NewChaCha8([32]byte{1})); p.Of[4] != -1 {
		t.Errorf("an absent state is in coalition %d", p.Of[4])
	}
}

// partition builds a Partition of n states from member lists.
func partition(n int, groups ...[]int) Partition {
	p := Partition{Of: make([]int, n)}
	for i := range p.Of {
		p.Of[i] = -1
	}
	for k, g := range groups {
		p.Coalitions = append(p.Coalitions, Coalition{Members: g})
		for _, i := range g {
			p.Of[i] = k
		}
	}
	return p
}

// TestTrackSplitAndMerge scripts a split and a merge and checks that
// identities and sources follow them.
func TestTrackSplitAndMerge(t *testing.T) {
	parts := []Partition{
		partition(6, []int{0, 1, 2, 3}, []int{4, 5}),        // C1 = ABCD, C2 = EF
		partition(6, []int{0, 1, 2}, []int{3}, []int{4, 5}), // C1 splits: ABC keeps C1, D is new
		partition(6, []int{0, 1, 2, 3, 4}, []int{5}),        // ABC, D and E merge; F alone
		partition(6, []int{0, 1, 2, 3, 4}, []int{5}),        // nothing moves
	}
	Track(parts)
	ids := func(p Partition) []string {
		var out []string
		for _, c := range p.Coalitions {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		session int
		ids     []string
		from    [][]string
	}{
		{0, []string{"C1", "C2"}, [][]string{nil, nil}},
		{1, []string{"C1", "C3", "C2"}, [][]string{{"C1"}, {"C1"}, {"C2"}}},
		{2, []string{"C1", "C2"}, [][]string{{"C1", "C2", "C3"}, {"C2"}}},
		{3, []string{"C1", "C2"}, [][]string{{"C1"}, {"C2"}}},
	}
	for _, tt := range tests {
		p := parts[tt.session]
		if got := ids(p); !slices.Equal(got, tt.ids) {
			t.Errorf("session %d: identities %v, want %v", tt.session, got, tt.ids)
		}
		for k, c := range p.Coalitions {
			if !slices.Equal(c.From, tt.from[k]) {
				t.Errorf("session %d, %s: drew from %v, want %v", tt.session, c.ID, c.From, tt.from[k])
			}
		}
	}
}
