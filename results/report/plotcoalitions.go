package report

import (
	"fmt"
	"github.com/treatysim/treatysim/results"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The figures of the coalitions: their sizes, the flows of states between
// them, the agreement matrix they were found in, and the map of the states.

// coalitionLegend lists the coalition identities with their colours and
// names; only those in keep, if keep is given.
func coalitionLegend(d *results.RunData, keep ...string) []legendItem {
	names := coalitionNames(d)
	var items []legendItem
	for _, id := range coalitionIDs(d) {
		if len(keep) == 0 || slices.Contains(keep, id) {
			items = append(items, swatchItem(id+": "+names[id], coalitionColor(id)))
		}
	}
	return items
}

// sizesFigure: the coalitions' sizes, stacked, session by session.
func sizesFigure(d *results.RunData) figure {
	data := SizesData(d)
	p := newPlot("Coalitions: how many states in each, session by session", "", "number of states")
	sb := &stackedBars{width: 0.7}
	for k := range data.Sessions {
		var stack []barSegment
		for _, s := range data.Coalitions {
			if s.Sizes[k] > 0 {
				stack = append(stack, barSegment{value: float64(s.Sizes[k]), color: coalitionColor(s.ID),
					label: strconv.Itoa(s.Sizes[k])})
			}
		}
		sb.stacks = append(sb.stacks, stack)
	}
	p.Add(sb)
	p.NominalX(data.Sessions...)
	p.Y.Min = 0
	return singlePlot(PlotSizes, p, coalitionLegend(d))
}

// flowsFigure: the alluvial diagram of states moving between coalitions.
func flowsFigure(d *results.RunData, flows []Flow) figure {
	data := SizesData(d)
	p := newPlot("Coalitions: who moved where, session to session", "", "")
	a := &Alluvial{Stages: data.Sessions, Flows: flows, BlockWidth: 0.34, BandAlpha: 0.45, Label: textStyle(noteSize)}
	total := 0
	for k := range data.Sessions {
		var blocks []AlluvialBlock
		sum := 0
		for _, s := range data.Coalitions {
			if s.Sizes[k] > 0 {
				blocks = append(blocks, AlluvialBlock{ID: s.ID, Size: s.Sizes[k], Color: coalitionColor(s.ID)})
				sum += s.Sizes[k]
			}
		}
		total = max(total, sum)
		a.Blocks = append(a.Blocks, blocks)
	}
	a.Gap = math.Max(0.5, 0.04*float64(total))
	p.Add(a)
	p.NominalX(data.Sessions...)
	p.HideY()
	p.X.LineStyle.Width = 0
	p.X.Tick.LineStyle.Width = 0
	p.X.Label.Text = "band width: number of states; numbers: coalition sizes"
	return singlePlot(PlotFlows, p, coalitionLegend(d))
}

// agreementGrid shows an AgreementMatrix as a plotter.GridXYZ, the first
// state in the top row.
type agreementGrid struct{ m AgreementMatrix }

func (g agreementGrid) Dims() (c, r int)   { return len(g.m.States), len(g.m.States) }
func (g agreementGrid) Z(c, r int) float64 { return g.m.Values[len(g.m.States)-1-r][c] }
func (g agreementGrid) X(c int) float64    { return float64(c) }
func (g agreementGrid) Y(r int) float64    { return float64(r) }

// agreementCells draws the matrix: gonum's HeatMap for a small one (one
// vector square per cell); for a large one, an image with several pixels
// per cell, as HeatMap's own raster (one pixel per cell) is smoothed when
// scaled up and 193x193 vector squares make a heavy SVG.
func agreementCells(m AgreementMatrix, cmap *viridis) plot.Plotter {
	g := agreementGrid{m}
	n, _ := g.Dims()
	if n <= 60 {
		heat := plotter.NewHeatMap(g, cmap.Palette(256))
		heat.Min, heat.Max = cmap.Min(), cmap.Max()
		return heat
	}
	k := max(1, 1000/n) // pixels per cell
	img := image.NewNRGBA(image.Rect(0, 0, n*k, n*k))
	for c := range n {
		for r := range n {
			z := math.Min(cmap.Max(), math.Max(cmap.Min(), g.Z(c, r)))
			col, _ := cmap.At(z)
			for dx := range k {
				for dy := range k {
					img.Set(c*k+dx, (n-1-r)*k+dy, col)
				}
			}
		}
	}
	return plotter.NewImage(img, -0.5, -0.5, float64(n)-0.5, float64(n)-0.5)
}

// coalitionRuns returns the runs of consecutive states in the same
// coalition: [start, end) indices into the ordered states.
func coalitionRuns(m AgreementMatrix) [][2]int {
	var runs [][2]int
	for i := range m.States {
		if i == 0 || m.Coalitions[i] != m.Coalitions[i-1] {
			runs = append(runs, [2]int{i, i + 1})
		} else {
			runs[len(runs)-1][1] = i + 1
		}
	}
	return runs
}

// coalitionFrame is a plot.Plotter that marks coalitions on the
// agreement matrix: a colour strip along the left and top edges and white
// lines between coalitions.
type coalitionFrame struct {
	m     AgreementMatrix
	strip float64 // thickness of the strips, in cells
}

func (f coalitionFrame) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := float64(len(f.m.States))
	return -0.5 - f.strip, n - 0.5, -0.5, n - 0.5 + f.strip
}

