package report

import (
	"bytes"
	"fmt"
	"github.com/treatysim/treatysim/results"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The look shared by every plot: sized for a projector (1200x800 px, text
// of 13 pt and more), in the Okabe-Ito palette, which stays distinct for
// the common forms of colour blindness.

const (
	figureDPI = 96
	// figureWidth and figureHeight make 1200x800 px at figureDPI.
	figureWidth  = 1200 * vg.Inch / figureDPI
	figureHeight = 800 * vg.Inch / figureDPI

	titleSize  = 20
	labelSize  = 16
	tickSize   = 14
	legendSize = 14
	noteSize   = 13 // labels inside plots, the smallest text
)

// The Okabe-Ito palette (Okabe and Ito 2008), in the order coalitions
// take it. Yellow comes late: it is faint on white.
var (
	okOrange     = color.NRGBA{0xE6, 0x9F, 0x00, 0xFF}
	okSkyBlue    = color.NRGBA{0x56, 0xB4, 0xE9, 0xFF}
	okGreen      = color.NRGBA{0x00, 0x9E, 0x73, 0xFF}
	okVermillion = color.NRGBA{0xD5, 0x5E, 0x00, 0xFF}
	okBlue       = color.NRGBA{0x00, 0x72, 0xB2, 0xFF}
	okPurple     = color.NRGBA{0xCC, 0x79, 0xA7, 0xFF}
	okYellow     = color.NRGBA{0xF0, 0xE4, 0x42, 0xFF}
	okBlack      = color.NRGBA{0x00, 0x00, 0x00, 0xFF}
	grey         = color.NRGBA{0x99, 0x99, 0x99, 0xFF}
	lightGrey    = color.NRGBA{0xDD, 0xDD, 0xDD, 0xFF}

	coalitionPalette = []color.NRGBA{okOrange, okSkyBlue, okGreen, okVermillion, okBlue, okPurple, okYellow, okBlack}
	// seriesPalette colours lines (states in the trajectories), where a
	// light colour would be hard to follow.
	seriesPalette = []color.NRGBA{okBlue, okVermillion, okGreen, okPurple, okOrange, okSkyBlue, okBlack, okYellow}
)

// coalitionColor is the colour of a coalition identity, the same in every
// plot: C1 takes the first colour, C2 the second, and so on.
func coalitionColor(id string) color.NRGBA {
	n := coalitionNumber(id)
	if n < 1 || n == math.MaxInt32 {
		return grey
	}
	return coalitionPalette[(n-1)%len(coalitionPalette)]
}

// CoalitionColor is the colour of a coalition identity (C1, C2, ...) as
// "#rrggbb": the colour the plots and the report give it, for pages that
// show coalitions next to them (the classroom's live view).
func CoalitionColor(id string) string {
	c := coalitionColor(id)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// withAlpha returns c with opacity a in [0,1].
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(255 * a))
	return c
}

// inkOn returns black or white, whichever reads better on background c.
func inkOn(c color.NRGBA) color.Color {
	lum := 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
	if lum < 110 {
		return color.White
	}
	return color.Black
}

// sansFont is Liberation Sans, shipped with gonum/plot: a sans-serif face
// reads better than its default serif one from the back of a room.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

func fontOf(size vg.Length) font.Font { return font.From(sansFont, size) }

// textStyle is a plain text style of the given size.
func textStyle(size vg.Length) text.Style {
	return text.Style{Color: color.Black, Font: fontOf(size), Handler: plot.DefaultTextHandler}
}

// newPlot returns a plot with the projector-sized fonts.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = fontOf(titleSize)
	p.Title.Padding = 10
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = fontOf(labelSize)
		a.Tick.Label.Font = fontOf(tickSize)
		a.Label.Padding = 6
	}
	p.Legend.TextStyle.Font = fontOf(legendSize)
	return p
}

// figure is one plot to render: its file name under plots/ (without
// extension), its size and how to draw it on a canvas.
type figure struct {
	name string
	w, h vg.Length
	draw func(c draw.Canvas) error
}

