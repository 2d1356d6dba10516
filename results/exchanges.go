package results

import (
	"math"
	"strconv"
)

// The kinds of exchange in exchanges.csv.
const (
	Logroll  = "logroll"  // two delegations move toward each other on two clauses (Stokman and Van Oosten)
	Purchase = "purchase" // a sponsor of incentives pays a target to move on one clause
)

// ExchangeRow is a row of exchanges.csv: one trade. A and B are the
// traders (a state, or a bloc that negotiates as one by its group id). B
// moved toward A on BMovesOn, from BFrom to BTo; in a logroll A moved
// toward B on AMovesOn, from AFrom to ATo; in a purchase A paid Payment
// and AMovesOn is empty.
type ExchangeRow struct {
	Session, Kind, A, B   string
	Round                 int
	BMovesOn, AMovesOn    string
	BFrom, BTo            float64
	AFrom, ATo            float64
	Payment, AGain, BGain float64
}

// Gain is the trade's total gain in the exchange model: what orders trades
// from the most to the least consequential.
func (x ExchangeRow) Gain() float64 { return x.AGain + x.BGain }

// Moved is the largest move of a demand the trade made, on the clauses'
// [0,1] scale.
func (x ExchangeRow) Moved() float64 {
	moved := math.Abs(x.BTo - x.BFrom)
	if x.Kind == Logroll {
		moved = max(moved, math.Abs(x.ATo-x.AFrom))
	}
	return moved
}

// NotableMove is the smallest move of a demand (on the [0,1] scale) that
// makes a trade worth telling: the exchange rounds also make trades that
// move a demand by a few millionths, which change nothing a reader can
// see.
const NotableMove = 0.01

// Notable reports whether the trade moved a demand by at least
// NotableMove.
func (x ExchangeRow) Notable() bool { return x.Moved() >= NotableMove }

// exchangesCSV renders the exchanges of the run (exchanges.csv): per trade
// the session and round, its kind (logroll or purchase), the two traders
// (a bloc that negotiates as one by its group id), the clause on which b
// moved toward a with b's demand before and after, the clause on which a
// moved toward b (none in a purchase) with a's demand before and after,
// the side payment, and each side's gain in the exchange model.
func (r *Record) exchangesCSV() []byte {
	sc := r.Scenario
	trader := func(state, group int) string {
		if group >= 0 {
			return sc.Groups[group].ID
		}
		return sc.States[state].ID
	}
	var rows [][]string
	for _, t := range r.Trades {
		kind, clauseB, fromB, toB := Logroll, "", "", ""
		if t.ClauseB < 0 {
			kind = Purchase
		} else {
			clauseB, fromB, toB = sc.Clauses[t.ClauseB].ID, ftoa(t.FromB), ftoa(t.ToB)
		}
		rows = append(rows, []string{sc.Sessions[t.Session].ID, strconv.Itoa(t.Round), kind,
			trader(t.A, t.GroupA), trader(t.B, t.GroupB),
			sc.Clauses[t.ClauseA].ID, ftoa(t.FromA), ftoa(t.ToA), clauseB, fromB, toB,
			ftoa(t.Payment), ftoa(t.GainA), ftoa(t.GainB)})
	}
	return csvTable([]string{"session", "round", "kind", "a", "b", "b_moves_on", "b_from", "b_to",
		"a_moves_on", "a_from", "a_to", "payment", "a_gain", "b_gain"}, rows)
}
