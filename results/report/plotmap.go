package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// The positions of the delegations: every state placed by the principal
// components of its demands, session by session. When the second
// component is negligible the figure is a strip per session along the
// first; otherwise one panel per session, both axes to the same scale.

// mapKeyWidth is the room right of each strip or panel for the session's
// coalitions.
const mapKeyWidth = vg.Length(240)

// mapFigure draws the positions of the delegations; highlight names the
// states ringed and always labelled.
func mapFigure(d *results.RunData, sm StateMap, highlight []string) figure {
	marked := map[string]bool{}
	for _, s := range highlight {
		marked[s] = true
	}
	largest := 1
	for _, s := range sm.Spots {
		largest = max(largest, len(s.States))
	}
	keys := CoalitionKeys(d)
	notes := "Each dot: the states of one coalition at one position; its area and number: how many (a label \"XXX +n\" names the weightiest of n+1 states)."
	if len(highlight) > 0 {
		notes += " Ringed: the " + statesPhrase(len(highlight)) + " chosen."
	}
	if sm.OneDimensional {
		notes += fmt.Sprintf(" The second principal component (%.0f%% of the variance) is left out.", 100*sm.Explained[1])
	}
	if a := absentNote(d); a != "" {
		notes += " " + a
	}
	if sm.OneDimensional {
		return mapStripFigure(sm, keys, marked, largest, notes)
	}
	return mapPanelsFigure(sm, keys, marked, largest, notes)
}

// mapTitle is the title of the positions figure.
const mapTitle = "Positions of the delegations, session by session"

// mapStripFigure: one row per session along the first principal
// component, a lane per coalition, the session's coalitions named to the
// right of its row.
func mapStripFigure(sm StateMap, keys []CoalitionKey, marked map[string]bool, largest int, notes string) figure {
	n := len(sm.Sessions)
	p := newPlot(mapTitle, fmt.Sprintf("first principal component of the demands (%.0f%% of the variance)", 100*sm.Explained[0]), "")
	names := make([]string, n)
	for k, s := range sm.Sessions {
		names[n-1-k] = s
	}
	row := map[string]float64{}
	for k, s := range sm.Sessions {
		row[s] = float64(n - 1 - k)
	}
	lane := map[[2]string]float64{}
	for _, s := range sm.Sessions {
		var ids []string
		for _, sp := range sm.Spots {
			if sp.Session == s && !slices.Contains(ids, sp.Coalition) {
				ids = append(ids, sp.Coalition)
			}
		}
		gap := math.Min(0.25, 0.7/float64(max(1, len(ids))))
		for j, id := range ids {
			lane[[2]string{s, id}] = (float64(len(ids)-1)/2 - float64(j)) * gap
		}
	}
	p.Add(&rowRules{n: n})
	p.Add(&mapSpots{spots: sm.Spots, marked: marked, largest: largest, rmax: 15,
		at: func(sp MapSpot) (float64, float64) {
			return sp.X, row[sp.Session] + lane[[2]string{sp.Session, sp.Coalition}]
		}})
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	p.X.Min, p.X.Max = paddedRange(sm, func(pt MapPoint) float64 { return pt.X })
	return figure{name: PlotMap, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawNote(c, notes)
		area := draw.Crop(c, 4, -mapKeyWidth, 0, -4)
		p.Draw(area)
		dc := p.DataCanvas(area)
		_, trY := p.Transforms(&dc)
		before := map[string]string{}
		for _, s := range sm.Sessions {
			of := sessionKeysOf(keys, s)
			drawMapKey(c, of, before, dc.Max.X+14, trY(row[s]), mapKeyWidth-18)
			before = namesOf(of)
		}
		return nil
	}}
}

// paddedRange is the range of a coordinate over the points, padded so that
// the largest dots stay inside; one unit either side when all are equal.
func paddedRange(sm StateMap, of func(MapPoint) float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, pt := range sm.Points {
		lo, hi = min(lo, of(pt)), max(hi, of(pt))
	}
	if math.IsInf(lo, 0) || hi-lo < 1e-9 {
		return lo - 1, hi + 1
	}
	pad := 0.06 * (hi - lo)
	return lo - pad, hi + pad
}

// drawMapKey lists a session's coalitions (identity, size, name) in the
// column at x, centred on y; a name that is the one a coalition had in the
// session before (before: identity to name) reads "as before".
func drawMapKey(c draw.Canvas, keys []CoalitionKey, before map[string]string, x, y, width vg.Length) {
	sty := keyStyle{text: textStyle(keySize - 1), swatch: 8}
	lh := sty.text.Height("Xg") * 1.1
	var blocks [][]string
	lines := 0
	for _, k := range keys {
		named := k
		named.ID = k.ID + " (" + strconv.Itoa(k.Size) + ")"
		if before[k.ID] == k.Name {
			named.Name = asBefore
		}
		b := keyLines(named, sty, width-sty.swatch-4)
		blocks = append(blocks, b)
		lines += len(b)
	}
	top := y + vg.Length(lines)*lh/2
	ts := sty.text
	ts.YAlign = draw.YTop
	for k, b := range blocks {
		sw := vg.Rectangle{Min: vg.Point{X: x, Y: top - sty.swatch - 2}, Max: vg.Point{X: x + sty.swatch, Y: top - 2}}
		c.SetColor(coalitionColor(keys[k].ID))
		c.Fill(sw.Path())
		for _, line := range b {
			c.FillText(ts, vg.Point{X: x + sty.swatch + 4, Y: top}, line)
			top -= lh
		}
	}
}

