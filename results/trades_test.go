package results

import (
	"math"
	"slices"
	"testing"
)

// logroll and purchase build rows of exchanges.csv for the tests: b moves
// on its clause by move (from 0.2), a on its clause by move as well.
func logroll(session string, round int, a, b, bOn, aOn string, move, gain float64) ExchangeRow {
	return ExchangeRow{Session: session, Round: round, Kind: Logroll, A: a, B: b, BMovesOn: bOn, BFrom: 0.2, BTo: 0.2 + move,
		AMovesOn: aOn, AFrom: 0.8, ATo: 0.8 - move, AGain: gain / 2, BGain: gain / 2}
}

func purchase(session string, round int, sponsor, target, on string, move, payment float64) ExchangeRow {
	return ExchangeRow{Session: session, Round: round, Kind: Purchase, A: sponsor, B: target, BMovesOn: on, BFrom: 0.2,
		BTo: 0.2 + move, Payment: payment, AGain: payment / 4, BGain: payment / 4}
}

func TestExchangeRowNotable(t *testing.T) {
	tests := []struct {
		name string
		x    ExchangeRow
		want bool
	}{
		{"logroll, b moves", logroll("s", 1, "A", "B", "c1", "c2", 0.3, 0.01), true},
		{"logroll, a millionth", logroll("s", 1, "A", "B", "c1", "c2", 1e-6, 1e-9), false},
		{"logroll, only a moves", ExchangeRow{Kind: Logroll, BFrom: 0.5, BTo: 0.5, AFrom: 0.1, ATo: 0.4}, true},
		{"purchase, moves", purchase("s", 1, "A", "B", "c1", 0.5, 0.01), true},
		// A purchase has no a side: stray values there do not count.
		{"purchase, no move", ExchangeRow{Kind: Purchase, BFrom: 0.5, BTo: 0.5, AFrom: 0, ATo: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.x.Notable(); got != tt.want {
				t.Errorf("Notable() = %v, want %v (moved %v)", got, tt.want, tt.x.Moved())
			}
		})
	}
}

func TestTopLogrolls(t *testing.T) {
	d := roomData(nil, nil, nil, []ExchangeRow{
		logroll("talks", 1, "eu", "RUS", "cii", "safeguards", 0.5, 0.02),
		logroll("talks", 1, "CHN", "USA", "interception", "cii", 0.4, 0.05),
		logroll("talks", 2, "eu", "RUS", "cii", "safeguards", 0.3, 0.03),   // the same deal again, larger
		logroll("talks", 2, "CHN", "IDN", "cii", "safeguards", 1e-5, 0.09), // the largest gain, but moves nothing
		purchase("talks", 2, "CHN", "NGA", "cii", 0.5, 0.2),                // not a logroll
		logroll("final", 1, "RUS", "USA", "cii", "safeguards", 0.5, 0.5),   // another session
	}, nil)
	tests := []struct {
		k    int
		want []float64 // gains
	}{
		{0, nil},
		{1, []float64{0.05}},
		{2, []float64{0.05, 0.03}},
		{5, []float64{0.05, 0.03}}, // the deal repeated is told once, at its largest
	}
	for _, tt := range tests {
		var got []float64
		for _, x := range d.TopLogrolls("talks", tt.k) {
			got = append(got, math.Round(x.Gain()*1000)/1000)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("TopLogrolls(talks, %d) gains = %v, want %v", tt.k, got, tt.want)
		}
	}
}

