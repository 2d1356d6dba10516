package report

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/treatysim/treatysim/results"
)

// The rows of the report's exchanges and coalition moves: a handful of
// lines per session, the largest first, drawn from exchanges.csv and
// memberships.csv.

// tradesShown is how many logrolls per session the report shows; reasoned
// moves is how many states with a reason per session the moves table
// names one by one.
const (
	tradesShown   = 5
	reasonedMoves = 10
)

// exchangeRow counts the exchanges of one session.
type exchangeRow struct {
	Session, Name                 string
	Logrolls, Purchases, Notables int
	Payment                       string
}

// tradeRow is one of the largest logrolls of a session.
type tradeRow struct {
	Session, Text, Moves, Gain string
	Round                      int
}

// sponsorRow is what one sponsor of incentives paid for in a session.
type sponsorRow struct {
	Session, Text, Payment string
	Purchases              int
}

// moveTable is the states that changed coalition in one session.
type moveTable struct {
	Session, Name string
	Rows          []moveRow
}

// moveRow is a state that changed coalition and the reasons found, or the
// states that made the same move with none; Count is how many states.
type moveRow struct {
	States, From, To, FromColor, ToColor, Reason string
	Count                                        int
}

func exchangeRows(d *results.RunData) []exchangeRow {
	var out []exchangeRow
	for _, c := range d.TradeCounts() {
		out = append(out, exchangeRow{Session: c.Session, Name: sessionName(d, c.Session), Logrolls: c.Logrolls,
			Purchases: c.Purchases, Notables: c.Notable, Payment: fmt.Sprintf("%.4f", c.Payment)})
	}
	return out
}

func tradeRows(d *results.RunData) []tradeRow {
	var out []tradeRow
	for _, c := range d.TradeCounts() {
		for _, x := range d.TopLogrolls(c.Session, tradesShown) {
			out = append(out, tradeRow{Session: x.Session, Round: x.Round, Text: capitalize(d.DescribeLogroll(x)),
				Moves: fmt.Sprintf("%s %.2f → %.2f; %s %.2f → %.2f", x.B, x.BFrom, x.BTo, x.A, x.AFrom, x.ATo),
				Gain:  fmt.Sprintf("%.4f", x.Gain())})
		}
	}
	return out
}

func sponsorRows(d *results.RunData) []sponsorRow {
	var out []sponsorRow
	for _, c := range d.TradeCounts() {
		for _, s := range d.Sponsorships(c.Session) {
			out = append(out, sponsorRow{Session: c.Session, Text: capitalize(d.DescribeSponsorship(s)), Purchases: s.Purchases,
				Payment: fmt.Sprintf("%.4f", s.Payment)})
		}
	}
	return out
}

// moveTables lists, per session, the states that changed coalition: those
// with a reason one by one, the weightiest first (at most reasonedMoves,
// the rest in one row, or one more on its own row when only one is left),
// and those without grouped by the move they made.
func moveTables(d *results.RunData) []moveTable {
	moves := results.CoalitionMoves(d)
	var out []moveTable
	for _, s := range heldSessions(d) {
		t := moveTable{Session: s, Name: sessionName(d, s)}
		var more []results.CoalitionMove
		type pair struct{ from, to string }
		var pairs []pair
		silent := map[pair][]string{}
		for _, m := range moves {
			switch {
			case m.Session != s:
			case len(m.Reasons) == 0:
				p := pair{m.From, m.To}
				if silent[p] == nil {
					pairs = append(pairs, p)
				}
				silent[p] = append(silent[p], m.State)
			case len(t.Rows) < reasonedMoves:
				t.Rows = append(t.Rows, newMoveRow(d.StateName(m.State), 1, m.From, m.To, strings.Join(m.Reasons, "; ")))
			default:
				more = append(more, m)
			}
		}
		switch len(more) {
		case 0:
		case 1: // a row of its own says more than "1 more", in the same room
			m := more[0]
			t.Rows = append(t.Rows, newMoveRow(d.StateName(m.State), 1, m.From, m.To, strings.Join(m.Reasons, "; ")))
		default:
			ids := make([]string, len(more))
			for k, m := range more {
				ids[k] = m.State
			}
			t.Rows = append(t.Rows, moveRow{States: fmt.Sprintf("%d more: %s", len(more), d.Names(ids, 6)), Count: len(more),
				Reason: "an exchange, a payment or an event (see exchanges.csv and events.csv)"})
		}
		slices.SortStableFunc(pairs, func(a, b pair) int { return len(silent[b]) - len(silent[a]) })
		for _, p := range pairs {
			t.Rows = append(t.Rows, newMoveRow(d.Names(silent[p], 8), len(silent[p]), p.from, p.to, d.NoReason(s)))
		}
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

func newMoveRow(states string, count int, from, to, reason string) moveRow {
	return moveRow{States: states, Count: count, From: from, To: to, FromColor: cssColor(from), ToColor: cssColor(to), Reason: reason}
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func cssColor(coalition string) string {
	c := coalitionColor(coalition)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}
