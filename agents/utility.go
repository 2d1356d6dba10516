package agents

import "math"

// Loss is |gap|^a, the loss of a text at distance gap from a position.
// The default curvature 2 is tested first and kept small enough to be
// inlined in the hot loops; gap*gap equals |gap|*|gap| exactly.
func (p *Population) Loss(gap float64) float64 {
	if p.curvature == 2 {
		return gap * gap
	}
	return p.loss(gap)
}

func (p *Population) loss(gap float64) float64 {
	gap = math.Abs(gap)
	if p.curvature == 1 {
		return gap
	}
	return math.Pow(gap, p.curvature)
}

// Utility is U_i(T) = 1 - sum_c w_ic |T_c - x_ic|^a, with w the normalised
// saliences: the design's sum_c s_ic (1 - |T_c - x_ic|^a) when saliences
// sum to 1, and closer to 1 for a state that cares little.
func (p *Population) Utility(i int, text []float64) float64 {
	m := p.M
	pos, w := p.Pos[i*m:(i+1)*m], p.Weight[i*m:(i+1)*m]
	pos, w = pos[:len(text)], w[:len(text)] // one bounds check, not one per clause
	u := 1.0
	if p.curvature == 2 { // the default, without a test per clause
		for c, t := range text {
			d := t - pos[c]
			u -= w[c] * (d * d)
		}
		return u
	}
	for c, t := range text {
		u -= w[c] * p.Loss(t-pos[c])
	}
	return u
}

// RedLineCrossed returns the first clause on which text crosses state i's
// red line, or -1.
func (p *Population) RedLineCrossed(i int, text []float64) int {
	m := p.M
	pos, red := p.Pos[i*m:(i+1)*m], p.RedLine[i*m:(i+1)*m]
	pos, red = pos[:len(text)], red[:len(text)]
	for c, t := range text {
		if math.Abs(t-pos[c]) > red[c] {
			return c
		}
	}
	return -1
}

// Aspiration is the time-dependent tactic of Faratin, Sierra & Jennings
// (1998) against no treaty: A_i(tau) = 1 - (1 - r_i) tau^(1/beta_i). At
// tau = 0 a state wants its ideal text; at tau = 1 it settles for anything
// better than no treaty. A package below it is a shortfall the state may
// object to.
func (p *Population) Aspiration(i int, tau float64) float64 {
	return 1 - (1-p.NoTreaty[i])*p.elapsed(i, tau)
}

// elapsed is tau^(1/beta_i), the share of its way to its reservation point
// a state has conceded at pressure tau.
func (p *Population) elapsed(i int, tau float64) float64 {
	if tau <= 0 {
		return 0
	}
	switch beta := p.Beta[i]; beta {
	case 1: // the dispositions' defaults, without a call to Pow
		return tau
	case 2:
		return math.Sqrt(tau)
	case 0.5:
		return tau * tau
	default:
		return math.Pow(tau, 1/beta)
	}
}
