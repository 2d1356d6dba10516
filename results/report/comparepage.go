package report

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/compare"
	"github.com/treatysim/treatysim/scenarios"
)

// CompareOptions holds what a comparison page shows beyond the
// compare.Result itself.
type CompareOptions struct {
	// Attribution, when not empty, adds the section "Which change did
	// it": compare does not compute it yet; the caller fills it.
	Attribution []Attribution
}

// Attribution splits one difference of a comparison among the changes
// the what-if B makes to A (an event, a position, a red line).
type Attribution struct {
	// Measure and Item name the difference, as in compare.Row.
	Measure, Item string
	// Shares holds each change applied to A alone.
	Shares []AttributionShare
	// Interacts is set when the changes alone do not add up to the
	// difference: the page then gives the rest, 1 minus the sum of the
	// shares, as what they do only together.
	Interacts bool
	// Note, if not empty, says in a sentence how the changes interact.
	Note string
}

// AttributionShare is what one change alone accounts for: (A with this
// change - A) / (B - A), with its 95% interval, as fractions (NaN where
// the change cannot be applied alone).
type AttributionShare struct {
	Change           string
	Share, Low, High float64
}

// ComparePage renders compare.html: one self-contained page (the CSS of
// report.html, the plot inline as a data: URI, no script, nothing fetched)
// that says what a comparison found, for an analyst and a teacher. plots
// is what CompareFiles returned; a missing plot is left out.
func ComparePage(res *compare.Result, plots results.Files, opt CompareOptions) ([]byte, error) {
	if res == nil || res.A == nil || res.B == nil {
		return nil, fmt.Errorf("compare page: no comparison")
	}
	sig := res.Significant()
	v := compareView{
		A:    side{res.A.ID, firstNonEmpty(res.A.Title, res.A.ID), res.A.Question, res.Folders[0]},
		B:    side{res.B.ID, firstNonEmpty(res.B.Title, res.B.ID), res.B.Question, res.Folders[1]},
		Seed: res.Seed, Runs: res.Runs, Tests: len(res.Rows), Significant: len(sig),
		Deciding: [2]string{decidingSession(res, 0), decidingSession(res, 1)},
		LeftOut:  leftOutSentences(res),
	}
	slices.SortStableFunc(sig, func(x, y compare.Row) int { return cmp.Compare(math.Abs(y.Difference), math.Abs(x.Difference)) })
	for k, r := range sig {
		s := sentenceView{Text: res.Sentence(r)}
		if r.Measure == compare.MeasureSurvival || r.Measure == compare.MeasureOption || r.Measure == compare.MeasureSession {
			s.Gloss = rowLabel(res, r.Measure, r.Item) + "."
		}
		if k < shownSentences {
			v.Sentences = append(v.Sentences, s)
		} else {
			v.MoreSentences = append(v.MoreSentences, s)
		}
	}
	if png, ok := plots["plots/"+PlotCompare+".png"]; ok {
		// The URI is built here from bytes CompareFiles drew, not from input.
		v.Plot = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	for _, r := range res.Rows {
		c := cells(r)
		switch r.Measure {
		case compare.MeasureAdoption:
			v.Adoption = [2]string{c.A, c.B}
			c.Title = "adopted"
			v.Sessions = append(v.Sessions, c)
		case compare.MeasureSessionMean:
			c.Title = "mean index of the deciding session (0 is the first), runs adopted in both"
			v.Sessions = append(v.Sessions, c)
		case compare.MeasureSession:
			if r.A == 0 && r.B == 0 {
				v.Never = append(v.Never, sessionTitle(res.A, r.Item))
				continue
			}
			c.ID, c.Title = r.Item, "adopted at "+sessionTitle(res.A, r.Item)
			v.Sessions = append(v.Sessions, c)
		case compare.MeasureSurvival:
			c.ID, c.Title = r.Item, clauseOf(res.A, r.Item).Title
			v.Clauses = append(v.Clauses, c)
			v.Options = append(v.Options, optionGroup{Clause: c.ID, Title: c.Title})
		case compare.MeasureOption:
			clause, option, _ := strings.Cut(r.Item, "/")
			c.ID, c.Title = option, optionLabel(clauseOf(res.A, clause), option)
			if g := len(v.Options) - 1; g >= 0 && v.Options[g].Clause == clause {
				v.Options[g].Rows = append(v.Options[g].Rows, c)
			}
		case compare.MeasureSatisfaction:
			c.ID, c.Title = r.Item, stateName(res.A, r.Item)
			c.abs = math.Abs(r.Difference)
			v.States = append(v.States, c)
			if r.Significant {
				v.StatesSignificant++
			}
		}
	}
	// The long table reads from the states that moved most.
	slices.SortStableFunc(v.States, func(x, y compareCells) int { return cmp.Compare(y.abs, x.abs) })
	for _, a := range opt.Attribution {
		v.Attribution = append(v.Attribution, attributionOf(res, a))
	}
	var b bytes.Buffer
	if err := comparePageTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("compare page: %w", err)
	}
	return b.Bytes(), nil
}

// shownSentences is how many significant differences the summary lists
// before folding the rest: enough for the story, few enough to read.
const shownSentences = 10

type compareView struct {
	A, B                     side
	Seed                     uint64
	Runs, Tests, Significant int
	Adoption, Deciding       [2]string
	Sentences, MoreSentences []sentenceView
	LeftOut                  []string
	Plot                     template.URL
	Attribution              []attributionView
	Sessions, Clauses        []compareCells
	Never                    []string // sessions neither scenario adopted at
	Options                  []optionGroup
	States                   []compareCells
	StatesSignificant        int
}

