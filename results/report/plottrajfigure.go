package report

import (
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// The trajectories figure: chosen states' positions on one clause, session
// by session, over the option the negotiating text held.

var (
	// textBandColor is the band of the text's option: light, so that no
	// state's line takes its colour under a colour-vision deficiency
	// (Okabe-Ito's green and purple turn a mid grey under deuteranopia).
	textBandColor = color.NRGBA{0xDD, 0xDD, 0xDD, 0xFF}
	// trajectoryPalette colours the states' lines: its first five (the
	// default number of states) stay apart from each other and from the
	// band under deuteranopia and protanopia (TestTrajectoryColoursCVD).
	trajectoryPalette = []color.NRGBA{okBlue, okVermillion, okGreen, okSkyBlue, okBlack, okPurple, okOrange, okYellow}
	// stateGlyphs tell the states apart without colour; none is the shape
	// of a mark on the text (a square, a filled triangle, a cross).
	stateGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{},
		draw.RingGlyph{}, draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{}}
	// markStyles draw the text's insertions and drops: black, apart from
	// every state's colour.
	markStyles = map[string]draw.GlyphStyle{
		TextInserted:   {Color: okBlack, Radius: 8, Shape: draw.PyramidGlyph{}},
		TextReinserted: {Color: okBlack, Radius: 8, Shape: draw.PyramidGlyph{}},
		TextDropped:    {Color: okBlack, Radius: 8, Shape: boldCross{}},
	}
	openingStyle = draw.GlyphStyle{Color: okBlack, Radius: 7, Shape: boldSquare{}}
)

