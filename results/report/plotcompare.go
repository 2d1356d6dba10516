package report

import (
	"fmt"

	"github.com/treatysim/treatysim/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PlotCompare is the name of the dumbbell plot of a comparison, under plots/.
const PlotCompare = "compare"

// Dumbbell is one row of the comparison's dumbbell plot: a measure's
// value in scenario A and in scenario B.
type Dumbbell struct {
	Label string
	A, B  float64
}

// CompareFiles draws the dumbbell plot of a comparison of scenarios a and
// b (plots/compare.png and .svg, 16:9): one row per item, first at the
// top, a line from A's value to B's.
func CompareFiles(title, a, b string, rows []Dumbbell) (results.Files, error) {
	p := newPlot(title, "value (probabilities 0-1; satisfaction on its own scale)", "")
	n := len(rows)
	names := make([]string, n)
	ptsA, ptsB := make(plotter.XYs, n), make(plotter.XYs, n)
	grid := plotter.NewGrid()
	grid.Horizontal.Color = lightGrey
	grid.Vertical.Color = lightGrey
	p.Add(grid)
	for k, r := range rows {
		y := float64(n - 1 - k)
		names[n-1-k] = r.Label
		ptsA[k] = plotter.XY{X: r.A, Y: y}
		ptsB[k] = plotter.XY{X: r.B, Y: y}
		line, err := plotter.NewLine(plotter.XYs{ptsA[k], ptsB[k]})
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", PlotCompare, err)
		}
		line.LineStyle = draw.LineStyle{Color: grey, Width: 3}
		p.Add(line)
	}
	glyphA := draw.GlyphStyle{Color: okBlue, Radius: 6, Shape: draw.CircleGlyph{}}
	glyphB := draw.GlyphStyle{Color: okVermillion, Radius: 6, Shape: draw.CircleGlyph{}}
	for _, s := range []struct {
		pts plotter.XYs
		sty draw.GlyphStyle
	}{{ptsA, glyphA}, {ptsB, glyphB}} {
		dots, err := plotter.NewScatter(s.pts)
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", PlotCompare, err)
		}
		dots.GlyphStyle = s.sty
		p.Add(dots)
	}
	if n > 0 {
		p.NominalY(names...)
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	}
	if p.X.Min > 0 {
		p.X.Min = 0
	}
	if p.X.Max < 1 {
		p.X.Max = 1
	}
	p.X.Tick.Marker = plot.DefaultTicks{}
	none := draw.LineStyle{}
	legend := newLegendStrip([]legendItem{lineItem(a, none, &glyphA), lineItem(b, none, &glyphB)})
	return figure{name: PlotCompare, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		c = legend.drawBelow(c)
		p.Draw(draw.Crop(c, 4, -vg.Length(24), 0, -4))
		return nil
	}}.render()
}
