package report

import "html/template"

var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

// pageCSS is the look of the pages treatysim writes (report.html,
// compare.html), shared so that they read as one set. It is sized for a
// projector (large type, high contrast, every figure whole on a 1280x720
// screen) and holds on a phone: long words wrap, wide tables scroll in
// their box, never the page. Printed, it drops the contents bar and keeps
// figures whole.
const pageCSS = `body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 19px; line-height: 1.45; color: #111; background: #fff; margin: 0; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 64px; overflow-wrap: break-word; }
h1 { font-size: 34px; margin: 0 0 6px; }
h2 { font-size: 27px; margin: 44px 0 12px; border-bottom: 3px solid #0072B2; padding-bottom: 4px; }
h3 { font-size: 22px; margin: 26px 0 8px; }
[id] { scroll-margin-top: 56px; }
.lead { font-size: 22px; }
.facts { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.fact { background: #f2f2f2; border-left: 6px solid #0072B2; padding: 8px 14px; }
.fact b { display: block; font-size: 15px; color: #444; font-weight: normal; }
.outcome { font-size: 24px; font-weight: bold; margin: 18px 0; }
table { border-collapse: collapse; margin: 10px 0 18px; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #ccc; vertical-align: top; }
th { background: #e8e8e8; }
tbody tr:nth-child(even) { background: #fafafa; }
td.num, th.num { text-align: right; } td.num { white-space: nowrap; }
code { font-family: "Liberation Mono", Consolas, monospace; font-size: 17px; }
.yes { color: #00734f; font-weight: bold; }
.no { color: #b34700; font-weight: bold; }
.swatch { display: inline-block; width: 18px; height: 18px; vertical-align: -3px; margin-right: 6px; border: 1px solid #666; }
.scroll { overflow-x: auto; margin: 10px 0 18px; } .scroll table { margin: 0; }
figure { margin: 22px 0 34px; }
figure img { display: block; box-sizing: border-box; width: auto; height: auto; max-width: 100%; max-height: calc(100vh - 7rem); object-fit: contain; margin: 0 auto; border: 1px solid #ddd; }
figure .ftitle { font-size: 20px; margin: 0 0 6px; }
figcaption { font-size: 17px; color: #333; margin-top: 6px; }
figcaption b { color: #111; }
.toc { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 2px solid #0072B2; }
.toc ul { list-style: none; max-width: 1240px; margin: 0 auto; padding: 6px 32px; display: flex; flex-wrap: wrap; gap: 2px 22px; font-size: 17px; }
.toc a, summary { color: #0050a0; }
.card { border: 3px solid #0072B2; border-radius: 8px; padding: 4px 22px 12px; margin: 24px 0; } .card h2 { margin-top: 10px; }
.card .headline { font-size: 30px; font-weight: bold; margin: 6px 0 2px; } .card.adopted .headline { color: #00734f; } .card.failed .headline { color: #b34700; }
.lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 4px 32px; }
.lists h3 { font-size: 19px; margin: 12px 0 4px; } .lists ul { margin: 0; padding-left: 1.2em; } .lists li { margin: 2px 0; }
.lists .in h3 { color: #00734f; } .lists .out h3 { color: #b34700; } .lists .open h3 { color: #6a4c00; }
.whatif { border-left: 6px solid #D55E00; background: #fdf1e8; padding: 8px 14px; margin: 16px 0; }
.narrative ul { margin: 6px 0; padding-left: 1.3em; } .narrative li { margin: 5px 0; }
.context { color: #444; font-size: 17px; margin: 4px 0 6px; }
details { margin: 2px 0 10px; } summary { cursor: pointer; font-weight: bold; margin: 6px 0; }
a.gl { color: inherit; text-decoration: underline dotted #0072B2; text-underline-offset: 3px; }
dl.glossary dt { font-weight: bold; margin-top: 12px; } dl.glossary dd { margin: 2px 0 0; }
footer { margin-top: 48px; font-size: 15px; color: #555; }
@media (max-width: 640px) { body { font-size: 16px; } main { padding: 12px 14px 40px; } h1 { font-size: 25px; } h2 { font-size: 21px; } h3 { font-size: 18px; }
  .lead, .outcome { font-size: 18px; } code { font-size: 14px; } th, td { padding: 4px 6px; } .card { padding: 2px 12px 8px; } .card .headline { font-size: 22px; }
  .lists { grid-template-columns: 1fr; } .toc { position: static; } .toc ul { padding: 6px 14px; gap: 2px 14px; font-size: 15px; }
  figure .ftitle { font-size: 17px; } figcaption, .context { font-size: 15px; } .scroll td:first-child { min-width: 9em; max-width: 13em; } .scroll td:first-child code { overflow-wrap: anywhere; } }
@media print { .toc { display: none; } body { font-size: 11pt; } main { max-width: none; padding: 0; }
  figure, tr, .card { break-inside: avoid; } h2, h3 { break-after: avoid; } figure img { max-height: 20cm; }
  .scroll { overflow: visible; } a { color: inherit; text-decoration: underline; } details::details-content { content-visibility: visible; display: block; } }
`

