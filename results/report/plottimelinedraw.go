package report

import (
	"cmp"
	"image/color"
	"math"
	"strings"

	"github.com/treatysim/treatysim/results"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The drawing of the timeline: a grid of cells, clauses down, moments of
// the negotiation across, the final text in a framed column on the right.

// timelineColors are the cells' colours: the opening option blue, another
// option orange (the pair stays distinct for colour-blind eyes), out of
// the text grey. A bracketed clause is a pale cell with brackets drawn in.
var timelineColors = map[string]color.NRGBA{CellOpening: okBlue, CellOther: okOrange, CellOut: grey}

// tint mixes c with white: f of c.
func tint(c color.NRGBA, f float64) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(f*float64(v) + (1-f)*255)) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xFF}
}

// cellFill is the colour of a cell, and whether it is pale (bracketed).
func cellFill(cell TimelineCell) (color.NRGBA, bool) {
	base, ok := timelineColors[cell.Kind]
	if !ok {
		return lightGrey, false
	}
	if cell.Status == "bracketed" {
		return tint(base, 0.35), true
	}
	return base, false
}

// draftLabels name the chair's drafts under a session's id; short enough
// for a column.
var draftLabels = map[string]string{"consolidated": "consol.", "zero": "zero", "revised": "revised"}

func timelineFigure(d *results.RunData, tl Timeline) figure {
	return figure{name: PlotTimeline, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, "The negotiating text, clause by clause, session by session")
		c = newLegendStrip(timelineLegend()).drawBelow(c)
		drawTimeline(c, tl)
		return nil
	}}
}

func timelineLegend() []legendItem {
	pale := func(label string) legendItem {
		return legendItem{label: label, thumb: func(c draw.Canvas) {
			r := c.Rectangle
			c.SetColor(tint(okBlue, 0.35))
			c.Fill(r.Path())
			drawBrackets(c, r, okBlue)
		}}
	}
	badge := func(label, mark string) legendItem {
		return legendItem{label: label, thumb: func(c draw.Canvas) { drawBadge(c, c.Center(), mark) }}
	}
	return []legendItem{
		swatchItem("opening option", okBlue), swatchItem("another option", okOrange),
		swatchItem("out of the text", grey), pale("pale, in [ ]: still bracketed"),
		badge("inserted or re-inserted", MarkInserted), badge("dropped", MarkDropped),
	}
}

