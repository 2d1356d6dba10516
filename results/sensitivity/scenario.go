package sensitivity

import (
	"math"
	"slices"
	"sync"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// The parts of a state a factor of a scenario may move.
const (
	kindCapability = iota
	kindNoTreaty
	kindAlignment
	kindIdeal
	kindSalience
	kindRedLine
	kindModel // a model parameter (scenarios.ModelParams)
)

// uEnd keeps the factors' coordinates off 0 and 1 when they are mapped to
// values: the 0.1% and 99.9% quantiles stand for the ends of a
// distribution, so that a normal parameter at a corner of the cube stays
// finite.
const uEnd = 0.001

// target is one uncertain Param of a scenario: a part of state State
// (on clause Clause for the stands, else -1), or model parameter model
// (an index into modelParams) for kindModel.
type target struct {
	kind, state, clause, model int
}

// ScenarioFactor is one factor of a scenario: uncertain parameters that
// move together (by default every one of one kind in one group of
// states), or one model parameter.
type ScenarioFactor struct {
	// Key names the factor. By default it is "<kind>:<group>", kind one
	// of capability, no_treaty, alignment, ideal:<clause>,
	// salience:<clause>, red_line:<clause>, and group the first group of
	// the states (or the state's id when it has none), or
	// "model:<parameter>"; a params file names its factors.
	Key string `json:"key"`
	// Params names the parameters the factor moves, "<state>.<kind>"
	// (for instance "USA.ideal:x_offence") or "model.<parameter>".
	Params []string `json:"params"`
	// Range is the interval a model parameter moves across, uniformly;
	// nil for the scenario's uncertain values, each of which moves across
	// the quantiles of its own distribution.
	Range   *[2]float64 `json:"range,omitempty"`
	targets []target
}

// ScenarioFactors lists the factors of a resolved scenario: one per kind of
// uncertain value (a Param that is not fixed) and group of states, in the
// order of their first parameter (states in order; capability, no_treaty,
// alignment, then each clause's ideal point, salience and red line).
// Concessions, susceptibilities and the attitudes of events are not
// factors: their distributions, if any, are drawn by each run as usual.
func ScenarioFactors(sc *scenarios.Scenario) []ScenarioFactor {
	var fs []ScenarioFactor
	index := map[string]int{}
	add := func(p scenarios.Param, t target, st *scenarios.State) {
		if p.IsFixed() {
			return
		}
		group := st.ID
		if len(st.Groups) > 0 {
			group = sc.Groups[st.Groups[0]].ID
		}
		kind := kindName(sc, t)
		key := kind + ":" + group
		j, ok := index[key]
		if !ok {
			j = len(fs)
			index[key] = j
			fs = append(fs, ScenarioFactor{Key: key})
		}
		fs[j].Params = append(fs[j].Params, st.ID+"."+kind)
		fs[j].targets = append(fs[j].targets, t)
	}
	for i := range sc.States {
		st := &sc.States[i]
		add(st.Capability, target{kindCapability, i, -1, -1}, st)
		add(st.NoTreaty, target{kindNoTreaty, i, -1, -1}, st)
		add(st.Alignment, target{kindAlignment, i, -1, -1}, st)
		for c := range st.Positions {
			pos := &st.Positions[c]
			add(pos.Ideal, target{kindIdeal, i, c, -1}, st)
			add(pos.Salience, target{kindSalience, i, c, -1}, st)
			add(pos.RedLine, target{kindRedLine, i, c, -1}, st)
		}
	}
	return fs
}

func kindName(sc *scenarios.Scenario, t target) string {
	switch t.kind {
	case kindCapability:
		return "capability"
	case kindNoTreaty:
		return "no_treaty"
	case kindAlignment:
		return "alignment"
	case kindIdeal:
		return "ideal:" + sc.Clauses[t.clause].ID
	case kindSalience:
		return "salience:" + sc.Clauses[t.clause].ID
	}
	return "red_line:" + sc.Clauses[t.clause].ID
}

// FixScenario returns a copy of sc in which every parameter of factor j is
// fixed at its quantile x[j] (kept off 0 and 1 by uEnd, and clamped to
// the range the engine draws the parameter in), and every model parameter
// factor j moves is set to lo + x[j](hi-lo) over its Range. sc is not
// changed: the states, and the positions of the states that change, are
// copied.
func FixScenario(sc *scenarios.Scenario, fs []ScenarioFactor, x []float64) *scenarios.Scenario {
	c := *sc
	c.States = slices.Clone(sc.States)
	copied := make([]bool, len(c.States))
	for j, f := range fs {
		u := min(1-uEnd, max(uEnd, x[j]))
		for _, t := range f.targets {
			if t.kind == kindModel {
				lo, hi := f.Range[0], f.Range[1]
				setModel(&c, t.model, min(hi, lo+x[j]*(hi-lo)))
				continue
			}
			st := &c.States[t.state]
			switch t.kind {
			case kindCapability:
				st.Capability = fix(st.Capability, u, 1e-9, math.Inf(1))
			case kindNoTreaty:
				st.NoTreaty = fix(st.NoTreaty, u, 0, 1)
			case kindAlignment:
				st.Alignment = fix(st.Alignment, u, -1, 1)
			default:
				if !copied[t.state] {
					st.Positions = slices.Clone(st.Positions)
					copied[t.state] = true
				}
				pos := &st.Positions[t.clause]
				switch t.kind {
				case kindIdeal:
					pos.Ideal = fix(pos.Ideal, u, 0, 1)
				case kindSalience:
					pos.Salience = fix(pos.Salience, u, 0, 1)
				default:
					pos.RedLine = fix(pos.RedLine, u, 0, 1)
				}
			}
		}
	}
	return &c
}

// fix returns p fixed at its u-quantile clamped to [lo, hi], as a draw of
// the engine would be.
func fix(p scenarios.Param, u, lo, hi float64) scenarios.Param {
	return scenarios.Num(min(hi, max(lo, p.Quantile(u))))
}

// ScenarioOutputs names the outputs EvaluateScenario returns for sc:
// "adopted", "survived:<clause>" for each clause, and "decided_session".
func ScenarioOutputs(sc *scenarios.Scenario) []string {
	out := []string{"adopted"}
	for _, c := range sc.Clauses {
		out = append(out, "survived:"+c.ID)
	}
	return append(out, "decided_session")
}

// EvaluateScenario runs the engine once at every point of d: point j with
// the scenario fixed by FixScenario and the random stream
// sim.RunRNG(seed, d.Stream(j)). Row j holds the outputs named by
// ScenarioOutputs: adopted (0 or 1), each clause's survival (0 or 1), and
// the index of the session that adopted the treaty (the number of
// sessions when none did). The points are shared among workers
// goroutines; every row is placed by its index, so the result does not
// depend on workers.
func EvaluateScenario(sc *scenarios.Scenario, fs []ScenarioFactor, d *Design, seed uint64, workers int) [][]float64 {
	return EvaluateRange(sc, fs, d, seed, workers, 0, len(d.Points))
}

// EvaluateRange is EvaluateScenario on points first..last-1 of d only (a
// shard of the design): row j-first holds the outputs of point j, the same
// as EvaluateScenario's row j.
func EvaluateRange(sc *scenarios.Scenario, fs []ScenarioFactor, d *Design, seed uint64, workers, first, last int) [][]float64 {
	y := make([][]float64, last-first)
	workers = max(1, min(workers, len(y)))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range next {
				y[j-first] = evaluate(FixScenario(sc, fs, d.Points[j]), seed, d.Stream(j))
			}
		})
	}
	for j := first; j < last; j++ {
		next <- j
	}
	close(next)
	wg.Wait()
	return y
}

func evaluate(sc *scenarios.Scenario, seed, run uint64) []float64 {
	out := sim.NewOutcome(sc)
	sim.New(sc).Run(sim.RunRNG(seed, run), nil, out)
	y := make([]float64, 0, len(sc.Clauses)+2)
	y = append(y, b2f(out.Adopted))
	for _, s := range out.Survived {
		y = append(y, b2f(s))
	}
	decided := float64(len(sc.Sessions))
	if out.Adopted && out.DecidedSession >= 0 {
		decided = float64(out.DecidedSession)
	}
	return append(y, decided)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
