package results

import (
	"slices"
	"strings"
	"testing"
)

// roomNarrative is the narrative of a hand-made record of testRoom: a
// first reading with a proposal and a re-insertion, a negotiation with a
// zero draft, a drop, exchanges and coalition moves, and a concluding
// session with a vote, a dropped clause and the adoption.
func roomNarrative(t *testing.T) []Section {
	t.Helper()
	d := roomData(
		[]MotionSummary{{Session: "final", Motion: "m1", Label: "Motion to delete the safeguards", Yes: 3, No: 4, Abstain: 2, CrossPressured: 1}},
		[]VoteRow{{Session: "final", Motion: "m1", State: "IDN", Vote: "abstain", CrossPressure: true},
			{Session: "final", Motion: "m1", State: "KEN", Vote: "abstain"},
			{Session: "final", Motion: "m1", State: "RUS", Vote: "yes"}},
		[]EventRow{
			{Session: "reading", Round: 1, Kind: "event", States: "RUS", Text: "Russia tables the CII offence"},
			{Session: "reading", Round: 1, Kind: "insert", Clause: "safeguards", From: "deleted", Option: "strong", States: "DEU"},
			{Session: "reading", Round: 2, Kind: "insert", Clause: "interception", From: "deleted", Option: "included"},
			{Session: "talks", Round: 1, Kind: "event", Text: "The zero draft", Draft: "zero"},
			{Session: "talks", Round: 1, Kind: "drop", Clause: "cii", From: "included", Option: "deleted", Draft: "zero"},
			{Session: "talks", Round: 1, Kind: "event", Text: "the chair dropped 1 clause(s)"},
			{Session: "talks", Round: 1, Kind: "drop", Clause: "interception", From: "included", Option: "deleted"},
			{Session: "talks", Round: 2, Kind: "event", States: "USA", Text: "The United States softens"},
			{Session: "final", Round: 2, Kind: "drop_from_package", Clause: "safeguards", From: "strong", Option: "deleted", Draft: DraftFinal},
			{Session: "final", Round: 2, Kind: "dissatisfied", States: "EGY", Value: 0.04},
			{Session: "final", Round: 2, Kind: "adopted", Text: "adopted by consensus"},
		},
		[]ExchangeRow{
			logroll("talks", 1, "eu", "RUS", "cii", "safeguards", 0.5, 0.02),
			logroll("talks", 2, "eu", "RUS", "cii", "safeguards", 0.4, 0.01),
			logroll("talks", 2, "USA", "KEN", "cii", "safeguards", 1e-6, 0.1),
			purchase("talks", 2, "CHN", "NGA", "cii", 0.5, 0.03),
			purchase("talks", 2, "CHN", "IDN", "interception", 0.5, 0.01),
		},
		[]MembershipRow{movedIn("talks", "RUS", "C1", "C2"), movedIn("talks", "KEN", "C1", "C2")})
	d.Coalitions = []CoalitionRow{
		{Session: "reading", Coalition: "C1", Name: "EU", Size: 8, CapabilityShare: 0.9},
		{Session: "reading", Coalition: "C3", Name: "USA", Size: 1, CapabilityShare: 0.1},
		{Session: "talks", Coalition: "C1", Name: "EU", Size: 4, CapabilityShare: 0.4, From: "C1"},
		{Session: "talks", Coalition: "C2", Name: "RUS", Size: 4, CapabilityShare: 0.5, From: "C1"},
		{Session: "talks", Coalition: "C3", Name: "USA", Size: 1, CapabilityShare: 0.1, From: "C3"},
	}
	sections := Narrative(d)
	if len(sections) != 4 {
		t.Fatalf("%d sections, want 3 sessions and the outcome", len(sections))
	}
	return sections
}

// TestNarrativeSessions checks what each session must say: its phase, the
// proposals of a first reading with their proposers, what the chair's
// drafts left out, the exchanges, the cross-pressured abstentions and why
// states changed coalition; clause titles as written, counts with their
// plurals right.
func TestNarrativeSessions(t *testing.T) {
	sections := roomNarrative(t)
	tests := []struct {
		section int
		want    []string
		not     []string
	}{
		{0, []string{
			"First reading: the proposals",
			"Proposed and put in the text, in brackets: Human-rights safeguards (Germany).",
			"Back in the text, in brackets: Interception offence.",
			"Russia tables the CII offence (Russian Federation).",
			"The room divided into 2 coalitions: C1 EU (8 states, 90% of the capability); C3 USA (1 state, 10% of the capability).",
		}, []string{"traded", "human-rights"}},
		{1, []string{
			"Negotiation on the chair's text",
			"The chair's zero draft left out 1 clause, for lack of support: CII offence.",
			"The chair dropped Interception offence.",
			"The room went from 2 coalitions to 3",
			"C1 split between C1 and C2.",
			"Delegations traded support across clauses 3 times and sponsors of incentives paid for 2 moves (4 of these exchanges moved a demand by 0.01 or more).",
			"The largest exchange: Russian Federation gave ground on CII offence in exchange for a move by the European Union on Human-rights safeguards.",
			"China paid 2 delegations (African Group 1, ASEAN 1) for moves on CII offence and Interception offence.",
			"2 states changed coalition: 1 with an exchange, a payment or an event in the record, 1 with none.",
			"Russian Federation (C1 to C2: exchange with the European Union: gave ground on CII offence)",
			"With no exchange, payment or event in the record (concession and persuasion, or the rest of the room moving): Kenya.",
			"The United States softens (United States).",
		}, []string{"final package", "clause(s)"}},
		{2, []string{
			"Concluding session: negotiation on the chair's text",
			"The package was adopted by consensus.",
			"Motion to delete the safeguards: rejected in a recorded vote, 3 yes, 4 no, 2 abstaining.",
			"Voting yes on Motion to delete the safeguards: Russian Federation. 1 of the 2 abstentions was cross-pressured (interest and alignment pulling the vote apart): Indonesia.",
			"The chair's final package left out 1 clause, for lack of support: Human-rights safeguards.",
			"1 delegation found it short of their aspiration (by how much, in parentheses) but did not object",
			": Egypt (0.04).",
		}, []string{"zero draft", "1 delegations", "Outcome:"}},
		{3, []string{
			"The treaty was not adopted.",
		}, nil},
	}
	for _, tt := range tests {
		sec := sections[tt.section]
		text := strings.Join(sec.Paragraphs, "\n")
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", sec.Title, w, text)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(text, w) {
				t.Errorf("%s says %q:\n%s", sec.Title, w, text)
			}
		}
	}
}

