package backtest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios/importers"
)

// toy is a small dataset built in code: four states and five issues.
//
//	a1: everyone at 60, reference point 20, QMV, train: the text moves to
//	    60 and nobody objects, so the engine predicts 60 exactly.
//	a2: 0/0/100/100, no reference point, unanimity, train.
//	b1: spread, reference point 0, QMV, test.
//	b2: spread, reference point 100, unanimity, test.
//	c1: no outcome: not backtested.
func toy(t *testing.T) *importers.Dataset {
	t.Helper()
	ds := &importers.Dataset{Name: "toy.tsv", Format: importers.DEU, Title: "Toy", Source: "a test", Proposer: 0}
	for k, c := range []string{"AAA", "BBB", "CCC", "DDD"} {
		ds.Actors = append(ds.Actors, importers.Actor{Code: c, Key: strings.ToLower(c), Name: c, GDP: float64(k + 1)})
	}
	issue := func(id string, split importers.Split, rule importers.Rule, ref, out float64, pos, sal []float64) {
		is := importers.Issue{ID: id, Title: id, Line: len(ds.Issues) + 3, Rule: rule, RuleText: rule.String(), Split: split,
			Ref: ref, Outcome: out, Lo: 0, Hi: 100}
		for a := range pos {
			is.Stands = append(is.Stands, importers.Stand{Actor: a, Position: pos[a], Salience: sal[a]})
		}
		ds.Issues = append(ds.Issues, is)
	}
	nan := math.NaN()
	issue("a1", importers.Train, importers.QMV, 0.2, 0.6, []float64{.6, .6, .6, .6}, []float64{.5, .5, .5, .5})
	issue("a2", importers.Train, importers.Unanimity, nan, 0.5, []float64{0, 0, 1, 1}, []float64{.9, .3, .6, .8})
	issue("b1", importers.Test, importers.QMV, 0, 0.7, []float64{.2, .5, .8, 1}, []float64{.5, .9, .7, .3})
	issue("b2", importers.Test, importers.Unanimity, 1, 0.4, []float64{0, .3, .4, .9}, []float64{.8, .4, .6, .5})
	issue("c1", importers.Test, importers.QMV, 0.5, nan, []float64{.2, .5, .8, 1}, []float64{.5, .9, .7, .3})
	if err := ds.SetCapability(importers.GDP); err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestRun(t *testing.T) {
	ds := toy(t)
	res, err := Run(ds, Config{Runs: 4})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ModelEngine, ModelCompromise, ModelMedian, ModelReference, ModelNash, ModelEU}
	if strings.Join(res.Models, " ") != strings.Join(want, " ") {
		t.Errorf("models %v, want %v", res.Models, want)
	}
	count := map[string]int{}
	for _, r := range res.Rows {
		count[r.Model]++
		if r.Issue == "c1" {
			t.Errorf("issue c1 has no outcome but a row: %+v", r)
		}
		if r.Model == ModelEngine && r.Issue == "a1" && (r.Predicted != 60 || r.Adopted != 1) {
			t.Errorf("engine on a1 = %+v, want 60, adopted in every run", r)
		}
		if r.Model == ModelCompromise && r.Issue == "b1" {
			// (1*.5*.2 + 2*.9*.5 + 3*.7*.8 + 4*.3*1) / (.5 + 1.8 + 2.1 + 1.2)
			if want := 100 * (0.1 + 0.9 + 1.68 + 1.2) / 5.6; math.Abs(r.Predicted-want) > 1e-9 || r.Recorded != 70 {
				t.Errorf("compromise on b1 = %+v, want %g against 70", r, want)
			}
		}
	}
	// Every model predicts the 4 issues with an outcome, but the reference
	// point and Nash, which need a reference point (a2 has none).
	for _, m := range want {
		n := 4
		if m == ModelReference || m == ModelNash {
			n = 3
		}
		if count[m] != n {
			t.Errorf("%s: %d rows, want %d", m, count[m], n)
		}
	}
	// The summary is the mean of the rows.
	for _, s := range res.Summary {
		sum, n := 0.0, 0
		for _, r := range res.Rows {
			if r.Model == s.Model && (s.Split == "all" || r.Split.String() == s.Split) {
				sum += math.Abs(r.Predicted - r.Recorded)
				n++
			}
		}
		if n != s.Issues || (n > 0 && math.Abs(sum/float64(n)-s.MAE) > 1e-9) {
			t.Errorf("summary %+v, rows give %d issues, MAE %g", s, n, sum/float64(n))
		}
	}
	if s, ok := res.Lookup(ModelReference, "train"); !ok || s.Issues != 1 || math.Abs(s.MAE-40) > 1e-9 {
		t.Errorf("reference point on train = %+v, want 1 issue, MAE 40", s)
	}
	// The same seed gives the same predictions.
	again, err := Run(ds, Config{Runs: 4, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for k := range res.Rows {
		a, b := res.Rows[k], again.Rows[k]
		if a.Issue != b.Issue || a.Model != b.Model || a.Predicted != b.Predicted || !same(a.Adopted, b.Adopted) {
			t.Errorf("row %d differs between runs: %+v and %+v", k, res.Rows[k], again.Rows[k])
		}
	}
}

func TestRunNoOutcomes(t *testing.T) {
	ds := toy(t)
	for k := range ds.Issues {
		ds.Issues[k].Outcome = math.NaN()
	}
	if _, err := Run(ds, Config{}); !errors.Is(err, ErrNoOutcomes) {
		t.Errorf("Run without outcomes: %v, want ErrNoOutcomes", err)
	}
}

func TestTransform(t *testing.T) {
	for _, n := range []int{tuneDim, tuneDim + 1} {
		for _, p := range []Params{DefaultParams(), tuneStarts[0], tuneStarts[1]} {
			p.Exchange = true
			q := fromTheta(toTheta(p, n), p)
			for _, d := range []float64{q.ChairStep - p.ChairStep, q.Curvature - p.Curvature, q.ObjectionTemperature - p.ObjectionTemperature,
				q.StandoutCost - p.StandoutCost, q.Concession - p.Concession, q.ActiveSalience - p.ActiveSalience} {
				if math.Abs(d) > 1e-9 || !q.Exchange {
					t.Errorf("round trip of %v in %d dimensions gives %v", p, n, q)
				}
			}
		}
	}
	// Without a value for it, active_salience (and exchange) come from the base.
	base := DefaultParams()
	base.Exchange, base.ActiveSalience = false, 0.42
	if q := fromTheta(toTheta(tuneStarts[1], tuneDim), base); q.Exchange || q.ActiveSalience != 0.42 {
		t.Errorf("fromTheta with %d values: %v, want exchange off and active_salience 0.42 from the base", tuneDim, q)
	}
	// Far out, every parameter stays in its range.
	for _, v := range []float64{-1e6, 1e6} {
		p := fromTheta([]float64{v, v, v, v, v, v}, DefaultParams())
		if p.ChairStep <= 0 || p.ChairStep > 1 || p.Curvature < 1 || p.Curvature > 4 || p.ObjectionTemperature <= 0 ||
			p.ObjectionTemperature > 1 || p.StandoutCost < 0 || p.StandoutCost > 1 || p.Concession <= 0 ||
			p.ActiveSalience < 0 || p.ActiveSalience > 1 {
			t.Errorf("fromTheta(%g) = %v out of range", v, p)
		}
	}
	if dims(true, true) != tuneDim+1 || dims(true, false) != tuneDim || dims(false, true) != tuneDim {
		t.Errorf("active_salience is tuned only with exchange and packages")
	}
}

func TestTune(t *testing.T) {
	ds := toy(t)
	res, err := Run(ds, Config{Runs: 2, Tune: true, MaxEvals: 12})
	if err != nil {
		t.Fatal(err)
	}
	tu := res.Tuning
	if res.Tuned == nil || tu == nil || tu.TrainIssues != 2 || tu.TrainMAE > tu.StartMAE || len(tu.Starts) != 1+len(tuneStarts) {
		t.Fatalf("tuning = %+v", tu)
	}
	if _, ok := res.Lookup(ModelEngineTuned, "test"); !ok || res.Models[1] != ModelEngineTuned {
		t.Errorf("models %v: no tuned engine", res.Models)
	}
	// The tuned engine's train MAE is what the tuning found.
	if s, _ := res.Lookup(ModelEngineTuned, "train"); math.Abs(s.MAE-tu.TrainMAE) > 1e-9 {
		t.Errorf("tuned engine on train: %g, tuning says %g", s.MAE, tu.TrainMAE)
	}
}

func TestFiles(t *testing.T) {
	res, err := Run(toy(t), Config{Runs: 2})
	if err != nil {
		t.Fatal(err)
	}
	files, err := res.Files("test")
	if err != nil {
		t.Fatal(err)
	}
	headers := map[string]string{
		"backtest.csv":   "issue,split,model,predicted,recorded,abs_error",
		"summary.csv":    "model,split,issues,mae",
		"engine.csv":     "issue,split,model,adopted_share,runs,trades",
		"parameters.csv": "parameter,untuned,tuned",
		"paired.csv":     "model,baseline,split,issues,proposals,mean_diff,lo95,hi95,better,worse,resamples",
	}
	for name, head := range headers {
		rows, err := csv.NewReader(bytes.NewReader(files[name])).ReadAll()
		if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != head {
			t.Errorf("%s: %v, header %v", name, err, rows)
		}
	}
	if rows, _ := csv.NewReader(bytes.NewReader(files["backtest.csv"])).ReadAll(); len(rows) != 1+len(res.Rows) {
		t.Errorf("backtest.csv: %d rows, want %d", len(rows), 1+len(res.Rows))
	}
	if png := files["predicted-vs-recorded.png"]; !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("predicted-vs-recorded.png is not a PNG (%d bytes)", len(png))
	}
	var table bytes.Buffer
	if err := res.WriteTable(&table, "test"); err != nil || !strings.Contains(table.String(), "compromise") {
		t.Errorf("table: %v\n%s", err, table.String())
	}
}

// TestExchangeNeedsPackages: exchange trades support across issues, so an
// issue negotiated alone makes no trade and predicts the same with
// exchange on and off; negotiated with the other issues of its proposal,
// the actors do trade.
func TestExchangeNeedsPackages(t *testing.T) {
	ds := toy(t)
	for k := range ds.Issues {
		ds.Issues[k].Group = ds.Issues[k].ID[:1] // a1, a2; b1, b2, c1 (one proposal each); c1 alone
	}
	ds.Issues[4].Group = "b"
	off := DefaultParams()
	off.Exchange = false
	predict := func(p Params, packages bool) map[string]Row {
		res, err := Run(ds, Config{Runs: 3, Params: p, Packages: packages})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]Row{}
		for _, r := range res.Rows {
			if r.Model == ModelEngine {
				out[r.Issue] = r
			}
		}
		return out
	}
	on, without := predict(DefaultParams(), false), predict(off, false)
	for id, r := range on {
		if r.Trades != 0 || without[id].Trades != 0 || r.Predicted != without[id].Predicted {
			t.Errorf("issue %s alone: exchange on %+v, off %+v; want no trade and the same prediction", id, r, without[id])
		}
	}
	trades := 0.0
	for _, r := range predict(DefaultParams(), true) {
		trades += r.Trades
	}
	for _, r := range predict(off, true) {
		if r.Trades != 0 {
			t.Errorf("issue %s with exchange off: %g trades per run", r.Issue, r.Trades)
		}
	}
	if trades == 0 {
		t.Errorf("no trade in any proposal negotiated together with exchange on")
	}
}

