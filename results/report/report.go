package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"github.com/treatysim/treatysim/results"
	"html/template"
	"slices"
	"strings"
)

// Report renders report.html: one self-contained page (CSS inline, plots
// inline as data: URIs, no script, nothing fetched from the network) that
// a teacher can open from a USB stick and put on a projector. It holds the
// summary, the clause table, the narrative, the coalitions of every session
// and the plots with captions saying how to read them. plots is what Plots
// returned; plots the folder does not have are left out.
func Report(d *results.RunData, plots results.Files) ([]byte, error) {
	if d == nil || d.Summary == nil || d.Scenario == nil {
		return nil, fmt.Errorf("report: %w: no summary or scenario", results.ErrNotResults)
	}
	v := reportView{
		Title:       firstNonEmpty(d.Summary.Title, d.Scenario.Title, d.Scenario.ID),
		Scenario:    d.Scenario.ID,
		Question:    d.Scenario.Question,
		Description: d.Scenario.Description,
		Seed:        d.Summary.Seed,
		Runs:        d.Summary.Runs,
		Single:      d.Summary.Runs == 1,
		Partial:     d.Summary.Partial,
		Adoption:    adoptionSentence(d),
		Decided:     decidedRows(d),
		Clauses:     clauseRows(d),
		Narrative:   results.Narrative(d),
		Coalitions:  coalitionTables(d),
		Motions:     d.Summary.Motions,
	}
	if d.Summary.Replay != nil {
		v.Replay = fmt.Sprint(*d.Summary.Replay)
	}
	v.Figures = reportFigures(d, plots)
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b.Bytes(), nil
}

type reportView struct {
	Title, Scenario, Question, Description string
	Seed, Runs                             uint64
	Single, Partial                        bool
	Replay                                 string
	Adoption                               string
	Decided                                []decidedRow
	Clauses                                []clauseRow
	Narrative                              []results.Section
	Coalitions                             []coalitionTable
	Motions                                []results.MotionSummary
	Figures                                map[string][]reportFigure // by section
}

type decidedRow struct{ Session, Name, Share string }

type clauseRow struct {
	ID, Title, Opening, Final, Probability, Interval string
	Survived                                         bool
}

type coalitionTable struct {
	Session, Name string
	Rows          []coalitionRow
}

type coalitionRow struct {
	ID, Name, Color, Capability, Cohesion, From string
	Size                                        int
}

