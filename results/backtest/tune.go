package backtest

import (
	"fmt"
	"math"

	"github.com/treatysim/treatysim/scenarios/importers"
	"gonum.org/v1/gonum/optimize"
)

// Tuning reports how the engine's parameters were tuned.
type Tuning struct {
	Params       Params  // the best parameters found
	TrainMAE     float64 // the engine's MAE on the train split with them
	StartMAE     float64 // and with the starting (untuned) parameters
	Evaluations  int     // evaluations of the objective, over all starts
	TrainIssues  int
	Starts       []Params // the starting points of Nelder-Mead
	StartResults []float64
}

// The parameters are tuned in an unbounded space and mapped into their
// ranges, so that Nelder-Mead (which knows no bounds) can roam freely:
//
//	chair_step            0.02 + 0.98 logistic(t0)        in (0.02, 1)
//	curvature             1 + 3 logistic(t1)              in (1, 4)
//	objection_temperature 10^(-3 + 3 logistic(t2))        in (0.001, 1)
//	standout_cost         logistic(t3)                    in (0, 1)
//	concession            exp(t4), t4 clamped to [-5, 3]  in [0.0067, 20]
//	active_salience       logistic(t5)                    in (0, 1)
//
// active_salience is tuned only when it can matter: exchange on and the
// issues of a proposal negotiated together (one issue alone offers
// nothing to trade). Whether exchange is on is not tuned: it is a
// variant, compared by tuning each (Config.Params.Exchange).
const tuneDim = 5

// dims is the number of tuned parameters for exchange on or off and
// packages or not.
func dims(exchange, packages bool) int {
	if exchange && packages {
		return tuneDim + 1
	}
	return tuneDim
}

func logistic(t float64) float64 { return 1 / (1 + math.Exp(-t)) }

// logit is the inverse of logistic, kept off the infinities.
func logit(p float64) float64 {
	p = math.Min(1-1e-9, math.Max(1e-9, p))
	return math.Log(p / (1 - p))
}

// fromTheta maps t to parameters; what t does not hold (exchange, and
// active_salience when t has tuneDim values) comes from base.
func fromTheta(t []float64, base Params) Params {
	p := Params{
		ChairStep:            0.02 + 0.98*logistic(t[0]),
		Curvature:            1 + 3*logistic(t[1]),
		ObjectionTemperature: math.Pow(10, -3+3*logistic(t[2])),
		StandoutCost:         logistic(t[3]),
		Concession:           math.Exp(math.Min(3, math.Max(-5, t[4]))),
		Exchange:             base.Exchange,
		ActiveSalience:       base.ActiveSalience,
	}
	if len(t) > tuneDim {
		p.ActiveSalience = logistic(t[5])
	}
	return p
}

// toTheta is the inverse of fromTheta, with n values (tuneDim, or one
// more for active_salience).
func toTheta(p Params, n int) []float64 {
	t := []float64{
		logit((p.ChairStep - 0.02) / 0.98),
		logit((p.Curvature - 1) / 3),
		logit((math.Log10(p.ObjectionTemperature) + 3) / 3),
		logit(p.StandoutCost),
		math.Log(p.Concession),
	}
	if n > tuneDim {
		t = append(t, logit(p.ActiveSalience))
	}
	return t
}

// tuneStarts are the starting points of Nelder-Mead besides the untuned
// parameters: the objective is a step function in places (the text snaps
// to the nearest option), so one start can stall on a plateau. Their
// Exchange is the tuned variant's.
var tuneStarts = []Params{
	{ChairStep: 0.2, Curvature: 1.5, ObjectionTemperature: 0.1, StandoutCost: 0.5, Concession: 0.5, ActiveSalience: 0.15},
	{ChairStep: 0.8, Curvature: 3, ObjectionTemperature: 0.005, StandoutCost: 0.9, Concession: 3, ActiveSalience: 0.6},
}

// Tune minimises the engine's mean absolute error on the train issues
// (which must have outcomes) with Nelder-Mead (gonum/optimize), from the
// untuned parameters and from tuneStarts, each start allowed
// cfg.MaxEvals evaluations; it returns the best parameters found. It
// tunes active_salience too when cfg.Params.Exchange and cfg.Packages
// (dims); whether exchange is on is kept from cfg.Params. The
// objective is deterministic: every evaluation uses the same random
// streams.
func Tune(ds *importers.Dataset, train []int, cfg Config) (*Tuning, error) {
	cfg.defaults()
	t := &Tuning{TrainIssues: len(train)}
	n := dims(cfg.Params.Exchange, cfg.Packages)
	base := cfg.Params
	if base.Exchange && base.ActiveSalience == 0 {
		base.ActiveSalience = DefaultParams().ActiveSalience
	}
	var failure error
	objective := func(theta []float64) float64 {
		if failure != nil {
			return math.Inf(1)
		}
		pred, err := predictAll(ds, train, fromTheta(theta, base), cfg)
		if err != nil {
			failure = err
			return math.Inf(1)
		}
		t.Evaluations++
		return mae(ds, train, pred)
	}
	t.StartMAE = objective(toTheta(base, n))
	best, bestF := base, t.StartMAE
	for s, start := range append([]Params{base}, tuneStarts...) {
		start.Exchange = base.Exchange
		if n == tuneDim {
			start.ActiveSalience = base.ActiveSalience // not tuned: it does not matter
		}
		settings := &optimize.Settings{
			FuncEvaluations: cfg.MaxEvals,
			Converger:       &optimize.FunctionConverge{Absolute: 1e-4, Iterations: 60},
		}
		// A simplex of one unit in the transformed space spans a good part
		// of each parameter's range.
		res, err := optimize.Minimize(optimize.Problem{Func: objective}, toTheta(start, n), settings,
			&optimize.NelderMead{SimplexSize: 1})
		if failure != nil {
			return nil, failure
		}
		if err != nil && res == nil {
			return nil, fmt.Errorf("tuning from start %d: %w", s+1, err)
		}
		p := fromTheta(res.X, base)
		t.Starts = append(t.Starts, start)
		t.StartResults = append(t.StartResults, res.F)
		fmt.Fprintf(cfg.Log, "tuning: start %d of %d: train MAE %.3f after %d evaluations (%s): %s\n",
			s+1, len(tuneStarts)+1, res.F, res.Stats.FuncEvaluations, res.Status, p)
		if res.F < bestF {
			best, bestF = p, res.F
		}
	}
	t.Params, t.TrainMAE = best, bestF
	return t, nil
}
