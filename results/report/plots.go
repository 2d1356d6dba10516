package report

import (
	"fmt"
	"github.com/treatysim/treatysim/results"
	"image/color"
	"maps"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PlotOptions chooses what the trajectories plot follows; empty fields
// take defaults (the five weightiest states, the first clause on the
// agenda).
type PlotOptions struct {
	States []string
	Clause string
}

// Plot file names, without extension (each is written as .png and .svg
// under plots/).
const (
	PlotSizes        = "coalitions-sizes"
	PlotFlows        = "coalitions-flows"
	PlotAgreement    = "agreement" // agreement-<session>
	PlotMap          = "map"
	PlotSurvival     = "survival"
	PlotDecided      = "decided-session"
	PlotTrajectories = "trajectories"
)

// Plots draws every plot the results folder supports, as PNG and SVG
// under plots/. A Monte Carlo folder (a summary, no tables of a single
// run) gets the survival and decided-session plots; a single run also
// gets the coalition sizes and flows, the final agreement matrix, the map
// of the states and the trajectories.
func Plots(d *results.RunData, opt PlotOptions) (results.Files, error) {
	if d == nil || d.Summary == nil || d.Scenario == nil {
		return nil, fmt.Errorf("plots: %w: no summary or scenario", results.ErrNotResults)
	}
	figs, err := figures(d, opt)
	if err != nil {
		return nil, err
	}
	out := results.Files{}
	for _, f := range figs {
		files, err := f.render()
		if err != nil {
			return nil, err
		}
		maps.Copy(out, files)
	}
	return out, nil
}

// figures lists the figures the folder supports, in the order the report
// shows them.
func figures(d *results.RunData, opt PlotOptions) ([]figure, error) {
	figs := []figure{survivalFigure(d), decidedFigure(d)}
	if len(d.Coalitions) > 0 {
		figs = append(figs, sizesFigure(d))
		if flows := FlowData(d); len(flows) > 0 {
			figs = append(figs, flowsFigure(d, flows))
		}
	}
	if len(d.Positions) == 0 {
		return figs, nil
	}
	// The last session with positions: the final one, unless it only voted.
	if s := lastSessionWithPositions(d); s != "" {
		m, err := AgreementData(d, s)
		if err != nil {
			return nil, fmt.Errorf("agreement matrix: %w", err)
		}
		figs = append(figs, agreementFigure(d, m))
	}
	opt, err := opt.resolve(d)
	if err != nil {
		return nil, err
	}
	sm, err := MapData(d)
	if err != nil {
		return nil, fmt.Errorf("map of the states: %w", err)
	}
	if len(sm.Points) > 0 {
		figs = append(figs, mapFigure(d, sm, opt.States))
	}
	tr, err := TrajectoryData(d, opt)
	if err != nil {
		return nil, fmt.Errorf("trajectories: %w", err)
	}
	return append(figs, trajectoriesFigure(d, tr)), nil
}

// runsPhrase is "1 run" or "N runs", for titles.
func runsPhrase(d *results.RunData) string {
	if d.Summary.Runs == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", d.Summary.Runs)
}

// singlePlot wraps a single plot (and an optional legend strip under it) as a
// figure.
func singlePlot(name string, p *plot.Plot, legend []legendItem) figure {
	return figure{name: name, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = newLegendStrip(legend).drawBelow(c)
		p.Draw(draw.Crop(c, 4, -14, 0, -4))
		return nil
	}}
}

// survivalFigure: one row per clause, the probability that it is in the
// adopted treaty as a point with its 95% interval, and the final (or
// modal) option written in a column to the right.
func survivalFigure(d *results.RunData) figure {
	pts := SurvivalData(d)
	p := newPlot("Which clauses survive? ("+runsPhrase(d)+", 95% intervals)", "probability that the clause is in the adopted treaty", "")
	n := len(pts)
	xys := make(plotter.XYs, n)
	errs := make(plotter.XErrors, n)
	names := make([]string, n)
	column := &rightColumn{header: "modal option", sty: textStyle(tickSize)}
	if d.Summary.Runs == 1 {
		column.header = "final option"
	}
	for k, sp := range pts {
		y := float64(n - 1 - k) // first clause at the top
		xys[k] = plotter.XY{X: sp.Probability, Y: y}
		errs[k].Low, errs[k].High = sp.Probability-sp.Low, sp.High-sp.Probability
		names[n-1-k] = sp.Clause
		column.rows = append(column.rows, columnRow{y: y, text: sp.Modal})
	}
	grid := plotter.NewGrid()
	grid.Horizontal.Color = lightGrey
	grid.Vertical.Color = lightGrey
	p.Add(grid)
	if bars, err := plotter.NewXErrorBars(struct {
		plotter.XYs
		plotter.XErrors
	}{xys, errs}); err == nil {
		bars.LineStyle = draw.LineStyle{Color: okBlue, Width: 2.5}
		bars.CapWidth = 10
		p.Add(bars)
	}
	if dots, err := plotter.NewScatter(xys); err == nil {
		dots.GlyphStyle = draw.GlyphStyle{Color: okBlue, Radius: 5.5, Shape: draw.CircleGlyph{}}
		p.Add(dots)
	}
	p.Add(column)
	p.Title.Padding = 26 // room for the column's header
	p.NominalY(names...)
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"},
		{Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}}
	return figure{name: PlotSurvival, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		p.Draw(draw.Crop(c, 4, -(column.width() + 30), 0, -4))
		return nil
	}}
}

