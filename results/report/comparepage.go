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

var comparePageTemplate = template.Must(template.New("compare").Parse(comparePageHTML))

// compareCSS adds to pageCSS what a page of wide tables needs on a phone
// (tables scroll in their box, not the page) and a plot that fits a
// 1280x720 screen whole.
const compareCSS = `.scroll { overflow-x: auto; margin: 10px 0 18px; } .scroll table { margin: 0; }
.scroll td:first-child { min-width: 9em; } th.num { white-space: nowrap; }
figure.fit img { width: auto; max-width: 100%; max-height: 78vh; display: block; margin: 0 auto; }
.card { border: 3px solid #0072B2; border-radius: 8px; padding: 4px 22px 12px; margin: 24px 0; } .card h2 { margin-top: 10px; }
.card li, .lead, h1, .leftout li { overflow-wrap: anywhere; }
.fact.a { border-left-color: #0072B2; } .fact.b { border-left-color: #D55E00; }
.sentences li { margin: 6px 0; } .gloss, .ns { color: #555; } .gloss { font-size: 16px; } .method { font-size: 17px; color: #333; }
tbody tr.sig { background: #e6f1f8; } tr.group th { background: #f2f2f2; }
/* On a phone the table scrolls: the clause heading stays in view. */
tr.group th span { position: sticky; left: 6px; display: inline-block; max-width: calc(100vw - 60px); }
.leftout { border-left: 6px solid #D55E00; background: #fdf1e8; padding: 4px 14px; margin: 16px 0; }
summary { cursor: pointer; font-weight: bold; margin: 8px 0; }
@media (max-width: 640px) { body { font-size: 16px; } main { padding: 12px 14px 40px; } h1 { font-size: 25px; } h2 { font-size: 21px; }
  .lead { font-size: 18px; } code { font-size: 14px; } th, td { padding: 4px 6px; } .card { padding: 2px 12px 8px; }
  .scroll td:first-child { max-width: 10em; overflow-wrap: anywhere; } }
`

