package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results/compare"
	"github.com/treatysim/treatysim/results/internal/golden"
	"github.com/treatysim/treatysim/scenarios"
)

// comparePageGolden is the page of handComparison. After an intended
// change, regenerate it with
//
//	go test ./results/report -run TestComparePageGolden -update
//
// and read the diff.
var comparePageGolden = filepath.Join("testdata", "golden", "compare.html")

// evilTitle is markup in a title: it must come out as text.
const evilTitle = `<script>alert("x")</script> & <img src="//example.org/x.png">`

// handComparison is a comparison built by hand, so that every part of the
// page shows: markup in titles, a clause, an option, a state and a
// session only one side has, and more significant differences than the
// summary lists.
func handComparison() *compare.Result {
	clause := func(id, title string, opts ...string) scenarios.ClauseInfo {
		c := scenarios.ClauseInfo{ID: id, Title: title}
		for _, o := range opts {
			c.Options = append(c.Options, scenarios.Option{ID: o, Label: "wording " + o})
		}
		return c
	}
	a := &scenarios.Scenario{ID: "base", Title: "The base case",
		Clauses:  []scenarios.ClauseInfo{clause("offence", evilTitle, "deleted", "included"), clause("safeguards", "Safeguards", "deleted", "light")},
		Sessions: []scenarios.SessionInfo{{ID: "first", Name: "First session"}, {ID: "last", Name: "Concluding session"}},
	}
	b := &scenarios.Scenario{ID: "what-if", Title: "What if <E> gave in?", Question: "Does the offence stay in?",
		Clauses: []scenarios.ClauseInfo{clause("offence", evilTitle, "deleted", "included"), clause("safeguards", "Safeguards", "deleted", "light", "strong"),
			clause("new_clause", "A clause only B has")},
		Sessions: []scenarios.SessionInfo{{ID: "first", Name: "First session"}, {ID: "last", Name: "Concluding session"}, {ID: "extra", Name: "An extra session"}},
	}
	for k, id := range []string{"AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ", "KKK"} {
		a.States = append(a.States, scenarios.State{ID: id, Name: "State " + id})
		if k > 0 {
			b.States = append(b.States, scenarios.State{ID: id, Name: "State " + id})
		}
	}
	res := &compare.Result{A: a, B: b, Seed: 7, Runs: 200, LeftOut: compare.LeftOut{
		ClausesOnlyInB: []string{"new_clause"}, OptionsOnlyInB: []string{"safeguards/strong"},
		StatesOnlyInA: []string{"AAA"}, SessionsOnlyInB: []string{"extra"},
	}}
	row := func(measure, item string, pa, pb, padj float64) compare.Row {
		d := pb - pa
		return compare.Row{Measure: measure, Item: item, A: pa, B: pb, Difference: d, Low: d - 0.05, High: d + 0.05,
			P: padj / 10, PAdjusted: padj, N: 200, Significant: padj < compare.Alpha}
	}
	res.Rows = []compare.Row{
		row(compare.MeasureAdoption, "", 0.9, 1, 0.0001),
		row(compare.MeasureSessionMean, "", 1.2, 1, 0.002),
		row(compare.MeasureSession, "first", 0.3, 0.1, 0.04),
		row(compare.MeasureSession, "last", 0.6, 0.9, 0.0002),
		row(compare.MeasureSurvival, "offence", 0, 0.45, 0.0001),
		row(compare.MeasureOption, "offence/deleted", 1, 0.55, 0.0001),
		row(compare.MeasureOption, "offence/included", 0, 0.45, 0.0001),
		row(compare.MeasureSurvival, "safeguards", 0.8, 0.78, 1),
		row(compare.MeasureOption, "safeguards/deleted", 0.2, 0.22, 1),
		row(compare.MeasureOption, "safeguards/light", 0.8, 0.78, 1),
	}
	for k, s := range b.States {
		res.Rows = append(res.Rows, row(compare.MeasureSatisfaction, s.ID, 0.5, 0.5+0.004*float64(k%5-2), 0.01*float64(k)))
	}
	return res
}

// handAttribution is the hook's data for handComparison.
var handAttribution = []Attribution{{
	Measure: compare.MeasureSurvival, Item: "offence",
	Shares: []AttributionShare{
		{Change: "E drops its red line", Share: 0.7, Low: 0.6, High: 0.8},
		{Change: "the <chair> keeps the offence", Share: 0.1, Low: -0.05, High: 0.25},
	},
	Interacts: true, Note: "Alone, neither change keeps the offence often.",
}}

func renderCompare(t *testing.T, res *compare.Result, plots map[string][]byte, opt CompareOptions) string {
	t.Helper()
	b, err := ComparePage(res, plots, opt)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	tags, err := scanHTML(page)
	if err != nil {
		t.Fatalf("compare.html is not well-formed: %v", err)
	}
	checkSelfContained(t, page, tags)
	for _, tag := range tags {
		if tag.name == "script" || strings.Contains(tag.attrs["src"], "example.org") {
			t.Fatalf("markup from a title came out as a <%s> element", tag.name)
		}
	}
	return page
}

