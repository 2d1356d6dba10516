package backtest

import (
	"fmt"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/scenarios/importers"
	"github.com/treatysim/treatysim/sim"
)

// Params are the engine's model parameters that the backtest sets, and
// tunes. The others keep the format's defaults: blocking_share and the
// dispositions' susceptibility have no effect on a one-clause scenario
// without a deletion option or groups, and vote_indifference is left
// alone.
type Params struct {
	ChairStep            float64 // share of the way the chair moves toward the compromise per round
	Curvature            float64 // exponent of the loss in utility
	ObjectionTemperature float64 // temperature of the logit choice to object
	StandoutCost         float64 // utility cost of objecting alone
	Concession           float64 // beta of every actor (all are pragmatists)
	// Exchange lets the actors trade support across the issues negotiated
	// together (Stokman and Van Oosten's logrolls, model.exchange). On one
	// issue alone there is nothing to trade, so it matters only with
	// packages.
	Exchange bool
	// ActiveSalience is the raw salience from which an actor trades
	// (model.active_salience); it matters only with Exchange.
	ActiveSalience float64
}

// DefaultParams are the format's documented defaults (docs/model.md).
func DefaultParams() Params {
	return Params{ChairStep: 0.5, Curvature: 2, ObjectionTemperature: 0.02, StandoutCost: 0.1, Concession: 1,
		Exchange: true, ActiveSalience: 0.3}
}

func (p Params) String() string {
	ex := "exchange off"
	if p.Exchange {
		ex = fmt.Sprintf("exchange on, active_salience %.4g", p.ActiveSalience)
	}
	return fmt.Sprintf("chair_step %.4g, curvature %.4g, objection_temperature %.4g, standout_cost %.4g, concession %.4g, %s",
		p.ChairStep, p.Curvature, p.ObjectionTemperature, p.StandoutCost, p.Concession, ex)
}

// model is p as the renderer writes it.
func (p Params) model() importers.Model {
	m := importers.Model{Curvature: p.Curvature, ChairStep: p.ChairStep,
		ObjectionTemperature: p.ObjectionTemperature, StandoutCost: p.StandoutCost, Concession: p.Concession,
		NoExchange: !p.Exchange}
	if p.Exchange {
		m.ActiveSalience = p.ActiveSalience
	}
	return m
}

// unitScenario builds the scenario of a unit of issues negotiated
// together (one clause each) through the TOML renderer and the scenario
// loader, so that what is backtested is exactly what `treatysim import`
// writes and `treatysim run` reads.
func unitScenario(ds *importers.Dataset, unit []int, rounds int, p Params, continuous bool) (*scenarios.Scenario, error) {
	text, err := importers.Render(ds, importers.Options{Issues: unit, Rounds: rounds, Model: p.model(), Continuous: continuous})
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s issue %s", ds.Name, ds.Issues[unit[0]].ID)
	if len(unit) > 1 {
		name = fmt.Sprintf("%s proposal %s", ds.Name, ds.Issues[unit[0]].Group)
	}
	sc, err := scenarios.Parse(name, text)
	if err != nil {
		return nil, fmt.Errorf("the scenario rendered for %s does not load (a bug in the renderer): %w", name, err)
	}
	return sc, nil
}

// units groups issues into the units negotiated together: each issue
// alone, or, with packages, every issue of the proposal (DEU prnr) of any
// issue in issues, those without an outcome included, since they are on
// the table too. Units come in the order of their first issue.
func units(ds *importers.Dataset, issues []int, packages bool) [][]int {
	if !packages {
		out := make([][]int, len(issues))
		for n, k := range issues {
			out[n] = []int{k}
		}
		return out
	}
	wanted := map[string]bool{}
	for _, k := range issues {
		wanted[groupOf(ds, k)] = true
	}
	var out [][]int
	at := map[string]int{}
	for k := range ds.Issues {
		g := groupOf(ds, k)
		if !wanted[g] {
			continue
		}
		u, ok := at[g]
		if !ok {
			u = len(out)
			at[g] = u
			out = append(out, nil)
		}
		out[u] = append(out[u], k)
	}
	return out
}

// groupOf is the proposal of issue k; an issue without one is a unit of
// its own.
func groupOf(ds *importers.Dataset, k int) string {
	if g := ds.Issues[k].Group; g != "" {
		return "g:" + g
	}
	return "i:" + ds.Issues[k].ID
}

// enginePrediction is what the engine predicts for one issue.
type enginePrediction struct {
	Value   float64 // mean over the runs, on [0,1]
	Adopted float64 // share of the runs that adopted the text
	Trades  float64 // exchanges per run in the issue's scenario (its unit), on the mean
}

// predictEngine runs a unit's scenario runs times and averages, per issue
// of the unit, the outcome: the final text's value when the text is
// adopted; else the reference point, the status quo that stays in place
// (where it is unknown, the final text, the best guess left). Run r uses
// the stream sim.RunRNG(seed, r), the same for every unit and every
// parameter vector (common random numbers), so that tuning compares
// parameters, not draws.
func predictEngine(ds *importers.Dataset, unit []int, sc *scenarios.Scenario, runs int, seed uint64) []enginePrediction {
	e := sim.New(sc)
	out := sim.NewOutcome(sc)
	pred := make([]enginePrediction, len(unit))
	trades := 0
	for r := range runs {
		e.Run(sim.RunRNG(seed, uint64(r)), nil, out)
		trades += out.Trades
		for n, k := range unit {
			is := &ds.Issues[k]
			v := out.FinalValue[n] // the final option's value, or the draft of a continuous clause
			if out.Adopted {
				pred[n].Adopted++
			} else if is.HasRef() {
				v = is.Ref
			}
			pred[n].Value += v
		}
	}
	for n := range pred {
		pred[n].Value /= float64(runs)
		pred[n].Adopted /= float64(runs)
		pred[n].Trades = float64(trades) / float64(runs)
	}
	return pred
}
