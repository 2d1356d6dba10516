package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
)

// glossEntry is a term of the report's glossary: its anchor is "g-"+ID,
// and the first use of any of its Words on the page links to it.
type glossEntry struct {
	ID, Term, Text string
	// Words are the forms that link to the entry. A form with a capital
	// letter matches as written (EU, GRULAC); one without matches in any
	// case, and with an s added.
	Words []string
}

// glossary holds the terms of the model and of statistics that the
// report may use; the groups of the scenario and the state codes of its
// coalition names are added per report (reportGlossary).
var glossary = []glossEntry{
	{"capability", "capability", "A state's weight in the room: how far its demands pull the chair's text and the room's compromise. A coalition's share of capability is the sum of its members' over that of the states present.", []string{"capability"}},
	{"salience", "salience", "How much a state cares about a clause, from 0 (not at all) to 1. A state gives ground first where it cares least, and trades a clause it cares little about for one it cares much about.", []string{"salience", "saliences"}},
	{"ideal-point", "ideal point", "The option a state would choose on a clause if it were alone: its most preferred point on the clause's scale from 0 to 1.", []string{"ideal point"}},
	{"red-line", "red line", "How far from its ideal point a state lets a clause go. A package that crosses a state's red line meets its formal objection.", []string{"red line"}},
	{"demand", "demand and preference", "A state's demand is what it asks for at the table; it moves as the state concedes and trades. Its preference is what it wants: its ideal point, moved by talking with its groups.", []string{"demand", "preference"}},
	{"aspiration", "aspiration", "What a state still hopes to get from the text. It falls from the state's ideal text toward the least it would accept as the deadline nears; a package short of it leaves the state dissatisfied, and one far short of it draws its objection.", []string{"aspiration"}},
	{"concession", "concession", "A state giving ground: moving its demand toward the room's compromise as the deadline nears, first on the clauses it cares least about.", []string{"concession", "conceded", "concede"}},
	{"persuasion", "persuasion", "A state's preference moving toward the positions of the groups it belongs to as delegations talk (socialisation).", []string{"persuasion", "socialisation"}},
	{"compromise", "compromise", "The room's compromise on a clause: the mean of the states' demands, each weighted by the state's capability and salience. It is where the text is expected to land.", []string{"compromise"}},
	{"chair", "the chair and the drafts", "The chair keeps one negotiating text for the room and drafts it from what the room asks: a consolidated document that compiles every proposal, a zero draft and revised drafts that leave out what lacks support, and a final package put for adoption.", []string{"zero draft", "revised draft", "final package", "consolidated document"}},
	{"brackets", "brackets", "Text in square brackets is not agreed yet: nothing is agreed until everything is agreed.", []string{"brackets", "bracketed"}},
	{"first-reading", "first reading", "A session in which the chair compiles the delegations' proposals into the text, in brackets; nothing is dropped and nobody concedes.", []string{"first reading"}},
	{"consensus", "consensus", "Adoption without a vote: the package is adopted when no delegation objects formally. A single objection blocks it.", []string{"consensus"}},
	{"objection", "formal objection", "A delegation's statement that it cannot join consensus on the package. A state objects when the package crosses its red line, or falls far enough short of its aspiration that blocking costs it less than it gains.", []string{"objected formally", "objection", "object formally"}},
	{"fallback-vote", "fallback vote", "Under the rule of consensus, then a vote: when consensus fails and no session can follow, the package is put to a recorded vote.", []string{"fallback vote"}},
	{"recorded-vote", "recorded vote", "A vote in which every state's yes, no or abstention is recorded.", []string{"recorded vote"}},
	{"cross-pressure", "cross-pressure", "A state abstains under cross-pressure when its interest in the motion and its alignment with the states that moved it pull its vote in opposite directions.", []string{"cross-pressured", "cross-pressure"}},
	{"alignment", "alignment", "Where a state stood on the main divide of the UN General Assembly's votes of 2014-2018, from -1 (the like-minded's camp) to +1 (Russia's and its co-sponsors'). It pulls a state's vote toward the side of the motion's movers.", []string{"alignment"}},
	{"logroll", "logroll", "Two delegations trading support across clauses: each moves its demand toward the other on the clause it cares less about, in exchange for a move on the one it cares more about (Stokman's exchange model).", []string{"logroll", "traded support"}},
	{"incentives", "incentives and purchases", "A sponsor of incentives (capacity building, technical assistance) pays a delegation to move its demand on a clause: a purchase. The payment adds to what the delegation gains from an adopted treaty.", []string{"incentives", "purchase", "side payments"}},
	{"coalition", "coalition", "States that agree more with each other than with the rest of the room, in their demands and their votes, found anew after every session (Louvain community detection). A coalition is numbered C1, C2, ... and keeps its number while most of its members stay together.", []string{"coalition"}},
	{"cohesion", "cohesion", "How much the members of a coalition agree with each other, from 0 to 1 (1: the same demands on every clause and the same votes).", []string{"cohesion"}},
	{"principal-components", "principal components", "The directions along which the states' demands differ most. The map of the states places each on the first two.", []string{"principal components"}},
	{"survival", "survival probability", "The share of runs in which a clause is in the adopted treaty, in any wording. In a single run it is 100% or 0%.", []string{"survival probability", "survive", "survived"}},
	{"modal", "modal option", "The wording a clause ended with most often over the runs.", []string{"modal"}},
	{"wilson", "95% interval (Wilson)", "The range that holds the true probability with 95% confidence, by Wilson's score interval, which stays sensible near 0% and 100%. A single run gives wide intervals; more runs narrow them.", []string{"95% interval", "Wilson"}},
	{"entropy", "entropy", "How spread a state's votes were over the runs: 0 when it always voted the same way, highest when it voted yes, no and abstain equally often.", []string{"entropy"}},
	{"monte-carlo", "Monte Carlo", "Playing the scenario many times, each run with new draws of the values the sources leave uncertain, to see how sure each outcome is.", []string{"Monte Carlo"}},
	{"seed", "seed", "The number that fixes the random draws: the same scenario and seed give the same results.", []string{"seed"}},
	{"what-if", "what-if", "A scenario that extends another, its base, and changes a few of its values, to ask what would have happened if they had been different.", []string{"what-if"}},
}

