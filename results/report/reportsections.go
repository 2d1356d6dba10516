package report

import (
	"fmt"

	"github.com/treatysim/treatysim/results"
)

// navItem is a link of the contents bar: a section's id and its short
// title.
type navItem struct{ ID, Title string }

// sections are the report's sections in page order: the id of each h2
// and its title in the contents bar. Which of them a report has is
// decided once, in contents, and the template asks Has.
var sections = []navItem{
	{"summary", "Summary"},
	{"clauses", "Clauses"},
	{"narrative", "What happened"},
	{"votes", "Votes"},
	{"exchanges", "Exchanges"},
	{"coalitions", "Coalitions"},
	{"positions", "Positions"},
	{"more", "More figures"},
	{"glossary", "Glossary"},
}

// contents decides which sections the report has (v.Has) and lists them
// for the contents bar.
func contents(v *reportView) []navItem {
	fig := func(key string) bool { return len(v.Figures[key]) > 0 }
	v.Has = map[string]bool{
		"summary":    true,
		"clauses":    true,
		"narrative":  len(v.Narrative) > 0 || fig("narrative"),
		"votes":      len(v.Motions) > 0 || len(v.Votes) > 0 || fig("votes"),
		"exchanges":  len(v.Exchanges) > 0 || fig("exchanges"),
		"coalitions": len(v.Coalitions) > 0 || len(v.Moves) > 0 || fig("coalitions"),
		"positions":  fig("positions"),
		"more":       fig("more"),
		"glossary":   true,
	}
	var out []navItem
	for _, s := range sections {
		if v.Has[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

// narrativeSection is a section of the narrative as the page shows it:
// its anchor and the label of its folded points.
type narrativeSection struct {
	results.Section
	ID, MoreLabel string
}

func narrativeSections(d *results.RunData) []narrativeSection {
	var out []narrativeSection
	for _, s := range results.Narrative(d) {
		id := "outcome"
		if s.Session != "" {
			id = "session-" + s.Session
		}
		out = append(out, narrativeSection{Section: s, ID: id, MoreLabel: morePoints(len(s.More))})
	}
	return out
}

func morePoints(k int) string {
	if k == 1 {
		return "1 more point"
	}
	return fmt.Sprintf("%d more points", k)
}
