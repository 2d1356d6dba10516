package backtest

import (
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"

	"github.com/treatysim/treatysim/scenarios/importers"
)

// The models of a backtest, in the order they are reported.
const (
	ModelEngine      = "engine"       // the engine with the given (default) parameters
	ModelEngineTuned = "engine-tuned" // the engine with parameters tuned on the train split
	ModelCompromise  = "compromise"
	ModelMedian      = "weighted-median"
	ModelReference   = "reference-point"
	ModelNash        = "nash"
	ModelEU          = "expected-utility"
)

// ErrNoOutcomes is returned for a dataset with no recorded outcome, which
// cannot be backtested (decide files record none).
var ErrNoOutcomes = errors.New("no issue has a recorded outcome")

// Config sets up a backtest.
type Config struct {
	Runs     int    // engine runs per issue, averaged; default 10
	Seed     uint64 // master seed of the engine's runs; default 1
	Rounds   int    // bargaining rounds of the session; default importers.DefaultRounds
	Params   Params // the engine's parameters; zero: DefaultParams
	Packages bool   // negotiate the issues of each proposal together, as one scenario, rather than each alone
	// Continuous makes every issue a continuous clause: the outcome is the
	// chair's draft, any point of the scale, not the nearest position taken.
	Continuous bool
	Tune       bool      // tune the engine's parameters on the train split too
	MaxEvals   int       // evaluations of the objective per tuning start; default 300
	Workers    int       // issues run in parallel; default GOMAXPROCS
	Log        io.Writer // progress of the tuning; nil: none
}