// trajectoriesFigure: chosen states' demands (solid) and preferences
// (dashed) on one clause, round by round, over the option the text held
// (the light band) from the opening text on, with its insertions and drops
// marked; every session held has its place on the x axis, shaded where
// the clause was not on the agenda.
func trajectoriesFigure(d *results.RunData, tr Trajectories) figure {
	if tr.Clause == "" {
		return nothingFigure(PlotTrajectories, "Positions round by round", "This scenario has no clauses: nothing to show.")
	}
	title := "Positions on: " + clauseLabel(tr.Title, tr.Clause, 60)
	p := newPlot(title, "session (each mark: a round)", "option of "+tr.Clause)
	discussed := map[string]bool{}
	for _, st := range tr.States {
		for _, pt := range st.Position {
			discussed[tr.Steps[pt.Step].Session] = true
		}
	}
	var off []int // slots of sessions that did not discuss the clause
	for k, s := range tr.Sessions {
		if !discussed[s] {
			off = append(off, k+1)
		}
	}
	p.Add(&slotShading{slots: off, color: offAgendaColor}, &slotDividers{n: len(tr.Sessions) + 1})
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color = lightGrey
	p.Add(grid)
	var legend []legendItem
	band := draw.LineStyle{Color: textBandColor, Width: 10}
	text := plotter.XYs{}
	if o := slices.IndexFunc(tr.Options, func(o OptionMark) bool { return o.ID == tr.Opening }); o >= 0 {
		text = append(text, plotter.XY{X: 0, Y: tr.Options[o].Value})
	}
	for _, t := range tr.Text {
		text = append(text, plotter.XY{X: tr.Steps[t.Step].X, Y: t.Value})
	}
	// A change after the last text recorded (the final package's drops)
	// ends the band where the text ended.
	for _, m := range tr.Marks {
		if x := tr.Steps[m.Step].X; len(text) > 0 && x >= text[len(text)-1].X && m.Value != text[len(text)-1].Y {
			text = append(text, plotter.XY{X: x, Y: m.Value})
		}
	}
	if len(text) > 0 {
		if l, err := plotter.NewLine(text); err == nil {
			l.StepStyle = plotter.PostStep // the option holds until the round that changed it
			l.LineStyle = band
			p.Add(l)
			legend = append(legend, lineItem("the negotiating text", band, nil))
		}
	}
	for k, st := range tr.States {
		col := trajectoryPalette[k%len(trajectoryPalette)]
		glyph := draw.GlyphStyle{Color: col, Radius: 4, Shape: stateGlyphs[k%len(stateGlyphs)]}
		solid := draw.LineStyle{Color: col, Width: 2.5}
		dashed := draw.LineStyle{Color: col, Width: 1.5, Dashes: []vg.Length{6, 4}}
		for _, seg := range stateSegments(tr, st.Preference) {
			if l, err := plotter.NewLine(seg); err == nil {
				l.LineStyle = dashed
				p.Add(l)
			}
		}
		for _, seg := range stateSegments(tr, st.Position) {
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
	legend = append(legend, addTextMarks(p, tr)...)
	if len(off) > 0 {
		legend = append(legend, swatchItem("clause not on the session's agenda", offAgendaColor))
	}
	var yt plot.ConstantTicks
	for _, o := range tr.Options {
		yt = append(yt, plot.Tick{Value: o.Value, Label: o.ID})
	}
	p.Y.Tick.Marker = yt
	p.Y.Min, p.Y.Max = -0.06, 1.06
	if len(tr.Marks) > 0 {
		p.Y.Max = markLabelTop // room for the marks' labels above the options
	}
	xt := plot.ConstantTicks{{Value: 0, Label: "opening"}}
	for k, s := range tr.Sessions {
		xt = append(xt, plot.Tick{Value: float64(k + 1), Label: s})
	}
	p.X.Tick.Marker = xt
	p.X.Min, p.X.Max = -0.5, float64(len(tr.Sessions))+0.5
	note := absentNoteFor(d, tr)
	return figure{name: PlotTrajectories, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawNote(c, note)
		c = newLegendStrip(legend).drawBelow(c)
		p.Draw(draw.Crop(c, 4, -14, 0, -4))
		return nil
	}}
}

// offAgendaColor shades the sessions that did not discuss the clause.
var offAgendaColor = color.NRGBA{0xF3, 0xF3, 0xF3, 0xFF}

// addTextMarks adds the opening text and the insertions and drops to the
// plot, and returns their legend entries.
func addTextMarks(p *plot.Plot, tr Trajectories) []legendItem {
	var items []legendItem
	if o := slices.IndexFunc(tr.Options, func(o OptionMark) bool { return o.ID == tr.Opening }); o >= 0 {
		if s, err := plotter.NewScatter(plotter.XYs{{X: 0, Y: tr.Options[o].Value}}); err == nil {
			s.GlyphStyle = openingStyle
			p.Add(s)
			items = append(items, glyphItem("the opening text", openingStyle))
		}
	}
	inserted := false
	for _, kind := range []string{TextInserted, TextReinserted, TextDropped} {
		var pts plotter.XYs
		for _, m := range tr.Marks {
			if m.Kind == kind {
				pts = append(pts, plotter.XY{X: tr.Steps[m.Step].X, Y: m.Value})
			}
		}
		if len(pts) == 0 {
			continue
		}
		if s, err := plotter.NewScatter(pts); err == nil {
			s.GlyphStyle = markStyles[kind]
			p.Add(s)
		}
		if kind == TextDropped {
			items = append(items, glyphItem("dropped from the text", markStyles[kind]))
		} else if !inserted { // one entry for both kinds of insertion
			items = append(items, glyphItem("inserted into the text", markStyles[kind]))
			inserted = true
		}
	}
	if len(tr.Marks) > 0 {
		p.Add(&markLabels{tr: tr, sty: textStyle(noteSize)})
	}
	return items
}

// markLabel names a mark beside it: re-insertions and the chair's drafts
// are what the band alone does not tell.
func markLabel(m TextMark) string {
	switch {
	case m.Kind == TextReinserted:
		return "re-inserted"
	case m.Kind == TextDropped && m.Draft == "final":
		return "dropped from the final package"
	case m.Kind == TextDropped && m.Draft != "":
		return "dropped (" + m.Draft + " draft)"
	}
	return m.Kind
}

// stateSegments splits a state's series where it was absent from a round
// in which others stated positions on the clause, so that its absence
// leaves a gap rather than a misleading line; across sessions that did
// not discuss the clause the line goes straight on, as demands move only
// on the agenda.
func stateSegments(tr Trajectories, pts []TrajectoryPoint) []plotter.XYs {
	has := map[int]bool{}
	for _, st := range tr.States {
		for _, pt := range st.Position {
			has[pt.Step] = true
		}
	}
	var out []plotter.XYs
	prev := -1
	for _, pt := range pts {
		gap := prev < 0
		for k := prev + 1; k < pt.Step && !gap; k++ {
			gap = has[k]
		}
		if gap {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], plotter.XY{X: tr.Steps[pt.Step].X, Y: pt.Value})
		prev = pt.Step
	}
	return out
}