func (f coalitionFrame) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	n := len(f.m.States)
	// The state at position i in the order is drawn in row y = n-1-i and
	// column x = i; a run of states [a, b) spans a-0.5 to b-0.5.
	rowY := func(v float64) vg.Length { return trY(float64(n-1) - v) }
	top, right := float64(n)-0.5, float64(n)-0.5
	for _, r := range coalitionRuns(f.m) {
		col := coalitionColor(f.m.Coalitions[r[0]])
		lo, hi := float64(r[0])-0.5, float64(r[1])-0.5
		left := vg.Rectangle{Min: vg.Point{X: trX(-0.5 - f.strip), Y: rowY(hi)},
			Max: vg.Point{X: trX(-0.5 - 0.15*f.strip), Y: rowY(lo)}}
		upper := vg.Rectangle{Min: vg.Point{X: trX(lo), Y: trY(top + 0.15*f.strip)},
			Max: vg.Point{X: trX(hi), Y: trY(top + f.strip)}}
		c.SetColor(col)
		c.Fill(left.Path())
		c.Fill(upper.Path())
		if r[0] > 0 {
			line := draw.LineStyle{Color: color.White, Width: 2}
			c.StrokeLine2(line, trX(lo), trY(-0.5), trX(lo), trY(top))
			c.StrokeLine2(line, trX(-0.5), rowY(lo), trX(right), rowY(lo))
		}
	}
}

// agreementTicks labels every state when there are few, else every
// coalition at the middle of its block.
func agreementTicks(m AgreementMatrix, vertical bool) plot.ConstantTicks {
	n := len(m.States)
	pos := func(i float64) float64 {
		if vertical {
			return float64(n-1) - i
		}
		return i
	}
	var ticks plot.ConstantTicks
	if n <= 30 {
		for i, s := range m.States {
			ticks = append(ticks, plot.Tick{Value: pos(float64(i)), Label: s})
		}
		return ticks
	}
	for _, r := range coalitionRuns(m) {
		ticks = append(ticks, plot.Tick{Value: pos(float64(r[0]+r[1]-1) / 2), Label: m.Coalitions[r[0]]})
	}
	return ticks
}

// agreementFigure: the agreement matrix of a session as a heat map, the
// states ordered by coalition, with a colour bar.
func agreementFigure(d *results.RunData, m AgreementMatrix) figure {
	lo := 1.0
	for i, row := range m.Values {
		for j, v := range row {
			if i != j {
				lo = min(lo, v)
			}
		}
	}
	lo = math.Max(0, math.Floor(lo*10)/10)
	if lo >= 1 {
		lo = 0
	}
	cmap := newViridis(lo, 1)
	n := len(m.States)
	frame := coalitionFrame{m: m, strip: math.Max(0.6, float64(n)/28)}
	hp := newPlot("", "", "")
	hp.Add(agreementCells(m, cmap), frame)
	hp.X.Tick.Marker = agreementTicks(m, false)
	hp.Y.Tick.Marker = agreementTicks(m, true)
	hp.X.Padding, hp.Y.Padding = 0, 0
	if n <= 30 {
		hp.X.Tick.Label.Rotation = math.Pi / 2
		hp.X.Tick.Label.XAlign, hp.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}

	bar := newPlot("", "", "agreement")
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true})
	bar.HideX()
	bar.Y.Min, bar.Y.Max = lo, 1

	name := sessionName(d, m.Session)
	title := "Agreement between states, " + name + " (ordered by coalition)"
	return figure{name: PlotAgreement + "-" + m.Session, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, title)
		c = newLegendStrip(coalitionLegend(d, m.Coalitions...)).drawBelow(c)
		side := c.Max.Y - c.Min.Y
		mid := (c.Min.X + c.Max.X) / 2
		heatC := c
		heatC.Min.X, heatC.Max.X = mid-side/2-60, mid+side/2-40
		barC := c
		barC.Min.X, barC.Max.X = heatC.Max.X+30, heatC.Max.X+130
		barC.Min.Y += 40
		barC.Max.Y -= 40
		hp.Draw(heatC)
		bar.Draw(barC)
		return nil
	}}
}

// sessionName is a session's name, or its id if it has none.
func sessionName(d *results.RunData, id string) string {
	if s := sessionIndex(d.Scenario, id); s >= 0 && d.Scenario.Sessions[s].Name != "" {
		return d.Scenario.Sessions[s].Name
	}
	return id
}

