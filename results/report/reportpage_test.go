package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// checkPage checks the structure of a report: every h2 has an id and a
// link in the contents bar, and every link of the bar a target; every
// table is in a box that scrolls; every glossary link leads to an entry,
// and every entry is linked once, from the first use of its term.
func checkPage(t *testing.T, page string) {
	t.Helper()
	tags, err := scanHTML(page)
	if err != nil {
		t.Fatalf("report.html is not well-formed: %v", err)
	}
	checkSelfContained(t, page, tags)
	ids := map[string]bool{}
	var h2s, nav, gl, entries []string
	inNav, scroll := false, 0
	var open []htmlTag // the elements open, to know a table's parent
	for _, tag := range tags {
		if tag.end {
			if tag.name == "nav" {
				inNav = false
			}
			if len(open) > 0 {
				if last := open[len(open)-1]; last.name == "div" && last.attrs["class"] == "scroll" {
					scroll--
				}
				open = open[:len(open)-1]
			}
			continue
		}
		if id, ok := tag.attrs["id"]; ok {
			if ids[id] {
				t.Errorf("two elements have the id %q", id)
			}
			ids[id] = true
		}
		switch {
		case tag.name == "nav":
			inNav = true
		case tag.name == "h2":
			if tag.attrs["id"] == "" {
				t.Error("an h2 has no id")
			}
			h2s = append(h2s, tag.attrs["id"])
		case tag.name == "a" && inNav:
			nav = append(nav, strings.TrimPrefix(tag.attrs["href"], "#"))
		case tag.name == "a" && tag.attrs["class"] == "gl":
			gl = append(gl, strings.TrimPrefix(tag.attrs["href"], "#"))
		case tag.name == "dt":
			entries = append(entries, tag.attrs["id"])
		case tag.name == "table" && scroll == 0:
			t.Error("a table is not in a box that scrolls")
		case tag.name == "div" && tag.attrs["class"] == "scroll":
			scroll++
		}
		if !voidElements[tag.name] && tag.name != "style" && tag.name != "script" {
			open = append(open, tag)
		}
	}
	if !slices.Equal(h2s, nav) {
		t.Errorf("sections %v, contents bar %v", h2s, nav)
	}
	for _, id := range append(slices.Clone(nav), gl...) {
		if !ids[id] {
			t.Errorf("a link leads to #%s, which is not on the page", id)
		}
	}
	slices.Sort(gl)
	slices.Sort(entries)
	if !slices.Equal(gl, entries) {
		t.Errorf("glossary links %v, entries %v: each entry is linked once", gl, entries)
	}
	if len(entries) == 0 {
		t.Error("the glossary is empty")
	}
}

// TestReportPages checks the structure of the single-run report of the
// flagship, of a what-if and of a Monte Carlo.
func TestReportPages(t *testing.T) {
	mc := monteCarloRunData(t, 40)
	whatIf := flagshipRunData(t)
	whatIf.Scenario.Files = []string{"shipped:ahc", "shipped:unanimity"}
	for _, tt := range []struct {
		name string
		d    *results.RunData
		want []string
	}{
		{"flagship", flagshipRunData(t), []string{`<nav class="toc"`, `<h2 id="summary">At a glance</h2>`, "Survived (", "Fell (",
			`<details><summary>`, `<a class="gl" href="#g-consensus">consensus</a>`, `<dt id="g-codes">`,
			// Ukraine's absence is said, not only drawn in grey.
			"192 of 193 took part throughout. Not at the table throughout: Ukraine (UKR), absent from the negotiation in the scenario."}},
		{"what-if", whatIf, []string{`<p class="whatif">This <a class="gl" href="#g-what-if">what-if</a> extends “UN Ad Hoc Committee on cybercrime, 2022-2024” (ahc): it changes the decision rule (now `}},
		{"Monte Carlo", mc, []string{"Adopted in ", " of 40 runs", `<h2 id="narrative">`, "Over 40 runs the treaty was adopted"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Report(tt.d, nil)
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			checkPage(t, page)
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("the report lacks %q", w)
				}
			}
		})
	}
}

