package agents

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// TestSiblingsChangeNothing checks the shortcuts that let a state copy what
// its sibling computed (Socialize, Concede): a population that takes them
// and one that cannot (no state has a sibling) must hold the same
// positions and demands, bit for bit, through rounds interleaved with the
// changes an engine or a caller can make between them.
func TestSiblingsChangeNothing(t *testing.T) {
	for _, curvature := range []string{"2", "1.5"} {
		t.Run("curvature"+curvature, func(t *testing.T) {
			src, err := scenarios.ShippedSource("ahc")
			if err != nil {
				t.Fatal(err)
			}
			s := strings.Replace(string(src), "curvature = 2", "curvature = "+curvature, 1)
			sc, err := scenarios.Parse("ahc", []byte(s))
			if err != nil {
				t.Fatal(err)
			}
			shared, alone := New(sc), New(sc)
			for i := range alone.sibling {
				alone.sibling[i] = -1
			}
			siblings := 0
			for _, j := range shared.sibling {
				if j >= 0 {
					siblings++
				}
			}
			if siblings < shared.N/2 {
				t.Fatalf("only %d of %d states have a sibling: the test would test little", siblings, shared.N)
			}
			for run := range 3 {
				checkSiblings(t, sc, shared, alone, uint64(run))
			}
		})
	}
}

// checkSiblings plays one run of random rounds and changes on both
// populations and compares them after every step.
func checkSiblings(t *testing.T, sc *scenarios.Scenario, shared, alone *Population, seed uint64) {
	t.Helper()
	var key [32]byte
	key[0] = byte(seed)
	shared.Reset(rand.New(rand.NewChaCha8(key)))
	alone.Reset(rand.New(rand.NewChaCha8(key)))
	r := rand.New(rand.NewPCG(seed, 99))
	n, m := shared.N, shared.M
	agenda, target := make([]bool, m), make([]float64, m)
	both := func(f func(p *Population)) { f(shared); f(alone) }
	compare := func(step string) {
		t.Helper()
		for k := range shared.Pos {
			if math.Float64bits(shared.Pos[k]) != math.Float64bits(alone.Pos[k]) ||
				math.Float64bits(shared.Demand[k]) != math.Float64bits(alone.Demand[k]) {
				t.Fatalf("run %d, %s: state %s clause %d: position %v / %v, demand %v / %v (with / without siblings)",
					seed, step, sc.States[k/m].ID, k%m, shared.Pos[k], alone.Pos[k], shared.Demand[k], alone.Demand[k])
			}
		}
	}
	for round := range 40 {
		// Now and then a change between rounds, as events make them.
		i, c := r.IntN(n), r.IntN(m)
		switch r.IntN(10) {
		case 0:
			present := r.IntN(2) == 0
			both(func(p *Population) { p.Present[i] = present })
		case 1:
			ideal, salience := r.Float64(), r.Float64()
			both(func(p *Population) { p.SetStand(i, c, ideal, salience, math.NaN()) })
		case 2:
			lambda := r.Float64()
			both(func(p *Population) { p.Lambda[i] = lambda })
		case 3:
			r0 := r.Float64()
			both(func(p *Population) { p.NoTreaty[i] = r0 })
		case 4:
			d := scenarios.Disposition(r.IntN(int(scenarios.NumDispositions)))
			both(func(p *Population) { p.SetDisposition(i, d, nil) })
		case 5:
			both(func(p *Population) { p.ClearPins() })
		case 6:
			v := r.Float64()
			if shared.pinsKnown {
				both(func(p *Population) { p.PinDemand(i, c, v) })
			} else {
				// Before any ClearPins, a caller may still write Pin directly.
				both(func(p *Population) { p.Pin[i*m+c] = v })
			}
		}
		for c := range agenda {
			agenda[c] = r.IntN(3) > 0
			target[c] = r.Float64()
		}
		tau := float64(round+1) / 40
		both(func(p *Population) { p.Socialize(agenda) })
		compare("Socialize")
		both(func(p *Population) { p.Concede(target, agenda, tau) })
		compare("Concede")
	}
}
