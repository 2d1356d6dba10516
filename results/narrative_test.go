package results

import (
	"strings"
	"testing"
)

// TestNarrativeSessions tells the sessions of a hand-made record and
// checks what each must say: its phase, the proposals of a first reading
// with their proposers, what the chair's drafts left out, the exchanges,
// the cross-pressured abstentions and why states changed coalition.
func TestNarrativeSessions(t *testing.T) {
	d := roomData(
		[]MotionSummary{{Session: "final", Motion: "m1", Label: "Motion to delete the safeguards", Yes: 3, No: 4, Abstain: 2, CrossPressured: 1}},
		[]VoteRow{{Session: "final", Motion: "m1", State: "IDN", Vote: "abstain", CrossPressure: true},
			{Session: "final", Motion: "m1", State: "KEN", Vote: "abstain"}},
		[]EventRow{
			{Session: "reading", Round: 1, Kind: "event", States: "RUS", Text: "Russia tables the CII offence"},
			{Session: "reading", Round: 1, Kind: "insert", Clause: "safeguards", From: "deleted", Option: "strong", States: "DEU"},
			{Session: "reading", Round: 2, Kind: "insert", Clause: "interception", From: "deleted", Option: "included"},
			{Session: "talks", Round: 1, Kind: "event", Text: "The zero draft", Draft: "zero"},
			{Session: "talks", Round: 1, Kind: "drop", Clause: "cii", From: "included", Option: "deleted", Draft: "zero"},
			{Session: "talks", Round: 1, Kind: "event", Text: "the chair dropped 1 clause(s)"},
			{Session: "talks", Round: 1, Kind: "drop", Clause: "interception", From: "included", Option: "deleted"},
			{Session: "final", Round: 2, Kind: "drop_from_package", Clause: "safeguards", From: "strong", Option: "deleted", Draft: DraftFinal},
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
	d.Coalitions = []CoalitionRow{{Session: "talks", Coalition: "C1", Name: "EU", Size: 4}, {Session: "talks", Coalition: "C2", Name: "RUS", Size: 5}}
	sections := Narrative(d)
	if len(sections) != 4 {
		t.Fatalf("%d sections, want 3 sessions and the outcome", len(sections))
	}
	tests := []struct {
		section int
		want    []string
		not     []string
	}{
		{0, []string{
			"First reading: the proposals",
			"Proposed and put in the text, in brackets: human-rights safeguards (Germany).",
			"Back in the text, in brackets: interception offence.",
		}, []string{"traded"}},
		{1, []string{
			"Negotiation on the chair's text",
			"The chair's zero draft left out, for lack of support: CII offence.",
			"The chair dropped: interception offence.",
			"Delegations traded support across clauses 3 times and sponsors of incentives paid for 2 moves (4 of these exchanges moved a demand by 0.01 or more).",
			"The largest exchange: Russian Federation gave ground on CII offence in exchange for a move by the European Union on human-rights safeguards.",
			"China paid 2 delegations (African Group 1, ASEAN 1) for moves on CII offence and interception offence.",
			"2 states changed coalition. Russian Federation (C1 to C2: exchange with the European Union: gave ground on CII offence).",
			"With no exchange, payment or event in the record (concession and persuasion, or the rest of the room moving): Kenya.",
		}, []string{"final package"}},
		{2, []string{
			"Concluding session: negotiation on the chair's text",
			"The chair's final package left out, for lack of support: human-rights safeguards.",
			"3 yes, 4 no, 2 abstaining, 1 of them cross-pressured (their interest and their alignment pulled them apart: Indonesia); rejected.",
			"Outcome: adopted by consensus.",
		}, []string{"zero draft"}},
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
