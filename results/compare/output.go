package compare

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// Method says how every test is made, for compare.json and the printout.
const Method = "paired by run (common random numbers: run i of both scenarios uses the stream of (seed, i)); " +
	"difference b-a = mean of per-run differences; probabilities (adoption, decided_session, survival, option): " +
	"Newcombe's hybrid score 95% interval for paired proportions (1998, method 10) and the exact two-sided McNemar p; " +
	"means (satisfaction, decided_session_mean): difference ± 1.96·sd/sqrt(n) ([difference, difference] where the " +
	"differences do not vary) and the two-sided p of the paired t statistic under the normal approximation " +
	"(fine at n >= 100 runs); decided_session_mean over the runs adopted in both"

// Correction names the multiple-comparison correction.
const Correction = "holm"

// CSV returns compare.csv: one row per test, tidy.
func (r *Result) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"measure", "item", "a", "b", "difference", "low", "high", "p", "p_adjusted", "significant"})
	for _, row := range r.Rows {
		w.Write([]string{row.Measure, row.Item, num(row.A), num(row.B), num(row.Difference), num(row.Low), num(row.High),
			num(row.P), num(row.PAdjusted), strconv.FormatBool(row.Significant)})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

type scenarioJSON struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Files []string `json:"files,omitempty"`
	// Folder is the results folder the side was replayed from.
	Folder string `json:"folder,omitempty"`
}

type resultJSON struct {
	Scenarios   map[string]scenarioJSON `json:"scenarios"`
	Seed        uint64                  `json:"seed"`
	Runs        int                     `json:"runs"`
	Method      string                  `json:"method"`
	Correction  string                  `json:"correction"`
	Alpha       float64                 `json:"alpha"`
	Tests       int                     `json:"tests"`
	Significant int                     `json:"significant"`
	LeftOut     LeftOut                 `json:"left_out"`
	Attribution *attributionJSON        `json:"attribution,omitempty"`
}

type attributionJSON struct {
	Changes     []string          `json:"changes,omitempty"`
	LeaveOneOut bool              `json:"leave_one_out,omitempty"`
	Skipped     map[string]string `json:"skipped,omitempty"`
	Differences int               `json:"differences,omitempty"` // attributed
	Interacting int               `json:"interacting,omitempty"` // of which the changes interact
	Note        string            `json:"note,omitempty"`
}

// JSON returns compare.json: what was compared and how.
func (r *Result) JSON() ([]byte, error) {
	sj := func(sc *scenarios.Scenario, folder string) scenarioJSON {
		return scenarioJSON{ID: sc.ID, Title: sc.Title, Files: sc.Files, Folder: folder}
	}
	out := resultJSON{
		Scenarios: map[string]scenarioJSON{
			"a": sj(r.A, r.Folders[0]),
			"b": sj(r.B, r.Folders[1]),
		},
		Seed: r.Seed, Runs: r.Runs, Method: Method, Correction: Correction, Alpha: Alpha,
		Tests: len(r.Rows), Significant: len(r.Significant()), LeftOut: r.LeftOut,
	}
	if at := r.Attribution; at != nil {
		out.Attribution = &attributionJSON{Changes: at.Changes, LeaveOneOut: at.LeaveOneOut, Skipped: at.Skipped,
			Differences: len(at.Rows), Note: r.AttributionNote}
		for _, row := range at.Rows {
			if row.Interacts {
				out.Attribution.Interacting++
			}
		}
	} else if r.AttributionNote != "" {
		out.Attribution = &attributionJSON{Note: r.AttributionNote}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// LeftOutLines says in sentences what was not compared; none if nothing.
func (r *Result) LeftOutLines() []string {
	l := r.LeftOut
	var out []string
	add := func(what string, ids []string, sc string) {
		if len(ids) > 0 {
			out = append(out, fmt.Sprintf("%s only in %s, not compared: %s", what, sc, strings.Join(ids, ", ")))
		}
	}
	a, b := r.A.ID, r.B.ID
	add("clauses", l.ClausesOnlyInA, a)
	add("clauses", l.ClausesOnlyInB, b)
	add("options", l.OptionsOnlyInA, a)
	add("options", l.OptionsOnlyInB, b)
	add("states", l.StatesOnlyInA, a)
	add("states", l.StatesOnlyInB, b)
	add("sessions", l.SessionsOnlyInA, a)
	add("sessions", l.SessionsOnlyInB, b)
	return out
}

// Sentence says a row in plain words: what was measured, its value in
// each scenario, the difference with its interval and the adjusted p.
func (r *Result) Sentence(row Row) string {
	what := r.Describe(row)
	a, b := r.A.ID, r.B.ID
	if row.Probability() {
		return fmt.Sprintf("%s: %.1f%% in %s, %.1f%% in %s (difference %+.1f points, 95%% CI %+.1f to %+.1f; adjusted p %s).",
			what, 100*row.A, a, 100*row.B, b, 100*row.Difference, 100*row.Low, 100*row.High, pText(row.PAdjusted))
	}
	return fmt.Sprintf("%s: %.3f in %s, %.3f in %s (difference %+.3f, 95%% CI %+.3f to %+.3f; adjusted p %s).",
		what, row.A, a, row.B, b, row.Difference, row.Low, row.High, pText(row.PAdjusted))
}

// Describe names what a row measures, in words.
func (r *Result) Describe(row Row) string {
	var what string
	switch row.Measure {
	case MeasureAdoption:
		what = "Adoption"
	case MeasureSessionMean:
		what = "Mean index of the deciding session (runs adopted in both)"
	case MeasureSession:
		what = "Adoption in session " + row.Item
	case MeasureSurvival:
		what = "Clause " + row.Item + " survives"
	case MeasureOption:
		clause, option, _ := strings.Cut(row.Item, "/")
		what = "Clause " + clause + " ends as " + option
	case MeasureSatisfaction:
		what = "Satisfaction of " + r.stateName(row.Item)
	default:
		what = row.Measure + " " + row.Item
	}
	return what
}

func (r *Result) stateName(id string) string {
	for _, s := range r.A.States {
		if s.ID == id && s.Name != "" && s.Name != id {
			return s.Name + " (" + id + ")"
		}
	}
	return id
}

func pText(p float64) string {
	switch {
	case p < 0.001:
		return "< 0.001"
	case math.IsNaN(p):
		return "n/a"
	}
	return fmt.Sprintf("%.3f", p)
}