// comparePageHTML is the page; "cells" and "head" are a test's columns.
const comparePageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.A.ID}} vs {{.B.ID}}: treatysim comparison</title>
<style>
` + pageCSS + compareCSS + `</style>
</head>
<body>
<main>
<h1>{{.A.Title}} <span class="ns">vs</span> {{.B.Title}}</h1>
{{with .B.Question}}<p class="lead">{{.}}</p>{{end}}
<div class="facts">
<div class="fact a"><b>A</b><code>{{.A.ID}}</code>{{with .A.Folder}} replayed from <code>{{.}}</code>{{end}}</div>
<div class="fact b"><b>B</b><code>{{.B.ID}}</code>{{with .B.Folder}} replayed from <code>{{.}}</code>{{end}}</div>
<div class="fact"><b>seed</b>{{.Seed}}</div>
<div class="fact"><b>paired runs</b>{{.Runs}}</div>
</div>
<section class="card" id="summary">
<h2>Summary</h2>
<div class="facts">
<div class="fact a"><b>adopted in A</b>{{index .Adoption 0}}</div>
<div class="fact b"><b>adopted in B</b>{{index .Adoption 1}}</div>
<div class="fact a"><b>deciding session in A</b>{{index .Deciding 0}}</div>
<div class="fact b"><b>deciding session in B</b>{{index .Deciding 1}}</div>
<div class="fact"><b>significant differences</b>{{.Significant}} of {{.Tests}} tests</div>
</div>
{{if .Sentences}}<p>The significant differences, largest first:</p>
<ul class="sentences">
{{range .Sentences}}{{template "sentence" .}}{{end}}</ul>
{{with .MoreSentences}}<details><summary>{{len .}} more significant differences</summary>
<ul class="sentences">
{{range .}}{{template "sentence" .}}{{end}}</ul>
</details>{{end}}
{{else}}<p>No difference is significant: at {{.Runs}} paired runs, nothing B changes can be told from the noise of the runs.</p>{{end}}
{{with .LeftOut}}<div class="leftout"><p><b>Not compared.</b> Only one of the two scenarios has these, so no difference is measured for them: their absence from the tables below does not mean that nothing changed.</p>
<ul>
{{range .}}<li>{{.}}</li>
{{end}}</ul></div>
{{else}}<p>Nothing was left out: both scenarios have the same clauses, options, states and sessions.</p>{{end}}
</section>
<p class="method"><b>How it was compared.</b> Each scenario was played {{.Runs}} times, and run i of A used the same random draws as run i of B (common random numbers): within a pair only the scenario differs, so the difference between them is the effect of the change, with far less noise than two separate sets of runs. Each difference B−A comes with a paired 95% interval (Newcombe's for probabilities, mean ± 1.96 standard errors for satisfactions) and a p value (McNemar's exact test; the paired t). With {{.Tests}} tests made at once some would look like differences by chance alone, so the p values are adjusted with Holm's correction over all {{.Tests}}: a difference is <b>significant</b> when its adjusted p is below 0.05, and then the chance that even one of the differences called significant is a fluke is at most 5%. Significant does not mean large: read the size too.</p>
{{with .Plot}}<figure class="fit" id="plot">
<img src="{{.}}" alt="The largest differences between A and B">
<figcaption><b>{{if $.Significant}}The largest significant differences{{else}}No difference is significant; the largest{{end}}</b> (at most 20). Each row is a measure: the blue dot is its value in A, the vermillion dot its value in B, the line between them the difference. Probabilities run from 0 to 1; satisfactions are on their own scale.</figcaption>
</figure>{{end}}
{{with .Attribution}}<h2>Which change did it</h2>
<p>For each difference, what each of B's changes does when applied to A alone, as a share of the whole difference. When the changes interact, the rest is what they do only together.</p>
<div class="scroll"><table>
<thead><tr><th>change, alone</th><th class="num">share of the difference</th><th class="num">95% interval</th></tr></thead>
<tbody>
{{range .}}<tr class="group"><th colspan="3">{{.Label}}{{with .Difference}} ({{.}}){{end}}</th></tr>
{{range .Shares}}<tr><td>{{.Title}}</td><td class="num">{{.A}}</td><td class="num">{{.Interval}}</td></tr>
{{end}}{{with .Rest}}<tr><td>the changes together (interaction)</td><td class="num">{{.}}</td><td></td></tr>
{{end}}{{with .Note}}<tr><td colspan="3">{{.}}</td></tr>
{{end}}{{end}}</tbody>
</table></div>
{{end}}
<h2>Adoption and the deciding session</h2>
<p>Probabilities in percent, their differences B−A in percentage points; the mean session index with three decimals.</p>
<div class="scroll"><table>
{{template "head" "measure"}}<tbody>
{{range .Sessions}}<tr{{if .Significant}} class="sig"{{end}}><td>{{.Title}}{{with .ID}} <code>{{.}}</code>{{end}}</td>{{template "cells" .}}</tr>
{{end}}</tbody>
</table></div>
{{with .Never}}<p>Neither scenario adopted the treaty at {{range $i, $s := .}}{{if $i}}, {{end}}{{$s}}{{end}}.</p>{{end}}
<h2 id="clauses">Clauses: survival</h2>
<div class="scroll"><table>
{{template "head" "clause"}}<tbody>
{{range .Clauses}}<tr{{if .Significant}} class="sig"{{end}}><td><code>{{.ID}}</code>{{with .Title}}<br>{{.}}{{end}}</td>{{template "cells" .}}</tr>
{{end}}</tbody>
</table></div>
<h2>Clauses: final options</h2>
<p>How often each clause ends in each wording (<code>deleted</code> included).</p>
<div class="scroll"><table>
{{template "head" "option"}}<tbody>
{{range .Options}}<tr class="group"><th colspan="7"><span><code>{{.Clause}}</code>{{with .Title}} {{.}}{{end}}</span></th></tr>
{{range .Rows}}<tr{{if .Significant}} class="sig"{{end}}><td><code>{{.ID}}</code>{{with .Title}} {{.}}{{end}}</td>{{template "cells" .}}</tr>
{{end}}{{end}}</tbody>
</table></div>
<h2>Satisfaction of each state</h2>
<p>The mean satisfaction of each state with the final text (0 to 1), three decimals; {{.StatesSignificant}} of {{len .States}} differences are significant.</p>
<details><summary>All {{len .States}} states, the largest differences first</summary>
<div class="scroll"><table>
{{template "head" "state"}}<tbody>
{{range .States}}<tr{{if .Significant}} class="sig"{{end}}><td>{{.Title}} <code>{{.ID}}</code></td>{{template "cells" .}}</tr>
{{end}}</tbody>
</table></div>
</details>
<footer>Made by treatysim compare. The folder also holds compare.csv (every test), compare.json (what was compared and how) and plots/compare.png and .svg.</footer>
</main>
</body>
</html>
{{define "sentence"}}<li>{{.Text}}{{with .Gloss}}<br><span class="gloss">{{.}}</span>{{end}}</li>
{{end}}
{{define "head"}}<thead><tr><th>{{.}}</th><th class="num">A</th><th class="num">B</th><th class="num">B−A</th><th class="num">95% interval</th><th class="num">adjusted p</th><th>significant</th></tr></thead>
{{end}}
{{define "cells"}}<td class="num">{{.A}}</td><td class="num">{{.B}}</td><td class="num">{{.Difference}}</td><td class="num">{{.Interval}}</td><td class="num">{{.P}}</td><td>{{if .Significant}}<span class="yes">yes</span>{{else}}<span class="ns">no</span>{{end}}</td>{{end}}`