type reportFigure struct {
	Title, Caption string
	Src            template.URL
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func percent(p float64) string {
	s := fmt.Sprintf("%.1f", 100*p)
	return strings.TrimSuffix(s, ".0") + "%"
}

// adoptionSentence says whether, how and where the treaty was adopted: as
// a fact for a single run, as a probability for a Monte Carlo.
func adoptionSentence(d *results.RunData) string {
	s := d.Summary
	where := ""
	if s.DecidedSession != nil {
		where = firstNonEmpty(s.DecidedSessionName, *s.DecidedSession)
	}
	if s.Runs == 1 {
		switch {
		case s.AdoptedProbability < 1:
			return "The treaty was not adopted."
		case s.AdoptedByVoteProbability >= 1:
			return "The treaty was adopted by a recorded vote at " + where + "."
		default:
			return "The treaty was adopted by consensus at " + where + "."
		}
	}
	out := fmt.Sprintf("The treaty was adopted in %s of %d runs (95%% interval %s to %s), by a recorded vote in %s.",
		percent(s.AdoptedProbability), s.Runs, percent(s.AdoptedInterval[0]), percent(s.AdoptedInterval[1]),
		percent(s.AdoptedByVoteProbability))
	if where != "" && s.AdoptedProbability > 0 {
		out += " It was most often adopted at " + where + "."
	}
	return out
}

func decidedRows(d *results.RunData) []decidedRow {
	var rows []decidedRow
	for _, b := range DecidedData(d) {
		if b.Probability > 0 {
			rows = append(rows, decidedRow{Session: b.Session, Name: b.Name, Share: percent(b.Probability)})
		}
	}
	return rows
}

func clauseRows(d *results.RunData) []clauseRow {
	var rows []clauseRow
	for _, c := range d.Summary.Clauses {
		rows = append(rows, clauseRow{ID: c.ID, Title: c.Title, Opening: c.OpeningOption, Final: c.ModalOption,
			Probability: percent(c.SurvivalProbability),
			Interval:    percent(c.SurvivalInterval[0]) + " to " + percent(c.SurvivalInterval[1]),
			Survived:    c.SurvivalProbability >= 0.5})
	}
	return rows
}

func coalitionTables(d *results.RunData) []coalitionTable {
	var out []coalitionTable
	for _, s := range heldSessions(d) {
		t := coalitionTable{Session: s, Name: sessionName(d, s)}
		for _, r := range d.Coalitions {
			if r.Session != s {
				continue
			}
			c := coalitionColor(r.Coalition)
			t.Rows = append(t.Rows, coalitionRow{ID: r.Coalition, Name: r.Name, Size: r.Size,
				Color:      fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B),
				Capability: percent(r.CapabilityShare), Cohesion: fmt.Sprintf("%.2f", r.Cohesion),
				From: strings.ReplaceAll(r.From, " ", ", ")})
		}
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// figureText is the title and caption of each plot: what it shows and how
// to read it.
var figureText = []struct {
	name, section, title, caption string
}{
	{PlotSurvival, "outcome", "Which clauses survive",
		"Each row is a clause: the dot is the probability that it is in the adopted treaty, the bar its 95% interval (Wilson). " +
			"One run says little, so its intervals are wide; a Monte Carlo narrows them. On the right, the final option (the most frequent one over runs)."},
	{PlotDecided, "outcome", "When the treaty was adopted",
		"The share of runs in which the treaty was adopted at each session that could decide; the grey bar is the share in which it was not adopted."},
	{PlotSizes, "coalitions", "Coalition sizes",
		"Each bar is a session; each colour a coalition (communities of states that agree, found in the agreement between their positions and votes). " +
			"A coalition keeps its colour and its number from session to session."},
	{PlotFlows, "coalitions", "Who moved where",
		"Each column is a session and each block a coalition (the number is its size). The bands between columns carry the states from one session's coalition to the next's, " +
			"as wide as the number of states: straight bands are coalitions that held; crossing bands are states that changed sides."},
	{PlotAgreement, "coalitions", "Agreement between states",
		"Each cell is the agreement between two states at the end of the session (1: same positions on every clause discussed and the same votes). " +
			"States are ordered by coalition (the colour strips on the edges): bright squares on the diagonal are cohesive coalitions, bright cells off it are bridges between them."},
	{PlotMap, "coalitions", "Where the states stand",
		"Each dot is a state, placed by the first two principal components of its preferences on all clauses, with the same axes in every session, " +
			"so that a dot that moves is a state that changed its mind. The axis labels say how much of the differences between states each axis shows " +
			"(when the first is near 100%, the room divides along a single line). Colours are coalitions; ringed states are named."},
	{PlotTrajectories, "positions", "Positions round by round",
		"Solid lines: what each state demanded at the table after each round; dashed: what it wanted (its preference after talking with its groups). " +
			"The grey band is the option the negotiating text held. Lines that converge on the band show concessions."},
}

// reportFigures picks the PNG of each plot, in the order the report shows
// them, as data: URIs.
func reportFigures(d *results.RunData, plots results.Files) map[string][]reportFigure {
	names := make([]string, 0, len(plots))
	for name := range plots {
		names = append(names, name)
	}
	slices.Sort(names)
	out := map[string][]reportFigure{}
	for _, ft := range figureText {
		for _, name := range names {
			base, ok := strings.CutSuffix(strings.TrimPrefix(name, "plots/"), ".png")
			if !ok || (base != ft.name && !strings.HasPrefix(base, ft.name+"-")) {
				continue
			}
			title := ft.title
			if session, ok := strings.CutPrefix(base, PlotAgreement+"-"); ok && ft.name == PlotAgreement {
				title += ", " + sessionName(d, session)
			}
			src := "data:image/png;base64," + base64.StdEncoding.EncodeToString(plots[name])
			// The URI is built here from bytes Plots drew, not from input.
			out[ft.section] = append(out[ft.section], reportFigure{Title: title, Caption: ft.caption, Src: template.URL(src)})
		}
	}
	return out
}

var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

// reportHTML is the page. Its CSS is sized for a projector: large type,
// high contrast, tables that fit a wide screen.
const reportHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}: treatysim report</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 19px; line-height: 1.45; color: #111; background: #fff; margin: 0; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 34px; margin: 0 0 6px; }
h2 { font-size: 27px; margin: 44px 0 12px; border-bottom: 3px solid #0072B2; padding-bottom: 4px; }
h3 { font-size: 22px; margin: 26px 0 8px; }
.lead { font-size: 22px; }
.facts { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.fact { background: #f2f2f2; border-left: 6px solid #0072B2; padding: 8px 14px; }
.fact b { display: block; font-size: 15px; color: #444; font-weight: normal; }
.outcome { font-size: 24px; font-weight: bold; margin: 18px 0; }
table { border-collapse: collapse; margin: 10px 0 18px; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #ccc; vertical-align: top; }
th { background: #e8e8e8; }
tbody tr:nth-child(even) { background: #fafafa; }
td.num { text-align: right; white-space: nowrap; }
code { font-family: "Liberation Mono", Consolas, monospace; font-size: 17px; }
.yes { color: #00734f; font-weight: bold; }
.no { color: #b34700; font-weight: bold; }
.swatch { display: inline-block; width: 18px; height: 18px; vertical-align: -3px; margin-right: 6px; border: 1px solid #666; }
figure { margin: 22px 0 34px; }
figure img { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 17px; color: #333; margin-top: 6px; }
figcaption b { color: #111; }
.narrative p { margin: 6px 0 10px; }
footer { margin-top: 48px; font-size: 15px; color: #555; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{with .Question}}<p class="lead">{{.}}</p>{{end}}
{{with .Description}}<p>{{.}}</p>{{end}}
<div class="facts">
<div class="fact"><b>scenario</b><code>{{.Scenario}}</code></div>
<div class="fact"><b>seed</b>{{.Seed}}</div>
<div class="fact"><b>runs</b>{{.Runs}}{{if .Partial}} (interrupted){{end}}</div>
{{with .Replay}}<div class="fact"><b>replay of run</b>{{.}}</div>{{end}}
</div>
<p class="outcome">{{.Adoption}}</p>
{{if and (not .Single) .Decided}}
<table>
<thead><tr><th>adopted at</th><th>session</th><th class="num">share of runs</th></tr></thead>
<tbody>
{{range .Decided}}<tr><td><code>{{.Session}}</code></td><td>{{.Name}}</td><td class="num">{{.Share}}</td></tr>
{{end}}</tbody>
</table>
{{end}}

<h2>The clauses</h2>
<table>
<thead><tr><th>clause</th><th>opening option</th><th>{{if .Single}}final option{{else}}modal option{{end}}</th>{{if .Single}}<th>survived</th>{{end}}<th class="num">survival probability (95% interval)</th></tr></thead>
<tbody>
{{range .Clauses}}{{$survived := .Survived}}<tr><td><code>{{.ID}}</code>{{with .Title}}<br>{{.}}{{end}}</td><td><code>{{.Opening}}</code></td><td><code>{{.Final}}</code></td>{{if $.Single}}<td>{{if $survived}}<span class="yes">yes</span>{{else}}<span class="no">no</span>{{end}}</td>{{end}}<td class="num">{{.Probability}} ({{.Interval}})</td></tr>
{{end}}</tbody>
</table>
{{range index .Figures "outcome"}}{{template "figure" .}}{{end}}

{{if .Narrative}}
<h2>What happened</h2>
<div class="narrative">
{{range .Narrative}}<h3>{{.Title}}</h3>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{end}}
</div>
{{end}}

{{if .Motions}}
<h2>Recorded votes</h2>
<table>
<thead><tr><th>session</th><th>motion</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th><th>result</th></tr></thead>
<tbody>
{{range .Motions}}<tr><td><code>{{.Session}}</code></td><td>{{.Label}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td><td>{{if .Passed}}<span class="yes">passed</span>{{else}}<span class="no">rejected</span>{{end}}</td></tr>
{{end}}</tbody>
</table>
{{end}}

{{if .Coalitions}}
<h2>Coalitions</h2>
<p>Coalitions are groups of states that agree more with each other than with the rest of the room, found anew at the end of every session; a coalition keeps its number (and colour) while most of its members stay together.</p>
<table>
<thead><tr><th>session</th><th>coalition</th><th class="num">states</th><th class="num">share of capability</th><th class="num">cohesion</th><th>drew members from</th></tr></thead>
<tbody>
{{range .Coalitions}}{{$t := .}}{{range $i, $r := .Rows}}<tr>{{if eq $i 0}}<td rowspan="{{len $t.Rows}}"><code>{{$t.Session}}</code><br>{{$t.Name}}</td>{{end}}<td><span class="swatch" style="background-color: {{$r.Color}}"></span><b>{{$r.ID}}</b> {{$r.Name}}</td><td class="num">{{$r.Size}}</td><td class="num">{{$r.Capability}}</td><td class="num">{{$r.Cohesion}}</td><td>{{$r.From}}</td></tr>
{{end}}{{end}}</tbody>
</table>
{{end}}
{{range index .Figures "coalitions"}}{{template "figure" .}}{{end}}

{{with index .Figures "positions"}}
<h2>Positions</h2>
{{range .}}{{template "figure" .}}{{end}}
{{end}}

<footer>Made by treatysim from the results folder of scenario <code>{{.Scenario}}</code>, seed {{.Seed}}. The plots are also in the folder's plots/ as PNG and SVG.</footer>
</main>
</body>
</html>
{{define "figure"}}<figure>
<img src="{{.Src}}" alt="{{.Title}}">
<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption>
</figure>
{{end}}`
