package results

import "github.com/treatysim/treatysim/scenarios"

// testRoom is a small scenario built by hand for the tests of the
// narrative, the trades and the coalition moves: nine states, a bloc that
// negotiates as one (the EU), two labelled groups and an unlabelled one,
// three clauses and three sessions (a first reading, a negotiation and a
// concluding session).
func testRoom() *scenarios.Scenario {
	opts := func(none, some string) []scenarios.Option {
		return []scenarios.Option{{ID: none, Label: "No " + none, Value: 0}, {ID: some, Label: "With " + some, Value: 1}}
	}
	sc := &scenarios.Scenario{ID: "room", Title: "A room",
		Clusters: []scenarios.ClusterInfo{{ID: "all", Title: "Everything"}},
		Clauses: []scenarios.ClauseInfo{
			{ID: "cii", Title: "CII offence", Options: opts("deleted", "included"), Deletion: 0, Opening: 1},
			{ID: "safeguards", Title: "Human-rights safeguards", Options: opts("deleted", "strong"), Deletion: 0, Opening: 1},
			{ID: "interception", Title: "Interception offence", Options: opts("deleted", "included"), Deletion: 0, Opening: 1},
		},
		Groups: []scenarios.GroupInfo{
			{ID: "eu", Name: "European Union", Label: "EU", NegotiatesAsOne: true, Members: []int{2, 3}},
			{ID: "african_group", Name: "African Group", Label: "African Group", Members: []int{4, 5, 6}},
			{ID: "asean", Name: "ASEAN", Label: "ASEAN", Members: []int{7}},
			{ID: "g77", Name: "Group of 77", Members: []int{4, 5, 6, 7}},
		},
		Sessions: []scenarios.SessionInfo{
			{ID: "reading", Name: "First reading", Agenda: []int{0}, Phase: scenarios.FirstReading, Rounds: 2,
				Events: []scenarios.EventInfo{{Kind: scenarios.Table, Round: 1, By: []int{0},
					Options: []scenarios.ClauseOption{{Clause: 0, Option: 1}}}}},
			{ID: "talks", Name: "Negotiation", Agenda: []int{0}, Phase: scenarios.Negotiation, Rounds: 2,
				Events: []scenarios.EventInfo{
					{Kind: scenarios.ChairText, Round: 1, Draft: scenarios.ZeroDraft, Label: "The zero draft"},
					{Kind: scenarios.Drop, Round: 1, Clauses: []int{2}},
					{Kind: scenarios.Attitude, Round: 2, By: []int{8}, Label: "The United States softens"},
				}},
			{ID: "final", Name: "Concluding session", Agenda: []int{0}, Phase: scenarios.Concluding, Concluding: true, Rounds: 2},
		},
	}
	for _, st := range []struct {
		id, name   string
		capability float64
		groups     []int
	}{
		{"RUS", "Russian Federation", 4, nil}, {"CHN", "China", 4, nil},
		{"DEU", "Germany", 3, []int{0}}, {"FRA", "France", 3, []int{0}},
		{"NGA", "Nigeria", 1, []int{3, 1}}, {"EGY", "Egypt", 1, []int{3, 1}}, {"KEN", "Kenya", 1, []int{3, 1}},
		{"IDN", "Indonesia", 1, []int{3, 2}}, {"USA", "United States", 5, nil},
	} {
		sc.States = append(sc.States, scenarios.State{ID: st.id, Name: st.name, Groups: st.groups,
			Capability: scenarios.Num(st.capability), Follows: -1})
	}
	return sc
}

// roomData is a results folder of testRoom read back, with the tables
// given.
func roomData(motions []MotionSummary, votes []VoteRow, events []EventRow, exchanges []ExchangeRow, memberships []MembershipRow) *RunData {
	return &RunData{Scenario: testRoom(),
		Summary: &Summary{Runs: 1, SessionsHeld: []string{"reading", "talks", "final"}, Motions: motions},
		Votes:   votes, Events: events, Exchanges: exchanges, Memberships: memberships}
}
