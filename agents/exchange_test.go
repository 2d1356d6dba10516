package agents

import (
	"fmt"
	"math"
	"testing"
)

// exchangeSrc has two clauses and two states with opposite salience
// profiles: T cares about a (0.8) more than b (0.2) and wants both at 1; U
// the reverse, wanting both at 0. T's capability is capT.
func exchangeSrc(capT string) string {
	clause := func(id string) string {
		return `
[clauses.` + id + `]
title = "` + id + `"
cluster = "main"
opening = "hi"
options = [{ id = "lo", value = 0.0 }, { id = "hi", value = 1.0 }]
`
	}
	return scenario("[model]\nactive_salience = 0.5", clause("a")+clause("b"), `
[states.TTT]
name = "T"
capability = `+capT+`
positions.a = { ideal = 1.0, salience = 0.8 }
positions.b = { ideal = 1.0, salience = 0.2 }
[states.UUU]
name = "U"
capability = 1
positions.a = { ideal = 0.0, salience = 0.2 }
positions.b = { ideal = 0.0, salience = 0.8 }
`)
}

// outcomeOf returns the compromise of the demands and the total weight of
// each clause: what the engine passes to Exchange.
func outcomeOf(p *Population) (outcome, weight []float64) {
	outcome, weight = make([]float64, p.M), make([]float64, p.M)
	for c := range p.M {
		num := 0.0
		for i := range p.N {
			w := p.Capability[i] * p.Salience[i*p.M+c]
			num += w * p.Demand[i*p.M+c]
			weight[c] += w
		}
		outcome[c] = num / weight[c]
	}
	return outcome, weight
}

// TestExchangeByHand checks one exchange of the Stokman-Van Oosten model
// against a computation by hand. T gains on a from U's move, U on b from
// T's. Per unit of move the outcome shifts by effA = C_U s_Ua / W_a on a
// and effB = C_T s_Tb / W_b on b; equal gains need
// effA dA (s_Ta + s_Ua) = effB dB (s_Tb + s_Ub), one move going all the way,
// and each side gains effA dA (s_Ta s_Ub - s_Tb s_Ua) / (s_Tb + s_Ub).
//
//	C_T = 1: W_a = W_b = 1, effA = effB = 0.2, dA = dB = 1, gain 0.2*0.6 = 0.12
//	C_T = 2: W_a = 1.8, W_b = 1.2, effA = 1/9, effB = 1/3; dA = 1 gives
//	         dB = (1/9)/(1/3) = 1/3; gain (1/9)*0.6 = 1/15
func TestExchangeByHand(t *testing.T) {
	tests := []struct {
		capT       string
		uOnA, tOnB float64 // demands after the exchange
		gain       float64
	}{
		{"1", 1, 0, 0.12},
		{"2", 1, 1 - 1.0/3, 1.0 / 15},
	}
	for _, tt := range tests {
		t.Run("capT"+tt.capT, func(t *testing.T) {
			p := newPop(t, exchangeSrc(tt.capT))
			outcome, weight := outcomeOf(p)
			trades := p.Exchange([]bool{true, true}, outcome, weight, 0.5, nil, nil)
			if len(trades) != 1 {
				t.Fatalf("%d trades, want 1: %+v", len(trades), trades)
			}
			tr := trades[0]
			const T, U, a, b = 0, 1, 0, 1
			if tr.A != T || tr.B != U || tr.ClauseA != a || tr.ClauseB != b {
				t.Errorf("trade %+v: want T gaining on a, U on b", tr)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"U's demand on a", p.Demand[U*p.M+a], tt.uOnA},
				{"T's demand on b", p.Demand[T*p.M+b], tt.tOnB},
				{"U's promise on a", p.Commit[U*p.M+a], tt.uOnA},
				{"T's promise on b", p.Commit[T*p.M+b], tt.tOnB},
				{"T's gain", tr.GainA, tt.gain},
				{"U's gain", tr.GainB, tt.gain},
				{"T's demand on a (unchanged)", p.Demand[T*p.M+a], 1},
			} {
				if math.Abs(c.got-c.want) > 1e-12 {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
			// The promise is kept: conceding toward the far end does not
			// undo it, as the promise is farther from U's preference.
			p.Concede([]float64{0.5, 0.5}, []bool{true, true}, 0)
			if got := p.Demand[U*p.M+a]; math.Abs(got-tt.uOnA) > 1e-12 {
				t.Errorf("after Concede, U's demand on a = %v, want the promise %v", got, tt.uOnA)
			}
		})
	}
}

// TestExchangeNeedsOppositeSides checks that states on the same side of
// the expected outcome on a clause do not trade, and that the silent (below
// active_salience) do not trade at all.
func TestExchangeNeedsOppositeSides(t *testing.T) {
	p := newPop(t, exchangeSrc("1"))
	outcome, weight := outcomeOf(p)
	p.Demand[1*p.M+1] = 1 // U now asks for 1 on b, as T does
	if trades := p.Exchange([]bool{true, true}, outcome, weight, 0.5, nil, nil); len(trades) != 0 {
		t.Errorf("trades on a clause where both stand on one side: %+v", trades)
	}
	p = newPop(t, exchangeSrc("1"))
	if trades := p.Exchange([]bool{true, true}, outcome, weight, 0.9, nil, nil); len(trades) != 0 {
		t.Errorf("trades by states below active_salience: %+v", trades)
	}
	refused := 0
	p = newPop(t, exchangeSrc("1"))
	p.Controlled[1] = true
	no := func(Trade) bool { refused++; return false }
	if trades := p.Exchange([]bool{true, true}, outcome, weight, 0.5, no, nil); len(trades) != 0 || refused != 1 {
		t.Errorf("a played state refused, yet %d trades (asked %d times)", len(trades), refused)
	}
}

// TestBuyByHand checks a purchase with incentives: sponsor T pays U to
// move on a, the clause T cares about more. U's move of 1 shifts the
// outcome on a by effA = 0.2, so with equal gains the payment is
// 0.2 * (0.8 + 0.2) / 2 = 0.1 and each side gains 0.2 * (0.8 - 0.2) / 2 = 0.06.
func TestBuyByHand(t *testing.T) {
	for _, tt := range []struct {
		budget float64
		bought bool
	}{{0.5, true}, {0.1, true}, {0.09, false}} {
		t.Run(fmt.Sprint(tt.budget), func(t *testing.T) {
			p := newPop(t, exchangeSrc("1"))
			outcome, weight := outcomeOf(p)
			budget := tt.budget
			trades := p.Buy([]int{0}, []int{1}, []bool{true, false}, outcome, weight, &budget, nil, nil)
			if !tt.bought {
				if len(trades) != 0 || budget != tt.budget || p.Bonus[1] != 0 {
					t.Errorf("bought beyond the budget: %+v, budget left %v", trades, budget)
				}
				return
			}
			if len(trades) != 1 {
				t.Fatalf("trades %+v, want one", trades)
			}
			tr := trades[0]
			if tr.ClauseA != 0 || tr.ClauseB != -1 || math.Abs(tr.Payment-0.1) > 1e-12 || math.Abs(tr.GainA-0.06) > 1e-12 {
				t.Errorf("trade %+v, want U's move on a for 0.1, gains 0.06", tr)
			}
			if math.Abs(budget-(tt.budget-0.1)) > 1e-12 || math.Abs(p.Bonus[1]-0.1) > 1e-12 || p.Demand[1*p.M] != 1 {
				t.Errorf("budget left %v, U's bonus %v, U's demand on a %v", budget, p.Bonus[1], p.Demand[1*p.M])
			}
		})
	}
}
