package report

import (
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// IdealPoint is one state's estimates from a voting record, as `treatysim
// import unvotes` makes them: its ideal point on the record's main
// dimension and its alignment on the negotiation's divide.
type IdealPoint struct {
	State                string
	Point, PointSD       float64
	Alignment, AlignedSD float64
	SideVotes            int
}

// SessionPoint is a state's ideal point in one session of the record.
type SessionPoint struct {
	State       string
	Session     int
	Point, SD   float64
	SessionYear int // the calendar year the session opened
}

// IdealPointPlots draws the figures of an ideal-point estimate:
// ideal-points (each state's alignment on the divide against its point on
// the main dimension, with 95% intervals, the named states labelled) and,
// when sessions are given, ideal-points-sessions (the named states' points
// session by session).
func IdealPointPlots(points []IdealPoint, sessions []SessionPoint, named []string, divide [2]string) (results.Files, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("ideal points: no state to plot")
	}
	files := results.Files{}
	f, err := idealPointFigure(points, named, divide).render()
	if err != nil {
		return nil, err
	}
	for k, v := range f {
		files[k] = v
	}
	if len(sessions) > 0 {
		f, err := sessionPointFigure(sessions, named).render()
		if err != nil {
			return nil, err
		}
		for k, v := range f {
			files[k] = v
		}
	}
	return files, nil
}

// wideWidth and wideHeight make a 16:9 figure that fits a 1280x720
// projector with its title, axes and legend.
const (
	wideWidth  = 1280 * vg.Inch / figureDPI
	wideHeight = 720 * vg.Inch / figureDPI
)

func idealPointFigure(points []IdealPoint, named []string, divide [2]string) figure {
	return figure{name: "ideal-points", w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		p := newPlot("Where the delegations stand in the General Assembly's record",
			"Ideal point on the main dimension of UN voting (standardised; the Western end right)",
			fmt.Sprintf("Alignment on the divide (-1 with %s, +1 with %s)", divide[0], divide[1]))
		// Three colours by the evidence: states that voted on the topic's
		// contested roll calls, by the side they took; states that did not
		// (their alignment is the prediction from the ideal point) grey.
		classes := []struct {
			name string
			col  color.NRGBA
			in   func(IdealPoint) bool
		}{
			{"voted on the topic, nearer " + divide[1], okVermillion, func(q IdealPoint) bool { return q.SideVotes > 0 && q.Alignment > 0.1 }},
			{"voted on the topic, between", okOrange, func(q IdealPoint) bool { return q.SideVotes > 0 && q.Alignment >= -0.1 && q.Alignment <= 0.1 }},
			{"voted on the topic, nearer " + divide[0], okBlue, func(q IdealPoint) bool { return q.SideVotes > 0 && q.Alignment < -0.1 }},
			{"no topic votes: predicted from the ideal point", grey, func(q IdealPoint) bool { return q.SideVotes == 0 }},
		}
		bars := errorPoints{}
		for _, q := range points {
			bars = append(bars, errorPoint{x: q.Point, y: q.Alignment, dx: 1.96 * q.PointSD, dy: 1.96 * q.AlignedSD})
		}
		xb, err := plotter.NewXErrorBars(bars)
		if err != nil {
			return err
		}
		yb, err := plotter.NewYErrorBars(bars)
		if err != nil {
			return err
		}
		xb.LineStyle.Color, xb.LineStyle.Width = withAlpha(grey, 0.5), vg.Points(1)
		yb.LineStyle.Color, yb.LineStyle.Width = withAlpha(grey, 0.15), vg.Points(1)
		xb.CapWidth, yb.CapWidth = 0, 0
		p.Add(xb, yb)
		for _, cl := range classes {
			var xy plotter.XYs
			for _, q := range points {
				if cl.in(q) {
					xy = append(xy, plotter.XY{X: q.Point, Y: q.Alignment})
				}
			}
			if len(xy) == 0 {
				continue
			}
			s, err := plotter.NewScatter(xy)
			if err != nil {
				return err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(cl.col, 0.85), Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
			p.Add(s)
			p.Legend.Add(fmt.Sprintf("%s (%d)", cl.name, len(xy)), s)
		}
		isNamed := map[string]bool{}
		for _, n := range named {
			isNamed[n] = true
		}
		var lxy plotter.XYs
		var labels []string
		for _, q := range points {
			if isNamed[q.State] {
				lxy = append(lxy, plotter.XY{X: q.Point, Y: q.Alignment})
				labels = append(labels, q.State)
			}
		}
		if len(lxy) > 0 {
			l, err := plotter.NewLabels(plotter.XYLabels{XYs: lxy, Labels: labels})
			if err != nil {
				return err
			}
			for i := range l.TextStyle {
				l.TextStyle[i] = textStyle(noteSize)
			}
			l.Offset = vg.Point{X: vg.Points(5), Y: vg.Points(3)}
			p.Add(l)
		}
		p.Y.Min, p.Y.Max = -1.1, 1.1
		p.Legend.Top, p.Legend.Left = true, false
		p.Add(plotter.NewGrid())
		p.Draw(c)
		return nil
	}}
}

// errorPoint is a point with symmetric error bars.
type errorPoint struct{ x, y, dx, dy float64 }

type errorPoints []errorPoint

func (e errorPoints) Len() int                        { return len(e) }
func (e errorPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errorPoints) XError(i int) (float64, float64) { return e[i].dx, e[i].dx }
func (e errorPoints) YError(i int) (float64, float64) { return e[i].dy, e[i].dy }

func sessionPointFigure(sessions []SessionPoint, named []string) figure {
	return figure{name: "ideal-points-sessions", w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		p := newPlot("Ideal points session by session (each session on its own scale)",
			"Year the General Assembly session opened", "Ideal point (standardised; the Western end up)")
		by := map[string][]SessionPoint{}
		for _, s := range sessions {
			by[s.State] = append(by[s.State], s)
		}
		k := 0
		for _, n := range named {
			pts := by[n]
			if len(pts) == 0 {
				continue
			}
			sort.Slice(pts, func(a, b int) bool { return pts[a].Session < pts[b].Session })
			col := seriesPalette[k%len(seriesPalette)]
			dash := []vg.Length(nil)
			if k >= len(seriesPalette) {
				dash = []vg.Length{vg.Points(6), vg.Points(3)}
			}
			k++
			var xy plotter.XYs
			for _, s := range pts {
				xy = append(xy, plotter.XY{X: float64(s.SessionYear), Y: s.Point})
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return err
			}
			l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(2.5), Dashes: dash}
			p.Add(l)
			p.Legend.Add(n, l)
		}
		// Room on the right for the legend, clear of the lines.
		p.Legend.Top, p.Legend.Left = true, false
		p.X.Max += 3
		p.X.Tick.Marker = plot.DefaultTicks{}
		p.Add(plotter.NewGrid())
		p.Draw(c)
		return nil
	}}
}