// fitText cuts s, with an ellipsis, to fit width in sty.
func fitText(sty text.Style, s string, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

func drawTimeline(c draw.Canvas, tl Timeline) {
	if len(tl.Columns) == 0 || len(tl.Clauses) == 0 {
		return
	}
	sty := textStyle(noteSize)
	width := c.Max.X - c.Min.X
	labelW := vg.Length(0)
	for _, cl := range tl.Clauses {
		labelW = max(labelW, sty.Width(cl.Short))
	}
	labelW = min(labelW, width*0.3)
	finalW := max(sty.Width("final text"), sty.Width("not adopted"))
	for _, cl := range tl.Clauses {
		finalW = max(finalW, sty.Width(cl.Final.Option))
	}
	finalW = min(finalW+16, width*0.18)
	const sessionGap, columnGap = vg.Length(6), vg.Length(1.5)
	x0 := c.Min.X + 6 + labelW + 8
	x1 := c.Max.X - 6 - finalW - 12
	gaps := vg.Length(0)
	for k := 1; k < len(tl.Columns); k++ {
		gaps += columnGap
		if tl.Columns[k].Session != tl.Columns[k-1].Session {
			gaps += sessionGap - columnGap
		}
	}
	// Cells no larger than a scenario of few sessions and clauses needs,
	// the grid then centred.
	cw := min((x1-x0-gaps)/vg.Length(len(tl.Columns)), 110)
	x0 += (x1 - x0 - gaps - cw*vg.Length(len(tl.Columns))) / 2
	lefts := make([]vg.Length, len(tl.Columns))
	x := x0
	for k := range tl.Columns {
		if k > 0 {
			x += columnGap
			if tl.Columns[k].Session != tl.Columns[k-1].Session {
				x += sessionGap - columnGap
			}
		}
		lefts[k] = x
		x += cw
	}
	lineH := sty.Height("Xg")
	rowH := min((c.Max.Y-2*lineH-8-c.Min.Y-2)/vg.Length(len(tl.Clauses)), 32)
	c.Max.Y -= (c.Max.Y - c.Min.Y - 2*lineH - 10 - rowH*vg.Length(len(tl.Clauses))) / 2
	top := c.Max.Y - 2*lineH - 8

	// Headers: the session over its columns, the draft under it. A
	// session's id may reach into the room its neighbours' ids leave, and
	// the first into the empty corner above the row labels.
	type group struct {
		first, last int
		lo, hi      vg.Length // the columns' extent
		w           vg.Length // the id's width
	}
	var groups []group
	for k := 0; k < len(tl.Columns); {
		j := k
		for j+1 < len(tl.Columns) && tl.Columns[j+1].Session == tl.Columns[k].Session {
			j++
		}
		groups = append(groups, group{k, j, lefts[k], lefts[j] + cw, sty.Width(tl.Columns[k].Session)})
		k = j + 1
	}
	head := sty
	head.XAlign, head.YAlign = draw.XLeft, draw.YTop
	for g, gr := range groups {
		left, right := c.Min.X+6, lefts[len(lefts)-1]+cw
		if g > 0 {
			p := groups[g-1]
			left = gr.lo - max(0, (p.hi-p.lo-p.w)/2)
		}
		if g+1 < len(groups) {
			n := groups[g+1]
			right = gr.hi + max(0, (n.hi-n.lo-n.w)/2)
		}
		id := fitText(sty, tl.Columns[gr.first].Session, right-left)
		w := sty.Width(id)
		at := min(max((gr.lo+gr.hi-w)/2, left), right-w)
		c.FillText(head, vg.Point{X: at, Y: c.Max.Y}, id)
		if gr.last == gr.first {
			continue
		}
		sub := sty
		sub.XAlign, sub.YAlign = draw.XCenter, draw.YTop
		for i := gr.first; i <= gr.last; i++ {
			label := "end"
			if dr := tl.Columns[i].Draft; dr != "" {
				label = cmp.Or(draftLabels[dr], dr)
			}
			c.FillText(sub, vg.Point{X: lefts[i] + cw/2, Y: c.Max.Y - lineH - 2}, fitText(sty, label, cw+columnGap))
		}
	}
	head.XAlign = draw.XCenter
	fx0 := lefts[len(lefts)-1] + cw + 12
	fx1 := fx0 + finalW
	c.FillText(head, vg.Point{X: (fx0 + fx1) / 2, Y: c.Max.Y}, "final text")
	verdict := "not adopted"
	if tl.Adopted {
		verdict = "adopted"
	}
	c.FillText(head, vg.Point{X: (fx0 + fx1) / 2, Y: c.Max.Y - lineH - 2}, verdict)

	label := sty
	label.XAlign, label.YAlign = draw.XRight, draw.YCenter
	inner := sty
	inner.XAlign, inner.YAlign = draw.XCenter, draw.YCenter
	for r, cl := range tl.Clauses {
		yTop := top - vg.Length(r)*rowH
		yBot := yTop - rowH + 2
		c.FillText(label, vg.Point{X: x0 - 8, Y: (yTop + yBot) / 2}, fitText(sty, cl.Short, labelW))
		for k, cell := range cl.Cells {
			drawCell(c, vg.Rectangle{Min: vg.Point{X: lefts[k], Y: yBot}, Max: vg.Point{X: lefts[k] + cw, Y: yTop}}, cell)
		}
		fr := vg.Rectangle{Min: vg.Point{X: fx0, Y: yBot}, Max: vg.Point{X: fx1, Y: yTop}}
		drawCell(c, fr, TimelineCell{Option: cl.Final.Option, Status: cl.Final.Status, Kind: cl.Final.Kind})
		fill, _ := cellFill(cl.Final)
		inner.Color = inkOn(fill)
		c.FillText(inner, fr.Min.Add(fr.Max).Scale(0.5), fitText(sty, cl.Final.Option, fx1-fx0-14))
	}
	// The final column framed: the outcome is what the rest leads to.
	frame := vg.Rectangle{Min: vg.Point{X: fx0 - 3, Y: top - vg.Length(len(tl.Clauses))*rowH - 1}, Max: vg.Point{X: fx1 + 3, Y: top + 3}}
	c.SetLineStyle(draw.LineStyle{Color: okBlack, Width: 2})
	c.Stroke(frame.Path())
}

// drawCell fills one cell, with brackets if it is bracketed and a badge
// per mark in its top right corner.
func drawCell(c draw.Canvas, r vg.Rectangle, cell TimelineCell) {
	fill, pale := cellFill(cell)
	c.SetColor(fill)
	c.Fill(r.Path())
	if pale {
		drawBrackets(c, r, timelineColors[cell.Kind])
	}
	// Badges in the top right corner, in the order of the events, left
	// to right.
	rad := min(r.Max.Y-r.Min.Y, r.Max.X-r.Min.X, 20) * 0.3
	step := 2*rad + 2
	at := vg.Point{X: r.Max.X - rad - 2 - vg.Length(len(cell.Marks)-1)*step, Y: r.Max.Y - rad - 1.5}
	for _, m := range cell.Marks {
		drawBadge(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Min: at.Sub(vg.Point{X: rad, Y: rad}),
			Max: at.Add(vg.Point{X: rad, Y: rad})}}, at, m)
		at.X += step
	}
}