// reportHTML is the page, in the look of pageCSS. Its sections and their
// ids are those of sections (reportsections.go); .Has says which a report
// has. The glossary is drawn apart (glossaryHTML) and put at
// glossarySlot.
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
<nav class="toc" aria-label="Contents"><ul>
{{range .Contents}}<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{end}}</ul></nav>
<main>
<h1>{{.Title}}</h1>
{{with .Question}}<p class="lead">{{.}}</p>{{end}}
{{with .WhatIf}}<p class="whatif">{{.}}</p>{{end}}

<section class="card {{if .Card.Adopted}}adopted{{else}}failed{{end}}">
<h2 id="summary">At a glance</h2>
<p class="headline">{{.Card.Headline}}</p>
{{with .Card.Sentence}}<p>{{.}}</p>{{end}}
{{with .Card.Facts}}<div class="facts">
{{range .}}<div class="fact"><b>{{.Label}}</b>{{.Value}}</div>
{{end}}</div>{{end}}
<div class="lists">
{{range .Card.Lists}}<div class="{{.Class}}"><h3>{{.Title}}</h3>
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul></div>
{{end}}</div>
</section>

{{with .Description}}<p>{{.}}</p>{{end}}
<div class="facts">
<div class="fact"><b>scenario</b><code>{{.Scenario}}</code></div>
<div class="fact"><b>seed</b>{{.Seed}}</div>
<div class="fact"><b>runs</b>{{.Runs}}{{if .Partial}} (interrupted){{end}}</div>
{{with .Replay}}<div class="fact"><b>replay of run</b>{{.}}</div>{{end}}
</div>
{{if and (not .Single) .Decided}}
<div class="scroll"><table>
<thead><tr><th>adopted at</th><th>session</th><th class="num">share of runs</th></tr></thead>
<tbody>
{{range .Decided}}<tr><td><code>{{.Session}}</code></td><td>{{.Name}}</td><td class="num">{{.Share}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}

<h2 id="clauses">The clauses</h2>
<div class="scroll"><table>
<thead><tr><th>clause</th><th>opening option</th><th>{{if .Single}}final option{{else}}modal option{{end}}</th>{{if .Single}}<th>survived</th>{{end}}<th class="num">survival probability (95% interval)</th></tr></thead>
<tbody>
{{range .Clauses}}{{$survived := .Survived}}<tr><td>{{with .Title}}{{.}}<br>{{end}}<code>{{.ID}}</code></td><td><code>{{.Opening}}</code></td><td><code>{{.Final}}</code></td>{{if $.Single}}<td>{{if $survived}}<span class="yes">yes</span>{{else}}<span class="no">no</span>{{end}}</td>{{end}}<td class="num">{{.Probability}} ({{.Interval}})</td></tr>
{{end}}</tbody>
</table></div>
{{range index .Figures "outcome"}}{{template "figure" .}}{{end}}

