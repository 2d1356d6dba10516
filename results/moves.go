package results

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// CoalitionMove is a state that changed coalition between two sessions
// held, with what the record of the session shows it doing: the reasons
// a reader may look for.
type CoalitionMove struct {
	Session, State string
	From, To       string   // coalition identities
	Reasons        []string // plain phrases, exchanges first; empty when none was found
}

// NoReason is what to say of a state that changed coalition in session
// with no exchange, payment or event in its record. In a negotiation,
// concession and persuasion moved it; before (organisation, first
// reading), where nobody concedes or trades, persuasion alone; and its
// votes, where the session held recorded votes (they count for half of the
// agreement between states). Or it stayed where it was while the rest of
// the room moved.
func (d *RunData) NoReason(session string) string {
	n := narrator{d: d, sc: d.Scenario}
	why := "persuasion"
	if n.negotiates(session) {
		why = "concession and persuasion"
	}
	for _, m := range d.Summary.Motions {
		if m.Session == session {
			why = "its votes, " + why
			break
		}
	}
	return fmt.Sprintf("%s: %s, or the rest of the room moving", n.nothingFound(session), why)
}

// nothingFound says what the record of a session does not show for a
// state: no exchange or payment can happen before the negotiation.
func (n narrator) nothingFound(session string) string {
	if n.negotiates(session) {
		return "no exchange, payment or event"
	}
	return "no event"
}

// negotiates reports whether a session is in a phase where states concede
// and trade (negotiation or concluding).
func (n narrator) negotiates(session string) bool {
	for _, s := range n.sc.Sessions {
		if s.ID == session {
			return s.Phase == scenarios.Negotiation || s.Phase == scenarios.Concluding
		}
	}
	return false
}

// CoalitionMoves lists the states that changed coalition (memberships.csv),
// session by session in the order held and the weightiest first within a
// session, each with the reasons found in the session's record: its
// largest notable exchange (its own or its bloc's) and the clause it gave
// ground on, a payment it received from a sponsor of incentives or the
// moves it paid for, and the scripted events that named it.
func CoalitionMoves(d *RunData) []CoalitionMove {
	n := narrator{d: d, sc: d.Scenario}
	order := map[string]int{}
	for k, s := range n.sessionsHeld() {
		order[n.sc.Sessions[s].ID] = k
	}
	var out []CoalitionMove
	for _, m := range d.Memberships {
		if m.Moved {
			out = append(out, CoalitionMove{Session: m.Session, State: m.State, From: m.Previous, To: m.Coalition,
				Reasons: n.moveReasons(m.Session, m.State)})
		}
	}
	slices.SortStableFunc(out, func(a, b CoalitionMove) int {
		return cmp.Or(cmp.Compare(order[a.Session], order[b.Session]), cmp.Compare(n.capability(b.State), n.capability(a.State)))
	})
	return out
}

// moveReasons finds what state did in session that may have moved it.
func (n narrator) moveReasons(session, state string) []string {
	traders := []string{state} // the state, and the blocs it negotiates in
	for _, g := range n.sc.Groups {
		if g.NegotiatesAsOne && slices.ContainsFunc(g.Members, func(i int) bool { return n.sc.States[i].ID == state }) {
			traders = append(traders, g.ID)
		}
	}
	var best, paidBy *ExchangeRow
	var bought []string // delegations it paid
	trades := n.d.SessionTrades(session)
	for k := range trades {
		x := &trades[k]
		if !x.Notable() {
			continue
		}
		switch {
		case x.Kind == Logroll && (slices.Contains(traders, x.A) || slices.Contains(traders, x.B)):
			if best == nil || x.Gain() > best.Gain() {
				best = x
			}
		case x.Kind == Purchase && x.B == state:
			if paidBy == nil || x.Payment > paidBy.Payment {
				paidBy = x
			}
		case x.Kind == Purchase && x.A == state && !slices.Contains(bought, x.B):
			bought = append(bought, x.B)
		}
	}
	var reasons []string
	if best != nil {
		self, partner, clause := best.B, best.A, best.BMovesOn
		if !slices.Contains(traders, best.B) {
			self, partner, clause = best.A, best.B, best.AMovesOn
		}
		who := "exchange"
		if self != state {
			who = fmt.Sprintf("exchange of its bloc (%s)", n.traderName(self))
		}
		reasons = append(reasons, fmt.Sprintf("%s with %s: gave ground on %s", who, n.traderName(partner), n.clauseName(clause)))
	}
	if paidBy != nil {
		reasons = append(reasons, fmt.Sprintf("paid by %s to move on %s", n.traderName(paidBy.A), n.clauseName(paidBy.BMovesOn)))
	}
	if len(bought) > 0 {
		reasons = append(reasons, fmt.Sprintf("paid %s to move", plural(len(bought), "delegation")))
	}
	for _, e := range n.eventsOf(session) {
		if e.Kind == "event" && e.Text != "" && slices.Contains(strings.Fields(e.States), state) {
			reasons = append(reasons, "event: "+strings.TrimSuffix(e.Text, "."))
		}
	}
	for _, v := range n.d.Votes {
		if v.Session == session && v.State == state && v.CrossPressure {
			reasons = append(reasons, "abstained under cross-pressure on "+n.motionLabel(session, v.Motion))
		}
	}
	reasons = dedupeStrings(reasons)
	return reasons[:min(maxReasons, len(reasons))]
}

// motionLabel is the label of a recorded vote, or its id.
func (n narrator) motionLabel(session, motion string) string {
	for _, m := range n.d.Summary.Motions {
		if m.Session == session && m.Motion == motion && m.Label != "" {
			return strings.TrimSuffix(m.Label, ".")
		}
	}
	return motion
}

// maxReasons caps the reasons given for one move: the exchanges and
// payments come first, then the events.
const maxReasons = 3

// movesTold is how many of a session's movers the narrative names.
const movesTold = 5
