package results

import (
	"slices"
	"strings"
	"testing"
)

// movedIn is a row of memberships.csv for a state that changed coalition.
func movedIn(session, state, from, to string) MembershipRow {
	return MembershipRow{Session: session, State: state, Previous: from, Coalition: to, Moved: true}
}

func TestCoalitionMoves(t *testing.T) {
	d := roomData(
		[]MotionSummary{{Session: "final", Motion: "m1", Label: "Motion to delete the safeguards"}},
		[]VoteRow{{Session: "final", Motion: "m1", State: "IDN", Vote: "abstain", CrossPressure: true},
			{Session: "final", Motion: "m1", State: "KEN", Vote: "yes"}},
		[]EventRow{{Session: "talks", Round: 2, Kind: "event", States: "USA", Text: "The United States softens."}},
		[]ExchangeRow{
			logroll("talks", 1, "eu", "RUS", "cii", "safeguards", 0.5, 0.02),
			logroll("talks", 2, "RUS", "CHN", "interception", "cii", 0.5, 0.05), // RUS's largest: it moved on cii
			logroll("talks", 2, "USA", "KEN", "cii", "safeguards", 1e-6, 0.1),   // not notable
			purchase("talks", 1, "CHN", "NGA", "interception", 0.5, 0.01),
			purchase("talks", 2, "CHN", "NGA", "cii", 0.5, 0.03),
			purchase("talks", 2, "CHN", "EGY", "cii", 0.5, 0.03),
		},
		[]MembershipRow{
			movedIn("talks", "KEN", "C1", "C2"), movedIn("talks", "NGA", "C1", "C2"), movedIn("talks", "RUS", "C1", "C2"),
			movedIn("talks", "DEU", "C2", "C1"), movedIn("talks", "CHN", "C1", "C2"), movedIn("talks", "USA", "C2", "C1"),
			{Session: "talks", State: "FRA", Previous: "C2", Coalition: "C2"},
			movedIn("final", "IDN", "C2", "C1"), movedIn("final", "KEN", "C2", "C1"),
			movedIn("reading", "EGY", "C1", "C2"),
		})
	type move struct{ session, state, reasons string }
	want := []move{
		{"reading", "EGY", ""},
		// In a session, the weightiest first.
		{"talks", "USA", "event: The United States softens"},
		{"talks", "RUS", "exchange with China: gave ground on CII offence"},
		{"talks", "CHN", "exchange with Russian Federation: gave ground on Interception offence; paid 2 delegations to move"},
		{"talks", "DEU", "exchange of its bloc (the European Union) with Russian Federation: gave ground on Human-rights safeguards"},
		{"talks", "KEN", ""},
		{"talks", "NGA", "paid by China to move on CII offence"},
		{"final", "IDN", "abstained under cross-pressure on Motion to delete the safeguards"},
		{"final", "KEN", ""},
	}
	var got []move
	for _, m := range CoalitionMoves(d) {
		got = append(got, move{m.Session, m.State, strings.Join(m.Reasons, "; ")})
	}
	if !slices.Equal(got, want) {
		t.Errorf("CoalitionMoves:\ngot  %q\nwant %q", got, want)
	}

	for _, tt := range []struct{ session, want string }{
		{"reading", "no event: persuasion, or the rest of the room moving"},
		{"talks", "no exchange, payment or event: concession and persuasion, or the rest of the room moving"},
		{"final", "no exchange, payment or event: its votes, concession and persuasion, or the rest of the room moving"},
	} {
		if got := d.NoReason(tt.session); got != tt.want {
			t.Errorf("NoReason(%s) = %q, want %q", tt.session, got, tt.want)
		}
	}
}
