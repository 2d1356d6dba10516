package results

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/treatysim/treatysim/scenarios"
)

// Section is one part of the narrative: a session, or the outcome.
type Section struct {
	Title string
	// Session is the id of the session told ("" for the outcome).
	Session string
	// Context says, in a line, what kind of session it was and what was
	// on its agenda ("" for the outcome).
	Context string
	// Key are the points that mattered most (at most KeyPoints), More
	// the rest, each by weight: adoption, walk-outs, votes, drops and
	// re-insertions first, then coalitions, then the minor moves of the
	// text and the exchanges.
	Key, More []string
	// Paragraphs are Context, Key and More in that order: the section as
	// plain paragraphs (treatysim explain).
	Paragraphs []string
}

// KeyPoints is how many points of a section come first, unfolded: the
// three things a student should take from a session.
const KeyPoints = 3

// Narrative tells a single run session by session, in short points built
// from its record: the phase of the procedure and what was on the table,
// who proposed and who objected, what the chair's drafts left out, the
// notable exchanges of support and payments, the votes and who abstained
// under cross-pressure, which coalitions formed or split and why states
// moved between them, and why the final package passed or failed. A
// Monte Carlo folder gets only the outcome, over the runs.
func Narrative(d *RunData) []Section {
	n := narrator{d: d, sc: d.Scenario}
	var out []Section
	for _, s := range n.sessionsHeld() {
		out = append(out, n.session(s))
	}
	return append(out, n.outcome())
}

// point is one thing that happened, with how much it mattered.
type point struct {
	weight int
	text   string
}

// The weights of points: the order in which a section tells them. What
// decided the text comes first (the adoption, walk-outs, votes,
// objections, drops and re-insertions), then the scripted events and the
// coalitions, then the minor moves of the text and the exchanges.
const (
	wOutcome     = 100 // the package adopted or not
	wWalkOut     = 92  // states left or joined the negotiation
	wVote        = 90  // a recorded vote
	wFinalDrop   = 85  // the final package left a clause out
	wObjection   = 82  // formal objections to the package: they block consensus
	wDrop        = 80  // a draft or the chair left clauses out
	wReinsert    = 75  // proposals and re-insertions
	wEvent       = 60  // other scripted events
	wOutvoted    = 55  // states outvoted on the package
	wCoalitions  = 45  // the coalitions, and who moved between them
	wWording     = 35  // a clause's wording moved
	wExchange    = 30  // logrolls and purchases
	wChairEvents = 25  // a chair's draft tabled (what it left out weighs more)
	wMinor       = 20  // the silent movers, the dissatisfied
	wUnchanged   = 10  // nothing moved
)

// newSection orders the points by weight (in the order of the record
// among equals) and splits them into the key points and the rest.
func newSection(title, session, context string, points []point) Section {
	sort.SliceStable(points, func(a, b int) bool { return points[a].weight > points[b].weight })
	sec := Section{Title: title, Session: session, Context: context}
	for k, p := range points {
		if k < KeyPoints {
			sec.Key = append(sec.Key, p.text)
		} else {
			sec.More = append(sec.More, p.text)
		}
	}
	if context != "" {
		sec.Paragraphs = append(sec.Paragraphs, context)
	}
	sec.Paragraphs = append(append(sec.Paragraphs, sec.Key...), sec.More...)
	return sec
}

type narrator struct {
	d  *RunData
	sc *scenarios.Scenario
}

func (n narrator) sessionsHeld() []int {
	seen := map[string]bool{}
	var held []int
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			for k, s := range n.sc.Sessions {
				if s.ID == id {
					held = append(held, k)
				}
			}
		}
	}
	for _, id := range n.d.Summary.SessionsHeld {
		add(id)
	}
	for _, t := range n.d.Text {
		add(t.Session)
	}
	return held
}

func (n narrator) stateName(id string) string {
	for _, st := range n.sc.States {
		if st.ID == id {
			return st.Name
		}
	}
	return id
}

// StateName is a state's name in the scenario (its id if it has none).
func (d *RunData) StateName(id string) string { return narrator{d: d, sc: d.Scenario}.stateName(id) }

// Names lists states by name, at most max of them, then "and N others".
func (d *RunData) Names(ids []string, max int) string {
	return narrator{d: d, sc: d.Scenario}.names(ids, max)
}

// names lists states by name, at most max of them, then "and N others".
func (n narrator) names(ids []string, max int) string {
	var parts []string
	for k, id := range ids {
		if k == max {
			parts = append(parts, others(len(ids)-max))
			break
		}
		parts = append(parts, n.stateName(id))
	}
	return JoinAnd(parts)
}