// TestCompare checks the paired comparison by hand: two proposals, the
// engine better by 10 on both issues of one and worse by 2 on the issue
// of the other.
func TestCompare(t *testing.T) {
	rows := []Row{
		{Issue: "x1", Group: "x", Split: importers.Test, Model: ModelEngine, Predicted: 50, Recorded: 50},
		{Issue: "x1", Group: "x", Split: importers.Test, Model: ModelCompromise, Predicted: 60, Recorded: 50},
		{Issue: "x2", Group: "x", Split: importers.Test, Model: ModelEngine, Predicted: 45, Recorded: 50},
		{Issue: "x2", Group: "x", Split: importers.Test, Model: ModelCompromise, Predicted: 35, Recorded: 50},
		{Issue: "y1", Group: "y", Split: importers.Test, Model: ModelEngine, Predicted: 12, Recorded: 10},
		{Issue: "y1", Group: "y", Split: importers.Test, Model: ModelCompromise, Predicted: 10, Recorded: 10},
		{Issue: "z1", Group: "z", Split: importers.Train, Model: ModelEngine, Predicted: 0, Recorded: 10},
		{Issue: "z1", Group: "z", Split: importers.Train, Model: ModelCompromise, Predicted: 10, Recorded: 10},
	}
	p, ok := Compare(rows, ModelEngine, ModelCompromise, "test", 2000, 1)
	if !ok || p.Issues != 3 || p.Groups != 2 || p.Better != 2 || p.Worse != 1 || math.Abs(p.Mean-(-10-10+2)/3.0) > 1e-12 {
		t.Fatalf("Compare = %+v", p)
	}
	// Resampling proposals, the mean is -10 (x drawn twice), -6 (x and y:
	// (-20 + 2) / 3) or +2 (y twice): the interval spans those.
	if p.Lo != -10 || p.Hi != 2 {
		t.Errorf("interval [%g, %g], want [-10, 2]", p.Lo, p.Hi)
	}
	if again, _ := Compare(rows, ModelEngine, ModelCompromise, "test", 2000, 1); again != p {
		t.Errorf("the same seed gives %+v, then %+v", p, again)
	}
	if p, ok := Compare(rows, ModelEngine, ModelCompromise, "all", 0, 1); !ok || p.Issues != 4 || !math.IsNaN(p.Lo) {
		t.Errorf("all, no resamples: %+v", p)
	}
	if _, ok := Compare(rows, ModelEngineTuned, ModelCompromise, "test", 10, 1); ok {
		t.Errorf("a model with no rows compares")
	}
}

