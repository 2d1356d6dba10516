package backtest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// WriteTable writes the models' mean absolute errors on a split (train,
// test or all) as an aligned table.
func (r *Result) WriteTable(w io.Writer, split string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\tissues\tMAE (0-100)\n")
	for _, m := range r.Models {
		s, _ := r.Lookup(m, split)
		mae := "-"
		if s.Issues > 0 {
			mae = fmt.Sprintf("%.2f", s.MAE)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", m, s.Issues, mae)
	}
	return tw.Flush()
}

// Files renders the result as the files of a results folder:
// backtest.csv (issue, split, model, predicted, recorded, abs_error),
// summary.csv (model, split, issues, mae), engine.csv (the engine's
// adoption rate per issue, and the exchanges per run in the scenario that
// negotiated it), parameters.csv (the engine's parameters,
// untuned and tuned; exchange is 1 for on, 0 for off), paired.csv (each
// engine against the compromise model, issue by issue, with bootstrap
// intervals over proposals) and predicted-vs-recorded.png for the split.
func (r *Result) Files(split string) (results.Files, error) {
	rows := make([][]string, 0, len(r.Rows))
	var engine [][]string
	for _, row := range r.Rows {
		rows = append(rows, []string{row.Issue, row.Split.String(), row.Model, ftoa(row.Predicted), ftoa(row.Recorded), ftoa(row.AbsError())})
		if !math.IsNaN(row.Adopted) {
			engine = append(engine, []string{row.Issue, row.Split.String(), row.Model, ftoa(row.Adopted), strconv.Itoa(r.Runs), ftoa(row.Trades)})
		}
	}
	sum := make([][]string, 0, len(r.Summary))
	for _, s := range r.Summary {
		mae := ""
		if s.Issues > 0 {
			mae = ftoa(s.MAE)
		}
		sum = append(sum, []string{s.Model, s.Split, strconv.Itoa(s.Issues), mae})
	}
	params := [][]string{}
	add := func(name string, untuned, tuned float64) {
		t := ""
		if r.Tuned != nil {
			t = ftoa(tuned)
		}
		params = append(params, []string{name, ftoa(untuned), t})
	}
	tuned := r.Params
	if r.Tuned != nil {
		tuned = *r.Tuned
	}
	add("chair_step", r.Params.ChairStep, tuned.ChairStep)
	add("curvature", r.Params.Curvature, tuned.Curvature)
	add("objection_temperature", r.Params.ObjectionTemperature, tuned.ObjectionTemperature)
	add("standout_cost", r.Params.StandoutCost, tuned.StandoutCost)
	add("concession", r.Params.Concession, tuned.Concession)
	add("exchange", b2f(r.Params.Exchange), b2f(tuned.Exchange))
	add("active_salience", r.Params.ActiveSalience, tuned.ActiveSalience)
	paired := make([][]string, 0, len(r.Paired))
	for _, p := range r.Paired {
		paired = append(paired, []string{p.Model, p.Baseline, p.Split, strconv.Itoa(p.Issues), strconv.Itoa(p.Groups),
			ftoa(p.Mean), ftoa(p.Lo), ftoa(p.Hi), strconv.Itoa(p.Better), strconv.Itoa(p.Worse), strconv.Itoa(p.Resamples)})
	}
	png, err := r.Plot(split)
	if err != nil {
		return nil, err
	}
	return results.Files{
		"backtest.csv":   results.CSV([]string{"issue", "split", "model", "predicted", "recorded", "abs_error"}, rows),
		"summary.csv":    results.CSV([]string{"model", "split", "issues", "mae"}, sum),
		"engine.csv":     results.CSV([]string{"issue", "split", "model", "adopted_share", "runs", "trades"}, engine),
		"parameters.csv": results.CSV([]string{"parameter", "untuned", "tuned"}, params),
		"paired.csv": results.CSV([]string{"model", "baseline", "split", "issues", "proposals", "mean_diff", "lo95", "hi95",
			"better", "worse", "resamples"}, paired),
		"predicted-vs-recorded.png": png,
	}, nil
}

// Plot draws the predicted against the recorded outcomes of the issues of
// a split (train, test or all) for the engine (tuned, when it was) and the
// compromise model, with the diagonal of perfect prediction, as a PNG.
func (r *Result) Plot(split string) ([]byte, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Backtest on %s, %s split: predicted against recorded outcomes", baseName(r.Dataset), split)
	p.X.Label.Text = "recorded outcome (0-100 scale)"
	p.Y.Label.Text = "predicted outcome (0-100 scale)"
	// Headroom above 100 for the legend, so that it hides no point.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -2, 102, -2, 125
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 25, Label: "25"},
		{Value: 50, Label: "50"}, {Value: 75, Label: "75"}, {Value: 100, Label: "100"}})
	p.X.Tick.Marker = p.Y.Tick.Marker
	p.Add(plotter.NewGrid())

	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 100, Y: 100}})
	if err != nil {
		return nil, err
	}
	diag.Color = color.Gray{Y: 120}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(diag)
	p.Legend.Add("perfect prediction", diag)

	engine := ModelEngine
	if r.Tuned != nil {
		engine = ModelEngineTuned
	}
	series := []struct {
		model string
		shape draw.GlyphDrawer
		color color.Color
	}{
		{ModelCompromise, draw.CrossGlyph{}, color.NRGBA{R: 213, G: 94, B: 0, A: 200}},
		{engine, draw.CircleGlyph{}, color.NRGBA{R: 0, G: 114, B: 178, A: 110}},
	}
	for _, s := range series {
		var xys plotter.XYs
		for _, row := range r.Rows {
			if row.Model == s.model && (split == "all" || row.Split.String() == split) {
				xys = append(xys, plotter.XY{X: row.Recorded, Y: row.Predicted})
			}
		}
		if len(xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Shape, sc.GlyphStyle.Color, sc.GlyphStyle.Radius = s.shape, s.color, vg.Points(3.5)
		p.Add(sc)
		sum, _ := r.Lookup(s.model, split)
		p.Legend.Add(fmt.Sprintf("%s (MAE %.1f, %d issues)", s.model, sum.MAE, sum.Issues), sc)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)

	wt, err := p.WriterTo(7*vg.Inch, 7*vg.Inch, "png")
	if err != nil {
		return nil, fmt.Errorf("drawing the plot: %w", err)
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("drawing the plot: %w", err)
	}
	return b.Bytes(), nil
}