func TestLinkTerms(t *testing.T) {
	entries := []glossEntry{
		{ID: "salience", Words: []string{"salience"}},
		{ID: "red-line", Words: []string{"red line"}},
		{ID: "eu", Words: []string{"EU"}},
		{ID: "codes", Words: []string{"CHN-RUS"}},
		{ID: "coalition", Words: []string{"coalition"}},
	}
	for _, tt := range []struct{ in, want string }{
		{`<p>Salience and salience</p>`, `<p><a class="gl" href="#g-salience">Salience</a> and salience</p>`},
		{`<p>two red lines; a red line</p>`, `<p>two <a class="gl" href="#g-red-line">red lines</a>; a red line</p>`},
		{`<p>EUR, the eu and the EU</p>`, `<p>EUR, the eu and the <a class="gl" href="#g-eu">EU</a></p>`},
		{`<p>CHN-RUS-IRN and CHN-RUS</p>`, `<p>CHN-RUS-IRN and <a class="gl" href="#g-codes">CHN-RUS</a></p>`},
		{`<h2 id="coalition">Coalitions</h2><p title="coalition">a <code>coalition</code>, coalitions</p>`,
			`<h2 id="coalition">Coalitions</h2><p title="coalition">a <code>coalition</code>, <a class="gl" href="#g-coalition">coalitions</a></p>`},
		{`<nav><a href="#x">salience</a></nav><p>no-salience, salience_x; salience.</p>`,
			`<nav><a href="#x">salience</a></nav><p>no-salience, salience_x; <a class="gl" href="#g-salience">salience</a>.</p>`},
	} {
		got, used := linkTerms(tt.in, entries)
		if got != tt.want {
			t.Errorf("linkTerms(%s)\n = %s\nwant %s", tt.in, got, tt.want)
		}
		if n := strings.Count(got, `class="gl"`); len(used) != n {
			t.Errorf("linkTerms(%s): %d entries used, %d links", tt.in, len(used), n)
		}
	}
}

// TestWhatIfText says in words what the shipped what-ifs change, and
// falls back to naming the base when the what-if cannot be read.
func TestWhatIfText(t *testing.T) {
	base := "This what-if extends “UN Ad Hoc Committee on cybercrime, 2022-2024” (ahc)"
	for _, tt := range []struct {
		name  string
		files []string // replacing the scenario's, when not nil
		want  string
	}{
		{"ahc", nil, ""},
		{"unanimity", nil, base + ": it changes the decision rule (now consensus, with no fallback vote)."},
		{"us-walks-out", nil, base + ": it adds an event at the reconvened concluding session, “The United States leaves the negotiation”."},
		{"bridge-builders", nil, base + ": it changes the capability of Brazil, Mexico and South Africa."},
		{"china-backs-cii", nil, base + ": it changes who acts in the event “Russia and China re-insert the proposals as red-line edits” (at the sixth session), " +
			"who acts in the event “Russia and China propose to reintroduce the CII offence” (at the concluding session) " +
			"and China's ideal point, red line and salience on Offence of interference with critical information infrastructure."},
		{"unanimity", []string{"shipped:ahc", "/elsewhere/what-if.toml"}, base + " and changes some of its values."},
		{"unanimity", []string{"/elsewhere/base.toml", "/elsewhere/what-if.toml"}, "This what-if extends base and changes some of its values."},
	} {
		sc, err := scenarios.LoadShipped(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if tt.files != nil {
			sc.Files = tt.files
		}
		if got := whatIfText(&results.RunData{Scenario: sc}); got != tt.want {
			t.Errorf("%s %v:\n got %s\nwant %s", tt.name, sc.Files, got, tt.want)
		}
	}
}

// TestSummaryCard: the card names clauses by title, says where and how a
// single run ended, and over runs which clauses are uncertain.
func TestSummaryCard(t *testing.T) {
	d := flagshipRunData(t)
	c := newSummaryCard(d)
	var items []string
	for _, l := range c.Lists {
		items = append(items, l.Items...)
	}
	if len(items) != len(d.Summary.Clauses) {
		t.Errorf("the card lists %d clauses, the scenario has %d", len(items), len(d.Summary.Clauses))
	}
	for _, cl := range d.Summary.Clauses {
		if !slices.Contains(items, cl.Title) {
			t.Errorf("the card does not name %q by its title", cl.Title)
		}
	}
	if d.Summary.AdoptedProbability == 1 && (c.Headline != "Adopted by consensus" || !strings.Contains(c.Sentence, " at the reconvened concluding session.")) {
		t.Errorf("card %q, %q", c.Headline, c.Sentence)
	}

	mc := monteCarloRunData(t, 40)
	mc.Summary.Clauses[0].SurvivalProbability = 0.5
	c = newSummaryCard(mc)
	if !strings.HasSuffix(c.Headline, " of 40 runs") || c.Lists[0].Class != "open" ||
		c.Lists[0].Items[0] != firstNonEmpty(mc.Summary.Clauses[0].Title, mc.Summary.Clauses[0].ID)+": 50%" {
		t.Errorf("card over the runs: %q, %+v", c.Headline, c.Lists)
	}
}