// render draws the figure as PNG (for the report and slides) and SVG (to
// scale or edit), under plots/.
func (f figure) render() (results.Files, error) {
	out := results.Files{}
	png := vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(figureDPI), vgimg.UseBackgroundColor(color.White))
	if err := f.draw(draw.New(png)); err != nil {
		return nil, fmt.Errorf("plot %s: %w", f.name, err)
	}
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: png}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("plot %s: png: %w", f.name, err)
	}
	out["plots/"+f.name+".png"] = b.Bytes()

	svg := vgsvg.New(f.w, f.h)
	c := draw.New(svg)
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if err := f.draw(c); err != nil {
		return nil, fmt.Errorf("plot %s: %w", f.name, err)
	}
	var s bytes.Buffer
	if _, err := svg.WriteTo(&s); err != nil {
		return nil, fmt.Errorf("plot %s: svg: %w", f.name, err)
	}
	out["plots/"+f.name+".svg"] = s.Bytes()
	return out, nil
}

// drawTitle writes a figure title across the top of c and returns the
// canvas below it: for figures made of several plots.
func drawTitle(c draw.Canvas, title string) draw.Canvas {
	sty := textStyle(titleSize)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	top := c.Max.Y - 8
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, title)
	c.Max.Y = top - sty.Height(title) - 10
	return c
}

// legendItem is one entry of a legend strip: a sample and its label.
type legendItem struct {
	label string
	thumb func(c draw.Canvas) // draws the sample in c
}

// swatchItem is a legend entry with a filled square of colour col.
func swatchItem(label string, col color.Color) legendItem {
	return legendItem{label: label, thumb: func(c draw.Canvas) {
		side := min(c.Max.X-c.Min.X, c.Max.Y-c.Min.Y)
		mid := c.Center()
		r := vg.Rectangle{Min: vg.Point{X: mid.X - side/2, Y: mid.Y - side/2}, Max: vg.Point{X: mid.X + side/2, Y: mid.Y + side/2}}
		c.SetColor(col)
		c.Fill(r.Path())
	}}
}

// lineItem is a legend entry with a line sample, and a glyph if given.
func lineItem(label string, line draw.LineStyle, glyph *draw.GlyphStyle) legendItem {
	return legendItem{label: label, thumb: func(c draw.Canvas) {
		y := (c.Min.Y + c.Max.Y) / 2
		c.StrokeLine2(line, c.Min.X, y, c.Max.X, y)
		if glyph != nil {
			c.DrawGlyphNoClip(*glyph, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y})
		}
	}}
}

// glyphItem is a legend entry with a glyph alone.
func glyphItem(label string, glyph draw.GlyphStyle) legendItem {
	return legendItem{label: label, thumb: func(c draw.Canvas) {
		c.DrawGlyphNoClip(glyph, c.Center())
	}}
}

// legendStrip lays out legend items in as many columns as fit the width
// of c, under the plot rather than over its data, so that no entry hides
// a bar or a band however long the coalition names are.
type legendStrip struct {
	items []legendItem
	sty   text.Style
}

func newLegendStrip(items []legendItem) legendStrip {
	return legendStrip{items: items, sty: textStyle(legendSize)}
}

const (
	legendThumb     = vg.Length(28)
	legendGap       = vg.Length(8)
	legendColumnGap = vg.Length(28)
)

func (l legendStrip) rowHeight() vg.Length { return l.sty.Height("Xg") * 1.45 }

// layout returns the number of columns and rows that fit width.
func (l legendStrip) layout(width vg.Length) (cols, rows int, colWidth vg.Length) {
	if len(l.items) == 0 {
		return 0, 0, 0
	}
	for _, it := range l.items {
		colWidth = max(colWidth, legendThumb+legendGap+l.sty.Width(it.label)+legendColumnGap)
	}
	cols = max(1, min(len(l.items), int(width/colWidth)))
	rows = (len(l.items) + cols - 1) / cols
	return cols, rows, colWidth
}

// height is the height the strip needs in a canvas of the given width.
func (l legendStrip) height(width vg.Length) vg.Length {
	_, rows, _ := l.layout(width)
	if rows == 0 {
		return 0
	}
	return vg.Length(rows)*l.rowHeight() + 12
}