// JoinAnd joins words as an English list: "a", "a and b", "a, b and c".
func JoinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func (n narrator) clause(id string) *scenarios.ClauseInfo {
	if c := n.sc.ClauseIndex(id); c >= 0 {
		return &n.sc.Clauses[c]
	}
	return nil
}

// wording names an option of a clause by its label, or its id.
func (n narrator) wording(clauseID, optionID string) string {
	if cl := n.clause(clauseID); cl != nil {
		if o := cl.OptionIndex(optionID); o >= 0 && cl.Options[o].Label != "" {
			return fmt.Sprintf("%q", cl.Options[o].Label)
		}
	}
	return optionID
}

func (n narrator) clauseTitle(id string) string {
	if cl := n.clause(id); cl != nil && cl.Title != "" {
		return cl.Title
	}
	return id
}

// clauseName is a clause's title as it reads inside a sentence: as
// written, since lowering its first letter mangles titles that start with
// a name or a letter standing for one ("An offence E cannot accept").
func (n narrator) clauseName(id string) string { return n.clauseTitle(id) }

// inSentence lowers the first letter of a title so that it reads inside a
// sentence ("Human-rights safeguards" -> "human-rights safeguards",
// "'Unlawful' or ..." -> "'unlawful' or ..."), and leaves an acronym ("CII
// offence") and the rest of the title ("An offence E cannot accept")
// alone.
func inSentence(title string) string {
	first, _, _ := strings.Cut(title, " ")
	at := strings.IndexFunc(first, unicode.IsLetter) // past an opening quote
	if at < 0 {
		return title
	}
	r, size := utf8.DecodeRuneInString(first[at:])
	if strings.ContainsFunc(first[at+size:], unicode.IsUpper) {
		return title
	}
	return title[:at] + string(unicode.ToLower(r)) + title[at+size:]
}

// SessionPhrase is a session's name as it reads after "at" or "until":
// with "the", and in lower case when it is a common noun phrase
// ("Reconvened concluding session" -> "the reconvened concluding
// session"), but as written when a later word is capitalised, a proper
// name ("the General Assembly Third Committee, November 2019"), or when it
// has its own article.
func SessionPhrase(name string) string {
	if name == "" {
		return ""
	}
	words := strings.Fields(name)
	if w := strings.ToLower(words[0]); w == "the" || w == "a" || w == "an" {
		return inSentence(name)
	}
	for _, w := range words[1:] {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			return "the " + name
		}
	}
	return "the " + inSentence(name)
}

// traderName names a party to an exchange: a bloc that negotiates as one
// (exchanges.csv gives it by its group id), or a state.
func (n narrator) traderName(id string) string {
	if g := n.group(id); g != nil {
		return "the " + firstNonEmpty(g.Name, g.Label, g.ID)
	}
	return n.stateName(id)
}

// group returns the group with this id, or nil. States and groups share
// one namespace of actors, so an id is one or the other.
func (n narrator) group(id string) *scenarios.GroupInfo {
	for k := range n.sc.Groups {
		if n.sc.Groups[k].ID == id {
			return &n.sc.Groups[k]
		}
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// byCapability sorts state ids from the weightiest, the ones a reader
// knows, keeping the order of equals.
func (n narrator) byCapability(ids []string) {
	sort.SliceStable(ids, func(a, b int) bool { return n.capability(ids[a]) > n.capability(ids[b]) })
}

func capList(xs []string, max int) []string {
	if len(xs) <= max {
		return xs
	}
	return append(xs[:max:max], others(len(xs)-max))
}

func others(n int) string {
	if n == 1 {
		return "1 other"
	}
	return fmt.Sprintf("%d others", n)
}

func dedupeStrings(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (n narrator) eventsOf(session string) []EventRow {
	var out []EventRow
	for _, e := range n.d.Events {
		if e.Session == session {
			out = append(out, e)
		}
	}
	return out
}

func (n narrator) votersOf(session, motion, vote string) []string {
	var ids []string
	for _, v := range n.d.Votes {
		if v.Session == session && v.Motion == motion && v.Vote == vote {
			ids = append(ids, v.State)
		}
	}
	n.byCapability(ids)
	return ids
}

func (n narrator) capability(id string) float64 {
	if i := n.sc.StateIndex(id); i >= 0 {
		return n.sc.States[i].Capability.Mean()
	}
	return 0
}