// TestComparePageGolden renders handComparison and checks what the page
// must say, then compares it with the golden file.
func TestComparePageGolden(t *testing.T) {
	res := handComparison()
	page := renderCompare(t, res, map[string][]byte{"plots/compare.png": []byte("PNG")}, CompareOptions{Attribution: handAttribution})
	want := []string{
		`<img src="data:image/png;base64,UE5H"`,
		"What if &lt;E&gt; gave in?", "<code>base</code>", "<code>what-if</code>", "Does the offence stay in?",
		"<b>paired runs</b>200", "<b>seed</b>7", "Holm's correction over all 20",
		"<b>adopted in A</b>90.0%", "<b>adopted in B</b>100.0%",
		"<b>deciding session in B</b>Concluding session, in 90.0% of runs",
		"<b>significant differences</b>12 of 20 tests", "<summary>2 more significant differences</summary>",
		"<b>Not compared.</b>",
		"<h2>Which change did it</h2>", "the &lt;chair&gt; keeps the offence", "70%", "-5% to 25%",
		"<td>the changes together (interaction)</td><td class=\"num\">20%</td>",
		"<td class=\"num\">0.0%</td><td class=\"num\">45.0%</td><td class=\"num\">&#43;45.0</td><td class=\"num\">&#43;40.0 to &#43;50.0</td><td class=\"num\">&lt; 0.001</td>",
		"<td>State KKK <code>KKK</code></td>",
	}
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, htmlEscape(evilTitle)) {
		t.Error("the clause title is not escaped")
	}
	for _, r := range res.Significant() {
		want = append(want, htmlEscape(res.Sentence(r)))
	}
	for _, l := range res.LeftOutLines() {
		want = append(want, "<li>"+strings.ToUpper(l[:1])+l[1:]+".</li>")
	}
	if n := len(res.LeftOutLines()); n != 4 {
		t.Errorf("%d lines on what was left out; the test wants all four kinds", n)
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	// The largest difference leads the summary.
	if first, lead := strings.Index(page, "<li>Clause offence survives"), strings.Index(page, "<li>"); first < 0 || first != lead {
		t.Error("the summary does not start with the largest difference")
	}
	// The states are sorted by the size of their difference.
	if i, j := strings.Index(page, "<td>State CCC"), strings.Index(page, "<td>State DDD"); i < 0 || j < 0 || i > j {
		t.Error("the states are not sorted by absolute difference")
	}
	got := []byte(page)
	if *update {
		if err := os.WriteFile(comparePageGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden0, err := os.ReadFile(comparePageGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, golden0) {
		t.Errorf("compare.html differs from %s (run with -update if the change is intended)\n%s", comparePageGolden, golden.FirstDiff(got, golden0))
	}
}

// TestComparePageToy compares two variants of the toy over real runs,
// with the plot CompareFiles draws: the page embeds it and states every
// significant difference; with no attribution and nothing left out it
// has no such sections and says that everything was compared.
func TestComparePageToy(t *testing.T) {
	src, err := scenarios.ShippedSource("toy")
	if err != nil {
		t.Fatal(err)
	}
	noisy := string(src) + "\n[model]\nideal_noise = 0.15\nsalience_noise = 0.1\n"
	redLine := strings.Replace(noisy, "positions.x_offence = { ideal = 1.0, salience = 0.3 }",
		"positions.x_offence = { ideal = 1.0, salience = 0.3, red_line = 0.5 }", 1)
	var samples [2]*compare.Sample
	for k, text := range []string{noisy, redLine} {
		sc, err := scenarios.Parse("toy-variant", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if samples[k], err = compare.Collect(context.Background(), sc, 3, 120, 2, nil); err != nil {
			t.Fatal(err)
		}
	}
	res, err := compare.Compare(samples[0], samples[1])
	if err != nil {
		t.Fatal(err)
	}
	sig := res.Significant()
	if len(sig) == 0 {
		t.Fatal("the red line changes nothing significantly; the test needs a difference")
	}
	bells := make([]Dumbbell, len(sig))
	for k, r := range sig {
		bells[k] = Dumbbell{Label: r.Item, A: r.A, B: r.B}
	}
	plots, err := CompareFiles("toy", "A", "B", bells)
	if err != nil {
		t.Fatal(err)
	}
	page := renderCompare(t, res, plots, CompareOptions{})
	if !strings.Contains(page, `<img src="data:image/png;base64,iVBORw0KGgo`) {
		t.Error("the plot is not embedded as a PNG")
	}
	for _, r := range sig {
		if !strings.Contains(page, htmlEscape(res.Sentence(r))) {
			t.Errorf("the page lacks %q", res.Sentence(r))
		}
	}
	for _, absent := range []string{"Which change did it", "Not compared."} {
		if strings.Contains(page, absent) {
			t.Errorf("the page has %q", absent)
		}
	}
	if !strings.Contains(page, "Nothing was left out") {
		t.Error("the page does not say that nothing was left out")
	}
}
