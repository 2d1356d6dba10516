package report

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// The figures of the outcome: which clauses survived and in which session
// the treaty was adopted.

// survivalFigure draws a single run's outcome per clause, or a Monte
// Carlo's survival probabilities; a scenario without clauses gets a figure
// that says so.
func survivalFigure(d *results.RunData) figure {
	pts := SurvivalData(d)
	if len(pts) == 0 {
		return nothingFigure(PlotSurvival, "Which clauses survive?", "This scenario has no clauses: nothing to show.")
	}
	if d.Summary.Runs == 1 {
		return survivalRunFigure(d, pts)
	}
	return survivalMonteCarloFigure(d, pts)
}

// outcomeStyle is how a single run's outcome of a clause is drawn, and
// the legend entry that says so.
type outcomeStyle struct {
	x     float64 // column: 0 not in the treaty, 1 in it
	glyph draw.GlyphStyle
	label string
}

var outcomeStyles = map[string]outcomeStyle{
	OutcomeAsProposed: {1, draw.GlyphStyle{Color: okBlue, Radius: 7, Shape: draw.CircleGlyph{}}, "kept as proposed (the opening text's option)"},
	OutcomeReworded:   {1, draw.GlyphStyle{Color: okSkyBlue, Radius: 6.5, Shape: draw.BoxGlyph{}}, "kept in another wording"},
	OutcomeDeleted:    {0, draw.GlyphStyle{Color: okVermillion, Radius: 7, Shape: boldCross{}}, "deleted"},
	OutcomeNotAdopted: {0, draw.GlyphStyle{Color: okBlack, Radius: 6.5, Shape: boldRing{}}, "in the final text, but the treaty was not adopted"},
}

// survivalRunFigure: one row per clause (its title), a mark in the column
// "in the treaty" or "not in the treaty" whose shape tells how, and the
// wording the treaty kept. One run is a yes or a no; an interval around
// it would say nothing more.
func survivalRunFigure(d *results.RunData, pts []SurvivalPoint) figure {
	title := "Which clauses survived? (1 run)"
	if d.Summary.AdoptedProbability < 1 {
		title = "Which clauses survived? (1 run: the treaty was not adopted)"
	}
	p := newPlot(title, "", "")
	n := len(pts)
	names := make([]string, n)
	column := &rightColumn{header: "wording in the treaty", sty: textStyle(tickSize)}
	byOutcome := map[string]plotter.XYs{}
	for k, sp := range pts {
		y := float64(n - 1 - k) // first clause at the top
		names[n-1-k] = sp.Label
		st := outcomeStyles[sp.Outcome]
		byOutcome[sp.Outcome] = append(byOutcome[sp.Outcome], plotter.XY{X: st.x, Y: y})
		switch sp.Outcome {
		case OutcomeAsProposed:
			column.rows = append(column.rows, columnRow{y: y, text: sp.Modal})
		case OutcomeReworded:
			column.rows = append(column.rows, columnRow{y: y, text: sp.Opening + " → " + sp.Modal})
		}
	}
	grid := plotter.NewGrid()
	grid.Horizontal.Color, grid.Vertical.Color = lightGrey, lightGrey
	p.Add(grid)
	var legend []legendItem
	for _, o := range []string{OutcomeAsProposed, OutcomeReworded, OutcomeDeleted, OutcomeNotAdopted} {
		st := outcomeStyles[o]
		if o == OutcomeNotAdopted && len(byOutcome[o]) == 0 {
			continue // a legend entry for what cannot happen in this run
		}
		if s, err := plotter.NewScatter(byOutcome[o]); err == nil && len(byOutcome[o]) > 0 {
			s.GlyphStyle = st.glyph
			p.Add(s)
		}
		glyph := st.glyph
		legend = append(legend, glyphItem(st.label, glyph))
	}
	if len(column.rows) == 0 {
		column.header = "" // nothing was kept
	}
	p.Add(column)
	p.Title.Padding = 26 // room for the column's header
	p.NominalY(names...)
	p.X.Min, p.X.Max = -0.6, 1.6
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "not in the treaty"}, {Value: 1, Label: "in the treaty"}}
	return figure{name: PlotSurvival, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = newLegendStrip(legend).drawBelow(c)
		p.Draw(draw.Crop(c, 4, -(column.width() + 30), 0, -4))
		return nil
	}}
}