// drawBelow draws the strip at the bottom of c, centred, and returns the
// canvas above it.
func (l legendStrip) drawBelow(c draw.Canvas) draw.Canvas {
	width := c.Max.X - c.Min.X - 20
	cols, rows, colWidth := l.layout(width)
	if rows == 0 {
		return c
	}
	h := l.height(width)
	rh := l.rowHeight()
	used := vg.Length(cols)*colWidth - legendColumnGap
	left := c.Min.X + (c.Max.X-c.Min.X-used)/2
	sty := l.sty
	sty.YAlign = draw.YCenter
	for k, it := range l.items {
		col, row := k%cols, k/cols // fill rows first: reading order
		x := left + vg.Length(col)*colWidth
		y := c.Min.Y + h - 6 - (vg.Length(row)+0.5)*rh
		thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y - rh*0.3}, Max: vg.Point{X: x + legendThumb, Y: y + rh*0.3}}}
		it.thumb(thumb)
		c.FillText(sty, vg.Point{X: x + legendThumb + legendGap, Y: y}, it.label)
	}
	c.Min.Y += h
	return c
}

// viridis is the perceptually uniform, colour-blind-safe sequential colour
// map of matplotlib (van der Walt and Smith), by linear interpolation
// between ten of its colours; gonum's palettes have none like it.
type viridis struct{ min, max, alpha float64 }

var viridisKeys = []color.NRGBA{
	{0x44, 0x01, 0x54, 0xFF}, {0x48, 0x28, 0x78, 0xFF}, {0x3E, 0x4A, 0x89, 0xFF}, {0x31, 0x68, 0x8E, 0xFF},
	{0x26, 0x82, 0x8E, 0xFF}, {0x1F, 0x9E, 0x89, 0xFF}, {0x35, 0xB7, 0x79, 0xFF}, {0x6D, 0xCD, 0x59, 0xFF},
	{0xB4, 0xDE, 0x2C, 0xFF}, {0xFD, 0xE7, 0x25, 0xFF},
}

func newViridis(min, max float64) *viridis { return &viridis{min: min, max: max, alpha: 1} }

// At implements palette.ColorMap.
func (v *viridis) At(x float64) (color.Color, error) {
	if x < v.min || x > v.max {
		return nil, palette.ErrOverflow
	}
	t := 0.0
	if v.max > v.min {
		t = (x - v.min) / (v.max - v.min)
	}
	pos := t * float64(len(viridisKeys)-1)
	k := min(int(pos), len(viridisKeys)-2)
	f := pos - float64(k)
	a, b := viridisKeys[k], viridisKeys[k+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p)*(1-f) + float64(q)*f)) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), uint8(math.Round(255 * v.alpha))}, nil
}

func (v *viridis) Max() float64       { return v.max }
func (v *viridis) SetMax(x float64)   { v.max = x }
func (v *viridis) Min() float64       { return v.min }
func (v *viridis) SetMin(x float64)   { v.min = x }
func (v *viridis) Alpha() float64     { return v.alpha }
func (v *viridis) SetAlpha(a float64) { v.alpha = a }

// Palette implements palette.ColorMap.
func (v *viridis) Palette(n int) palette.Palette {
	cols := make([]color.Color, n)
	for i := range cols {
		x := v.min
		if n > 1 {
			x += (v.max - v.min) * float64(i) / float64(n-1)
		}
		cols[i], _ = v.At(x)
	}
	return plainPalette(cols)
}

type plainPalette []color.Color

func (p plainPalette) Colors() []color.Color { return p }

var _ palette.ColorMap = (*viridis)(nil)

// boldCross is a cross glyph drawn thick enough to read from the back of a
// room (gonum's CrossGlyph strokes half a point).
type boldCross struct{}

func (boldCross) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: 3})
	r := sty.Radius * 0.75
	for _, d := range []vg.Length{r, -r} {
		var p vg.Path
		p.Move(vg.Point{X: pt.X - r, Y: pt.Y - d})
		p.Line(vg.Point{X: pt.X + r, Y: pt.Y + d})
		c.Stroke(p)
	}
}

// boldRing is a ring glyph drawn thick, as boldCross.
type boldRing struct{}

func (boldRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: 2.5})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}

// boldSquare is a hollow square glyph drawn thick, as boldCross.
type boldSquare struct{}

func (boldSquare) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: 2.5})
	r := sty.Radius * 0.8
	var p vg.Path
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y + r})
	p.Close()
	c.Stroke(p)
}