// rightColumn is a plot.Plotter writing a column of text to the right of
// the data area, one row per y, under a header: the options beside the
// survival of their clauses. The figure leaves room for it.
type rightColumn struct {
	header string
	rows   []columnRow
	sty    text.Style
}

type columnRow struct {
	y    float64
	text string
}

func (r *rightColumn) width() vg.Length {
	w := r.sty.Width(r.header)
	for _, row := range r.rows {
		w = max(w, r.sty.Width(row.text))
	}
	return w
}

func (r *rightColumn) Plot(c draw.Canvas, plt *plot.Plot) {
	_, trY := plt.Transforms(&c)
	x := c.Max.X + 20
	sty := r.sty
	sty.YAlign = draw.YCenter
	for _, row := range r.rows {
		c.FillText(sty, vg.Point{X: x, Y: trY(row.y)}, row.text)
	}
	head := r.sty
	head.YAlign = draw.YBottom
	c.FillText(head, vg.Point{X: x, Y: c.Max.Y + 2}, r.header)
}

// decidedFigure: the distribution of the session in which the treaty was
// adopted, with a grey bar for "not adopted".
func decidedFigure(d *results.RunData) figure {
	bars := DecidedData(d)
	p := newPlot("In which session was the treaty adopted? ("+runsPhrase(d)+")", "", "share of runs")
	sb := &stackedBars{width: 0.6, labelTotals: true, totalLabel: func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }}
	var names []string
	for _, b := range bars {
		col := okBlue
		if b.Session == NoSession {
			col = grey
		}
		sb.stacks = append(sb.stacks, []barSegment{{value: b.Probability, color: col}})
		names = append(names, b.Session)
	}
	p.Add(sb)
	p.NominalX(names...)
	p.Y.Min, p.Y.Max = 0, 1.08
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
		{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
	return singlePlot(PlotDecided, p, nil)
}

// stackedBars is a plot.Plotter of bars made of coloured segments, one
// stack per x = 0, 1, ...; gonum's BarChart stacks whole series, which
// cannot give one bar its own colour or write a count inside a segment.
type stackedBars struct {
	stacks      [][]barSegment
	width       float64 // in x units
	labelTotals bool    // write each stack's total above it
	totalLabel  func(float64) string
}

type barSegment struct {
	value float64
	color color.NRGBA
	label string // written inside the segment when it fits
}

func (b *stackedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, s := range b.stacks {
		t := 0.0
		for _, seg := range s {
			t += seg.value
		}
		ymax = max(ymax, t)
	}
	return -0.5, float64(len(b.stacks)) - 0.5, 0, ymax
}

func (b *stackedBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := textStyle(noteSize)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for x, stack := range b.stacks {
		y := 0.0
		for _, seg := range stack {
			r := vg.Rectangle{Min: vg.Point{X: trX(float64(x) - b.width/2), Y: trY(y)},
				Max: vg.Point{X: trX(float64(x) + b.width/2), Y: trY(y + seg.value)}}
			c.SetColor(seg.color)
			c.Fill(r.Path())
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: 1}, []vg.Point{{X: r.Min.X, Y: r.Max.Y}, r.Max})
			if seg.label != "" && r.Max.Y-r.Min.Y >= sty.Height(seg.label)+2 {
				sty.Color = inkOn(seg.color)
				c.FillText(sty, r.Min.Add(r.Max).Scale(0.5), seg.label)
			}
			y += seg.value
		}
		if b.labelTotals && b.totalLabel != nil {
			top := textStyle(tickSize)
			top.XAlign, top.YAlign = draw.XCenter, draw.YBottom
			c.FillText(top, vg.Point{X: trX(float64(x)), Y: trY(y) + 4}, b.totalLabel(y))
		}
	}
}

