package report

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pointLabels is a plot.Plotter naming points without letting names
// overlap: points on the same spot share one label ("USA, GBR"), and each
// label takes the first place around its point that is free, as gonum's
// Labels plotter would write names on top of each other.
type pointLabels struct {
	pts plotter.XYLabels
	sty text.Style
}

func (l *pointLabels) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	var spots []labelSpot
	for i, xy := range l.pts.XYs {
		at := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		merged := false
		for k := range spots {
			if d := spots[k].at.Sub(at); d.X*d.X+d.Y*d.Y < 16 {
				spots[k].text += ", " + l.pts.Labels[i]
				merged = true
				break
			}
		}
		if !merged {
			spots = append(spots, labelSpot{at: at, text: l.pts.Labels[i], clear: 7})
		}
	}
	placeLabels(c, l.sty, spots, nil)
}

// labelSpot is a label to place near a point: clear is how far from the
// point it must start (the glyph's radius and a gap); an optional label
// is left out where it finds no free place.
type labelSpot struct {
	at       vg.Point
	text     string
	clear    vg.Length
	optional bool
}

// placeLabels writes each label at the first free place around its point,
// in order (the more important first), avoiding taken and the labels
// already placed, and returns what it took. A label that must be written
// and finds no place goes at its first place; a label pushed a line or
// two away from its point gets a leader line.
func placeLabels(c draw.Canvas, sty text.Style, spots []labelSpot, taken []vg.Rectangle) []vg.Rectangle {
	for _, s := range spots {
		w, h := sty.Width(s.text), sty.Height(s.text)
		g := s.clear
		offsets := []vg.Point{{X: g, Y: 2 - h/2}, {X: -w - g, Y: 2 - h/2}, {X: -w / 2, Y: g}, {X: -w / 2, Y: -h - g},
			{X: g * 0.7, Y: g * 0.7}, {X: g * 0.7, Y: -h - g*0.7}, {X: -w - g*0.7, Y: g * 0.7}, {X: -w - g*0.7, Y: -h - g*0.7},
			{X: g, Y: h + g}, {X: g, Y: -2*h - g}, {X: -w - g, Y: h + g}, {X: -w - g, Y: -2*h - g},
			{X: g, Y: 2*h + g}, {X: g, Y: -3*h - g}, {X: -w - g, Y: 2*h + g}, {X: -w - g, Y: -3*h - g}}
		best, found, far := vg.Rectangle{}, false, false
		least := vg.Length(math.Inf(1))
		for k, off := range offsets {
			r := vg.Rectangle{Min: s.at.Add(off), Max: s.at.Add(off).Add(vg.Point{X: w, Y: h})}
			if !inside(r, c.Rectangle) {
				continue
			}
			if !overlapsAny(grow(r, 2), taken) {
				best, found, far = r, true, k >= 8 // the last eight places are a line or two away from the point
				break
			}
			// Failing a free place, the one that hides least.
			if o := overlapArea(r, taken); o < least {
				best, least, far = r, o, k >= 8
			}
		}
		if !found && (s.optional || math.IsInf(float64(least), 1)) {
			if s.optional {
				continue
			}
			best = vg.Rectangle{Min: s.at.Add(offsets[0]), Max: s.at.Add(offsets[0]).Add(vg.Point{X: w, Y: h})}
		}
		taken = append(taken, best)
		if far {
			end := vg.Point{X: min(max(s.at.X, best.Min.X), best.Max.X), Y: best.Min.Y}
			if best.Min.Y < s.at.Y {
				end.Y = best.Max.Y
			}
			c.StrokeLine2(draw.LineStyle{Color: grey, Width: 0.8}, s.at.X, s.at.Y, end.X, end.Y)
		}
		c.FillText(sty, best.Min, s.text)
	}
	return taken
}

func inside(r, outer vg.Rectangle) bool {
	return r.Min.X >= outer.Min.X && r.Min.Y >= outer.Min.Y && r.Max.X <= outer.Max.X && r.Max.Y <= outer.Max.Y
}

func overlapsAny(r vg.Rectangle, others []vg.Rectangle) bool {
	for _, o := range others {
		if r.Min.X < o.Max.X && o.Min.X < r.Max.X && r.Min.Y < o.Max.Y && o.Min.Y < r.Max.Y {
			return true
		}
	}
	return false
}

// grow widens r by d on every side: labels keep a little air between them.
func grow(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: r.Min.Sub(vg.Point{X: d, Y: d}), Max: r.Max.Add(vg.Point{X: d, Y: d})}
}

// overlapArea is the area of r that the rectangles of others cover (counted
// once per rectangle).
func overlapArea(r vg.Rectangle, others []vg.Rectangle) vg.Length {
	var a vg.Length
	for _, o := range others {
		w := min(r.Max.X, o.Max.X) - max(r.Min.X, o.Min.X)
		h := min(r.Max.Y, o.Max.Y) - max(r.Min.Y, o.Min.Y)
		if w > 0 && h > 0 {
			a += w * h
		}
	}
	return a
}
