package sensitivity

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// Analysis defines a sensitivity analysis of a scenario: all that is
// needed to rebuild its design (which is a function of the method, the
// number of factors, runs and the seed) and to name its indices. Shards
// carry it, so that merging them needs neither the scenario nor the
// params file, and checks that they agree on it.
type Analysis struct {
	Scenario     string `json:"scenario"`
	ScenarioHash string `json:"scenario_hash"`
	Method       string `json:"method"` // morris or sobol
	Runs         int    `json:"runs"`   // Morris trajectories or Sobol base rows
	Seed         uint64 `json:"seed"`
	// Params is the params file as given on the command line, "" for
	// the default factors.
	Params  string           `json:"params,omitempty"`
	Factors []ScenarioFactor `json:"factors"`
	Outputs []string         `json:"outputs"`
}

// NewAnalysis describes the analysis of sc over the factors fs.
func NewAnalysis(sc *scenarios.Scenario, fs []ScenarioFactor, method string, runs int, seed uint64, params string) (*Analysis, error) {
	if method != MethodMorris.String() && method != MethodSobol.String() {
		return nil, fmt.Errorf("sensitivity: unknown method %q: morris or sobol", method)
	}
	return &Analysis{Scenario: sc.ID, ScenarioHash: sc.Hash(), Method: method, Runs: runs, Seed: seed,
		Params: params, Factors: fs, Outputs: ScenarioOutputs(sc)}, nil
}

// Design builds the analysis's design: the same points every time, so
// that shards evaluating slices of it agree.
func (a *Analysis) Design() (*Design, error) {
	if a.Method == MethodSobol.String() {
		return NewSobol(len(a.Factors), a.Runs, SobolOptions{Seed: a.Seed})
	}
	return NewMorris(len(a.Factors), a.Runs, MorrisOptions{Seed: a.Seed})
}

// Evaluations is the number of points of the design: one run each.
func (a *Analysis) Evaluations() int {
	if a.Method == MethodSobol.String() {
		return a.Runs * (len(a.Factors) + 2)
	}
	return a.Runs * (len(a.Factors) + 1)
}

// Result holds the indices of an analysis: Effects for Morris, Indices
// for Sobol (output-major, index o*k+i), and per output the factors in
// decreasing order of Score.
type Result struct {
	*Analysis
	Effects []Effects
	Indices []Indices
	Order   [][]int
}

// Analyse computes the indices from the outputs y at d's points.
func (a *Analysis) Analyse(d *Design, y [][]float64) (*Result, error) {
	r := &Result{Analysis: a}
	var err error
	if a.Method == MethodSobol.String() {
		r.Indices, err = d.Sobol(y)
	} else {
		r.Effects, err = d.Morris(y)
	}
	if err != nil {
		return nil, err
	}
	k := len(a.Factors)
	r.Order = make([][]int, len(a.Outputs))
	for o := range r.Order {
		order := make([]int, k)
		for i := range order {
			order[i] = i
		}
		// NaN scores (a constant output) last; ties in factor order.
		slices.SortStableFunc(order, func(i, j int) int {
			si, sj := r.Score(o, i), r.Score(o, j)
			if math.IsNaN(si) || math.IsNaN(sj) {
				return cmp.Compare(b2f(math.IsNaN(si)), b2f(math.IsNaN(sj)))
			}
			return -cmp.Compare(si, sj)
		})
		r.Order[o] = order
	}
	return r, nil
}

// Score is what factor i is ranked by for output o: mu* (Morris) or the
// total index (Sobol).
func (r *Result) Score(o, i int) float64 {
	if r.Indices != nil {
		return r.Indices[o*len(r.Factors)+i].Total
	}
	return r.Effects[o*len(r.Factors)+i].MuStar
}

// Moved reports whether some factor moved output o: a score above 0.
func (r *Result) Moved(o int) bool {
	return len(r.Order[o]) > 0 && r.Score(o, r.Order[o][0]) > 0
}