// survivalMonteCarloFigure: one row per clause (its title), the
// probability that it is in the adopted treaty as a point with its 95%
// interval, and the modal option in a column to the right.
func survivalMonteCarloFigure(d *results.RunData, pts []SurvivalPoint) figure {
	p := newPlot("Which clauses survive? ("+runsPhrase(d)+", 95% intervals)", "probability that the clause is in the adopted treaty", "")
	n := len(pts)
	xys := make(plotter.XYs, n)
	errs := make(plotter.XErrors, n)
	names := make([]string, n)
	column := &rightColumn{header: "modal option", sty: textStyle(tickSize)}
	for k, sp := range pts {
		y := float64(n - 1 - k) // first clause at the top
		xys[k] = plotter.XY{X: sp.Probability, Y: y}
		errs[k].Low, errs[k].High = sp.Probability-sp.Low, sp.High-sp.Probability
		names[n-1-k] = sp.Label
		column.rows = append(column.rows, columnRow{y: y, text: sp.Modal})
	}
	grid := plotter.NewGrid()
	grid.Horizontal.Color, grid.Vertical.Color = lightGrey, lightGrey
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
	p.X.Tick.Marker = percentTicks()
	return figure{name: PlotSurvival, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		p.Draw(draw.Crop(c, 4, -(column.width() + 30), 0, -4))
		return nil
	}}
}

// percentTicks labels a [0,1] axis in quarters, as percentages.
func percentTicks() plot.ConstantTicks {
	return plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
		{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
}

// decidedFigure: over the runs of a Monte Carlo, the share adopted in each
// session in which some run adopted it, by consensus or by a recorded
// vote, and the share not adopted. A single run does not get it: its one
// outcome is a sentence of the summary, not a distribution.
func decidedFigure(d *results.RunData) figure {
	bars := DecidedData(d)
	title := "In which session was the treaty adopted, and how? (" + runsPhrase(d) + ")"
	p := newPlot("", "share of runs", "")
	sb := &stackedBars{width: 0.5, horizontal: true, labelTotals: true,
		totalLabel: func(v float64) string { return percentLabel(v) }}
	names := make([]string, len(bars))
	split := true
	for k, b := range bars {
		split = split && b.Split
		names[len(bars)-1-k] = b.Name // the first session at the top
		if b.Session != NoSession && b.Name != b.Session {
			names[len(bars)-1-k] = b.Name + " (" + b.Session + ")"
		}
	}
	for k := len(bars) - 1; k >= 0; k-- {
		b := bars[k]
		switch {
		case b.Session == NoSession:
			sb.stacks = append(sb.stacks, []barSegment{{value: b.Probability, color: grey, label: percentLabel(b.Probability)}})
		case split:
			consensus := b.Probability - b.ByVote
			sb.stacks = append(sb.stacks, []barSegment{{value: consensus, color: okBlue, label: percentLabel(consensus)},
				{value: b.ByVote, color: okOrange, label: percentLabel(b.ByVote)}})
		default:
			sb.stacks = append(sb.stacks, []barSegment{{value: b.Probability, color: okBlue}})
		}
	}
	p.Add(sb)
	p.NominalY(names...)
	p.X.Min, p.X.Max = 0, 1.08
	p.X.Tick.Marker = percentTicks()
	legend := []legendItem{swatchItem("by consensus", okBlue), swatchItem("by a recorded vote", okOrange), swatchItem("not adopted", grey)}
	if !split {
		legend = []legendItem{swatchItem("adopted (this folder does not say how)", okBlue), swatchItem("not adopted", grey)}
	}
	sm := d.Summary
	summary := fmt.Sprintf("Adopted in %s of %d runs (95%% interval %s to %s); by a recorded vote in %s.",
		percentLabel(sm.AdoptedProbability), sm.Runs, percentLabel(sm.AdoptedInterval[0]), percentLabel(sm.AdoptedInterval[1]),
		percentLabel(sm.AdoptedByVoteProbability))
	// A bar is at most about 80 points thick: with two or three bars the
	// plot takes the height it needs, under the title, not the whole page.
	return figure{name: PlotDecided, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, title)
		strip := newLegendStrip(legend)
		h := vg.Length(len(bars))*110 + 60 + strip.height(c.Max.X-c.Min.X-20) + 40
		if room := c.Max.Y - c.Min.Y; h < room { // centred, under the title
			c.Max.Y -= (room - h) / 3
			c.Min.Y = c.Max.Y - h
		}
		c = drawNote(c, summary)
		c = strip.drawBelow(c)
		p.Draw(draw.Crop(c, 4, -14, 0, -4))
		return nil
	}}
}

