package agents

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// TestConcedeIncrementalIsWhole checks the incremental spending of
// concede: a population that picks up where its last round left it
// and one that writes every demand anew each round hold the same demands,
// bit for bit, through sessions of rising pressure, new targets, pins,
// promises and changes of disposition (which can shrink a budget).
func TestConcedeIncrementalIsWhole(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	inc, whole := New(sc), New(sc)
	var key [32]byte
	key[0] = 7
	inc.Reset(rand.New(rand.NewChaCha8(key)))
	whole.Reset(rand.New(rand.NewChaCha8(key)))
	r := rand.New(rand.NewPCG(1, 2))
	m := inc.M
	agenda, target := make([]bool, m), make([]float64, m)
	both := func(f func(p *Population)) { f(inc); f(whole) }
	for session := range 6 {
		for c := range agenda {
			agenda[c] = r.Float64() < 0.8
			target[c] = r.Float64()
		}
		both(func(p *Population) { p.ClearPins() })
		if session == 2 {
			both(func(p *Population) { p.PinDemand(5, 3, 0.9) })
		}
		if session == 3 {
			both(func(p *Population) { p.Promise(9, 2, 0.1) })
		}
		tau := r.Float64() * 0.3
		for round := range 5 {
			tau += r.Float64() * 0.15
			if session == 4 && round == 2 {
				// A disposition that concedes more slowly shrinks a budget.
				both(func(p *Population) { p.Beta[11] = 0.2 })
			}
			if round == 3 {
				// A pin and a promise in the middle of a session.
				i, c := r.IntN(inc.N), r.IntN(m)
				v := r.Float64()
				both(func(p *Population) { p.PinDemand(i, c, v) })
				j, d := r.IntN(inc.N), r.IntN(m)
				w := r.Float64()
				both(func(p *Population) { p.Promise(j, d, w) })
			}
			inc.Concede(target, agenda, tau)
			whole.forgetReached()
			whole.Concede(target, agenda, tau)
			for k := range inc.Demand {
				if math.Float64bits(inc.Demand[k]) != math.Float64bits(whole.Demand[k]) {
					t.Fatalf("session %d round %d: state %d clause %d: incremental %v, whole %v",
						session, round, k/m, k%m, inc.Demand[k], whole.Demand[k])
				}
			}
		}
	}
}
