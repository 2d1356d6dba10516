package classroom

import (
	"fmt"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// Checking a command before it is applied: what each kind needs, and the
// messages that name the allowed values.

// move is a command checked and resolved to indices.
type move struct {
	seat           *seat
	clause, option int
	partner        int
	give, get      int
	offer          *offer
	vote           agents.Vote
	event          int
}

// check validates c against the game as it is and resolves its names.
func (g *Game) check(c Command) (move, *InputError) {
	m := move{clause: -1, option: -1, partner: -1, give: -1, get: -1, event: -1}
	switch {
	case slices.Contains(studentKinds, c.Kind):
		if c.Seat == "" {
			return m, inputErrorf("seat", "%s is a delegation's move: say whose; seats: %s", c.Kind, strings.Join(g.setup.Seats, ", "))
		}
		if m.seat = g.seatByID(c.Seat); m.seat == nil {
			return m, inputErrorf("seat", "%q is not a student seat; seats: %s", c.Seat, strings.Join(g.setup.Seats, ", "))
		}
		switch {
		case !g.started:
			return m, turnErrorf("the negotiation has not started yet: wait for the host to start it")
		case g.e.Done():
			return m, turnErrorf("the negotiation is over")
		}
		err := g.checkMove(c, &m)
		return m, err
	case slices.Contains(hostKinds, c.Kind):
		if c.Seat != "" {
			return m, inputErrorf("seat", "%s is the host's action, not a delegation's move", c.Kind)
		}
		switch {
		case c.Kind == KindStart && g.started:
			return m, turnErrorf("the negotiation has already started")
		case c.Kind != KindStart && !g.started:
			return m, turnErrorf("the negotiation has not started: start it first")
		case c.Kind != KindStart && g.e.Done():
			return m, turnErrorf("the negotiation is over")
		case c.Kind == KindFire:
			k, err := g.eventArg(c.Event)
			m.event = k
			return m, err
		}
		return m, nil
	case c.Kind == "":
		return m, inputErrorf("kind", "say what to do; kinds: %s (delegations), %s (host)",
			strings.Join(studentKinds, ", "), strings.Join(hostKinds, ", "))
	}
	return m, inputErrorf("kind", "unknown kind %q; kinds: %s (delegations), %s (host)", c.Kind,
		strings.Join(studentKinds, ", "), strings.Join(hostKinds, ", "))
}

// checkMove checks the fields of a student's move and resolves them into m.
func (g *Game) checkMove(c Command, m *move) *InputError {
	var err *InputError
	switch c.Kind {
	case KindPropose, KindSupport, KindOffer:
		if len(m.seat.queue) >= maxQueued {
			return inputErrorf("kind", "%d moves already wait for the next round: that is the most", maxQueued)
		}
	}
	switch c.Kind {
	case KindPropose, KindSupport:
		if m.clause, err = g.clauseArg("clause", c.Clause); err != nil {
			return err
		}
		m.option, err = g.optionArg(m.clause, c.Option)
	case KindOffer:
		p := g.e.Population()
		m.partner = g.sc.StateIndex(c.Partner)
		switch {
		case c.Partner == "":
			return inputErrorf("partner", "say to whom you offer the exchange (a state's id, such as %s)", g.someOther(m.seat.idx))
		case m.partner < 0:
			return inputErrorf("partner", "no state %q in %s; states: %s", c.Partner, g.sc.ID, stateList(g.sc))
		case m.partner == m.seat.idx:
			return inputErrorf("partner", "an exchange is with another delegation, not with %s itself", c.Partner)
		case !p.Present[m.partner]:
			return inputErrorf("partner", "%s (%s) is not in the room", c.Partner, g.sc.States[m.partner].Name)
		case !p.Present[m.seat.idx]:
			return inputErrorf("seat", "%s is not in the room", c.Seat)
		}
		if m.give, err = g.clauseArg("give", c.Give); err != nil {
			return err
		}
		if m.get, err = g.clauseArg("get", c.Get); err != nil {
			return err
		}
		if m.give == m.get {
			return inputErrorf("get", "give and get must be two different clauses (both are %s)", c.Give)
		}
	case KindAccept, KindDecline:
		var pending []string
		for _, o := range g.offers {
			if o.to == m.seat.idx && o.state == offerPending && g.seatOf[o.from] != nil {
				if o.id == c.Offer {
					m.offer = o
				}
				pending = append(pending, fmt.Sprint(o.id))
			}
		}
		if m.offer == nil {
			if len(pending) == 0 {
				return inputErrorf("offer", "no offer %d is waiting for your answer; none is", c.Offer)
			}
			return inputErrorf("offer", "no offer %d is waiting for your answer; waiting: %s", c.Offer, strings.Join(pending, ", "))
		}
	case KindVote:
		var ids []string
		found := false
		for _, v := range g.upcoming() {
			ids = append(ids, v.Motion)
			found = found || v.Motion == c.Motion
		}
		switch {
		case len(ids) == 0:
			return inputErrorf("motion", "no vote is coming in the next round")
		case !found:
			return inputErrorf("motion", "%q is not a motion of the next round; motions: %s", c.Motion, strings.Join(ids, ", "))
		}
		var ok bool
		if m.vote, ok = parseVote(c.Vote); !ok {
			return inputErrorf("vote", "%q is not a vote; votes: yes, no, abstain", c.Vote)
		}
	}
	return err
}

// parseVote reads a student's vote: yes, no or abstain (not "not_voting").
func parseVote(s string) (agents.Vote, bool) {
	v, ok := agents.ParseVote(s)
	return v, ok && v != agents.NotVoting
}

func (g *Game) seatByID(id string) *seat {
	for _, st := range g.seats {
		if st.id == id {
			return st
		}
	}
	return nil
}

// someOther names a state other than i, for examples in messages.
func (g *Game) someOther(i int) string {
	for k, st := range g.sc.States {
		if k != i {
			return st.ID
		}
	}
	return g.sc.States[i].ID
}

func (g *Game) clauseArg(field, id string) (int, *InputError) {
	if id == "" {
		return -1, inputErrorf(field, "choose a clause; clauses: %s", clauseList(g.sc))
	}
	c := g.sc.ClauseIndex(id)
	if c < 0 {
		return -1, inputErrorf(field, "no clause %q; clauses: %s", id, clauseList(g.sc))
	}
	return c, nil
}

func (g *Game) optionArg(c int, id string) (int, *InputError) {
	cl := &g.sc.Clauses[c]
	o := cl.OptionIndex(id)
	if o < 0 {
		ids := make([]string, len(cl.Options))
		for k, opt := range cl.Options {
			ids[k] = opt.ID
		}
		if id == "" {
			return -1, inputErrorf("option", "choose an option of %s: %s", cl.ID, strings.Join(ids, ", "))
		}
		return -1, inputErrorf("option", "clause %s has no option %q; options: %s", cl.ID, id, strings.Join(ids, ", "))
	}
	return o, nil
}

// eventArg resolves the id of an event of the current session that has
// not happened yet.
func (g *Game) eventArg(id string) (int, *InputError) {
	var open []string
	k := -1
	for _, ev := range g.events() {
		if !ev.Fired {
			open = append(open, ev.ID)
			if ev.ID == id {
				k = ev.index
			}
		}
	}
	if k >= 0 {
		return k, nil
	}
	ss := &g.sc.Sessions[g.e.Session()]
	msg := "no event of " + ss.Name + " is left to happen"
	if len(open) > 0 {
		msg = "events of " + ss.Name + " still to happen: " + strings.Join(open, ", ")
	}
	for _, ev := range g.events() {
		if ev.ID == id {
			return -1, inputErrorf("event", "%s has happened already; %s", id, msg)
		}
	}
	if id == "" {
		return -1, inputErrorf("event", "say which event; %s", msg)
	}
	return -1, inputErrorf("event", "%q is not an event of %s; %s", id, ss.Name, msg)
}

// eventID is how a game names event k of session s: its id, or
// "<session>-<k+1>" as sim.ScriptedVotes names a vote without one.
func eventID(sc *scenarios.Scenario, s, k int) string {
	if id := sc.Sessions[s].Events[k].ID; id != "" {
		return id
	}
	return fmt.Sprintf("%s-%d", sc.Sessions[s].ID, k+1)
}

// stateList names the scenario's states for a message: a few ids, and how
// many there are.
func stateList(sc *scenarios.Scenario) string {
	ids := make([]string, len(sc.States))
	for i, st := range sc.States {
		ids[i] = st.ID
	}
	return fewOf(ids)
}

func clauseList(sc *scenarios.Scenario) string {
	ids := make([]string, len(sc.Clauses))
	for c, cl := range sc.Clauses {
		ids[c] = cl.ID
	}
	return fewOf(ids)
}

// fewOf lists ids, the first eight of them when there are more.
func fewOf(ids []string) string {
	const few = 8
	if len(ids) <= few {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s, ... (%d in all)", strings.Join(ids[:few], ", "), len(ids))
}
