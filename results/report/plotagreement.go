package report

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/treatysim/treatysim/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The agreement matrix of a session, its states ordered by coalition.

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

// fewStates is the largest matrix whose states are named one by one.
const fewStates = 30

// agreementTicks labels every state when there are few, else the
// coalitions wide enough for their label, at the middle of their blocks
// (the blocks are named in full to the left of the matrix).
func agreementTicks(m AgreementMatrix, vertical bool) plot.ConstantTicks {
	n := len(m.States)
	pos := func(i float64) float64 {
		if vertical {
			return float64(n-1) - i
		}
		return i
	}
	ticks := plot.ConstantTicks{}
	if n <= fewStates {
		for i, s := range m.States {
			ticks = append(ticks, plot.Tick{Value: pos(float64(i)), Label: s})
		}
		return ticks
	}
	if vertical {
		return ticks
	}
	for _, r := range coalitionRuns(m) {
		if size := r[1] - r[0]; size*9 >= n {
			ticks = append(ticks, plot.Tick{Value: pos(float64(r[0]+r[1]-1) / 2), Label: m.Coalitions[r[0]] + " (" + strconv.Itoa(size) + ")"})
		}
	}
	return ticks
}

// blockLabelWidth is the room left of a large matrix for the names of its
// coalitions.
const blockLabelWidth = vg.Length(190)

// drawBlockLabels names each coalition's block to the left of the matrix
// (dc is the matrix's data canvas): its identity and size, then as much
// of its name as the block's height holds.
func drawBlockLabels(c, dc draw.Canvas, hp *plot.Plot, m AgreementMatrix, keys []CoalitionKey, strip float64) {
	trX, trY := hp.Transforms(&dc)
	n := len(m.States)
	sty := keyStyle{text: textStyle(keySize), swatch: 0}
	head := textStyle(keySize)
	head.XAlign, head.YAlign = draw.XRight, draw.YTop
	lh := sty.text.Height("Xg") * 1.15
	x := trX(-0.5-strip) - 6
	for _, r := range coalitionRuns(m) {
		id := m.Coalitions[r[0]]
		key := CoalitionKey{ID: id, Size: r[1] - r[0]}
		if i := slices.IndexFunc(keys, func(k CoalitionKey) bool { return k.ID == id }); i >= 0 {
			key.Name = keys[i].Name
		}
		top, bottom := trY(float64(n-r[0])-0.5), trY(float64(n-r[1])-0.5)
		lines := []string{id + ", " + statesPhrase(key.Size)}
		if key.Name != "" {
			lines = append(lines, keyLines(CoalitionKey{Name: key.Name}, sty, blockLabelWidth-10)...)
			lines[1] = strings.TrimSpace(lines[1])
		}
		fit := max(0, int((top-bottom)/lh))
		if fit == 0 {
			continue // the legend under the matrix names it
		}
		lines = lines[:min(len(lines), fit)]
		y := (top+bottom)/2 + vg.Length(len(lines))*lh/2
		for _, line := range lines {
			c.FillText(head, vg.Point{X: x, Y: y}, line)
			y -= lh
		}
	}
}

// agreementFigure: the agreement matrix of a session as a heat map, the
// states ordered by coalition, each coalition named with its size, with a
// colour bar.
func agreementFigure(d *results.RunData, m AgreementMatrix) figure {
	name := sessionName(d, m.Session)
	title := "Agreement between states, " + name + " (ordered by coalition)"
	n := len(m.States)
	if n == 0 {
		return nothingFigure(PlotAgreement+"-"+m.Session, title, "No state at the table in this session: nothing to show.")
	}
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
	frame := coalitionFrame{m: m, strip: math.Max(0.6, float64(n)/28)}
	hp := newPlot("", "", "")
	hp.Add(agreementCells(m, cmap), frame)
	hp.X.Tick.Marker = agreementTicks(m, false)
	hp.Y.Tick.Marker = agreementTicks(m, true)
	hp.X.Padding, hp.Y.Padding = 0, 0
	if n <= fewStates {
		hp.X.Tick.Label.Rotation = math.Pi / 2
		hp.X.Tick.Label.XAlign, hp.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}

	bar := newPlot("", "", "agreement")
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true})
	bar.HideX()
	bar.Y.Min, bar.Y.Max = lo, 1

	keys := sessionKeysOf(CoalitionKeys(d), m.Session)
	note := absentNote(d)
	return figure{name: PlotAgreement + "-" + m.Session, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawTitle(c, title)
		c = drawNote(c, note)
		c = newLegendStrip(sessionLegend(keys)).drawBelow(c)
		side := c.Max.Y - c.Min.Y
		left := (c.Min.X+c.Max.X)/2 - side/2 - 60
		if n > fewStates {
			left = max(left, c.Min.X+blockLabelWidth)
		}
		heatC := c
		heatC.Min.X, heatC.Max.X = left, left+side+20
		// Square cells: the data area as wide as it is tall.
		dc := hp.DataCanvas(heatC)
		heatC.Max.X -= (dc.Max.X - dc.Min.X) - (dc.Max.Y - dc.Min.Y)
		barC := c
		barC.Min.X, barC.Max.X = heatC.Max.X+30, heatC.Max.X+130
		barC.Min.Y += 40
		barC.Max.Y -= 40
		hp.Draw(heatC)
		bar.Draw(barC)
		if n > fewStates {
			drawBlockLabels(c, hp.DataCanvas(heatC), hp, m, keys, frame.strip)
		}
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
