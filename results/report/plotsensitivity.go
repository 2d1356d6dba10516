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
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// SensitivityTop is the number of factors a sensitivity plot shows: the
// ones that matter most; the rest are in indices.csv.
const SensitivityTop = 15

// SensitivityBar is one factor of a sensitivity plot. Morris: Value is
// mu*, Second sigma, and the intervals are unused. Sobol: Value is the
// total index and Second the first-order index, each with its 95%
// bootstrap interval.
type SensitivityBar struct {
	Factor     string  `json:"factor"`
	Value      float64 `json:"value"`
	Low        float64 `json:"low,omitempty"`
	High       float64 `json:"high,omitempty"`
	Second     float64 `json:"second"`
	SecondLow  float64 `json:"second_low,omitempty"`
	SecondHigh float64 `json:"second_high,omitempty"`
}

// SensitivityChart is the tornado plot of one output of a sensitivity
// analysis.
type SensitivityChart struct {
	Output  string // the output's name, which names the file
	Title   string
	Method  string // morris or sobol
	Factors int    // the number of factors of the analysis
	Bars    []SensitivityBar
}

// SensitivityPlotName is the file name (under plots/, without extension)
// of an output's plot: "sensitivity-" and the output's name with every
// character but letters, digits, '-' and '_' made '-' (survived:x gives
// sensitivity-survived-x).
func SensitivityPlotName(output string) string {
	return "sensitivity-" + strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') {
			return r
		}
		return '-'
	}, output)
}

// SensitivityData returns the bars the plot draws, top first: the factors
// with a Value above 0, by decreasing Value (ties in the order given), at
// most SensitivityTop.
func SensitivityData(ch SensitivityChart) []SensitivityBar {
	bars := slices.DeleteFunc(slices.Clone(ch.Bars), func(b SensitivityBar) bool { return !(b.Value > 0) })
	slices.SortStableFunc(bars, func(a, b SensitivityBar) int { return -cmp.Compare(a.Value, b.Value) })
	return bars[:min(len(bars), SensitivityTop)]
}

// SensitivityFiles draws the tornado plot of one output (16:9): one row
// per factor, the most influential at the top. Morris: a bar of mu* and a
// thinner one of sigma beneath it. Sobol: a bar of the total index and a
// thinner one of the first-order index, each with its 95% interval as a
// whisker.
func SensitivityFiles(ch SensitivityChart) (results.Files, error) {
	bars := SensitivityData(ch)
	name := SensitivityPlotName(ch.Output)
	if len(bars) == 0 {
		return nil, fmt.Errorf("plot %s: no factor moved %s", name, ch.Output)
	}
	sobol := ch.Method == "sobol"
	xLabel := fmt.Sprintf("mu*: mean absolute effect of a step of 2/3 of the factor's range (the %d of %d factors that matter most)", len(bars), ch.Factors)
	if sobol {
		xLabel = fmt.Sprintf("Sobol index: share of the output's variance (the %d of %d factors with the largest total index)", len(bars), ch.Factors)
	}
	p := newPlot(ch.Title, xLabel, "")
	grid := plotter.NewGrid()
	grid.Horizontal.Color = color.Transparent
	grid.Vertical.Color = lightGrey
	p.Add(grid)
	// At least sensitivityRows rows, the bars from the top, so that a plot
	// of few factors does not draw them a hand thick.
	rows := max(len(bars), sensitivityRows)
	primary := &hbars{color: okBlue, thickness: 0.42, offset: 0.12, whiskers: sobol}
	second := &hbars{color: okOrange, thickness: 0.2, offset: -0.22, whiskers: sobol}
	column := &rightColumn{header: "mu* (sigma)", sty: textStyle(noteSize)}
	if sobol {
		second.color = okSkyBlue
		column.header = "total (95% interval); first-order"
	}
	names := make([]string, rows)
	for k, b := range bars {
		y := float64(rows - 1 - k) // the first at the top
		names[rows-1-k] = b.Factor
		primary.rows = append(primary.rows, hbar{y: y, value: b.Value, low: b.Low, high: b.High})
		second.rows = append(second.rows, hbar{y: y, value: b.Second, low: b.SecondLow, high: b.SecondHigh})
		text := fmt.Sprintf("%.3f (%.3f)", b.Value, b.Second)
		if sobol {
			text = fmt.Sprintf("%.2f (%.2f to %.2f); %.2f", b.Value, b.Low, b.High, b.Second)
		}
		column.rows = append(column.rows, columnRow{y: y, text: text})
	}
	p.Add(primary, second, column)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(rows)-0.4
	if sobol {
		// Indices are shares of variance: the axis shows [0, 1] and a
		// little more, whiskers beyond are cut at its ends (a few
		// hundred runs give wide intervals).
		lo, hi := 0.0, 1.0
		for _, b := range bars {
			lo, hi = min(lo, b.Value, b.Second), max(hi, b.Value, b.Second)
			if !math.IsNaN(b.Low + b.High + b.SecondLow + b.SecondHigh) {
				lo, hi = min(lo, b.Low, b.SecondLow), max(hi, b.High, b.SecondHigh)
			}
		}
		p.X.Min, p.X.Max = max(-0.25, lo-0.05), min(1.25, hi+0.05)
		primary.clip, second.clip = [2]float64{p.X.Min, p.X.Max}, [2]float64{p.X.Min, p.X.Max}
		var ticks plot.ConstantTicks
		for v := -0.25; v <= 1.25; v += 0.25 {
			if v >= p.X.Min-1e-9 && v <= p.X.Max+1e-9 {
				ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
			}
		}
		p.X.Tick.Marker = ticks
	} else {
		p.X.Min, p.X.Max = 0, bars[0].Value
		for _, b := range bars {
			p.X.Max = max(p.X.Max, b.Second)
		}
		p.X.Max *= 1.04
	}
	items := []legendItem{swatchItem("mu* (mean absolute effect)", okBlue), swatchItem("sigma (standard deviation of the effects)", okOrange)}
	if sobol {
		items = []legendItem{swatchItem("total index (with its interactions)", okBlue), swatchItem("first-order index (alone)", okSkyBlue),
			lineItem("95% bootstrap interval", draw.LineStyle{Color: okBlack, Width: 1.5}, nil)}
	}
	legend := newLegendStrip(items)
	return figure{name: name, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		c = legend.drawBelow(c)
		p.Title.Padding = 26 // room for the column's header
		p.Draw(draw.Crop(c, 4, -(column.width() + 30), 0, -4))
		return nil
	}}.render()
}

