package sim

import "github.com/treatysim/treatysim/agents"

// exchange plays the round's exchanges on the agenda clauses in the text:
// logrolls between the delegations that care (agents.Exchange), then the
// purchases of the sponsors of incentives with a budget left (agents.Buy).
// Both are priced against the expected outcome, the room's compromise of
// the demands as they stand after concession, which the caller has
// weighed into e.num and e.den (weigh); the trades leave those sums as
// they were.
func (e *Engine) exchange() {
	for c := range e.eligible {
		// Brackets are what exchange resolves: an agreed clause is
		// traded only once a draft or a move of the text reopens it.
		e.eligible[c] = e.agenda[c] && e.inText(c) && e.text.Status[c] == Bracketed
	}
	for c := range e.outcome {
		if e.den[c] > 0 {
			e.outcome[c] = e.num[c] / e.den[c]
		} else {
			e.outcome[c] = e.text.Chair[c]
		}
	}
	p := e.pop
	e.trades = p.Exchange(e.eligible, e.outcome, e.den, e.sc.Model.ActiveSalience, e.accept, e.trades[:0])
	for k := range e.offers {
		o := &e.offers[k]
		if o.budget > 0 {
			before := len(e.trades)
			e.trades = p.Buy(o.sponsors, o.targets, e.eligible, e.outcome, e.den, &o.budget, e.accept, e.trades)
			if len(e.trades) == before {
				o.budget = 0 // what is left buys nothing: the sponsor stops offering
			}
		}
	}
	e.out.Trades += len(e.trades)
	if e.rec != nil {
		for _, t := range e.trades {
			e.rec.Trade(e, TradeRecord{Session: e.session, Round: e.round, Trade: t})
		}
	}
}

// acceptTrade asks the players of the states played from outside in a
// trade whether they accept it.
func (e *Engine) acceptTrade(t agents.Trade) bool {
	for _, i := range [2]int{t.A, t.B} {
		if pl := e.players[i]; pl != nil && !pl.Accept(e, i, t) {
			return false
		}
	}
	return true
}