// rowRules is a plot.Plotter drawing light lines between the n rows of a
// categorical y axis.
type rowRules struct{ n int }

func (r *rowRules) Plot(c draw.Canvas, plt *plot.Plot) {
	_, trY := plt.Transforms(&c)
	for k := 1; k < r.n; k++ {
		y := trY(float64(k) - 0.5)
		c.StrokeLine2(draw.LineStyle{Color: lightGrey, Width: 1}, c.Min.X, y, c.Max.X, y)
	}
}

// mapPanelsFigure: one panel per session, both axes to one scale (a unit
// of either component is as long on the page), laid out in the grid that
// draws them largest; each session's coalitions named to the right of its
// panel.
func mapPanelsFigure(sm StateMap, keys []CoalitionKey, marked map[string]bool, largest int, notes string) figure {
	n := len(sm.Sessions)
	xlo, xhi := paddedRange(sm, func(pt MapPoint) float64 { return pt.X })
	ylo, yhi := paddedRange(sm, func(pt MapPoint) float64 { return pt.Y })
	// The grid: the number of columns that gives the largest scale in a
	// figure of about 880x560 points, each panel with its key beside it.
	cols, best := 1, 0.0
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		w := (880/float64(c) - float64(mapKeyWidth)) / (xhi - xlo)
		h := (560/float64(r) - 40) / (yhi - ylo)
		if s := math.Min(w, h); s > best {
			cols, best = c, s
		}
	}
	rows := (n + cols - 1) / cols
	plots := make([]*plot.Plot, n)
	for i, s := range sm.Sessions {
		// The axes are named once for all panels (below and left of the
		// grid), so that every panel has the same data area and, at one
		// scale, the same ranges.
		p := newPlot(s, "", "")
		p.Title.TextStyle.Font = fontOf(labelSize)
		p.Title.Padding = 4
		session := s
		p.Add(&mapSpots{spots: sm.Spots, marked: marked, largest: largest, rmax: 12, session: session,
			at: func(sp MapSpot) (float64, float64) { return sp.X, sp.Y }})
		plots[i] = p
	}
	xName, yName := fmt.Sprintf("first principal component of the demands (%.0f%% of the variance)", 100*sm.Explained[0]),
		fmt.Sprintf("second (%.0f%%)", 100*sm.Explained[1])
	return figure{name: PlotMap, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, mapTitle)
		c = drawNote(c, notes)
		c = drawAxisNames(c, xName, yName)
		cw := (c.Max.X - c.Min.X) / vg.Length(cols)
		rh := (c.Max.Y - c.Min.Y) / vg.Length(rows)
		cell := func(i int) draw.Canvas {
			cc := c
			cc.Min.X = c.Min.X + vg.Length(i%cols)*cw
			cc.Max.X = cc.Min.X + cw - mapKeyWidth
			cc.Max.Y = c.Max.Y - vg.Length(i/cols)*rh
			cc.Min.Y = cc.Max.Y - rh + 6
			return cc
		}
		// One scale for both axes and every panel: the units per point the
		// tightest panel needs, applied to all.
		units := 0.0
		for pass := 0; pass < 2; pass++ {
			for i, p := range plots {
				if pass == 0 {
					p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
				}
				dc := p.DataCanvas(cell(i))
				units = math.Max(units, math.Max((xhi-xlo)/float64(dc.Max.X-dc.Min.X), (yhi-ylo)/float64(dc.Max.Y-dc.Min.Y)))
			}
			for i, p := range plots {
				dc := p.DataCanvas(cell(i))
				cx, cy := (xlo+xhi)/2, (ylo+yhi)/2
				hw, hh := units*float64(dc.Max.X-dc.Min.X)/2, units*float64(dc.Max.Y-dc.Min.Y)/2
				p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = cx-hw, cx+hw, cy-hh, cy+hh
			}
		}
		before := map[string]string{}
		for i, p := range plots {
			cc := cell(i)
			p.Draw(cc)
			dc := p.DataCanvas(cc)
			of := sessionKeysOf(keys, sm.Sessions[i])
			drawMapKey(c, of, before, cc.Max.X+10, (dc.Min.Y+dc.Max.Y)/2, mapKeyWidth-16)
			before = namesOf(of)
		}
		return nil
	}}
}