func TestSponsorshipsAndCounts(t *testing.T) {
	d := roomData(nil, nil, nil, []ExchangeRow{
		purchase("talks", 1, "CHN", "NGA", "interception", 0.5, 0.01),
		purchase("talks", 1, "CHN", "IDN", "cii", 0.5, 0.03),
		purchase("talks", 1, "DEU", "KEN", "safeguards", 0.5, 0.02),
		purchase("talks", 2, "CHN", "NGA", "cii", 0.5, 0.01),        // NGA paid again: one delegation
		purchase("talks", 2, "DEU", "EGY", "safeguards", 1e-7, 0.0), // moves nothing: not told
		logroll("talks", 2, "eu", "RUS", "cii", "safeguards", 0.5, 0.02),
		purchase("final", 1, "CHN", "KEN", "cii", 0.5, 0.01),
	}, nil)
	got := d.Sponsorships("talks")
	want := []Sponsorship{
		{Sponsor: "CHN", Targets: []string{"NGA", "IDN"}, Clauses: []string{"cii", "interception"}, Purchases: 3, Payment: 0.05},
		{Sponsor: "DEU", Targets: []string{"KEN"}, Clauses: []string{"safeguards"}, Purchases: 1, Payment: 0.02},
	}
	if len(got) != len(want) {
		t.Fatalf("Sponsorships = %+v, want %+v", got, want)
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Sponsor != w.Sponsor || !slices.Equal(g.Targets, w.Targets) || !slices.Equal(g.Clauses, w.Clauses) ||
			g.Purchases != w.Purchases || math.Abs(g.Payment-w.Payment) > 1e-12 {
			t.Errorf("Sponsorships[%d] = %+v, want %+v", k, g, w)
		}
	}

	counts := d.TradeCounts()
	wantCounts := []TradeCount{{Session: "talks", Logrolls: 1, Purchases: 5, Notable: 5, Payment: 0.07},
		{Session: "final", Purchases: 1, Notable: 1, Payment: 0.01}}
	if len(counts) != len(wantCounts) {
		t.Fatalf("TradeCounts = %+v, want %+v", counts, wantCounts)
	}
	for k, w := range wantCounts {
		g := counts[k]
		if g.Session != w.Session || g.Logrolls != w.Logrolls || g.Purchases != w.Purchases || g.Notable != w.Notable ||
			math.Abs(g.Payment-w.Payment) > 1e-12 {
			t.Errorf("TradeCounts[%d] = %+v, want %+v", k, g, w)
		}
	}
}

func TestDescribeTrades(t *testing.T) {
	d := roomData(nil, nil, nil, nil, nil)
	logrolls := []struct {
		x    ExchangeRow
		want string
	}{
		{logroll("talks", 1, "eu", "RUS", "cii", "safeguards", 0.5, 0.1),
			"Russian Federation gave ground on CII offence in exchange for a move by the European Union on Human-rights safeguards"},
		{logroll("talks", 1, "RUS", "CHN", "interception", "cii", 0.5, 0.1),
			"China gave ground on Interception offence in exchange for a move by Russian Federation on CII offence"},
	}
	for _, tt := range logrolls {
		if got := d.DescribeLogroll(tt.x); got != tt.want {
			t.Errorf("DescribeLogroll = %q\nwant %q", got, tt.want)
		}
	}
	sponsorships := []struct {
		s    Sponsorship
		want string
	}{
		{Sponsorship{Sponsor: "CHN", Targets: []string{"NGA", "EGY", "IDN"}, Clauses: []string{"interception"}},
			"China paid 3 delegations (African Group 2, ASEAN 1) for moves on Interception offence"},
		{Sponsorship{Sponsor: "CHN", Targets: []string{"NGA", "KEN"}, Clauses: []string{"interception", "cii"}},
			"China paid 2 delegations (all African Group) for moves on Interception offence and CII offence"},
		{Sponsorship{Sponsor: "eu", Targets: []string{"NGA", "RUS", "CHN"}, Clauses: []string{"cii", "safeguards", "interception", "x"}},
			"the European Union paid 3 delegations (African Group 1, others 2) for moves on CII offence, Human-rights safeguards, Interception offence and 1 other clause"},
		{Sponsorship{Sponsor: "CHN", Targets: []string{"NGA"}, Clauses: []string{"cii"}},
			"China paid Nigeria for moves on CII offence"},
		{Sponsorship{Sponsor: "CHN", Targets: []string{"RUS", "USA"}, Clauses: []string{"cii"}},
			"China paid 2 delegations for moves on CII offence"},
	}
	for _, tt := range sponsorships {
		if got := d.DescribeSponsorship(tt.s); got != tt.want {
			t.Errorf("DescribeSponsorship(%v) = %q\nwant %q", tt.s.Targets, got, tt.want)
		}
	}
}

func TestInSentence(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Human-rights safeguards", "human-rights safeguards"},
		{"CII offence", "CII offence"},
		{"An offence E cannot accept", "an offence E cannot accept"},
		{"Émigré rights", "émigré rights"},
		{"'Unlawful' or 'without right'", "'unlawful' or 'without right'"},
		{"(EU) rules", "(EU) rules"},
		{"", ""},
	} {
		if got := inSentence(tt.in); got != tt.want {
			t.Errorf("inSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
