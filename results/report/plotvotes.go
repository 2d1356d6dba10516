package report

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/treatysim/treatysim/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The recorded votes as charts: the tallies of a single run's votes (and
// a world map of each, see plotworld.go), or over a Monte Carlo the mean
// tallies with the range of 90% of the runs.

// VoteBars is a recorded vote as the votes chart shows it. Tally is, for a
// single run, the counts (the percentiles equal to them); over a Monte
// Carlo, the mean counts and their 5th and 95th percentiles over the runs
// in which the vote was held.
type VoteBars struct {
	Session   string            `json:"session"`
	Motion    string            `json:"motion"`
	Label     string            `json:"label"`
	Held      float64           `json:"held"`   // the share of runs in which the vote was held
	Passed    float64           `json:"passed"` // the share of those in which it passed
	Tally     results.VoteTally `json:"tally"`
	NotVoting int               `json:"not_voting,omitempty"` // a single run's states present that did not vote
}

// VoteChartData lists the recorded votes in the order they were held (a
// single run: summary.json's motions and votes.csv) or scripted (a Monte
// Carlo: summary.json's votes).
func VoteChartData(d *results.RunData) []VoteBars {
	var out []VoteBars
	if d.Summary.Runs == 1 {
		for _, m := range d.Summary.Motions {
			count := func(n int) results.TallyStats { return results.TallyStats{Mean: float64(n), P05: n, P95: n} }
			vb := VoteBars{Session: m.Session, Motion: m.Motion, Label: m.Label, Held: 1,
				Tally: results.VoteTally{Yes: count(m.Yes), No: count(m.No), Abstain: count(m.Abstain)}}
			if m.Passed {
				vb.Passed = 1
			}
			for _, r := range d.Votes {
				if r.Motion == m.Motion && r.Vote == "not_voting" {
					vb.NotVoting++
				}
			}
			out = append(out, vb)
		}
		return out
	}
	for _, v := range d.Summary.Votes {
		out = append(out, VoteBars{Session: v.Session, Motion: v.ID, Label: v.Label, Held: v.HeldProbability,
			Passed: v.PassedProbability, Tally: v.Tally})
	}
	return out
}

// voteOrder is the order of the bars of a vote, and their colours (as on
// the vote maps).
var voteOrder = []struct {
	key, label string
	tally      func(results.VoteTally) results.TallyStats
}{
	{"yes", "yes", func(t results.VoteTally) results.TallyStats { return t.Yes }},
	{"no", "no", func(t results.VoteTally) results.TallyStats { return t.No }},
	{"abstain", "abstaining", func(t results.VoteTally) results.TallyStats { return t.Abstain }},
}

// votesFigure: one block per vote, its label and verdict over three bars
// (yes, no, abstaining) with their counts; over a Monte Carlo the bars are
// means and the whiskers the range of 90% of the runs.
func votesFigure(d *results.RunData, votes []VoteBars) figure {
	single := d.Summary.Runs == 1
	title := "Recorded votes: how many states voted yes, no or abstained"
	if !single {
		title = fmt.Sprintf("Recorded votes over %s: mean tallies and the range of 90%% of runs", runsPhrase(d))
	}
	p := newPlot(title, "number of states", "")
	p.Y.Tick.Marker = plot.ConstantTicks{}
	p.Y.LineStyle.Width = 0
	tb := &tallyBars{votes: votes, single: single}
	p.Add(tb)
	p.X.Min = 0
	p.Y.Min, p.Y.Max = 0, float64(max(len(votes), 3))
	var legend []legendItem
	for _, v := range voteOrder {
		legend = append(legend, swatchItem(v.label, voteColors[v.key]))
	}
	if !single {
		legend = append(legend, lineItem("90% of runs (5th to 95th percentile)", draw.LineStyle{Color: okBlack, Width: 1.5}, nil))
	}
	return figure{name: PlotVotes, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		c = newLegendStrip(legend).drawBelow(c)
		p.Draw(draw.Crop(c, 8, -(tb.labelWidth() + 16), 0, -4))
		return nil
	}}
}

// tallyBars is a plot.Plotter drawing each vote as a block of height 1,
// from the top: the label, then a bar per kind of vote.
type tallyBars struct {
	votes  []VoteBars
	single bool
}

func (t *tallyBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, v := range t.votes {
		for _, o := range voteOrder {
			s := o.tally(v.Tally)
			xmax = max(xmax, s.Mean, float64(s.P95))
		}
	}
	return 0, xmax * 1.04, 0, float64(len(t.votes))
}

