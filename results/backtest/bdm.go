package backtest

import (
	"math"

	"github.com/treatysim/treatysim/scenarios/importers"
)

// This file is Bueno de Mesquita's expected-utility model of group
// decisions (Bueno de Mesquita 1994, "Political forecasting: an expected
// utility method", in Bueno de Mesquita and Stokman (eds.), European
// Community Decision Making), as reconstructed by Scholz, Calbert and
// Smith (2011), "Unravelling Bueno de Mesquita's group decision model",
// Journal of Theoretical Politics 23(4). Positions are on [0,1], so the
// distances need no rescaling by the range of positions.
//
// Each round:
//
//  1. The forecast mu is the position of the median voter, each actor
//     voting with capability times salience (on a line, the position
//     that beats every other in pairwise votes).
//  2. Risk attitudes: with r = 1 for everyone, each actor's vulnerability
//     is the sum of the expected utilities the others have of challenging
//     it; R_i = (2 V_i - V_max - V_min) / (V_max - V_min) and
//     r_i = (1 - R_i/3) / (1 + R_i/3), in [0.5, 2].
//  3. For every ordered pair, i's expected utility of challenging j,
//     EU_i(ij) = s_j (P U_s + (1 - P) U_f) + (1 - s_j) U_s
//     - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w),
//     with P = the share of the votes c_k s_k (|x_k - x_j| - |x_k - x_i|)
//     that favour i, and
//     U_s = 2 - 4 (0.5 - 0.5 d)^r, U_f = 2 - 4 (0.5 + 0.5 d)^r,
//     U_sq = 2 - 4 (0.5)^r, U_b = 2 - 4 (0.5 - 0.25 (|x_i - mu| + d))^r,
//     U_w = 2 - 4 (0.5 + 0.25 (|x_i - mu| + d))^r, d = |x_i - x_j|,
//     r = r_i.
//  4. Offers, from comparing EU_i(ij) with EU_j(ji): conflict (both
//     positive, i's larger) or compellence (i's positive and larger than
//     j's loss) make j move to x_i; a compromise (i's positive but smaller
//     than j's loss) moves j toward x_i by the share EU_i(ij) / |EU_j(ji)|.
//  5. Each actor takes, of the offers it receives, the one that moves it
//     least; all move at once.
//
// The forecast is mu after the last round.
//
// Simplifications, stated: full information (each actor computes the
// others' expected utilities with their true risk attitudes, so there are
// no misperceptions, bluffs or the "perceived" cases of the original);
// Q = 0.5 and T = 1, constants (i expects a status quo that changes to
// change in its favour); at most bdmRounds rounds, stopping early when no
// actor moves. docs/validation.md reports how much the forecasts move
// with other readings of Q and T.

// bdmRounds caps the rounds of bargaining.
const bdmRounds = 10

// bdmQ is the probability that the status quo holds when i does not
// challenge j; bdmT the probability that, if it does not hold, it changes
// in i's favour.
const (
	bdmQ = 0.5
	bdmT = 1.0
)

// ExpectedUtility is the forecast of Bueno de Mesquita's expected-utility
// model for the stands; see the comment above.
func ExpectedUtility(st []importers.Stand) float64 {
	n := len(st)
	if n == 0 {
		return math.NaN()
	}
	m := newBDM(st)
	for round := 0; round < bdmRounds; round++ {
		if !m.round() {
			break
		}
	}
	return m.median()
}

// bdm is the state of the model: positions move, the rest is fixed.
type bdm struct {
	x, s, c, w []float64 // positions, saliences, capabilities, votes c*s
	r          []float64 // risk exponents
	mu         float64   // the current forecast
	offer      []float64 // per actor: the position it accepts this round, NaN for none
}

func newBDM(st []importers.Stand) *bdm {
	n := len(st)
	m := &bdm{x: make([]float64, n), s: make([]float64, n), c: make([]float64, n), w: make([]float64, n),
		r: make([]float64, n), offer: make([]float64, n)}
	for k, a := range st {
		m.x[k], m.s[k], m.c[k] = a.Position, a.Salience, a.Capability
		m.w[k] = a.Capability * a.Salience
	}
	return m
}

func (m *bdm) median() float64 { return weightedMedian(m.x, m.w) }

// round plays one round and reports whether any actor moved.
func (m *bdm) round() bool {
	n := len(m.x)
	m.mu = m.median()
	m.risk()
	for j := range m.offer {
		m.offer[j] = math.NaN()
	}
	for i := range n {
		for j := range n {
			if i == j || m.x[i] == m.x[j] {
				continue
			}
			eij, eji := m.eu(i, j, m.r[i]), m.eu(j, i, m.r[j])
			target := math.NaN()
			switch {
			case eij > 0 && eji > 0 && eij > eji: // conflict that i expects to win
				target = m.x[i]
			case eij > 0 && eji < 0 && eij > -eji: // i compels j
				target = m.x[i]
			case eij > 0 && eji < 0: // compromise: j gives in part of the way
				target = m.x[j] + (m.x[i]-m.x[j])*eij/(-eji)
			}
			if !math.IsNaN(target) && (math.IsNaN(m.offer[j]) || math.Abs(target-m.x[j]) < math.Abs(m.offer[j]-m.x[j])) {
				m.offer[j] = target
			}
		}
	}
	moved := false
	for j, o := range m.offer {
		if !math.IsNaN(o) && math.Abs(o-m.x[j]) > 1e-12 {
			m.x[j] = o
			moved = true
		}
	}
	return moved
}

// risk sets every actor's risk exponent from its vulnerability: the sum
// of the expected utilities the others have of challenging it, computed
// with r = 1.
func (m *bdm) risk() {
	n := len(m.x)
	v := make([]float64, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range n {
		for j := range n {
			if j != i {
				v[i] += m.eu(j, i, 1)
			}
		}
		lo, hi = math.Min(lo, v[i]), math.Max(hi, v[i])
	}
	for i := range n {
		R := 0.0
		if hi > lo {
			R = (2*v[i] - hi - lo) / (hi - lo)
		}
		m.r[i] = (1 - R/3) / (1 + R/3)
	}
}

// eu is i's expected utility of challenging j, with risk exponent r.
func (m *bdm) eu(i, j int, r float64) float64 {
	xi, xj := m.x[i], m.x[j]
	d, dm := math.Abs(xi-xj), math.Abs(xi-m.mu)
	p := m.prob(i, j)
	u := func(v float64) float64 { return 2 - 4*math.Pow(math.Max(0, v), r) }
	us, uf, usq := u(0.5-0.5*d), u(0.5+0.5*d), u(0.5)
	ub, uw := u(0.5-0.25*(dm+d)), u(0.5+0.25*(dm+d))
	sj := m.s[j]
	return sj*(p*us+(1-p)*uf) + (1-sj)*us - bdmQ*usq - (1-bdmQ)*(bdmT*ub+(1-bdmT)*uw)
}

// prob is the probability that i prevails over j: the share of the votes
// c_k s_k (|x_k - x_j| - |x_k - x_i|) of all actors, i and j included, cast
// for i. With no vote cast either way it is one half.
func (m *bdm) prob(i, j int) float64 {
	xi, xj := m.x[i], m.x[j]
	for_, all := 0.0, 0.0
	for k, xk := range m.x {
		v := m.w[k] * (math.Abs(xk-xj) - math.Abs(xk-xi))
		if v > 0 {
			for_ += v
		}
		all += math.Abs(v)
	}
	if all == 0 {
		return 0.5
	}
	return for_ / all
}