// absentNoteFor is the note of absent delegations, for the chosen states
// only.
func absentNoteFor(d *results.RunData, tr Trajectories) string {
	var keep []string
	for _, st := range tr.States {
		keep = append(keep, st.State)
	}
	return absentNoteOf(d, keep)
}

// slotShading is a plot.Plotter shading whole slots of a categorical x
// axis (slot k spans k-0.5 to k+0.5).
type slotShading struct {
	slots []int
	color color.NRGBA
}

func (s *slotShading) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	c.SetColor(s.color)
	for _, k := range s.slots {
		r := vg.Rectangle{Min: vg.Point{X: trX(float64(k) - 0.5), Y: c.Min.Y}, Max: vg.Point{X: trX(float64(k) + 0.5), Y: c.Max.Y}}
		c.Fill(r.Path())
	}
}

// slotDividers is a plot.Plotter drawing a faint vertical line between
// the n slots of a categorical x axis.
type slotDividers struct{ n int }

func (s *slotDividers) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	line := draw.LineStyle{Color: grey, Width: 1, Dashes: []vg.Length{2, 3}}
	for k := 1; k < s.n; k++ {
		x := trX(float64(k) - 0.5)
		c.StrokeLine2(line, x, c.Min.Y, x, c.Max.Y)
	}
}

// markLabelTop is the top of the y axis when the marks are labelled: two
// lines of labels above the highest option (1).
const markLabelTop = 1.24

// markLabels is a plot.Plotter writing the label of each mark on the text
// in the two lines above the options, at the mark's x, with a dotted line
// down to it: beside the marks, labels would cross the states' lines. A
// label that finds neither line free is left to the legend.
type markLabels struct {
	tr  Trajectories
	sty text.Style
}

func (l *markLabels) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := l.sty
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	levels := []float64{1.19, 1.11}
	var taken []vg.Rectangle
	for _, m := range l.tr.Marks {
		text := markLabel(m)
		x := trX(l.tr.Steps[m.Step].X)
		w, h := sty.Width(text), sty.Height(text)
		placed := false
		for _, shift := range []vg.Length{0, w/2 + 6, -w/2 - 6, w + 12, -w - 12} {
			for _, lv := range levels {
				y := trY(lv)
				mid := min(max(x+shift, c.Min.X+w/2+3), c.Max.X-w/2-3)
				r := vg.Rectangle{Min: vg.Point{X: mid - w/2 - 3, Y: y - h/2}, Max: vg.Point{X: mid + w/2 + 3, Y: y + h/2}}
				if overlapsAny(r, taken) {
					continue
				}
				taken = append(taken, r)
				c.FillText(sty, vg.Point{X: mid, Y: y}, text)
				// A leader from the label to the mark; slanted when the
				// label had to move aside.
				from := min(max(x, r.Min.X+4), r.Max.X-4)
				if top := trY(m.Value) + 10; r.Min.Y-2 > top {
					c.StrokeLine2(draw.LineStyle{Color: grey, Width: 1, Dashes: []vg.Length{3, 3}}, from, r.Min.Y-2, x, top)
				}
				placed = true
				break
			}
			if placed {
				break
			}
		}
	}
}
