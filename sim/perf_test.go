package sim_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// BenchmarkRunFlagshipReusedRNG is BenchmarkRunFlagship without the
// generator's construction: the cost of Run alone, which allocates
// nothing.
func BenchmarkRunFlagshipReusedRNG(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	e, out, rng := sim.New(sc), sim.NewOutcome(sc), sim.RunRNG(1, 0)
	b.ReportAllocs()
	for b.Loop() {
		e.Run(rng, nil, out)
	}
}

// TestRunFlagshipAllocatesNothing is TestRunAllocatesNothing on the
// flagship, whose events (tabled proposals, redrafts, attitude changes,
// incentives, votes with ids and labels) the toy does not all have.
func TestRunFlagshipAllocatesNothing(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	e, out, rng := sim.New(sc), sim.NewOutcome(sc), sim.RunRNG(1, 0)
	e.Run(rng, nil, out) // warm-up
	if allocs := testing.AllocsPerRun(5, func() { e.Run(rng, nil, out) }); allocs != 0 {
		t.Errorf("Run of the flagship with a nil recorder: %v allocations per run, want 0", allocs)
	}
}

// evaluations counts the state-by-clause evaluations one run of sc makes,
// pass by pass: the draws of every stand at the start; every round with an
// agenda, socialisation (N x agenda) and the room's compromise (N x M); in
// organisation and first readings the statements (N x agenda) and, in a
// first reading, the compilation (N x M); in negotiation the concession
// (the utility of the target, then the concession: 2 N x M), the weighing
// of the demands (N x M) and the exchange market (T x M to build the
// traders, a bloc that negotiates as one counting once, and one for each
// of their T(T-1)/2 pairs: a test of bits, then a scan of the few clauses
// where the two stand apart); the chair's
// drafts (2 N x M each), the close of each session (N x M) and the polls
// and votes of the concluding sessions (N x M each).
func evaluations(sc *scenarios.Scenario) int {
	n, m := len(sc.States), len(sc.Clauses)
	traders, inBloc := 0, make([]bool, n)
	for _, g := range sc.Groups {
		if g.NegotiatesAsOne {
			traders++
			for _, i := range g.Members {
				inBloc[i] = true
			}
		}
	}
	for i, st := range sc.States {
		top := 0.0
		for _, s := range st.Positions {
			top = max(top, s.Salience.Mean())
		}
		if !inBloc[i] && top >= sc.Model.ActiveSalience {
			traders++
		}
	}
	total := 3 * n * m // the draws
	for _, s := range sc.Sessions {
		agenda := 0
		for _, cl := range sc.Clauses {
			for _, a := range s.Agenda {
				if cl.Cluster == a {
					agenda++
				}
			}
		}
		if agenda > 0 {
			round := n*agenda + n*m
			switch s.Phase {
			case scenarios.Organisation:
				round += n * agenda
			case scenarios.FirstReading:
				round += n*agenda + n*m
			default:
				round += 3*n*m + traders*m + traders*(traders-1)/2
			}
			total += s.Rounds*round + n*m
		}
		for _, ev := range s.Events {
			if ev.Kind == scenarios.ChairText && ev.Draft != scenarios.NoDraft {
				total += 2 * n * m
			}
			if ev.Kind == scenarios.Vote {
				total += n * m
			}
		}
		if s.Concluding {
			total += 2*n*m + 2*n*m // the final package and the poll
		}
	}
	return total
}

var sink float64

// BenchmarkRoofline does, in one tight loop over flat slices, as many
// salience-weighted quadratic loss evaluations as one flagship run makes
// state-by-clause evaluations, with no negotiation logic: the floor a run
// is measured against (docs/performance.md). A run should cost at most 3
// times this.
func BenchmarkRoofline(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	n, m := len(sc.States), len(sc.Clauses)
	evals := evaluations(sc)
	pos, w, text := make([]float64, n*m), make([]float64, n*m), make([]float64, m)
	for k := range pos {
		pos[k], w[k] = float64(k%7)/7, float64(k%5)/20
	}
	for c := range text {
		text[c] = float64(c%3) / 3
	}
	for b.Loop() {
		u := 0.0
		for done := 0; done < evals; {
			for i := 0; i < n && done < evals; i++ {
				x, wi := pos[i*m:(i+1)*m], w[i*m:(i+1)*m]
				for c, t := range text {
					d := t - x[c]
					u += wi[c] * d * d
				}
				done += m
			}
		}
		sink = u
	}
	b.ReportMetric(float64(evals), "evals/op")
}

// BenchmarkMonteCarlo measures flagship throughput with 1 and 2 workers
// (ns/op is per run).
func BenchmarkMonteCarlo(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			sinks := make([]sim.Sink, workers)
			for w := range sinks {
				sinks[w] = discard{}
			}
			b.ResetTimer()
			mc := sim.MonteCarlo{Seed: 1, First: 0, Last: uint64(b.N)}
			if _, err := mc.Run(context.Background(), sc, sinks); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

type discard struct{}

func (discard) Add(uint64, *sim.Outcome) {}