// WritePaired writes the comparison of each engine with the compromise
// model on a split: the mean difference in absolute error, its 95%
// bootstrap interval over proposals, and the issues where the engine errs
// less and more.
func (r *Result) WritePaired(w io.Writer, split string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "engine minus compromise\tissues\tmean\t95%% interval\tbetter / worse\n")
	for _, p := range r.Paired {
		if p.Split != split {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%+.2f\t[%+.2f, %+.2f]\t%d / %d\n", p.Model, p.Issues, p.Mean, p.Lo, p.Hi, p.Better, p.Worse)
	}
	return tw.Flush()
}

// ReadParams reads the engine's parameters from a parameters.csv that
// Files wrote: the tuned column where it has values, else the untuned
// one. Parameters missing from the file (one written before exchange was
// in the engine has neither exchange nor active_salience) keep their
// DefaultParams values.
func ReadParams(data []byte) (Params, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return Params{}, fmt.Errorf("reading parameters: %w", err)
	}
	if len(rows) < 2 || len(rows[0]) < 3 || rows[0][0] != "parameter" || rows[0][1] != "untuned" || rows[0][2] != "tuned" {
		return Params{}, fmt.Errorf("reading parameters: not a parameters.csv (want the header parameter,untuned,tuned)")
	}
	col := 1
	if rows[1][2] != "" {
		col = 2
	}
	p := DefaultParams()
	fields := map[string]*float64{"chair_step": &p.ChairStep, "curvature": &p.Curvature,
		"objection_temperature": &p.ObjectionTemperature, "standout_cost": &p.StandoutCost,
		"concession": &p.Concession, "active_salience": &p.ActiveSalience}
	for _, row := range rows[1:] {
		v, err := strconv.ParseFloat(row[col], 64)
		if err != nil {
			return Params{}, fmt.Errorf("reading parameters: %s: %w", row[0], err)
		}
		switch f, ok := fields[row[0]]; {
		case ok:
			*f = v
		case row[0] == "exchange":
			p.Exchange = v != 0
		default:
			return Params{}, fmt.Errorf("reading parameters: unknown parameter %q", row[0])
		}
	}
	return p, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func baseName(p string) string {
	for k := len(p) - 1; k >= 0; k-- {
		if p[k] == '/' || p[k] == '\\' {
			return p[k+1:]
		}
	}
	return p
}