// TestReadParams reads back the parameters.csv that Files writes, and one
// written before exchange was in the engine.
func TestReadParams(t *testing.T) {
	res, err := Run(toy(t), Config{Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	tuned := Params{ChairStep: 0.25, Curvature: 3.5, ObjectionTemperature: 0.004, StandoutCost: 0.9, Concession: 0.1, ActiveSalience: 0.45}
	res.Tuned = &tuned
	files, err := res.Files("test")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := ReadParams(files["parameters.csv"]); err != nil || p != tuned {
		t.Errorf("ReadParams = %v, %v; want the tuned %v", p, err, tuned)
	}
	old := "parameter,untuned,tuned\nchair_step,0.5,0.229039\ncurvature,2,3.266235\nobjection_temperature,0.02,0.006871\n" +
		"standout_cost,0.1,0.880824\nconcession,1,0.099003\n"
	want := Params{ChairStep: 0.229039, Curvature: 3.266235, ObjectionTemperature: 0.006871, StandoutCost: 0.880824,
		Concession: 0.099003, Exchange: true, ActiveSalience: 0.3}
	if p, err := ReadParams([]byte(old)); err != nil || p != want {
		t.Errorf("ReadParams of a file without exchange = %v, %v; want %v", p, err, want)
	}
	for _, bad := range []string{"", "a,b,c\nx,1,2\n", "parameter,untuned,tuned\nchair_step,x,\n", "parameter,untuned,tuned\nspeed,1,\n"} {
		if _, err := ReadParams([]byte(bad)); err == nil {
			t.Errorf("ReadParams(%q): no error", bad)
		}
	}
}

// TestDEU backtests DEU III when ../shared/data is there. The compromise
// model's error on all issues with an outcome is about 23 and the
// reference point's about 51 (the data README), which checks the reading
// of the file.
func TestDEU(t *testing.T) {
	file := filepath.Join("../../../shared/data", "deu3/deu3.tsv")
	f, err := os.Open(file)
	if err != nil {
		t.Skipf("no DEU III at %s: skipping the backtest on real data", file)
	}
	defer f.Close()
	ds, err := importers.ParseDEU(file, f)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ds, Config{Runs: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		model  string
		issues int
		mae    float64
	}{
		{ModelCompromise, 353, 23},
		{ModelReference, 253, 51},
	} {
		s, _ := res.Lookup(c.model, "all")
		if s.Issues != c.issues || math.Abs(s.MAE-c.mae) > 2 {
			t.Errorf("%s on all issues: %d issues, MAE %.2f; want %d, about %g", c.model, s.Issues, s.MAE, c.issues, c.mae)
		}
	}
	if s, _ := res.Lookup(ModelEngine, "all"); s.Issues != 353 || math.IsNaN(s.MAE) {
		t.Errorf("engine on all issues: %+v", s)
	}
	train, _ := res.Lookup(ModelCompromise, "train")
	test, _ := res.Lookup(ModelCompromise, "test")
	if train.Issues+test.Issues != 353 || train.Issues == 0 || test.Issues == 0 {
		t.Errorf("splits: %d train and %d test issues", train.Issues, test.Issues)
	}
}
