package report

import "html/template"

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
