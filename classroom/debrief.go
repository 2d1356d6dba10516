package classroom

import (
	"context"
	"runtime"
	"slices"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/sim"
)

// DefaultDebriefRuns is the number of Monte Carlo runs a debrief compares
// the class with when none is given.
const DefaultDebriefRuns = 500

// maxDebriefRuns bounds the runs of a debrief (a server's request cannot
// tie up its CPUs for long).
const maxDebriefRuns = 100000

// Debrief compares the class's game with the agents': a Monte Carlo of
// the same scenario and seed, every delegation played by its agent.
type Debrief struct {
	Clauses              []DebriefClause `json:"clauses"`
	Seats                []DebriefSeat   `json:"seats"`
	Adopted              bool            `json:"adopted"` // the class's treaty was adopted
	MCAdoptedProbability float64         `json:"mc_adopted_probability"`
	Runs                 int             `json:"runs"`
}

// DebriefClause is the class's final text on one clause against the
// agents' runs.
type DebriefClause struct {
	ID               string  `json:"id"`
	Title            string  `json:"title"`
	ClassOption      string  `json:"class_option"` // the option in the class's final text
	ClassLabel       string  `json:"class_label"`
	Probability      float64 `json:"probability"` // share of the runs ending with the class's option
	ModalOption      string  `json:"modal_option"`
	ModalLabel       string  `json:"modal_label"`
	ModalProbability float64 `json:"modal_probability"`
	Survived         bool    `json:"survived"` // in the class's adopted treaty, other than deleted
}

// DebriefSeat compares a seat's satisfaction (the utility of the final
// text, 0-1) with its agent's over the runs.
type DebriefSeat struct {
	State             string  `json:"state"`
	Name              string  `json:"name"`
	ClassSatisfaction float64 `json:"class_satisfaction"`
	AgentMedian       float64 `json:"agent_median"`
	AgentP05          float64 `json:"agent_p05"`
	AgentP25          float64 `json:"agent_p25"`
	AgentP75          float64 `json:"agent_p75"`
	AgentP95          float64 `json:"agent_p95"`
	Percentile        float64 `json:"percentile"` // share of the agents' runs (0-100) the class did better than, ties counting half
	Verdict           string  `json:"verdict"`    // gained | lost | as the agents
}

// The verdicts of a seat.
const (
	VerdictGained = "gained"
	VerdictLost   = "lost"
	VerdictSame   = "as the agents"
)

// Debrief compares the finished game with runs Monte Carlo runs of the
// same scenario and seed played by the agents alone (runs <= 0: 500), on
// every available CPU. A seat gained when its satisfaction lies above the
// agents' upper quartile (p75) for its state, lost when it lies below
// their lower quartile (p25), and did as the agents otherwise: the middle
// half of the agents' runs is what the agents would have done. The
// quartiles come from the satisfaction histograms of results.Aggregate
// (results.SatisfactionBins bins), and the comparison is made bin by bin,
// so that a class that did exactly as the agents is never said to differ
// by a rounding. The result is kept: another call with the same runs
// returns it at once.
func (g *Game) Debrief(runs int) (*Debrief, error) {
	if runs <= 0 {
		runs = DefaultDebriefRuns
	}
	if runs > maxDebriefRuns {
		return nil, inputErrorf("runs", "at most %d runs", maxDebriefRuns)
	}
	g.mu.Lock()
	if !g.e.Done() {
		g.mu.Unlock()
		return nil, turnErrorf("the negotiation is not over yet")
	}
	if g.debrief != nil && g.debriefRuns == runs {
		d := g.debrief.clone()
		g.mu.Unlock()
		return d, nil
	}
	sc, seed := g.sc, g.seed
	adopted := g.out.Adopted
	final, survived, satisfaction := slices.Clone(g.out.FinalOption), slices.Clone(g.out.Survived), slices.Clone(g.out.Satisfaction)
	seats := make([]int, len(g.seats))
	for k, st := range g.seats {
		seats[k] = st.idx
	}
	g.mu.Unlock()

	workers := min(runtime.GOMAXPROCS(0), runs)
	aggs := make([]*results.Aggregate, workers)
	sinks := make([]sim.Sink, workers)
	for w := range aggs {
		aggs[w] = results.NewAggregate(sc)
		sinks[w] = aggs[w]
	}
	mc := sim.MonteCarlo{Seed: seed, First: 0, Last: uint64(runs)}
	if _, err := mc.Run(context.Background(), sc, sinks); err != nil {
		return nil, err
	}
	total := aggs[0]
	for _, a := range aggs[1:] {
		if err := total.Merge(a); err != nil {
			return nil, err
		}
	}
	sum := results.Summarize(sc, seed, total)

	d := &Debrief{Adopted: adopted, MCAdoptedProbability: sum.AdoptedProbability, Runs: runs}
	for c, cl := range sc.Clauses {
		cs := &sum.Clauses[c]
		dc := DebriefClause{ID: cl.ID, Title: cl.Title, ClassOption: cl.Options[final[c]].ID, ClassLabel: cl.Options[final[c]].Label,
			Probability: cs.Options[final[c]].Probability, ModalOption: cs.ModalOption, Survived: survived[c]}
		if o := cl.OptionIndex(cs.ModalOption); o >= 0 {
			dc.ModalLabel, dc.ModalProbability = cl.Options[o].Label, cs.Options[o].Probability
		}
		d.Clauses = append(d.Clauses, dc)
	}
	for _, i := range seats {
		q := sum.States[i].Satisfaction
		u := satisfaction[i]
		ds := DebriefSeat{State: sc.States[i].ID, Name: sc.States[i].Name, ClassSatisfaction: round6(u),
			AgentMedian: q.P50, AgentP05: q.P05, AgentP25: q.P25, AgentP75: q.P75, AgentP95: q.P95, Verdict: VerdictSame}
		h, b := total.Satisfaction[i], satBin(u)
		var below uint64
		for _, n := range h[:b] {
			below += uint64(n)
		}
		ds.Percentile = round6(100 * (float64(below) + float64(h[b])/2) / float64(total.Runs))
		// The quartiles are bin midpoints: their bins are compared with
		// the class's.
		switch {
		case b > satBin(q.P75):
			ds.Verdict = VerdictGained
		case b < satBin(q.P25):
			ds.Verdict = VerdictLost
		}
		d.Seats = append(d.Seats, ds)
	}
	g.mu.Lock()
	g.debrief, g.debriefRuns = d, runs
	g.mu.Unlock()
	return d.clone(), nil
}

// satBin is the bin of results.Aggregate's satisfaction histograms that
// holds u.
func satBin(u float64) int {
	return min(max(int(u*results.SatisfactionBins), 0), results.SatisfactionBins-1)
}

func (d *Debrief) clone() *Debrief {
	c := *d
	c.Clauses, c.Seats = slices.Clone(d.Clauses), slices.Clone(d.Seats)
	return &c
}
