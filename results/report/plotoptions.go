package report

import (
	"fmt"
	"image/color"
	"slices"

	"github.com/treatysim/treatysim/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The options plot of a Monte Carlo: for every clause, how often each of
// its options was the one in the final text.

// OptionShares is one clause's bar: its options in the order of the
// clause's scale, with the share of runs that ended with each in the
// final text (adopted or not).
type OptionShares struct {
	Clause  string        `json:"clause"`
	Short   string        `json:"short"`
	Options []OptionShare `json:"options"`
}

// OptionShare is an option of a clause: its share of runs, and its role,
// which gives its colour: RoleDeletion (out of the text), RoleOpening, or
// RoleOther with Rank 1, 2, ... among the other options.
type OptionShare struct {
	Option      string  `json:"option"`
	Role        string  `json:"role"`
	Rank        int     `json:"rank,omitempty"`
	Probability float64 `json:"probability"`
}

// The roles of an option in the options plot.
const (
	RoleDeletion = "deletion"
	RoleOpening  = "opening"
	RoleOther    = "other"
)

// otherColors colour the options that are neither the opening one nor the
// deletion, by rank.
var otherColors = []color.NRGBA{okOrange, okGreen, okPurple, okSkyBlue, okVermillion}

// OptionSharesData computes the bars of the options plot from the
// summary's option probabilities, in scenario order.
func OptionSharesData(d *results.RunData) []OptionShares {
	sc := d.Scenario
	var titles, ids []string
	for _, c := range d.Summary.Clauses {
		title := c.Title
		if i := sc.ClauseIndex(c.ID); i >= 0 && title == "" {
			title = sc.Clauses[i].Title
		}
		titles, ids = append(titles, title), append(ids, c.ID)
	}
	shorts := distinctTitles(titles, ids)
	var out []OptionShares
	for k, c := range d.Summary.Clauses {
		deletion := ""
		if i := sc.ClauseIndex(c.ID); i >= 0 && sc.Clauses[i].Deletion >= 0 {
			deletion = sc.Clauses[i].Options[sc.Clauses[i].Deletion].ID
		}
		row := OptionShares{Clause: c.ID, Short: shorts[k]}
		rank := 0
		for _, o := range c.Options {
			s := OptionShare{Option: o.ID, Probability: o.Probability, Role: RoleOther}
			switch o.ID {
			case deletion:
				s.Role = RoleDeletion
			case c.OpeningOption:
				s.Role = RoleOpening
			default:
				rank++
				s.Rank = rank
			}
			row.Options = append(row.Options, s)
		}
		out = append(out, row)
	}
	return out
}

func optionColor(s OptionShare) color.NRGBA {
	switch s.Role {
	case RoleDeletion:
		return grey
	case RoleOpening:
		return okBlue
	}
	return otherColors[(s.Rank-1)%len(otherColors)]
}

// optionsFigure: a bar per clause, split into its options' shares, each
// named inside its segment when it fits.
func optionsFigure(d *results.RunData, rows []OptionShares) figure {
	p := newPlot(fmt.Sprintf("Which option each clause ended with (%s)", runsPhrase(d)),
		"share of runs whose final text held the option (adopted or not)", "")
	n := len(rows)
	names := make([]string, n)
	for k, r := range rows {
		names[n-1-k] = r.Short // the first clause at the top
	}
	p.Add(&shareBars{rows: rows})
	p.NominalY(names...)
	p.Y.Tick.Label.Font = fontOf(noteSize)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
		{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
	legend := []legendItem{swatchItem("opening option", okBlue)}
	maxRank := 0
	for _, r := range rows {
		for _, o := range r.Options {
			if o.Probability > 0 { // a colour no bar shows needs no legend
				maxRank = max(maxRank, o.Rank)
			}
		}
	}
	ordinals := []string{"another option", "a third option", "a fourth option", "a fifth option", "a sixth option"}
	for k := range min(maxRank, len(otherColors)) {
		legend = append(legend, swatchItem(ordinals[k], otherColors[k]))
	}
	legend = append(legend, swatchItem("deleted", grey))
	return figure{name: PlotOptionShares, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		c = newLegendStrip(legend).drawBelow(c)
		p.Draw(draw.Crop(c, 4, -16, 0, -4))
		return nil
	}}
}

// shareBars is a plot.Plotter of stacked horizontal bars from 0 to 1, one
// per row (the first row at the top), each segment named when it fits.
type shareBars struct{ rows []OptionShares }

func (b *shareBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 1, -0.5, float64(len(b.rows)) - 0.5
}

func (b *shareBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := textStyle(noteSize)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	n := len(b.rows)
	for k, row := range b.rows {
		y := float64(n - 1 - k)
		x := 0.0
		for _, o := range row.Options {
			if o.Probability <= 0 {
				continue
			}
			r := vg.Rectangle{Min: vg.Point{X: trX(x), Y: trY(y - 0.38)}, Max: vg.Point{X: trX(x + o.Probability), Y: trY(y + 0.38)}}
			col := optionColor(o)
			c.SetColor(col)
			c.Fill(r.Path())
			c.StrokeLine2(draw.LineStyle{Color: color.White, Width: 1}, r.Max.X, r.Min.Y, r.Max.X, r.Max.Y)
			room := r.Max.X - r.Min.X - 6
			pct := percent(o.Probability)
			for _, label := range []string{o.Option + " " + pct, o.Option, pct} {
				if sty.Width(label) <= room {
					sty.Color = inkOn(col)
					c.FillText(sty, r.Min.Add(r.Max).Scale(0.5), label)
					break
				}
			}
			x += o.Probability
		}
	}
}

// hasOptionShares reports whether a folder gets the options plot: a Monte
// Carlo (a single run's bars would all be whole) with clauses.
func hasOptionShares(d *results.RunData) bool {
	return d.Summary.Runs > 1 && slices.ContainsFunc(d.Summary.Clauses, func(c results.ClauseSummary) bool { return len(c.Options) > 0 })
}
