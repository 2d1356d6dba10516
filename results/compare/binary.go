package compare

import "math"

// PairedBinary returns the paired comparison of two 0/1 outcomes, x in A
// and y in B, run by run: a and b are the proportions, the difference is
// b-a, the 95% interval is Newcombe's hybrid score interval for paired
// proportions (Newcombe 1998, method 10), and p is the exact two-sided
// McNemar p value (the binomial test of the discordant pairs).
//
// The Wald interval of Paired fails here at the ends: when every
// discordant pair goes one way (a clause kept in 199 of 200 runs of B and
// none of A), the per-run differences barely vary and it shrinks to a
// point that misses the true difference; Newcombe's interval, built from
// the Wilson intervals of the two proportions, keeps its coverage there.
func PairedBinary(x, y []float64) Row {
	var both, onlyA, onlyB, neither float64 // the 2x2 table of pairs
	for i := range x {
		switch {
		case x[i] != 0 && y[i] != 0:
			both++
		case x[i] != 0:
			onlyA++
		case y[i] != 0:
			onlyB++
		default:
			neither++
		}
	}
	n := float64(len(x))
	p1, p2 := (both+onlyA)/n, (both+onlyB)/n
	row := Row{A: p1, B: p2, Difference: p2 - p1, N: len(x)}
	l1, u1 := wilson(p1, n)
	l2, u2 := wilson(p2, n)
	// phi: the correlation of the pairs, 0 when a margin is empty.
	var phi float64
	if den := (both + onlyA) * (onlyB + neither) * (both + onlyB) * (onlyA + neither); den > 0 {
		phi = (both*neither - onlyA*onlyB) / math.Sqrt(den)
	}
	// Newcombe's theta = p1 - p2 with L = theta - delta, U = theta + eps;
	// the difference here is p2 - p1, so the interval is [-U, -L].
	delta := math.Sqrt(max(0, sq(p1-l1)-2*phi*(p1-l1)*(u2-p2)+sq(u2-p2)))
	eps := math.Sqrt(max(0, sq(u1-p1)-2*phi*(u1-p1)*(p2-l2)+sq(p2-l2)))
	theta := p1 - p2
	row.Low, row.High = -(theta + eps), -(theta - delta)
	row.P = mcNemar(int(onlyA), int(onlyB))
	return row
}

func sq(v float64) float64 { return v * v }

// wilson returns the Wilson score 95% interval of a proportion p of n.
func wilson(p, n float64) (lo, hi float64) {
	const z = 1.959963984540054
	den := 1 + z*z/n
	centre := (p + z*z/(2*n)) / den
	half := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
	return max(0, centre-half), min(1, centre+half)
}

// mcNemar returns the exact two-sided p value of McNemar's test: twice
// the binomial(b+c, 1/2) tail of the smaller discordant count, at most 1.
func mcNemar(b, c int) float64 {
	m := b + c
	if m == 0 {
		return 1
	}
	k := min(b, c)
	lgM, _ := math.Lgamma(float64(m + 1))
	var tail float64
	for i := 0; i <= k; i++ {
		lgI, _ := math.Lgamma(float64(i + 1))
		lgR, _ := math.Lgamma(float64(m - i + 1))
		tail += math.Exp(lgM - lgI - lgR - float64(m)*math.Ln2)
	}
	return min(1, 2*tail)
}
