package report

import (
	"math"
	"slices"
	"testing"

	"github.com/treatysim/treatysim/results"
)

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