// countText is what is written at the end of a bar.
func (t *tallyBars) countText(s results.TallyStats) string {
	if t.single {
		return fmt.Sprint(s.P05)
	}
	return fmt.Sprintf("%.1f (%d to %d)", s.Mean, s.P05, s.P95)
}

// labelWidth is the room the counts need right of the longest bar.
func (t *tallyBars) labelWidth() vg.Length {
	sty := textStyle(noteSize)
	w := vg.Length(0)
	for _, v := range t.votes {
		for _, o := range voteOrder {
			w = max(w, sty.Width(t.countText(o.tally(v.Tally))))
		}
	}
	return w
}

func (t *tallyBars) verdict(v VoteBars) string {
	if t.single {
		out := "rejected"
		if v.Passed >= 1 {
			out = "passed"
		}
		if v.NotVoting > 0 {
			out += fmt.Sprintf("; %d not voting", v.NotVoting)
		}
		return out
	}
	return fmt.Sprintf("held in %s of runs, passed in %s of those", percent(v.Held), percent(v.Passed))
}

func (t *tallyBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	head := textStyle(tickSize)
	head.YAlign = draw.YTop
	note := textStyle(noteSize)
	note.YAlign = draw.YCenter
	whisker := draw.LineStyle{Color: okBlack, Width: 1.5}
	rows := plt.Y.Max
	for k, v := range t.votes {
		top := rows - float64(k) // the first vote at the top
		label := v.Label
		if label == "" {
			label = v.Motion
		}
		label = fmt.Sprintf("%s (%s): %s", label, v.Session, t.verdict(v))
		c.FillText(head, vg.Point{X: trX(0), Y: trY(top - 0.04)}, fitText(head, label, c.Max.X-c.Min.X))
		for i, o := range voteOrder {
			s := o.tally(v.Tally)
			mid := top - 0.36 - 0.19*float64(i)
			r := vg.Rectangle{Min: vg.Point{X: trX(0), Y: trY(mid - 0.075)}, Max: vg.Point{X: trX(s.Mean), Y: trY(mid + 0.075)}}
			c.SetColor(voteColors[o.key])
			c.Fill(r.Path())
			c.SetLineStyle(draw.LineStyle{Color: color.NRGBA{0x44, 0x44, 0x44, 0xFF}, Width: 0.5})
			c.Stroke(r.Path())
			end := r.Max.X
			if !t.single && s.P95 > s.P05 {
				y := trY(mid)
				lo, hi := trX(float64(s.P05)), trX(float64(s.P95))
				c.StrokeLine2(whisker, lo, y, hi, y)
				c.StrokeLine2(whisker, lo, y-4, lo, y+4)
				c.StrokeLine2(whisker, hi, y-4, hi, y+4)
				end = max(end, hi)
			}
			c.FillText(note, vg.Point{X: end + 6, Y: trY(mid)}, o.label+" "+t.countText(s))
		}
	}
}

// recordFigures are the figures drawn from the record of the text and the
// votes that the folder supports: the options plot of a Monte Carlo; the
// timeline and the world maps of a single run; the votes chart, and a
// single run's vote maps.
func recordFigures(d *results.RunData) []figure {
	var out []figure
	if hasOptionShares(d) {
		out = append(out, optionsFigure(d, OptionSharesData(d)))
	}
	if len(d.Text) > 0 {
		out = append(out, timelineFigure(d, TimelineData(d)))
	}
	out = append(out, worldFigures(d)...)
	return append(out, voteFigures(d)...)
}

// voteFigures are the votes chart and, for a single run, a world map of
// each vote.
func voteFigures(d *results.RunData) []figure {
	votes := VoteChartData(d)
	if len(votes) == 0 {
		return nil
	}
	out := []figure{votesFigure(d, votes)}
	if d.Summary.Runs != 1 || len(d.Votes) == 0 {
		return out
	}
	for _, v := range votes {
		wm, err := VoteMapData(d, v.Motion)
		if err != nil || !wm.onMap() {
			continue // a motion without votes.csv rows (an older folder), or made-up states: no map
		}
		title := fitText(textStyle(titleSize), "How the states voted: "+v.Label, wideWidth-24)
		out = append(out, worldFigure(PlotVoteMap+"-"+fileSafe(v.Motion), title, d, wm))
	}
	return out
}

// fileSafe keeps letters, digits, - and _ of an id for a file name.
func fileSafe(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, id)
}