func (c *Config) defaults() {
	if c.Runs <= 0 {
		c.Runs = 10
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Rounds <= 0 {
		c.Rounds = importers.DefaultRounds
	}
	if c.Params == (Params{}) {
		c.Params = DefaultParams()
	}
	if c.MaxEvals <= 0 {
		c.MaxEvals = 300
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
}

// Row is one model's prediction for one issue, on the 0-100 scale.
type Row struct {
	Issue     string
	Group     string // the issue's proposal (DEU prnr), for the bootstrap over proposals; may be empty
	Split     importers.Split
	Model     string
	Predicted float64
	Recorded  float64
	Adopted   float64 // engine models: the share of runs that adopted the text; NaN for the others
	// Trades, for the engine models, is the mean number of exchanges per
	// run in the scenario that negotiated the issue (with packages, its
	// whole proposal); NaN for the others.
	Trades float64
}

// AbsError is the row's absolute error.
func (r Row) AbsError() float64 { return math.Abs(r.Predicted - r.Recorded) }

// Summary is a model's mean absolute error on a split.
type Summary struct {
	Model  string
	Split  string // train, test or all
	Issues int    // issues with an outcome for which the model predicts
	MAE    float64
}

// Result is a backtest's outcome.
type Result struct {
	Dataset string
	Models  []string
	Rows    []Row // per issue with an outcome, per model that predicts it
	Summary []Summary
	// Paired compares each engine with the compromise model issue by
	// issue, on every split, with bootstrap intervals over proposals.
	Paired     []Paired
	Params     Params  // the untuned engine's parameters
	Tuned      *Params // the tuned parameters, when tuned
	Tuning     *Tuning // how the tuning went, when tuned
	Runs       int
	Rounds     int
	Packages   bool // the issues of a proposal were negotiated together
	Continuous bool // the issues were continuous clauses
}

// Run backtests ds: for every issue with a recorded outcome it predicts
// the outcome with the engine (and, with cfg.Tune, the engine tuned on the
// train split) and with the baselines, and summarises each model's mean
// absolute error per split.
func Run(ds *importers.Dataset, cfg Config) (*Result, error) {
	cfg.defaults()
	var issues, train []int
	for k := range ds.Issues {
		if ds.Issues[k].HasOutcome() {
			issues = append(issues, k)
			if ds.Issues[k].Split == importers.Train {
				train = append(train, k)
			}
		}
	}
	if len(issues) == 0 {
		return nil, fmt.Errorf("%s: %w: nothing to backtest against", ds.Name, ErrNoOutcomes)
	}
	res := &Result{Dataset: ds.Name, Params: cfg.Params, Runs: cfg.Runs, Rounds: cfg.Rounds, Packages: cfg.Packages, Continuous: cfg.Continuous,
		Models: []string{ModelEngine}}

	engine, err := predictAll(ds, issues, cfg.Params, cfg)
	if err != nil {
		return nil, err
	}
	var tuned []enginePrediction
	if cfg.Tune {
		if len(train) == 0 {
			return nil, fmt.Errorf("%s: no issue with an outcome in the train split to tune on", ds.Name)
		}
		t, err := Tune(ds, train, cfg)
		if err != nil {
			return nil, err
		}
		res.Tuned, res.Tuning = &t.Params, t
		res.Models = append(res.Models, ModelEngineTuned)
		if tuned, err = predictAll(ds, issues, t.Params, cfg); err != nil {
			return nil, err
		}
	}
	res.Models = append(res.Models, ModelCompromise, ModelMedian, ModelReference, ModelNash, ModelEU)

	for n, k := range issues {
		is := &ds.Issues[k]
		add := func(model string, v, adopted, trades float64) {
			if math.IsNaN(v) {
				return // the model makes no prediction here (no reference point)
			}
			res.Rows = append(res.Rows, Row{Issue: is.ID, Group: is.Group, Split: is.Split, Model: model,
				Predicted: 100 * v, Recorded: 100 * is.Outcome, Adopted: adopted, Trades: trades})
		}
		nan := math.NaN()
		add(ModelEngine, engine[n].Value, engine[n].Adopted, engine[n].Trades)
		if tuned != nil {
			add(ModelEngineTuned, tuned[n].Value, tuned[n].Adopted, tuned[n].Trades)
		}
		add(ModelCompromise, Compromise(is.Stands), nan, nan)
		add(ModelMedian, WeightedMedian(is.Stands), nan, nan)
		add(ModelReference, is.Ref, nan, nan)
		add(ModelNash, Nash(is.Stands, is.Ref, cfg.Params.Curvature), nan, nan)
		add(ModelEU, ExpectedUtility(is.Stands), nan, nan)
	}
	res.Summary = Summarize(res.Models, res.Rows, nil)
	engines := []string{ModelEngine}
	if tuned != nil {
		engines = append(engines, ModelEngineTuned)
	}
	for _, m := range engines {
		for _, split := range []string{"train", "test", "all"} {
			if p, ok := Compare(res.Rows, m, ModelCompromise, split, BootstrapResamples, cfg.Seed); ok {
				res.Paired = append(res.Paired, p)
			}
		}
	}
	return res, nil
}

// Summarize computes each model's mean absolute error on the train split,
// the test split and all issues, over the rows that keep passes (nil: all).
func Summarize(models []string, rows []Row, keep func(Row) bool) []Summary {
	var out []Summary
	for _, m := range models {
		for _, split := range []string{"train", "test", "all"} {
			s := Summary{Model: m, Split: split}
			sum := 0.0
			for _, r := range rows {
				if r.Model != m || (split != "all" && r.Split.String() != split) || (keep != nil && !keep(r)) {
					continue
				}
				s.Issues++
				sum += r.AbsError()
			}
			s.MAE = math.NaN()
			if s.Issues > 0 {
				s.MAE = sum / float64(s.Issues)
			}
			out = append(out, s)
		}
	}
	return out
}

// LookupPaired returns the comparison of a model with the compromise
// model on a split.
func (r *Result) LookupPaired(model, split string) (Paired, bool) {
	for _, p := range r.Paired {
		if p.Model == model && p.Split == split {
			return p, true
		}
	}
	return Paired{}, false
}

// Lookup returns the summary of a model on a split.
func (r *Result) Lookup(model, split string) (Summary, bool) {
	for _, s := range r.Summary {
		if s.Model == model && s.Split == split {
			return s, true
		}
	}
	return Summary{}, false
}

// predictAll predicts every issue in issues with the engine under p,
// negotiating the units of cfg (each issue alone, or whole proposals),
// cfg.Workers units at a time. Each unit's prediction depends only on
// the unit, p and the seed, so the result does not depend on the workers.
func predictAll(ds *importers.Dataset, issues []int, p Params, cfg Config) ([]enginePrediction, error) {
	us := units(ds, issues, cfg.Packages)
	preds := make([][]enginePrediction, len(us))
	errs := make([]error, len(us))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(cfg.Workers, len(us)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				sc, err := unitScenario(ds, us[u], cfg.Rounds, p, cfg.Continuous)
				if err != nil {
					errs[u] = err
					continue
				}
				preds[u] = predictEngine(ds, us[u], sc, cfg.Runs, cfg.Seed)
			}
		}()
	}
	for u := range us {
		next <- u
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	byIssue := map[int]enginePrediction{}
	for u, unit := range us {
		for n, k := range unit {
			byIssue[k] = preds[u][n]
		}
	}
	out := make([]enginePrediction, len(issues))
	for n, k := range issues {
		out[n] = byIssue[k]
	}
	return out, nil
}

// mae is the mean absolute error of predictions against the issues'
// outcomes, on the 0-100 scale.
func mae(ds *importers.Dataset, issues []int, pred []enginePrediction) float64 {
	sum := 0.0
	for n, k := range issues {
		sum += math.Abs(pred[n].Value - ds.Issues[k].Outcome)
	}
	return 100 * sum / float64(len(issues))
}