{{if index .Has "narrative"}}
<h2 id="narrative">What happened</h2>
{{range index .Figures "narrative"}}{{template "figure" .}}{{end}}
<div class="narrative">
{{range .Narrative}}{{$s := .}}<section id="{{.ID}}">
<h3>{{.Title}}</h3>
{{with .Context}}<p class="context">{{.}}</p>{{end}}
{{with .Key}}<ul>
{{range .}}<li>{{.}}</li>
{{end}}</ul>{{end}}
{{with .More}}<details><summary>{{$s.MoreLabel}}</summary><ul>
{{range .}}<li>{{.}}</li>
{{end}}</ul></details>{{end}}
</section>
{{end}}</div>
{{end}}

{{if index .Has "votes"}}
<h2 id="votes">Recorded votes</h2>
{{if .Motions}}
<p>Cross-pressured: abstaining because the state's interest and its alignment with the movers of the motion pulled its vote in opposite directions.</p>
<div class="scroll"><table>
<thead><tr><th>session</th><th>motion</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th><th class="num">of which cross-pressured</th><th>result</th></tr></thead>
<tbody>
{{range .Motions}}<tr><td><code>{{.Session}}</code></td><td>{{.Label}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td><td class="num">{{.CrossPressured}}</td><td>{{if .Passed}}<span class="yes">passed</span>{{else}}<span class="no">rejected</span>{{end}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}
{{if .Votes}}
<p>The votes of the script, over the runs: how often each was held and, when it was, how often it passed and how many states voted each way (the mean and, in parentheses, the range that holds 90% of the runs). Below it, per vote, the states whose vote varied most from run to run (by the entropy of their vote), with how often they voted each way when it was held; every state's are in vote-probabilities.csv.</p>
<div class="scroll"><table>
<thead><tr><th>session</th><th>motion</th><th class="num">held</th><th class="num">passed (95% interval)</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th></tr></thead>
<tbody>
{{range .Votes}}<tr><td><code>{{.Session}}</code></td><td>{{.Label}}</td><td class="num">{{.Held}}</td><td class="num">{{.Passed}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td></tr>
{{end}}</tbody>
</table></div>
{{range .Votes}}{{$v := .}}{{if .States}}
<h3>Least sure of their vote: {{.Label}}</h3>
<div class="scroll"><table>
<thead><tr><th>state</th><th class="num">yes</th><th class="num">no</th><th class="num">abstaining</th>{{if .Absent}}<th class="num">not voting</th>{{end}}</tr></thead>
<tbody>
{{range .States}}<tr><td><code>{{.State}}</code>{{with .Name}} {{.}}{{end}}</td><td class="num">{{.Yes}}</td><td class="num">{{.No}}</td><td class="num">{{.Abstain}}</td>{{if $v.Absent}}<td class="num">{{.NotVoting}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
{{end}}{{end}}
{{end}}
{{range index .Figures "votes"}}{{template "figure" .}}{{end}}
{{end}}

{{if index .Has "exchanges"}}
<h2 id="exchanges">Exchanges</h2>
{{if .Exchanges}}
<p>In the negotiation rounds delegations trade support across clauses (a logroll: each gives ground on a clause it cares less about for a move on one it cares more about), and sponsors of incentives pay delegations to move (a purchase). A trade is notable when it moves a demand by at least 0.01 on the clause's scale; the rest changes nothing a reader could see. Every trade is in exchanges.csv.</p>
<div class="scroll"><table>
<thead><tr><th>session</th><th class="num">logrolls</th><th class="num">purchases</th><th class="num">notable</th><th class="num">side payments</th></tr></thead>
<tbody>
{{range .Exchanges}}<tr><td><code>{{.Session}}</code><br>{{.Name}}</td><td class="num">{{.Logrolls}}</td><td class="num">{{.Purchases}}</td><td class="num">{{.Notables}}</td><td class="num">{{.Payment}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}
{{if .Trades}}
<h3>The largest logrolls</h3>
<div class="scroll"><table>
<thead><tr><th>session</th><th class="num">round</th><th>exchange</th><th>demands moved</th><th class="num">gain</th></tr></thead>
<tbody>
{{range .Trades}}<tr><td><code>{{.Session}}</code></td><td class="num">{{.Round}}</td><td>{{.Text}}</td><td>{{.Moves}}</td><td class="num">{{.Gain}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}
{{if .Sponsors}}
<h3>Purchases with incentives</h3>
<div class="scroll"><table>
<thead><tr><th>session</th><th>what the sponsor paid for</th><th class="num">purchases</th><th class="num">paid</th></tr></thead>
<tbody>
{{range .Sponsors}}<tr><td><code>{{.Session}}</code></td><td>{{.Text}}</td><td class="num">{{.Purchases}}</td><td class="num">{{.Payment}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}
{{range index .Figures "exchanges"}}{{template "figure" .}}{{end}}
{{end}}

{{if index .Has "coalitions"}}
<h2 id="coalitions">Coalitions</h2>
{{if .Coalitions}}
<p>Coalitions are groups of states that agree more with each other than with the rest of the room, in what they ask for at the table (their demands, which move with concession and exchange) and in how they vote. They are found anew at the end of every session; a coalition keeps its number (and colour) while most of its members stay together.</p>
<div class="scroll"><table>
<thead><tr><th>session</th><th>coalition</th><th class="num">states</th><th class="num">share of capability</th><th class="num">cohesion</th><th>drew members from</th></tr></thead>
<tbody>
{{range .Coalitions}}{{$t := .}}{{range $i, $r := .Rows}}<tr>{{if eq $i 0}}<td rowspan="{{len $t.Rows}}"><code>{{$t.Session}}</code><br>{{$t.Name}}</td>{{end}}<td><span class="swatch" style="background-color: {{$r.Color}}"></span><b>{{$r.ID}}</b> {{$r.Name}}</td><td class="num">{{$r.Size}}</td><td class="num">{{$r.Capability}}</td><td class="num">{{$r.Cohesion}}</td><td>{{$r.From}}</td></tr>
{{end}}{{end}}</tbody>
</table></div>
{{end}}
{{range index .Figures "coalitions"}}{{template "figure" .}}{{end}}
{{if .Moves}}
<h3>Who changed coalition, and why</h3>
<p>The states that changed coalition at the end of each session, with what the record shows them doing in that session: their largest exchange and the clause they gave ground on, a payment received or made, the scripted events that named them. States with none of these moved by concession and persuasion, or stayed where they were while the room moved around them.</p>
<div class="scroll"><table>
<thead><tr><th>session</th><th>states</th><th>from</th><th>to</th><th>reason found</th></tr></thead>
<tbody>
{{range .Moves}}{{$t := .}}{{range $i, $r := .Rows}}<tr>{{if eq $i 0}}<td rowspan="{{len $t.Rows}}"><code>{{$t.Session}}</code><br>{{$t.Name}}</td>{{end}}<td>{{$r.States}}</td><td>{{with $r.From}}<span class="swatch" style="background-color: {{$r.FromColor}}"></span>{{.}}{{end}}</td><td>{{with $r.To}}<span class="swatch" style="background-color: {{$r.ToColor}}"></span>{{.}}{{end}}</td><td>{{$r.Reason}}</td></tr>
{{end}}{{end}}</tbody>
</table></div>
{{end}}
{{end}}

{{if index .Has "positions"}}
<h2 id="positions">Positions</h2>
{{range index .Figures "positions"}}{{template "figure" .}}{{end}}
{{end}}

{{if index .Has "more"}}
<h2 id="more">More figures</h2>
{{range index .Figures "more"}}{{template "figure" .}}{{end}}
{{end}}
` + glossarySlot + `
<footer>Made by treatysim from the results folder of scenario <code>{{.Scenario}}</code>, seed {{.Seed}}. The plots are also in the folder's plots/ as PNG and SVG.</footer>
</main>
</body>
</html>
{{define "figure"}}<figure id="{{.ID}}">
<h3 class="ftitle">{{.Title}}</h3>
<img src="{{.Src}}" alt="{{.Title}}">
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}`

var glossaryTemplate = template.Must(template.New("glossary").Parse(glossaryHTML))

// glossaryHTML is the glossary: the terms the page uses, each the target
// of its first use.
const glossaryHTML = `<h2 id="glossary">Glossary</h2>
<p>The terms of the model and of the statistics this page uses; the first use of each on the page links here.</p>
<dl class="glossary">
{{range .}}<dt id="g-{{.ID}}">{{.Term}}</dt>
<dd>{{.Text}}</dd>
{{end}}</dl>
`
