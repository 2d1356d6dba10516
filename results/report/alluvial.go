package report

import (
	"cmp"
	"image/color"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Alluvial is a plot.Plotter that draws an alluvial diagram: at every
// stage (session) a stack of blocks (coalitions, height = number of
// states), and between successive stages bands whose width is the number
// of states going from one block to the next. A coalition that holds
// together is a straight, wide band; states that change sides are bands
// that cross. gonum's Sankey plotter is made for flows with named stocks
// at arbitrary positions; this one keeps one stack per stage and orders
// bands so that they cross only when states really move.
//
// Stage k is drawn at x = k; y counts states from the bottom.
type Alluvial struct {
	Stages []string          // stage labels, in order
	Blocks [][]AlluvialBlock // per stage, top to bottom
	Flows  []Flow            // bands, matched to stages by session and to blocks by coalition

	BlockWidth float64 // in x units (stages are 1 apart)
	Gap        float64 // between blocks, in states
	BandAlpha  float64 // opacity of the bands
	Label      text.Style
}

// AlluvialBlock is one block: a coalition in a session.
type AlluvialBlock struct {
	ID    string
	Size  int
	Color color.NRGBA
}

// span is the vertical extent of a block or band, in states.
type span struct{ lo, hi float64 }

// height is the height of the tallest stack, gaps included.
func (a *Alluvial) height() float64 {
	h := 0.0
	for _, blocks := range a.Blocks {
		h = max(h, a.stackHeight(blocks))
	}
	return h
}

func (a *Alluvial) stackHeight(blocks []AlluvialBlock) float64 {
	t := 0.0
	for _, b := range blocks {
		t += float64(b.Size)
	}
	if len(blocks) > 1 {
		t += a.Gap * float64(len(blocks)-1)
	}
	return t
}

// blockSpans places the blocks of every stage, each stack centred
// vertically so that a stage with fewer states present does not look as
// if its top coalition had lost them all.
func (a *Alluvial) blockSpans() [][]span {
	h := a.height()
	out := make([][]span, len(a.Blocks))
	for k, blocks := range a.Blocks {
		top := h - (h-a.stackHeight(blocks))/2
		for _, b := range blocks {
			out[k] = append(out[k], span{top - float64(b.Size), top})
			top -= float64(b.Size) + a.Gap
		}
	}
	return out
}

// DataRange implements plot.DataRanger.
func (a *Alluvial) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(a.Stages)) - 0.5, 0, a.height()
}

// band is one flow placed: its source and target spans.
type band struct {
	stage    int // the source stage
	src, dst span
	color    color.NRGBA
}

// bands places every flow. Out of a block, bands leave in the order of
// the blocks they go to; into a block, they arrive in the order of the
// blocks they come from, so that bands between blocks in the same order
// never cross.
func (a *Alluvial) bands(spans [][]span) []band {
	blockOf := func(stage int, id string) int {
		return slices.IndexFunc(a.Blocks[stage], func(b AlluvialBlock) bool { return b.ID == id })
	}
	var out []band
	for k := 0; k+1 < len(a.Stages); k++ {
		type placed struct {
			flow     Flow
			from, to int
		}
		var fs []placed
		for _, f := range a.Flows {
			if f.FromSession != a.Stages[k] || f.ToSession != a.Stages[k+1] {
				continue
			}
			from, to := blockOf(k, f.FromCoalition), blockOf(k+1, f.ToCoalition)
			if from >= 0 && to >= 0 && f.Count() > 0 {
				fs = append(fs, placed{f, from, to})
			}
		}
		srcUsed := make([]float64, len(a.Blocks[k]))
		dstUsed := make([]float64, len(a.Blocks[k+1]))
		srcTop := map[int]float64{} // index in fs -> top of its source span
		slices.SortStableFunc(fs, func(x, y placed) int { return cmp.Or(cmp.Compare(x.from, y.from), cmp.Compare(x.to, y.to)) })
		for i, p := range fs {
			srcTop[i] = spans[k][p.from].hi - srcUsed[p.from]
			srcUsed[p.from] += float64(p.flow.Count())
		}
		idx := make([]int, len(fs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(x, y int) int {
			return cmp.Or(cmp.Compare(fs[x].to, fs[y].to), cmp.Compare(fs[x].from, fs[y].from))
		})
		for _, i := range idx {
			p, n := fs[i], float64(fs[i].flow.Count())
			dstTop := spans[k+1][p.to].hi - dstUsed[p.to]
			dstUsed[p.to] += n
			out = append(out, band{stage: k, src: span{srcTop[i] - n, srcTop[i]}, dst: span{dstTop - n, dstTop},
				color: a.Blocks[k][p.from].Color})
		}
	}
	return out
}

// Plot implements plot.Plotter.
func (a *Alluvial) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	spans := a.blockSpans()
	half := a.BlockWidth / 2
	for _, b := range a.bands(spans) {
		x0, x1 := trX(float64(b.stage)+half), trX(float64(b.stage+1)-half)
		mid := (x0 + x1) / 2
		var p vg.Path
		p.Move(vg.Point{X: x0, Y: trY(b.src.hi)})
		p.CubeTo(vg.Point{X: mid, Y: trY(b.src.hi)}, vg.Point{X: mid, Y: trY(b.dst.hi)}, vg.Point{X: x1, Y: trY(b.dst.hi)})
		p.Line(vg.Point{X: x1, Y: trY(b.dst.lo)})
		p.CubeTo(vg.Point{X: mid, Y: trY(b.dst.lo)}, vg.Point{X: mid, Y: trY(b.src.lo)}, vg.Point{X: x0, Y: trY(b.src.lo)})
		p.Close()
		c.SetColor(withAlpha(b.color, a.BandAlpha))
		c.Fill(p)
	}
	sty := a.Label
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for k, blocks := range a.Blocks {
		for j, b := range blocks {
			s := spans[k][j]
			r := vg.Rectangle{Min: vg.Point{X: trX(float64(k) - half), Y: trY(s.lo)},
				Max: vg.Point{X: trX(float64(k) + half), Y: trY(s.hi)}}
			c.SetColor(b.Color)
			c.Fill(r.Path())
			label := strconv.Itoa(b.Size)
			if r.Max.Y-r.Min.Y >= sty.Height(label)+2 && r.Max.X-r.Min.X >= sty.Width(label)+2 {
				sty.Color = inkOn(b.Color)
				c.FillText(sty, r.Min.Add(r.Max).Scale(0.5), label)
			}
		}
	}
}

var (
	_ plot.Plotter    = (*Alluvial)(nil)
	_ plot.DataRanger = (*Alluvial)(nil)
)