// mapSpots is a plot.Plotter drawing the spots of the positions figure
// (those of one session if session is set): a dot per spot in its
// coalition's colour, its area in proportion to its states (the largest,
// largest, of radius rmax), the number of states inside where it fits, the
// spots of marked states ringed and named, and as many other spots named
// after their weightiest state as fit without overlapping.
type mapSpots struct {
	spots   []MapSpot
	session string
	marked  map[string]bool
	largest int
	rmax    vg.Length
	at      func(MapSpot) (x, y float64)
}

func (m *mapSpots) radius(n int) vg.Length {
	return max(3.5, m.rmax*vg.Length(math.Sqrt(float64(n)/float64(m.largest))))
}

func (m *mapSpots) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	var spots []MapSpot
	for _, sp := range m.spots {
		if m.session == "" || sp.Session == m.session {
			spots = append(spots, sp)
		}
	}
	// Large dots first, so that small ones stay visible on top.
	slices.SortStableFunc(spots, func(a, b MapSpot) int { return len(b.States) - len(a.States) })
	count := textStyle(10)
	count.XAlign, count.YAlign = draw.XCenter, draw.YCenter
	var taken []vg.Rectangle
	var must, may []labelSpot
	var maySpot []MapSpot
	var counts []func()
	for _, sp := range spots {
		x, y := m.at(sp)
		at := vg.Point{X: trX(x), Y: trY(y)}
		r := m.radius(len(sp.States))
		col := coalitionColor(sp.Coalition)
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: withAlpha(col, 0.85), Radius: r, Shape: draw.CircleGlyph{}}, at)
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.White, Radius: r, Shape: draw.RingGlyph{}}, at) // parts touching dots
		taken = append(taken, vg.Rectangle{Min: at.Sub(vg.Point{X: r, Y: r}), Max: at.Add(vg.Point{X: r, Y: r})})
		label := strconv.Itoa(len(sp.States))
		inside := len(sp.States) > 1 && count.Width(label)+3 <= 2*r
		if inside {
			counts = append(counts, func() { // after every dot, so that none hides a number
				count.Color = inkOn(col)
				c.FillText(count, at, label)
			})
		}
		var named []string
		for _, st := range sp.States {
			if m.marked[st] {
				named = append(named, st)
			}
		}
		if len(named) > 0 {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: okBlack, Radius: r + 3, Shape: draw.RingGlyph{}}, at)
			must = append(must, labelSpot{at: at, text: strings.Join(named, ", "), clear: r + 4})
			continue
		}
		text := sp.States[0]
		if len(sp.States) > 1 && !inside {
			text += " +" + strconv.Itoa(len(sp.States)-1)
		}
		may = append(may, labelSpot{at: at, text: text, clear: r + 3, optional: true})
		maySpot = append(maySpot, sp)
	}
	for _, f := range counts {
		f()
	}
	sty := textStyle(noteSize - 1)
	taken = placeLabels(c, sty, must, taken)
	placeLabels(c, sty, m.fewest(may, maySpot), taken)
}

// mapLabelsPerRow is how many spots a session names besides the chosen
// states: more would crowd the figure into unreadable print.
const mapLabelsPerRow = 6

// fewest keeps, per session, the labels of its largest spots and of the
// spots at either end (the outliers a reader looks for), at most
// mapLabelsPerRow, the largest first.
func (m *mapSpots) fewest(may []labelSpot, spots []MapSpot) []labelSpot {
	bySession := map[string][]int{}
	var sessions []string
	for k, sp := range spots {
		if bySession[sp.Session] == nil {
			sessions = append(sessions, sp.Session)
		}
		bySession[sp.Session] = append(bySession[sp.Session], k)
	}
	var out []labelSpot
	for _, s := range sessions {
		idx := bySession[s] // largest first, as spots are sorted
		ends := slices.Clone(idx)
		slices.SortStableFunc(ends, func(a, b int) int { return cmp.Compare(may[a].at.X, may[b].at.X) })
		pick := []int{ends[0], ends[len(ends)-1]}
		for _, k := range idx {
			if len(pick) >= mapLabelsPerRow {
				break
			}
			if !slices.Contains(pick, k) {
				pick = append(pick, k)
			}
		}
		slices.SortStableFunc(pick, func(a, b int) int { return len(spots[b].States) - len(spots[a].States) })
		for _, k := range pick {
			out = append(out, may[k])
		}
	}
	return out
}

// namesOf maps the coalitions of a session to their names there.
func namesOf(keys []CoalitionKey) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		out[k.ID] = k.Name
	}
	return out
}

// drawAxisNames writes the names of the axes shared by a grid of panels,
// below and (turned) left of it, and returns the canvas inside.
func drawAxisNames(c draw.Canvas, x, y string) draw.Canvas {
	sty := textStyle(labelSize)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X - mapKeyWidth) / 2, Y: c.Min.Y + 2}, x)
	c.Min.Y += sty.Height(x) + 6
	sty.Rotation = math.Pi / 2
	sty.YAlign = draw.YTop
	c.FillText(sty, vg.Point{X: c.Min.X + 2, Y: (c.Min.Y + c.Max.Y) / 2}, y)
	c.Min.X += sty.Height(y) + 6
	return c
}