// sensitivityRows is the fewest rows a sensitivity plot lays out.
const sensitivityRows = 8

// hbars is a plot.Plotter of horizontal bars from 0, one per row at
// y+offset, thickness in y units (gonum's BarChart takes its width in
// points, which a figure cannot know before it is laid out), with an
// optional whisker for an interval.
type hbars struct {
	rows              []hbar
	color             color.NRGBA
	thickness, offset float64
	whiskers          bool
	clip              [2]float64 // bars and whiskers are cut to this x range, if set
}

type hbar struct {
	y, value, low, high float64
}

func (h *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, r := range h.rows {
		xmin, xmax = min(xmin, r.value), max(xmax, r.value)
		if h.whiskers && !math.IsNaN(r.low) && !math.IsNaN(r.high) {
			xmin, xmax = min(xmin, r.low), max(xmax, r.high)
		}
		ymin, ymax = min(ymin, r.y-0.5), max(ymax, r.y+0.5)
	}
	return xmin, xmax, ymin, ymax
}

func (h *hbars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	whisker := draw.LineStyle{Color: okBlack, Width: 1.5}
	for _, r := range h.rows {
		y := r.y + h.offset
		lo, hi := min(0, r.value), max(0, r.value)
		if h.clip != [2]float64{} { // a bar beyond the axis stops at its end; the column gives the number
			lo, hi = max(lo, h.clip[0]), min(hi, h.clip[1])
		}
		rect := vg.Rectangle{Min: vg.Point{X: trX(lo), Y: trY(y - h.thickness/2)}, Max: vg.Point{X: trX(hi), Y: trY(y + h.thickness/2)}}
		c.SetColor(h.color)
		c.Fill(rect.Path())
		if !h.whiskers || math.IsNaN(r.low) || math.IsNaN(r.high) {
			continue
		}
		a, b := r.low, r.high
		if h.clip != [2]float64{} {
			a, b = max(a, h.clip[0]), min(b, h.clip[1])
		}
		yc, tick := trY(y), (rect.Max.Y-rect.Min.Y)*0.4
		c.StrokeLine2(whisker, trX(a), yc, trX(b), yc)
		if a == r.low { // no end tick where the interval is cut
			c.StrokeLine2(whisker, trX(a), yc-tick, trX(a), yc+tick)
		}
		if b == r.high {
			c.StrokeLine2(whisker, trX(b), yc-tick, trX(b), yc+tick)
		}
	}
}

var _ plot.DataRanger = (*hbars)(nil)
