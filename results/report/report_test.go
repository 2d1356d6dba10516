package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// TestReportFlagship renders the report of one run of the flagship with
// its plots and checks that it is well-formed, self-contained and complete.
func TestReportFlagship(t *testing.T) {
	d := flagshipRunData(t)
	plots, err := Plots(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Report(d, plots)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	tags, err := scanHTML(page)
	if err != nil {
		t.Fatalf("report.html is not well-formed: %v", err)
	}
	checkSelfContained(t, page, tags)
	images := 0
	for _, tag := range tags {
		if tag.name == "img" && !tag.end {
			images++
			if !strings.HasPrefix(tag.attrs["src"], "data:image/png;base64,") {
				t.Errorf("image %.40q is not an inline PNG", tag.attrs["src"])
			}
			if tag.attrs["alt"] == "" {
				t.Error("an image has no alt text")
			}
		}
	}
	pngs := 0
	for name := range plots {
		if strings.HasSuffix(name, ".png") {
			pngs++
		}
	}
	if images != pngs || images == 0 {
		t.Errorf("%d images in the report, %d PNG plots", images, pngs)
	}
	var want []string
	for _, c := range d.Summary.Clauses {
		want = append(want, "<code>"+c.ID+"</code>")
	}
	for _, s := range results.Narrative(d) {
		want = append(want, ">"+htmlEscape(s.Title)+"</h3>")
	}
	for _, s := range heldSessions(d) {
		want = append(want, `<td rowspan=`) // the coalitions table
		want = append(want, "<code>"+s+"</code>")
	}
	want = append(want, "The treaty was adopted", "Recorded votes", "Coalitions", "What happened")
	if len(d.Exchanges) > 0 {
		want = append(want, `<h2 id="exchanges">Exchanges</h2>`, "The largest logrolls")
	}
	if len(results.CoalitionMoves(d)) > 0 {
		want = append(want, "Who changed coalition, and why")
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
}

// htmlEscape escapes as html/template does in text.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestReportEscapes puts markup in every text the report takes from the
// folder and checks that it comes out as text.
func TestReportEscapes(t *testing.T) {
	d := toyRunData(t)
	evil := `<script>alert("x")</script><img src="https://example.org/x.png">`
	d.Scenario.Title, d.Summary.Title = evil, evil
	d.Scenario.Description, d.Scenario.Question = evil, evil
	d.Summary.Clauses[0].Title = evil
	d.Coalitions[0].Name = evil
	d.Scenario.Sessions[0].Name = evil
	plots, err := Plots(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Report(d, plots)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	tags, err := scanHTML(page)
	if err != nil {
		t.Fatalf("report.html is not well-formed: %v", err)
	}
	for _, tag := range tags {
		if tag.name == "script" {
			t.Fatal("markup from the folder came out as a <script> element")
		}
		if strings.Contains(tag.attrs["src"], "example.org") {
			t.Fatal("markup from the folder came out as an <img> element")
		}
	}
	if !strings.Contains(page, "&lt;script&gt;") {
		t.Error("the title is not in the report as text")
	}
}

// TestReportMonteCarlo: the report of a Monte Carlo folder gives
// probabilities, its two plots and no per-run sections.
func TestReportMonteCarlo(t *testing.T) {
	d := monteCarloRunData(t, 40)
	plots, err := Plots(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Report(d, plots)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	tags, err := scanHTML(page)
	if err != nil {
		t.Fatalf("report.html is not well-formed: %v", err)
	}
	checkSelfContained(t, page, tags)
	if !strings.Contains(page, "of 40 runs") {
		t.Error("the report does not give the adoption probability over the runs")
	}
	for _, absent := range []string{"Recorded votes", `id="coalitions"`, `id="positions"`, `id="exchanges"`, "Who changed coalition", `href="#votes"`} {
		if strings.Contains(page, absent) {
			t.Errorf("a Monte Carlo report has %q", absent)
		}
	}
	var imgs []string
	for _, tag := range tags {
		if tag.name == "img" && !tag.end {
			imgs = append(imgs, tag.attrs["alt"])
		}
	}
	for _, want := range []string{"Which clauses survive", "When the treaty was adopted"} {
		if !slices.Contains(imgs, want) {
			t.Errorf("images %v, none %q", imgs, want)
		}
	}
}

// TestMoveTables checks the table of the states that changed coalition in
// the flagship: every move is in one row of its session, the states with
// a reason are named one by one (at most reasonedMoves, the rest in one
// row, or reasonedMoves+1 when a single one would make that row), and the
// others are grouped by the move they made.
func TestMoveTables(t *testing.T) {
	d := flagshipRunData(t)
	moves := map[string]int{}
	for _, m := range results.CoalitionMoves(d) {
		moves[m.Session]++
	}
	tables := moveTables(d)
	if len(tables) != len(moves) {
		t.Errorf("%d tables, %d sessions with moves", len(tables), len(moves))
	}
	for _, tab := range tables {
		count, named := 0, 0
		for _, r := range tab.Rows {
			count += r.Count
			if r.Count == 1 && r.Reason != d.NoReason(tab.Session) {
				named++
			}
		}
		if count != moves[tab.Session] {
			t.Errorf("%s: %d states in the rows, %d moved", tab.Session, count, moves[tab.Session])
		}
		restRow := slices.ContainsFunc(tab.Rows, func(r moveRow) bool { return strings.Contains(r.States, " more: ") })
		if named > reasonedMoves+1 || (named == reasonedMoves+1 && restRow) {
			t.Errorf("%s: %d states named with a reason (row of the rest: %v), at most %d, or %d with no such row",
				tab.Session, named, restRow, reasonedMoves, reasonedMoves+1)
		}
	}
}

// TestReportMonteCarloVotes: the report of a Monte Carlo of the flagship,
// which scripts votes, has a section on them: per vote its tally over the
// runs and the states least sure of their vote.
func TestReportMonteCarloVotes(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		t.Fatal(err)
	}
	const runs = 24
	d, err := results.ParseRun(results.Files{"summary.json": summaryJSON(t, sc, 1, aggregateRuns(t, sc, 1, 0, runs)),
		"scenario.json": scj})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Summary.Votes) == 0 {
		t.Fatal("the flagship's Monte Carlo summary has no votes")
	}
	b, err := Report(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if _, err := scanHTML(page); err != nil {
		t.Fatalf("report.html is not well-formed: %v", err)
	}
	want := []string{`<h2 id="votes">Recorded votes</h2>`, "passed (95% interval)"}
	for _, v := range d.Summary.Votes {
		want = append(want, htmlEscape(v.Label))
		if len(v.LeastCertain) > 0 {
			want = append(want, "Least sure of their vote: "+htmlEscape(v.Label), "<code>"+v.LeastCertain[0].State+"</code>")
		}
		if len(v.LeastCertain) > results.LeastCertain {
			t.Errorf("%s: %d states least certain, want at most %d", v.ID, len(v.LeastCertain), results.LeastCertain)
		}
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
	// The column of absences shows only when a state in the table was
	// absent in some runs.
	absent := func(d *results.RunData) bool {
		for _, v := range d.Summary.Votes {
			for _, sv := range v.LeastCertain {
				if sv.NotVoting > 0 {
					return true
				}
			}
		}
		return false
	}
	const notVoting = `<th class="num">not voting</th>`
	if got := strings.Contains(page, notVoting); got != absent(d) {
		t.Errorf("the report has a not voting column: %v; states in its tables absent: %v", got, absent(d))
	}
	d.Summary.Votes[0].LeastCertain[0].NotVoting = 0.25
	if b, err = Report(d, nil); err != nil {
		t.Fatal(err)
	}
	if page := string(b); !strings.Contains(page, notVoting) || !strings.Contains(page, `<td class="num">25%</td>`) {
		t.Error("a state absent in a quarter of the runs: the report has no not voting column with 25%")
	} else if _, err := scanHTML(page); err != nil {
		t.Fatalf("report.html is not well-formed: %v", err)
	}

	// A single run shows its motions, not the votes over runs.
	if single := flagshipRunData(t); len(single.Summary.Votes) != 0 {
		t.Errorf("a single run's summary has votes over runs: %+v", single.Summary.Votes)
	}
}