// drawBrackets draws [ and ] inside the edges of r.
func drawBrackets(c draw.Canvas, r vg.Rectangle, col color.NRGBA) {
	ln := draw.LineStyle{Color: col, Width: 1.5}
	in := min(vg.Length(3), (r.Max.Y-r.Min.Y)/6)
	arm := min(vg.Length(3.5), (r.Max.X-r.Min.X)/5)
	lx, rx := r.Min.X+in, r.Max.X-in
	lo, hi := r.Min.Y+in, r.Max.Y-in
	c.StrokeLines(ln, []vg.Point{{X: lx + arm, Y: hi}, {X: lx, Y: hi}, {X: lx, Y: lo}, {X: lx + arm, Y: lo}})
	c.StrokeLines(ln, []vg.Point{{X: rx - arm, Y: hi}, {X: rx, Y: hi}, {X: rx, Y: lo}, {X: rx - arm, Y: lo}})
}

// drawBadge draws a mark as a white disc with a black + (inserted) or ×
// (dropped), legible on any cell colour; the size comes from c.
func drawBadge(c draw.Canvas, at vg.Point, mark string) {
	rad := min(c.Max.X-c.Min.X, c.Max.Y-c.Min.Y) / 2
	var disc vg.Path
	disc.Move(vg.Point{X: at.X + rad, Y: at.Y})
	disc.Arc(at, rad, 0, 2*math.Pi)
	disc.Close()
	c.SetColor(color.White)
	c.Fill(disc)
	c.SetLineStyle(draw.LineStyle{Color: okBlack, Width: 0.8})
	c.Stroke(disc)
	ln := draw.LineStyle{Color: okBlack, Width: 1.6}
	a := rad * 0.55
	switch mark {
	case MarkInserted:
		c.StrokeLine2(ln, at.X-a, at.Y, at.X+a, at.Y)
		c.StrokeLine2(ln, at.X, at.Y-a, at.X, at.Y+a)
	case MarkDropped:
		a *= 0.85
		c.StrokeLine2(ln, at.X-a, at.Y-a, at.X+a, at.Y+a)
		c.StrokeLine2(ln, at.X-a, at.Y+a, at.X+a, at.Y-a)
	}
}