// percentLabel writes a share as a whole percentage, "<1%" for a share
// that rounds to 0 but is not.
func percentLabel(v float64) string {
	if v > 0 && v < 0.005 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", 100*v)
}

// stackedBars is a plot.Plotter of bars made of coloured segments, one
// stack per position 0, 1, ... (along x, or along y when horizontal);
// gonum's BarChart stacks whole series, which cannot give one bar its own
// colour or write a share inside a segment.
type stackedBars struct {
	stacks      [][]barSegment
	width       float64 // across the bar, in axis units
	horizontal  bool
	labelTotals bool // write each stack's total beyond its end
	totalLabel  func(float64) string
}

type barSegment struct {
	value float64
	color color.NRGBA
	label string // written inside the segment when it fits
}

func (b *stackedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	hi := 0.0
	for _, s := range b.stacks {
		t := 0.0
		for _, seg := range s {
			t += seg.value
		}
		hi = max(hi, t)
	}
	lo, top := -0.5, float64(len(b.stacks))-0.5
	if b.horizontal {
		return 0, hi, lo, top
	}
	return lo, top, 0, hi
}

func (b *stackedBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := textStyle(noteSize)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	// rect maps (position, from, to) to the canvas, whichever way bars run.
	rect := func(k int, from, to float64) vg.Rectangle {
		a, z := float64(k)-b.width/2, float64(k)+b.width/2
		if b.horizontal {
			return vg.Rectangle{Min: vg.Point{X: trX(from), Y: trY(a)}, Max: vg.Point{X: trX(to), Y: trY(z)}}
		}
		return vg.Rectangle{Min: vg.Point{X: trX(a), Y: trY(from)}, Max: vg.Point{X: trX(z), Y: trY(to)}}
	}
	for k, stack := range b.stacks {
		v := 0.0
		for _, seg := range stack {
			if seg.value <= 0 {
				continue
			}
			r := rect(k, v, v+seg.value)
			c.SetColor(seg.color)
			c.Fill(r.Path())
			if seg.label != "" && r.Max.Y-r.Min.Y >= sty.Height(seg.label)+2 && r.Max.X-r.Min.X >= sty.Width(seg.label)+4 {
				sty.Color = inkOn(seg.color)
				c.FillText(sty, r.Min.Add(r.Max).Scale(0.5), seg.label)
			}
			v += seg.value
		}
		if b.labelTotals && b.totalLabel != nil {
			top := textStyle(tickSize)
			r := rect(k, 0, v)
			if b.horizontal {
				top.XAlign, top.YAlign = draw.XLeft, draw.YCenter
				c.FillText(top, vg.Point{X: r.Max.X + 6, Y: (r.Min.Y + r.Max.Y) / 2}, b.totalLabel(v))
			} else {
				top.XAlign, top.YAlign = draw.XCenter, draw.YBottom
				c.FillText(top, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: r.Max.Y + 4}, b.totalLabel(v))
			}
		}
	}
}

// nothingFigure is a figure with a title and a sentence saying why there
// is nothing to draw: a degenerate folder (no clauses, no states) gets it
// rather than a crash or a missing file the report would look for.
func nothingFigure(name, title, message string) figure {
	return figure{name: name, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, title)
		sty := textStyle(labelSize)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		sty.Color = color.NRGBA{0x55, 0x55, 0x55, 0xFF}
		c.FillText(sty, c.Center(), strings.TrimSpace(message))
		return nil
	}}
}
