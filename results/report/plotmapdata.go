package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// MapData places every present state of every session with positions on
// the first two principal components of the states' demand vectors on
// all clauses (gonum's stat.PC), pooled over sessions so that one
// projection serves every panel. The sign of each component is fixed (its
// largest loading is positive) so that the map does not flip between
// machines or versions.
func MapData(d *results.RunData) (StateMap, error) {
	sc := d.Scenario
	m := len(sc.Clauses)
	snaps := demandSnapshots(d)
	type row struct {
		session string
		state   int
	}
	var rows []row
	var data []float64
	for _, s := range snaps {
		for i := range sc.States {
			if s.present[i] {
				rows = append(rows, row{s.session, i})
				data = append(data, s.demand[i*m:(i+1)*m]...)
			}
		}
	}
	out := StateMap{}
	for _, s := range snaps {
		out.Sessions = append(out.Sessions, s.session)
	}
	if len(rows) == 0 || m == 0 {
		return out, nil
	}
	x := mat.NewDense(len(rows), m, data)
	xy, explained, err := principalPlane(x)
	if err != nil {
		return out, err
	}
	out.Explained = explained
	of := map[string]map[string]string{}
	for _, r := range rows {
		s, st := r.session, sc.States[r.state].ID
		if of[s] == nil {
			of[s] = membershipsOf(d, s)
		}
		out.Points = append(out.Points, MapPoint{Session: s, State: st, Coalition: of[s][st]})
	}
	for k := range out.Points {
		out.Points[k].X, out.Points[k].Y = round4(xy.At(k, 0)), round4(xy.At(k, 1))
	}
	out.OneDimensional = explained[1] < negligibleShare*explained[0] || explained[0] == 0
	out.Spots = spotsOf(sc, out)
	return out, nil
}

// negligibleShare is the share of the first component's variance under
// which the second's is not worth a dimension of the plot: drawn to the
// same scale it would be a sliver, and stretched it would mislead.
const negligibleShare = 0.1

// spotsOf gathers the points of each session and coalition that stand
// within a hundredth of the map's extent of each other (on the first
// component alone when the map is one-dimensional), at their mean, the
// weightiest state first.
func spotsOf(sc *scenarios.Scenario, sm StateMap) []MapSpot {
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range sm.Points {
		xmin, xmax = min(xmin, p.X), max(xmax, p.X)
		ymin, ymax = min(ymin, p.Y), max(ymax, p.Y)
	}
	tol := 0.01 * max(xmax-xmin, ymax-ymin, 1e-9)
	weight := map[string]float64{}
	order := stateIndexes(sc)
	for _, st := range sc.States {
		weight[st.ID] = st.Capability.Mean()
	}
	pts := slices.Clone(sm.Points)
	slices.SortStableFunc(pts, func(a, b MapPoint) int {
		return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y))
	})
	type acc struct {
		spot   MapSpot
		x0, y0 float64
		sx, sy float64
	}
	var spots []*acc
	for _, p := range pts {
		y := p.Y
		if sm.OneDimensional {
			y = 0
		}
		var at *acc
		for _, s := range spots {
			if s.spot.Session == p.Session && s.spot.Coalition == p.Coalition &&
				math.Abs(s.x0-p.X) <= tol && math.Abs(s.y0-y) <= tol {
				at = s
				break
			}
		}
		if at == nil {
			at = &acc{spot: MapSpot{Session: p.Session, Coalition: p.Coalition}, x0: p.X, y0: y}
			spots = append(spots, at)
		}
		at.spot.States = append(at.spot.States, p.State)
		at.sx += p.X
		at.sy += y
	}
	session := map[string]int{}
	for k, s := range sm.Sessions {
		session[s] = k
	}
	out := make([]MapSpot, len(spots))
	for k, s := range spots {
		n := float64(len(s.spot.States))
		s.spot.X, s.spot.Y = round4(s.sx/n), round4(s.sy/n)
		slices.SortStableFunc(s.spot.States, func(a, b string) int {
			return cmp.Or(cmp.Compare(weight[b], weight[a]), cmp.Compare(order[a], order[b]))
		})
		out[k] = s.spot
	}
	slices.SortStableFunc(out, func(a, b MapSpot) int {
		return cmp.Or(cmp.Compare(session[a.Session], session[b.Session]), compareCoalitions(a.Coalition, b.Coalition),
			cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y))
	})
	return out
}

func round4(v float64) float64 {
	v = math.Round(v*1e4) / 1e4
	if v == 0 {
		return 0 // no -0
	}
	return v
}

// principalPlane projects the rows of x (centred) on its first two
// principal components, and returns the share of the variance each
// explains. With fewer than two varying columns the second coordinate is 0.
func principalPlane(x *mat.Dense) (*mat.Dense, [2]float64, error) {
	r, c := x.Dims()
	var explained [2]float64
	out := mat.NewDense(r, 2, nil)
	if r < 2 {
		return out, explained, nil
	}
	var pc stat.PC
	if ok := pc.PrincipalComponents(x, nil); !ok {
		return nil, explained, fmt.Errorf("principal components of %dx%d demands failed", r, c)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	total := 0.0
	for _, v := range vars {
		total += v
	}
	k := min(2, len(vars))
	_, vc := vecs.Dims()
	k = min(k, vc)
	means := make([]float64, c)
	for j := range c {
		means[j] = stat.Mean(mat.Col(nil, j, x), nil)
	}
	for p := range k {
		load := mat.Col(nil, p, &vecs)
		if load[argmaxAbs(load)] < 0 {
			for j := range load {
				load[j] = -load[j]
			}
		}
		for i := range r {
			s := 0.0
			for j := range c {
				s += (x.At(i, j) - means[j]) * load[j]
			}
			out.Set(i, p, s)
		}
		if total > 0 {
			explained[p] = round4(vars[p] / total)
		}
	}
	return out, explained, nil
}

func argmaxAbs(v []float64) int {
	best := 0
	for i := range v {
		if math.Abs(v[i]) > math.Abs(v[best])+1e-12 {
			best = i
		}
	}
	return best
}
