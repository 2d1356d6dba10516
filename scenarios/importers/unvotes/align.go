package unvotes

import (
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// minSigma2 floors the pooled vote variance: with few votes it can come
// out at zero, which would make a state's side infinitely precise.
const minSigma2 = 0.05

// Alignment is a state's estimated position on a divide.
type Alignment struct {
	State string
	// Mean is the state's place between the two reference states, -1 at
	// the low one and +1 at the high one, clamped to [-1, 1]; SD its
	// standard error.
	Mean, SD float64
	// Side and SideVotes are the state's observed mean side and the
	// number of contested votes it rests on (see Record.Sides); with no
	// side votes Mean is predicted from Point.
	Side      float64
	SideVotes int
	// Point and PointSD are the state's ideal point and its standard
	// error.
	Point, PointSD float64
}

// AlignModel is what Align estimated from all the states: the centred
// sides of the two reference states, which fix the scale; the pooled
// variance of one centred vote around a state's side; and the prediction
// of a state's alignment from its ideal point (Alpha + Beta*Point, with
// residual standard deviation ResidualSD) for states with no side votes.
type AlignModel struct {
	Low, High         float64
	Sigma2            float64
	Alpha, Beta       float64
	ResidualSD        float64
	States, Predicted int // states placed by their votes, by their ideal point
}

// Align places each state between the reference states low and high of
// sides (Record.Sides): the state's centred side c is mapped linearly so
// that low's centred side goes to -1 and high's to +1,
//
//	Mean = -1 + 2 (c - c_low) / (c_high - c_low), clamped to [-1, 1],
//
// with standard error SD = sqrt(sigma2 / n) * 2 / (c_high - c_low) (at
// most 1), where n is the state's number of side votes and sigma2 the
// pooled within-state variance of its centred votes (n-1 denominators,
// floored at 0.05): each contested vote is a noisy reading of where the
// state stands.
//
// A state that cast no side vote is placed by its ideal point: the
// alignments of the others are regressed on their ideal points (ordinary
// least squares), and the state takes the prediction, with the residual
// standard deviation as its SD. The ideal point is not used as a prior
// for states that did vote: on the divide of the flagship it orders the
// camps badly (Russia, which leads one camp, sits at the centre of the
// main dimension of UN voting, between the West and most of the
// developing world), so shrinking toward it would pull the leaders of
// the divide to its middle.
//
// Only states in points are returned, sorted by State. ok is false when
// low or high cast no side vote or their sides do not differ.
func Align(points []Estimate, sides []Side, low, high string) (out []Alignment, m AlignModel, ok bool) {
	bySide := make(map[string]Side, len(sides))
	for _, s := range sides {
		bySide[s.State] = s
	}
	lo, hi := bySide[low], bySide[high]
	if lo.Votes == 0 || hi.Votes == 0 || hi.Centred <= lo.Centred {
		return nil, m, false
	}
	m.Low, m.High = lo.Centred, hi.Centred
	scale := 2 / (m.High - m.Low)
	var within, dof float64
	for _, s := range sides {
		if s.Votes >= 2 {
			within += float64(s.Votes-1) * s.Var
			dof += float64(s.Votes - 1)
		}
	}
	m.Sigma2 = 1
	if dof > 0 {
		m.Sigma2 = max(within/dof, minSigma2)
	}
	out = make([]Alignment, 0, len(points))
	var xs, ys []float64
	for _, p := range points {
		a := Alignment{State: p.State, Point: p.Point, PointSD: p.SD}
		if s, ok := bySide[p.State]; ok && s.Votes > 0 {
			a.Side, a.SideVotes = s.Mean, s.Votes
			a.Mean = min(max(-1+scale*(s.Centred-m.Low), -1), 1)
			a.SD = min(math.Sqrt(m.Sigma2/float64(s.Votes))*scale, 1)
			xs, ys = append(xs, p.Point), append(ys, a.Mean)
		}
		out = append(out, a)
	}
	m.States = len(xs)
	m.ResidualSD = 1
	if len(xs) >= 3 && stat.Variance(xs, nil) > 0 {
		m.Alpha, m.Beta = stat.LinearRegression(xs, ys, nil, false)
		var ss float64
		for i, x := range xs {
			r := ys[i] - m.Alpha - m.Beta*x
			ss += r * r
		}
		m.ResidualSD = math.Sqrt(ss / float64(len(xs)-2))
	} else if len(xs) > 0 {
		m.Alpha = stat.Mean(ys, nil)
	}
	for i := range out {
		if a := &out[i]; a.SideVotes == 0 {
			a.Mean = min(max(m.Alpha+m.Beta*a.Point, -1), 1)
			a.SD = min(m.ResidualSD, 1)
			m.Predicted++
		}
	}
	slices.SortFunc(out, func(a, b Alignment) int { return strings.Compare(a.State, b.State) })
	return out, m, true
}