// Unmoved lists the outputs no factor moved.
func (r *Result) Unmoved() []string {
	var out []string
	for o, name := range r.Outputs {
		if !r.Moved(o) {
			out = append(out, name)
		}
	}
	return out
}

// meta is sensitivity.json.
type meta struct {
	Scenario     string   `json:"scenario"`
	ScenarioHash string   `json:"scenario_hash"`
	Method       string   `json:"method"`
	Runs         int      `json:"runs"`
	Evaluations  int      `json:"evaluations"`
	Seed         uint64   `json:"seed"`
	Params       string   `json:"params,omitempty"`
	Factors      int      `json:"factors"`
	Outputs      []string `json:"outputs"`
	Unmoved      []string `json:"unmoved"`
}

// Files returns indices.csv, factors.csv and sensitivity.json: functions
// of the analysis and the outputs only, so that a merge of shards writes
// the same bytes as one process.
func (r *Result) Files() (results.Files, error) {
	var indices []byte
	if r.Indices != nil {
		indices = results.CSV(SobolHeader, SobolRows(r.Indices, r.Outputs, r.Factors))
	} else {
		indices = results.CSV(MorrisHeader, MorrisRows(r.Effects, r.Outputs, r.Factors))
	}
	m := meta{Scenario: r.Scenario, ScenarioHash: r.ScenarioHash, Method: r.Method, Runs: r.Runs,
		Evaluations: r.Evaluations(), Seed: r.Seed, Params: r.Params, Factors: len(r.Factors),
		Outputs: r.Outputs, Unmoved: r.Unmoved()}
	if m.Unmoved == nil {
		m.Unmoved = []string{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("sensitivity.json: %w", err)
	}
	return results.Files{
		"indices.csv":      indices,
		"factors.csv":      results.CSV(FactorsHeader, FactorsCSV(r.Factors)),
		"sensitivity.json": append(b, '\n'),
	}, nil
}

// FactorsHeader is the header of factors.csv.
var FactorsHeader = []string{"factor", "parameters", "low", "high"}

// FactorsCSV is the table of the factors: factor, the parameters it
// moves separated by spaces, and for a model parameter the range it moves
// across (empty for the scenario's uncertain values, which move across
// their own quantiles).
func FactorsCSV(fs []ScenarioFactor) [][]string {
	rows := make([][]string, len(fs))
	for j, f := range fs {
		lo, hi := "", ""
		if f.Range != nil {
			lo, hi = num(f.Range[0]), num(f.Range[1])
		}
		rows[j] = []string{f.Key, strings.Join(f.Params, " "), lo, hi}
	}
	return rows
}

// Header of the tidy table of indices, per method.
var (
	MorrisHeader = []string{"output", "factor", "method", "mu", "mu_star", "sigma"}
	SobolHeader  = []string{"output", "factor", "method", "first", "first_low", "first_high", "total", "total_low", "total_high"}
)

// MorrisRows is the tidy table of Morris effects: one row per output and
// factor, output-major.
func MorrisRows(e []Effects, outputs []string, fs []ScenarioFactor) [][]string {
	rows := make([][]string, len(e))
	for j, x := range e {
		rows[j] = []string{outputs[x.Output], fs[x.Factor].Key, "morris", num(x.Mu), num(x.MuStar), num(x.Sigma)}
	}
	return rows
}

// SobolRows is the tidy table of Sobol indices: one row per output and
// factor, output-major. Undefined indices (a constant output) are NaN.
func SobolRows(s []Indices, outputs []string, fs []ScenarioFactor) [][]string {
	rows := make([][]string, len(s))
	for j, x := range s {
		rows[j] = []string{outputs[x.Output], fs[x.Factor].Key, "sobol",
			num(x.First), num(x.FirstLow), num(x.FirstHigh), num(x.Total), num(x.TotalLow), num(x.TotalHigh)}
	}
	return rows
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return fmt.Sprintf("%.6g", v)
}
