package results

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// This file reads the exchanges of a results folder for the narrative and
// the report: the notable trades of a session, largest first, and the
// purchases summed per sponsor, so that a reader gets a handful of
// sentences rather than hundreds of rows.

// SessionTrades returns the exchanges made in a session, in the order
// they were made.
func (d *RunData) SessionTrades(session string) []ExchangeRow {
	var out []ExchangeRow
	for _, x := range d.Exchanges {
		if x.Session == session {
			out = append(out, x)
		}
	}
	return out
}

// TopLogrolls returns at most k notable logrolls of a session, the largest
// gains first (ties in the order they were made). The same two traders
// often make the same exchange again in a later round; it is given once,
// at its largest.
func (d *RunData) TopLogrolls(session string, k int) []ExchangeRow {
	var all []ExchangeRow
	for _, x := range d.SessionTrades(session) {
		if x.Kind == Logroll && x.Notable() {
			all = append(all, x)
		}
	}
	slices.SortStableFunc(all, func(a, b ExchangeRow) int { return cmp.Compare(b.Gain(), a.Gain()) })
	type deal struct{ a, b, onB, onA string }
	seen := map[deal]bool{}
	var out []ExchangeRow
	for _, x := range all {
		if key := (deal{x.A, x.B, x.BMovesOn, x.AMovesOn}); len(out) < k && !seen[key] {
			seen[key] = true
			out = append(out, x)
		}
	}
	return out
}

// Sponsorship is what one sponsor of incentives paid for in a session:
// its notable purchases, summed.
type Sponsorship struct {
	Sponsor   string   // trader id
	Targets   []string // the delegations paid, in the order first paid
	Clauses   []string // the clauses paid for, the largest total payment first
	Purchases int
	Payment   float64
}

// Sponsorships sums the notable purchases of a session per sponsor, the
// sponsor that paid most first.
func (d *RunData) Sponsorships(session string) []Sponsorship {
	var out []Sponsorship
	paid := map[string]map[string]float64{} // sponsor -> clause -> payment
	for _, x := range d.SessionTrades(session) {
		if x.Kind != Purchase || !x.Notable() {
			continue
		}
		k := slices.IndexFunc(out, func(s Sponsorship) bool { return s.Sponsor == x.A })
		if k < 0 {
			k = len(out)
			out = append(out, Sponsorship{Sponsor: x.A})
			paid[x.A] = map[string]float64{}
		}
		s := &out[k]
		if !slices.Contains(s.Targets, x.B) {
			s.Targets = append(s.Targets, x.B)
		}
		if _, ok := paid[x.A][x.BMovesOn]; !ok {
			s.Clauses = append(s.Clauses, x.BMovesOn)
		}
		paid[x.A][x.BMovesOn] += x.Payment
		s.Purchases++
		s.Payment += x.Payment
	}
	for k := range out {
		byClause := paid[out[k].Sponsor]
		slices.SortStableFunc(out[k].Clauses, func(a, b string) int { return cmp.Compare(byClause[b], byClause[a]) })
	}
	slices.SortStableFunc(out, func(a, b Sponsorship) int { return cmp.Compare(b.Payment, a.Payment) })
	return out
}

// TradeCount is how many exchanges a session saw, by kind, and how many of
// them were notable (moved a demand by at least NotableMove).
type TradeCount struct {
	Session             string
	Logrolls, Purchases int
	Notable             int
	Payment             float64 // side payments made
}

// TradeCounts counts the exchanges of every session that had any, in the
// order the sessions were held.
func (d *RunData) TradeCounts() []TradeCount {
	var out []TradeCount
	for _, x := range d.Exchanges {
		if len(out) == 0 || out[len(out)-1].Session != x.Session {
			out = append(out, TradeCount{Session: x.Session})
		}
		c := &out[len(out)-1]
		if x.Kind == Purchase {
			c.Purchases++
			c.Payment += x.Payment
		} else {
			c.Logrolls++
		}
		if x.Notable() {
			c.Notable++
		}
	}
	return out
}

// DescribeLogroll tells a logroll in a sentence: "Russian Federation gave
// ground on the catch-all offence in exchange for a move by the European
// Union on the probative value of electronic evidence". The sentence may
// start with "the" (a bloc): it is not capitalised, to fit in a list.
func (d *RunData) DescribeLogroll(x ExchangeRow) string {
	n := narrator{d: d, sc: d.Scenario}
	return fmt.Sprintf("%s gave ground on %s in exchange for a move by %s on %s", n.traderName(x.B), n.clauseName(x.BMovesOn),
		n.traderName(x.A), n.clauseName(x.AMovesOn))
}

// DescribeSponsorship tells a sponsor's purchases in a sentence, not
// capitalised (see DescribeLogroll): "China paid 12 delegations (African
// Group 9, ASEAN 3) for moves on interception".
func (d *RunData) DescribeSponsorship(s Sponsorship) string {
	n := narrator{d: d, sc: d.Scenario}
	var clauses []string
	for _, c := range s.Clauses[:min(3, len(s.Clauses))] {
		clauses = append(clauses, n.clauseName(c))
	}
	if more := len(s.Clauses) - len(clauses); more > 0 {
		clauses = append(clauses, plural(more, "other clause"))
	}
	return fmt.Sprintf("%s paid %s for moves on %s", n.traderName(s.Sponsor), n.delegations(s.Targets), JoinAnd(clauses))
}

// delegations counts states and says which labelled groups they come
// from: "12 delegations (African Group 9, ASEAN 3)", or "(all ASEAN)";
// a single state is named. Each state counts
// for the labelled group of its own that holds most of the states, so
// that a state in two groups is counted once.
func (n narrator) delegations(ids []string) string {
	count := fmt.Sprintf("%d delegations", len(ids))
	if len(ids) == 1 {
		return n.stateName(ids[0])
	}
	in := make([]int, len(n.sc.Groups)) // states of ids in each labelled group
	member := make([][]int, len(ids))   // the labelled groups of each state
	for k, id := range ids {
		i := n.sc.StateIndex(id)
		if i < 0 {
			continue
		}
		for _, g := range n.sc.States[i].Groups {
			if n.sc.Groups[g].Label != "" {
				in[g]++
				member[k] = append(member[k], g)
			}
		}
	}
	tally := make([]int, len(n.sc.Groups))
	unlabelled := 0
	for k := range ids {
		best := -1
		for _, g := range member[k] {
			if best < 0 || in[g] > in[best] {
				best = g
			}
		}
		if best < 0 {
			unlabelled++
			continue
		}
		tally[best]++
	}
	var parts []string
	for _, g := range groupsByTally(tally) {
		parts = append(parts, fmt.Sprintf("%s %d", n.sc.Groups[g].Label, tally[g]))
	}
	if unlabelled > 0 && len(parts) > 0 {
		parts = append(parts, fmt.Sprintf("others %d", unlabelled))
	}
	switch {
	case len(parts) == 0:
		return count
	case unlabelled == 0 && len(parts) == 1:
		return fmt.Sprintf("%s (all %s)", count, n.sc.Groups[groupsByTally(tally)[0]].Label)
	}
	return fmt.Sprintf("%s (%s)", count, strings.Join(parts, ", "))
}

// groupsByTally returns the groups with a positive tally, the largest
// first (ties in scenario order).
func groupsByTally(tally []int) []int {
	var gs []int
	for g, t := range tally {
		if t > 0 {
			gs = append(gs, g)
		}
	}
	slices.SortStableFunc(gs, func(a, b int) int { return cmp.Compare(tally[b], tally[a]) })
	return gs
}