type side struct{ ID, Title, Question, Folder string }

type sentenceView struct{ Text, Gloss string }

// compareCells is a table row: an item and its test, formatted as the
// printout formats them.
type compareCells struct {
	ID, Title, A, B, Difference, Interval, P string
	Significant                              bool
	abs                                      float64
}

type optionGroup struct {
	Clause, Title string
	Rows          []compareCells
}

type attributionView struct {
	Label, Difference, Rest, Note string
	Shares                        []compareCells // Title: the change; A: the share; Interval
}

// cells formats a row: probabilities in percent with one decimal and
// their differences in points, means with three decimals.
func cells(r compare.Row) compareCells {
	c := compareCells{P: pAdjusted(r.PAdjusted), Significant: r.Significant}
	if r.Probability() {
		c.A, c.B = fmt.Sprintf("%.1f%%", 100*r.A), fmt.Sprintf("%.1f%%", 100*r.B)
		c.Difference = fmt.Sprintf("%+.1f", 100*r.Difference)
		c.Interval = fmt.Sprintf("%+.1f to %+.1f", 100*r.Low, 100*r.High)
		return c
	}
	c.A, c.B = fmt.Sprintf("%.3f", r.A), fmt.Sprintf("%.3f", r.B)
	c.Difference = fmt.Sprintf("%+.3f", r.Difference)
	c.Interval = fmt.Sprintf("%+.3f to %+.3f", r.Low, r.High)
	return c
}

// pAdjusted writes a p value as compare's sentences do.
func pAdjusted(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 0.001:
		return "< 0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// decidingSession says where side k (0 for A) most often adopted, among
// the sessions both scenarios share (the only ones with a row).
func decidingSession(res *compare.Result, k int) string {
	best, share := "", 0.0
	for _, r := range res.Rows {
		if p := [2]float64{r.A, r.B}[k]; r.Measure == compare.MeasureSession && p > share {
			best, share = r.Item, p
		}
	}
	if best == "" {
		return "never adopted"
	}
	return fmt.Sprintf("%s, in %.1f%% of runs", sessionTitle([2]*scenarios.Scenario{res.A, res.B}[k], best), 100*share)
}

func sessionTitle(sc *scenarios.Scenario, id string) string {
	if k := slices.IndexFunc(sc.Sessions, func(s scenarios.SessionInfo) bool { return s.ID == id }); k >= 0 {
		return firstNonEmpty(sc.Sessions[k].Name, id)
	}
	return id
}

func stateName(sc *scenarios.Scenario, id string) string {
	if k := slices.IndexFunc(sc.States, func(s scenarios.State) bool { return s.ID == id }); k >= 0 {
		return firstNonEmpty(sc.States[k].Name, id)
	}
	return id
}

func clauseOf(sc *scenarios.Scenario, id string) scenarios.ClauseInfo {
	if k := slices.IndexFunc(sc.Clauses, func(c scenarios.ClauseInfo) bool { return c.ID == id }); k >= 0 {
		return sc.Clauses[k]
	}
	return scenarios.ClauseInfo{ID: id}
}

func optionLabel(c scenarios.ClauseInfo, id string) string {
	if k := c.OptionIndex(id); k >= 0 {
		return c.Options[k].Label
	}
	return ""
}

// rowLabel names a difference in words, with the clause titles and
// option labels that compare's sentences give only by id.
func rowLabel(res *compare.Result, measure, item string) string {
	clause, option, _ := strings.Cut(item, "/")
	switch measure {
	case compare.MeasureAdoption:
		return "Adoption"
	case compare.MeasureSessionMean:
		return "Mean index of the deciding session"
	case compare.MeasureSession:
		return "Adoption at " + sessionTitle(res.A, item)
	case compare.MeasureSurvival:
		return firstNonEmpty(clauseOf(res.A, item).Title, item) + " survives"
	case compare.MeasureOption:
		c := clauseOf(res.A, clause)
		return firstNonEmpty(c.Title, clause) + " ends as " + firstNonEmpty(optionLabel(c, option), option)
	case compare.MeasureSatisfaction:
		return "Satisfaction of " + stateName(res.A, item)
	}
	return measure + " " + item
}

func attributionOf(res *compare.Result, a Attribution) attributionView {
	v := attributionView{Label: rowLabel(res, a.Measure, a.Item), Note: a.Note}
	for _, r := range res.Rows {
		if r.Measure == a.Measure && r.Item == a.Item {
			v.Difference = cells(r).Difference
			if r.Probability() {
				v.Difference += " points"
			}
		}
	}
	// A share is NaN where the change could not be applied alone.
	share := func(x float64) string {
		if math.IsNaN(x) {
			return "n/a"
		}
		return fmt.Sprintf("%.0f%%", 100*x)
	}
	sum := 0.0
	for _, s := range a.Shares {
		if !math.IsNaN(s.Share) {
			sum += s.Share
		}
		v.Shares = append(v.Shares, compareCells{Title: s.Change, A: share(s.Share), Interval: share(s.Low) + " to " + share(s.High)})
	}
	if a.Interacts {
		v.Rest = share(1 - sum)
	}
	return v
}

// leftOutSentences says what only one scenario has, as the command does
// on its standard error: a reader must not take it for "no difference".
func leftOutSentences(res *compare.Result) []string {
	var out []string
	for _, l := range res.LeftOutLines() {
		out = append(out, strings.ToUpper(l[:1])+l[1:]+".")
	}
	return out
}
