package report

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestTimelineGolden compares the timeline of the toy run with
// testdata/golden/timeline. Regenerate with
//
//	go test ./results/report -run TestTimelineGolden -update
func TestTimelineGolden(t *testing.T) {
	checkGoldenJSON(t, filepath.Join("testdata", "golden", "timeline"),
		map[string]any{PlotTimeline + ".json": TimelineData(toyRunData(t))})
}

// TestTimelineFlagship checks the timeline of the flagship against the
// files it comes from: a column per session held and per chair's draft,
// the final column the summary's final text, the zero draft's drops and
// every insertion marked where they happened.
func TestTimelineFlagship(t *testing.T) {
	d := sharedFlagship(t)
	tl := TimelineData(d)
	var drafts []string
	for _, e := range d.Events {
		if e.Kind == "event" && e.Draft != "" {
			drafts = append(drafts, e.Session+" "+e.Draft)
		}
	}
	if want := len(heldSessions(d)) + len(drafts); len(tl.Columns) != want || len(drafts) == 0 {
		t.Errorf("%d columns, want %d (sessions held and drafts %v)", len(tl.Columns), want, drafts)
	}
	if len(tl.Clauses) != len(d.Scenario.Clauses) {
		t.Fatalf("%d rows, want %d", len(tl.Clauses), len(d.Scenario.Clauses))
	}
	if !tl.Adopted {
		t.Error("the flagship's run is adopted")
	}
	zero := slices.IndexFunc(tl.Columns, func(c TimelineColumn) bool { return c.Draft == "zero" })
	if zero < 0 {
		t.Fatal("no column for the zero draft")
	}
	shorts := map[string]bool{}
	for k, row := range tl.Clauses {
		sum := d.Summary.Clauses[k]
		if row.Final.Option != sum.ModalOption {
			t.Errorf("%s: final option %s, summary says %s", row.Clause, row.Final.Option, sum.ModalOption)
		}
		if (row.Final.Kind != CellOut) != (sum.SurvivalProbability == 1) {
			t.Errorf("%s: final cell %s, survival %v", row.Clause, row.Final.Kind, sum.SurvivalProbability)
		}
		if shorts[row.Short] || len([]rune(row.Short)) > shortTitleLength+5 {
			t.Errorf("%s: label %q repeated or too long", row.Clause, row.Short)
		}
		shorts[row.Short] = true
		for _, e := range d.Events {
			if e.Clause != row.Clause {
				continue
			}
			if e.Kind == "drop" && e.Draft == "zero" {
				if c := row.Cells[zero]; c.Kind != CellOut || !slices.Contains(c.Marks, MarkDropped) {
					t.Errorf("%s: dropped by the zero draft, but its cell there is %+v", row.Clause, c)
				}
			}
			if e.Kind != "insert" {
				continue
			}
			marked := false
			for k, c := range tl.Columns {
				marked = marked || c.Session == e.Session && slices.Contains(row.Cells[k].Marks, MarkInserted)
			}
			if !marked {
				t.Errorf("%s: inserted in %s round %d, no mark in that session", row.Clause, e.Session, e.Round)
			}
		}
	}
	renderWide(t, timelineFigure(d, tl))
}

func TestShortTitles(t *testing.T) {
	titles := []string{
		"Broad cyber-enabled (content) offences",
		"Catch-all offence for any unlawful act causing significant damage",
		"Refusal of mutual legal assistance for political offences",
		"Refusal of mutual legal assistance sought on discriminatory grounds",
		"All cooperation only with the authorisation of the State Party",
		"",
	}
	want := []string{
		"Broad cyber-enabled offences",
		"Catch-all offence for any unlawful act…",
		"Refusal of mutual… political offences",
		"Refusal of mutual… discriminatory grounds",
		"All cooperation only…",
		"no_title",
	}
	got := distinctTitles(titles, []string{"a", "b", "c", "d", "e", "no_title"})
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%q -> %q, want %q", titles[k], got[k], want[k])
		}
	}
}
