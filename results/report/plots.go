package report

import (
	"fmt"
	"maps"
	"slices"

	"github.com/treatysim/treatysim/results"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PlotOptions chooses what the trajectories plot follows; empty fields
// take defaults (the five weightiest states, the first clause on the
// agenda).
type PlotOptions struct {
	States []string
	Clause string
}

// Plot file names, without extension (each is written as .png and .svg
// under plots/).
const (
	PlotFlows        = "coalitions-flows"
	PlotAgreement    = "agreement" // agreement-<session>
	PlotMap          = "map"
	PlotSurvival     = "survival"
	PlotDecided      = "decided-session"
	PlotTrajectories = "trajectories"
	PlotTimeline     = "timeline"
	PlotWorld        = "world" // world-<session>
	PlotVotes        = "votes"
	PlotVoteMap      = "vote-map" // vote-map-<motion>
	PlotOptionShares = "options"
)

// Plots draws every plot the results folder supports, as PNG and SVG
// under plots/. A Monte Carlo folder (a summary, no tables of a single
// run) gets the survival and decided-session plots; a single run gets the
// survival plot, the coalition flows, the final agreement matrix, the
// positions of the delegations and the trajectories.
func Plots(d *results.RunData, opt PlotOptions) (results.Files, error) {
	if d == nil || d.Summary == nil || d.Scenario == nil {
		return nil, fmt.Errorf("plots: %w: no summary or scenario", results.ErrNotResults)
	}
	figs, err := figures(d, opt)
	if err != nil {
		return nil, err
	}
	out := results.Files{}
	for _, f := range figs {
		files, err := f.render()
		if err != nil {
			return nil, err
		}
		maps.Copy(out, files)
	}
	return out, nil
}

// figures lists the figures the folder supports, in the order the report
// shows them.
func figures(d *results.RunData, opt PlotOptions) ([]figure, error) {
	chosen := opt // before the defaults fill it in
	figs := []figure{survivalFigure(d)}
	if d.Summary.Runs != 1 { // a single run's one outcome is in the summary
		figs = append(figs, decidedFigure(d))
	}
	if len(d.Coalitions) > 0 {
		if flows := FlowData(d); len(flows) > 0 {
			figs = append(figs, flowsFigure(d, flows))
		}
	}
	figs = append(figs, recordFigures(d)...)
	if len(d.Positions) == 0 {
		return figs, nil
	}
	// The last session with positions: the final one, unless it only voted.
	if s := lastSessionWithPositions(d); s != "" {
		m, err := AgreementData(d, s)
		if err != nil {
			return nil, fmt.Errorf("agreement matrix: %w", err)
		}
		figs = append(figs, agreementFigure(d, m))
	}
	opt, err := opt.resolve(d)
	if err != nil {
		return nil, err
	}
	sm, err := MapData(d)
	if err != nil {
		return nil, fmt.Errorf("map of the states: %w", err)
	}
	if len(sm.Points) > 0 {
		figs = append(figs, mapFigure(d, sm, opt.States))
	}
	tr, err := TrajectoryData(d, opt)
	if err != nil {
		return nil, fmt.Errorf("trajectories: %w", err)
	}
	figs = append(figs, trajectoriesFigure(d, tr))
	if chosen.Clause != "" {
		return figs, nil
	}
	// Unless a clause was chosen, the most contested clauses too: one
	// clause of twenty cannot show the negotiation.
	extra := 0
	for _, c := range contestedClauses(d, extraTrajectories+1) {
		if c == opt.Clause || extra == extraTrajectories {
			continue
		}
		tr, err := TrajectoryData(d, PlotOptions{Clause: c, States: chosen.States})
		if err != nil {
			return nil, fmt.Errorf("trajectories on %s: %w", c, err)
		}
		f := trajectoriesFigure(d, tr)
		f.name = PlotTrajectories + "-" + c
		figs = append(figs, f)
		extra++
	}
	return figs, nil
}

// extraTrajectories is how many contested clauses get a trajectories
// figure besides the default one.
const extraTrajectories = 2

// contestedClauses returns up to n clauses whose text changed most often
// (option or status, session by session and round by round, in
// text.csv), the most changed first, ties in the scenario's order.
func contestedClauses(d *results.RunData, n int) []string {
	changes := map[string]int{}
	last := map[string]results.TextRow{}
	for _, r := range d.Text {
		if p, ok := last[r.Clause]; ok && (p.Option != r.Option || p.Status != r.Status) {
			changes[r.Clause]++
		}
		last[r.Clause] = r
	}
	var ids []string
	for _, cl := range d.Scenario.Clauses {
		if changes[cl.ID] > 0 {
			ids = append(ids, cl.ID)
		}
	}
	slices.SortStableFunc(ids, func(a, b string) int { return changes[b] - changes[a] })
	return ids[:min(n, len(ids))]
}

// runsPhrase is "1 run" or "N runs", for titles.
func runsPhrase(d *results.RunData) string {
	if d.Summary.Runs == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", d.Summary.Runs)
}

// singlePlot wraps a single plot (and an optional legend strip under it) as a
// figure.
func singlePlot(name string, p *plot.Plot, legend []legendItem) figure {
	return figure{name: name, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = newLegendStrip(legend).drawBelow(c)
		p.Draw(draw.Crop(c, 4, -14, 0, -4))
		return nil
	}}
}

// rightColumn is a plot.Plotter writing a column of text to the right of
// the data area, one row per y, under a header: the options beside the
// survival of their clauses. The figure leaves room for it.
type rightColumn struct {
	header string
	rows   []columnRow
	sty    text.Style
}

type columnRow struct {
	y    float64
	text string
}

func (r *rightColumn) width() vg.Length {
	w := r.sty.Width(r.header)
	for _, row := range r.rows {
		w = max(w, r.sty.Width(row.text))
	}
	return w
}

func (r *rightColumn) Plot(c draw.Canvas, plt *plot.Plot) {
	_, trY := plt.Transforms(&c)
	x := c.Max.X + 20
	sty := r.sty
	sty.YAlign = draw.YCenter
	for _, row := range r.rows {
		c.FillText(sty, vg.Point{X: x, Y: trY(row.y)}, row.text)
	}
	head := r.sty
	head.YAlign = draw.YBottom
	c.FillText(head, vg.Point{X: x, Y: c.Max.Y + 2}, r.header)
}
