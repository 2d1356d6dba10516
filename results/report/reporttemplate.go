package report

import "html/template"

var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

// pageCSS is the look of the pages treatysim writes (report.html,
// compare.html), shared so that they read as one set. It is sized for a
// projector: large type, high contrast, tables that fit a wide screen.
const pageCSS = `body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 19px; line-height: 1.45; color: #111; background: #fff; margin: 0; }
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
`

// reportHTML is the page, in the look of pageCSS.
const reportHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}: treatysim report</title>
<style>
` + pageCSS + `</style>
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
<p>Cross-pressured: abstaining because the state's interest and its alignment with the movers of the motion pulled its vote in opposite directions.</p>
<table>
<thead><tr><th>session</th><th>motion</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th><th class="num">of which cross-pressured</th><th>result</th></tr></thead>
<tbody>
{{range .Motions}}<tr><td><code>{{.Session}}</code></td><td>{{.Label}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td><td class="num">{{.CrossPressured}}</td><td>{{if .Passed}}<span class="yes">passed</span>{{else}}<span class="no">rejected</span>{{end}}</td></tr>
{{end}}</tbody>
</table>
{{end}}

{{if .Votes}}
<h2>Recorded votes</h2>
<p>The votes of the script, over the runs: how often each was held and, when it was, how often it passed and how many states voted each way (the mean, and in brackets the range that holds 90% of the runs). Below it, per vote, the states whose vote varied most from run to run (by the entropy of their vote), with how often they voted each way when it was held; every state's are in vote-probabilities.csv.</p>
<table>
<thead><tr><th>session</th><th>motion</th><th class="num">held</th><th class="num">passed (95% interval)</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th></tr></thead>
<tbody>
{{range .Votes}}<tr><td><code>{{.Session}}</code></td><td>{{.Label}}</td><td class="num">{{.Held}}</td><td class="num">{{.Passed}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td></tr>
{{end}}</tbody>
</table>
{{range .Votes}}{{$v := .}}{{if .States}}
<h3>Least sure of their vote: {{.Label}}</h3>
<table>
<thead><tr><th>state</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th>{{if .Absent}}<th class="num">not voting</th>{{end}}</tr></thead>
<tbody>
{{range .States}}<tr><td><code>{{.State}}</code>{{with .Name}} {{.}}{{end}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td>{{if $v.Absent}}<td class="num">{{.NotVoting}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{end}}
{{end}}

{{if .Exchanges}}
<h2>Exchanges</h2>
<p>In the negotiation rounds delegations trade support across clauses (a logroll: each gives ground on a clause it cares less about for a move on one it cares more about), and sponsors of incentives pay delegations to move (a purchase). A trade is notable when it moves a demand by at least 0.01 on the clause's scale; the rest changes nothing a reader could see. Every trade is in exchanges.csv.</p>
<table>
<thead><tr><th>session</th><th class="num">logrolls</th><th class="num">purchases</th><th class="num">notable</th><th class="num">side payments</th></tr></thead>
<tbody>
{{range .Exchanges}}<tr><td><code>{{.Session}}</code><br>{{.Name}}</td><td class="num">{{.Logrolls}}</td><td class="num">{{.Purchases}}</td><td class="num">{{.Notables}}</td><td class="num">{{.Payment}}</td></tr>
{{end}}</tbody>
</table>
{{if .Trades}}
<h3>The largest logrolls</h3>
<table>
<thead><tr><th>session</th><th class="num">round</th><th>exchange</th><th>demands moved</th><th class="num">gain</th></tr></thead>
<tbody>
{{range .Trades}}<tr><td><code>{{.Session}}</code></td><td class="num">{{.Round}}</td><td>{{.Text}}</td><td>{{.Moves}}</td><td class="num">{{.Gain}}</td></tr>
{{end}}</tbody>
</table>
{{end}}
{{if .Sponsors}}
<h3>Purchases with incentives</h3>
<table>
<thead><tr><th>session</th><th>what the sponsor paid for</th><th class="num">purchases</th><th class="num">paid</th></tr></thead>
<tbody>
{{range .Sponsors}}<tr><td><code>{{.Session}}</code></td><td>{{.Text}}</td><td class="num">{{.Purchases}}</td><td class="num">{{.Payment}}</td></tr>
{{end}}</tbody>
</table>
{{end}}
{{end}}

{{if .Coalitions}}
<h2>Coalitions</h2>
<p>Coalitions are groups of states that agree more with each other than with the rest of the room, in what they ask for at the table (their demands, which move with concession and exchange) and in how they vote. They are found anew at the end of every session; a coalition keeps its number (and colour) while most of its members stay together.</p>
<table>
<thead><tr><th>session</th><th>coalition</th><th class="num">states</th><th class="num">share of capability</th><th class="num">cohesion</th><th>drew members from</th></tr></thead>
<tbody>
{{range .Coalitions}}{{$t := .}}{{range $i, $r := .Rows}}<tr>{{if eq $i 0}}<td rowspan="{{len $t.Rows}}"><code>{{$t.Session}}</code><br>{{$t.Name}}</td>{{end}}<td><span class="swatch" style="background-color: {{$r.Color}}"></span><b>{{$r.ID}}</b> {{$r.Name}}</td><td class="num">{{$r.Size}}</td><td class="num">{{$r.Capability}}</td><td class="num">{{$r.Cohesion}}</td><td>{{$r.From}}</td></tr>
{{end}}{{end}}</tbody>
</table>
{{end}}
{{range index .Figures "coalitions"}}{{template "figure" .}}{{end}}
{{if .Moves}}
<h3>Who changed coalition, and why</h3>
<p>The states that changed coalition at the end of each session, with what the record shows them doing in that session: their largest exchange and the clause they gave ground on, a payment received or made, the scripted events that named them. States with none of these moved by concession and persuasion, or stayed where they were while the room moved around them.</p>
<table>
<thead><tr><th>session</th><th>states</th><th>from</th><th>to</th><th>reason found</th></tr></thead>
<tbody>
{{range .Moves}}{{$t := .}}{{range $i, $r := .Rows}}<tr>{{if eq $i 0}}<td rowspan="{{len $t.Rows}}"><code>{{$t.Session}}</code><br>{{$t.Name}}</td>{{end}}<td>{{$r.States}}</td><td>{{with $r.From}}<span class="swatch" style="background-color: {{$r.FromColor}}"></span>{{.}}{{end}}</td><td>{{with $r.To}}<span class="swatch" style="background-color: {{$r.ToColor}}"></span>{{.}}{{end}}</td><td>{{$r.Reason}}</td></tr>
{{end}}{{end}}</tbody>
</table>
{{end}}

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