// stateGlyphs tell the states of the trajectories apart without colour.
var stateGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{},
	draw.CrossGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}}

// trajectoriesFigure: chosen states' demands (solid) and preferences
// (dashed) on one clause, round by round, over the option the text held
// (grey steps); sessions are marked along the x axis.
func trajectoriesFigure(d *results.RunData, tr Trajectories) figure {
	sc := d.Scenario
	title := "Positions on " + tr.Clause
	if c := sc.ClauseIndex(tr.Clause); c >= 0 && sc.Clauses[c].Title != "" {
		title += ": " + sc.Clauses[c].Title
	}
	p := newPlot(title, "session (each mark: a round)", "")
	p.Title.TextStyle.Font = fontOf(labelSize + 2)
	p.Add(&sessionDividers{steps: tr.Steps})
	var legend []legendItem
	if len(tr.Text) > 0 {
		pts := make(plotter.XYs, len(tr.Text))
		for k, t := range tr.Text {
			pts[k] = plotter.XY{X: float64(t.Step), Y: t.Value}
		}
		if l, err := plotter.NewLine(pts); err == nil {
			l.StepStyle = plotter.MidStep
			l.LineStyle = draw.LineStyle{Color: withAlpha(grey, 0.7), Width: 9}
			p.Add(l)
			legend = append(legend, lineItem("the text", l.LineStyle, nil))
		}
	}
	for k, st := range tr.States {
		col := seriesPalette[k%len(seriesPalette)]
		glyph := draw.GlyphStyle{Color: col, Radius: 4.5, Shape: stateGlyphs[k%len(stateGlyphs)]}
		solid := draw.LineStyle{Color: col, Width: 2.5}
		dashed := draw.LineStyle{Color: col, Width: 1.5, Dashes: []vg.Length{6, 4}}
		for _, seg := range segments(st.Preference) {
			if l, err := plotter.NewLine(seg); err == nil {
				l.LineStyle = dashed
				p.Add(l)
			}
		}
		for _, seg := range segments(st.Position) {
			if lp, pp, err := plotter.NewLinePoints(seg); err == nil {
				lp.LineStyle, pp.GlyphStyle = solid, glyph
				p.Add(lp, pp)
			}
		}
		label := st.State
		if st.Name != "" && st.Name != st.State {
			label += " " + st.Name
		}
		legend = append(legend, lineItem(label, solid, &glyph))
	}
	legend = append(legend, lineItem("dashed: preference", draw.LineStyle{Color: color.Black, Width: 1.5, Dashes: []vg.Length{6, 4}}, nil))
	var yt plot.ConstantTicks
	for _, o := range tr.Options {
		yt = append(yt, plot.Tick{Value: o.Value, Label: o.ID})
	}
	p.Y.Tick.Marker = yt
	p.Y.Min, p.Y.Max = -0.04, 1.04
	p.X.Tick.Marker = sessionTicks(tr.Steps)
	if len(tr.Steps) > 0 {
		p.X.Min, p.X.Max = -0.5, float64(len(tr.Steps))-0.5
	}
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color = lightGrey
	p.Add(grid)
	return singlePlot(PlotTrajectories, p, legend)
}

// segments splits a series into runs of consecutive steps, so that a
// state absent for a while leaves a gap rather than a misleading line.
func segments(pts []TrajectoryPoint) []plotter.XYs {
	var out []plotter.XYs
	for k, pt := range pts {
		if k == 0 || pt.Step != pts[k-1].Step+1 {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], plotter.XY{X: float64(pt.Step), Y: pt.Value})
	}
	return out
}

// sessionTicks labels each session at the middle of its rounds.
func sessionTicks(steps []Step) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	start := 0
	for k := range steps {
		if k+1 == len(steps) || steps[k+1].Session != steps[k].Session {
			ticks = append(ticks, plot.Tick{Value: float64(start+k) / 2, Label: steps[k].Session})
			for j := start; j <= k; j++ {
				ticks = append(ticks, plot.Tick{Value: float64(j)}) // a minor tick per round
			}
			start = k + 1
		}
	}
	return ticks
}

// sessionDividers is a plot.Plotter drawing a faint vertical line between
// sessions.
type sessionDividers struct{ steps []Step }

func (s *sessionDividers) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	line := draw.LineStyle{Color: grey, Width: 1, Dashes: []vg.Length{2, 3}}
	for k := 1; k < len(s.steps); k++ {
		if s.steps[k].Session != s.steps[k-1].Session {
			x := trX(float64(k) - 0.5)
			c.StrokeLine2(line, x, c.Min.Y, x, c.Max.Y)
		}
	}
}