// mapFigure: one panel per session with positions, every present state a
// dot coloured by its coalition, the chosen states labelled. The axes are
// the same in every panel.
func mapFigure(d *results.RunData, sm StateMap, highlight []string) figure {
	k := len(sm.Sessions)
	cols := max(1, int(math.Ceil(math.Sqrt(1.5*float64(k)))))
	rows := (k + cols - 1) / cols
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, pt := range sm.Points {
		xmin, xmax = min(xmin, pt.X), max(xmax, pt.X)
		ymin, ymax = min(ymin, pt.Y), max(ymax, pt.Y)
	}
	padX, padY := 0.08*(xmax-xmin)+0.02, 0.1*(ymax-ymin)+0.02
	marked := map[string]bool{}
	for _, s := range highlight {
		marked[s] = true
	}
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for i, s := range sm.Sessions {
		r, c := i/cols, i%cols
		xl, yl := "", ""
		if r == rows-1 || (r == rows-2 && i+cols >= k) {
			xl = fmt.Sprintf("PC1: %.0f%% of the variance", 100*sm.Explained[0])
		}
		if c == 0 {
			yl = fmt.Sprintf("PC2: %.0f%%", 100*sm.Explained[1])
		}
		p := newPlot(s, xl, yl)
		p.Title.TextStyle.Font = fontOf(labelSize)
		p.Title.Padding = 4
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin-padX, xmax+padX, ymin-padY, ymax+padY
		p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks{}, plot.ConstantTicks{}
		p.X.Padding, p.Y.Padding = 0, 0
		addMapPanel(p, sm, s, marked)
		plots[r][c] = p
	}
	title := "Where the states stand: principal components of their demands, by session"
	return figure{name: PlotMap, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, title)
		c = newLegendStrip(coalitionLegend(d)).drawBelow(c)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 14, PadY: 10, PadLeft: 6, PadRight: 10, PadBottom: 4}
		canvases := plot.Align(plots, tiles, c)
		for r := range plots {
			for col, p := range plots[r] {
				if p != nil {
					p.Draw(canvases[r][col])
				}
			}
		}
		return nil
	}}
}

// addMapPanel adds one session's states to a map panel: a scatter per
// coalition, and the marked states ringed and named.
func addMapPanel(p *plot.Plot, sm StateMap, session string, marked map[string]bool) {
	byCoalition := map[string]plotter.XYs{}
	var ids []string
	labels := plotter.XYLabels{}
	for _, pt := range sm.Points {
		if pt.Session != session {
			continue
		}
		if _, ok := byCoalition[pt.Coalition]; !ok {
			ids = append(ids, pt.Coalition)
		}
		byCoalition[pt.Coalition] = append(byCoalition[pt.Coalition], plotter.XY{X: pt.X, Y: pt.Y})
		if marked[pt.State] {
			labels.XYs = append(labels.XYs, plotter.XY{X: pt.X, Y: pt.Y})
			labels.Labels = append(labels.Labels, pt.State)
		}
	}
	for _, id := range sortedCoalitions(ids) {
		s, err := plotter.NewScatter(byCoalition[id])
		if err != nil {
			continue
		}
		s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(coalitionColor(id), 0.8), Radius: 3.5, Shape: draw.CircleGlyph{}}
		p.Add(s)
	}
	if len(labels.XYs) == 0 {
		return
	}
	if rings, err := plotter.NewScatter(labels.XYs); err == nil {
		rings.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: 5.5, Shape: draw.RingGlyph{}}
		p.Add(rings)
	}
	p.Add(&pointLabels{pts: labels, sty: textStyle(noteSize)})
}

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
	type spot struct {
		at   vg.Point
		text string
	}
	var spots []spot
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
			spots = append(spots, spot{at, l.pts.Labels[i]})
		}
	}
	var taken []vg.Rectangle
	for _, s := range spots {
		w, h := l.sty.Width(s.text), l.sty.Height(s.text)
		const gap = 7
		offsets := []vg.Point{{X: gap, Y: 2}, {X: gap, Y: -h - 2}, {X: -w - gap, Y: 2}, {X: -w - gap, Y: -h - 2},
			{X: gap, Y: h + 2}, {X: gap, Y: -2*h - 2}, {X: -w - gap, Y: h + 2}, {X: -w - gap, Y: -2*h - 2}}
		best, far := vg.Rectangle{}, false
		for k, off := range offsets {
			r := vg.Rectangle{Min: s.at.Add(off), Max: s.at.Add(off).Add(vg.Point{X: w, Y: h})}
			if k == 0 {
				best = r
			}
			if inside(r, c.Rectangle) && !overlapsAny(r, taken) {
				best, far = r, k >= 4 // the last four places are a line away from the point
				break
			}
		}
		taken = append(taken, best)
		if far {
			// A leader line ties a name pushed away to its point.
			end := vg.Point{X: min(max(s.at.X, best.Min.X), best.Max.X), Y: best.Min.Y}
			if best.Min.Y < s.at.Y {
				end.Y = best.Max.Y
			}
			c.StrokeLine2(draw.LineStyle{Color: grey, Width: 0.8}, s.at.X, s.at.Y, end.X, end.Y)
		}
		c.FillText(l.sty, best.Min, s.text)
	}
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

func sortedCoalitions(ids []string) []string {
	out := slices.Clone(ids)
	slices.SortFunc(out, compareCoalitions)
	return out
}