// TestNarrativeOrder: a section puts the points that mattered most first
// (adoption, votes, drops and re-insertions before coalitions, and those
// before the wordings and the exchanges), KeyPoints of them unfolded;
// Paragraphs are the context, then the same points in the same order.
func TestNarrativeOrder(t *testing.T) {
	sections := roomNarrative(t)
	tests := []struct {
		section int
		key     []string // prefixes of the key points, in order
	}{
		{0, []string{"Proposed and put in the text", "Back in the text", "Russia tables the CII offence"}},
		{1, []string{"The chair's zero draft left out", "The chair dropped", "The United States softens"}},
		{2, []string{"The package was adopted", "Motion to delete the safeguards: rejected", "The chair's final package left out"}},
	}
	for _, tt := range tests {
		sec := sections[tt.section]
		if len(sec.Key) != KeyPoints {
			t.Errorf("%s: %d key points, want %d", sec.Title, len(sec.Key), KeyPoints)
			continue
		}
		for k, prefix := range tt.key {
			if !strings.HasPrefix(sec.Key[k], prefix) {
				t.Errorf("%s: key point %d is %q, want %q...", sec.Title, k, sec.Key[k], prefix)
			}
		}
		want := append(append([]string{sec.Context}, sec.Key...), sec.More...)
		if !slices.Equal(sec.Paragraphs, want) {
			t.Errorf("%s: paragraphs are not the context, the key points and the rest", sec.Title)
		}
	}
	// The coalitions come before the exchanges among the rest.
	more := strings.Join(sections[1].More, "\n")
	if c, x := strings.Index(more, "states changed coalition"), strings.Index(more, "Delegations traded"); c < 0 || x < 0 || c > x {
		t.Errorf("the coalition moves are not told before the exchanges:\n%s", more)
	}
}

func TestSessionPhrase(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Reconvened concluding session", "the reconvened concluding session"},
		{"Fourth session", "the fourth session"},
		{"General Assembly Third Committee, November 2019", "the General Assembly Third Committee, November 2019"},
		{"The resumed session", "the resumed session"},
		{"AHC-7", "the AHC-7"},
		{"", ""},
	} {
		if got := SessionPhrase(tt.in); got != tt.want {
			t.Errorf("SessionPhrase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNarrativeOverRuns: the outcome of a Monte Carlo says how often, when
// and how the treaty was adopted, which clauses are settled and which are
// not, and the most likely text.
func TestNarrativeOverRuns(t *testing.T) {
	d := roomData(nil, nil, nil, nil, nil)
	final := "final"
	d.Summary = &Summary{Runs: 200, AdoptedProbability: 0.75, AdoptedInterval: [2]float64{0.69, 0.8},
		AdoptedByVoteProbability: 0.25, DecidedSession: &final,
		DecidedSessions: []SessionProbability{{Session: "final", Probability: 0.75}, {Session: "none", Probability: 0.25}},
		Clauses: []ClauseSummary{
			{ID: "cii", SurvivalProbability: 0.05, ModalOption: "deleted"},
			{ID: "safeguards", SurvivalProbability: 0.95, ModalOption: "strong"},
			{ID: "interception", SurvivalProbability: 0.44, ModalOption: "included"},
		}}
	sections := Narrative(d)
	if len(sections) != 1 {
		t.Fatalf("%d sections, want the outcome alone", len(sections))
	}
	text := strings.Join(sections[0].Paragraphs, "\n")
	for _, w := range []string{
		"Over 200 runs the treaty was adopted in 75% of them (95% interval 69% to 80%): by consensus in 50% of the runs, by a recorded vote in 25%.",
		"It was adopted at the concluding session in 75% of the runs.",
		"Uncertain: Interception offence (in 44% of the runs).",
		"In the treaty in at least 90% of the runs: Human-rights safeguards.",
		"Out of it in at least 90% of the runs: CII offence.",
		`The most likely text, each clause in the wording it ended with most often: Human-rights safeguards: "With strong"; Interception offence: "With included".`,
	} {
		if !strings.Contains(text, w) {
			t.Errorf("the outcome over the runs lacks %q:\n%s", w, text)
		}
	}
	if !strings.HasPrefix(sections[0].Key[0], "Over 200 runs") {
		t.Errorf("the outcome does not open with the adoption: %q", sections[0].Key[0])
	}
}