// knownGroups says what the labels of well-known groups stand for, where
// a scenario names a group by its label alone.
var knownGroups = map[string]string{
	"African Group": "The UN's regional group of African states",
	"ASEAN":         "The Association of Southeast Asian Nations",
	"BRICS":         "Brazil, Russia, India, China and South Africa, and the states that joined them",
	"GRULAC":        "The Group of Latin American and Caribbean States, one of the UN's five regional groups",
	"EU":            "The European Union",
	"SCO":           "The Shanghai Cooperation Organisation",
	"CARICOM":       "The Caribbean Community",
}

// reportGlossary is the glossary of one report: the fixed terms, the
// labelled groups of its scenario (EU, GRULAC, like-minded) and, when its
// coalitions are named after states, their codes.
func reportGlossary(d *results.RunData) []glossEntry {
	out := slices.Clone(glossary)
	labels := map[string]bool{}
	for _, g := range d.Scenario.Groups {
		if g.Label == "" {
			continue
		}
		labels[g.Label] = true
		text := g.Name
		if known, ok := knownGroups[g.Label]; ok && (g.Name == "" || g.Name == g.Label) {
			text = known
		} else if g.Name == "" || g.Name == g.Label {
			text = "A group of states"
		}
		text += ": " + pluralWord(len(g.Members), "state") + " in this scenario"
		if g.NegotiatesAsOne {
			text += ", negotiating as one"
		}
		out = append(out, glossEntry{ID: "group-" + g.ID, Term: g.Label, Text: text + ".", Words: []string{g.Label}})
	}
	if codes := stateCodes(d, labels); len(codes) > 0 {
		var named []string
		for _, c := range codes {
			for _, id := range strings.Split(c, "-") {
				named = append(named, id+" "+d.StateName(id))
			}
		}
		slices.Sort(named)
		named = slices.Compact(named)
		out = append(out, glossEntry{ID: "codes", Term: "state codes (" + codes[0] + ")",
			Text: "A coalition is named after the groups that hold most of its members, then its weightiest states outside them, " +
				"by their three-letter codes (ISO 3166) joined by hyphens. The codes used here: " + strings.Join(named, ", ") + ".",
			Words: codes})
	}
	slices.SortStableFunc(out, func(a, b glossEntry) int { return strings.Compare(strings.ToLower(a.Term), strings.ToLower(b.Term)) })
	return out
}

var codeRun = regexp.MustCompile(`^[A-Z]{2,3}(-[A-Z]{2,3})*$`)

// stateCodes are the runs of state codes in the names of the coalitions
// ("CHN-RUS" in "African Group + CHN-RUS"), in order of first use.
func stateCodes(d *results.RunData, labels map[string]bool) []string {
	var out []string
	for _, c := range d.Coalitions {
		for _, part := range strings.Split(c.Name, " + ") {
			if !labels[part] && codeRun.MatchString(part) && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

func pluralWord(k int, noun string) string {
	if k == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", k, noun)
}
