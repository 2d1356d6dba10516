package classroom

import (
	"fmt"
	"strings"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// seat is a delegation played by students: a sim.Player whose decisions
// are the moves its students queued.
type seat struct {
	g         *Game
	id        string
	idx       int
	queue     []queued   // moves for the next round, in the order received
	votes     []castVote // votes on the motions of the next round
	objecting bool       // its standing choice at adoption
	notes     []string   // what happened to its moves, the latest last (at most maxNotes)
}

// maxNotes is how many notes a seat keeps.
const maxNotes = 20

// queued is a move waiting for the seat's next turn to act.
type queued struct {
	cmd            Command
	clause, option int    // propose, support
	offer          *offer // offer
}

type castVote struct {
	motion string
	vote   agents.Vote
}

// The states of an offer of exchange (OfferView.State).
const (
	offerPending  = "pending"  // waiting: for the partner's answer (a student) or the next round (an agent)
	offerAccepted = "accepted" // the partner accepted; the exchange is made in the next round
	offerDeclined = "declined" // the partner declined (or, for the agents' offers, the seat did automatically)
	offerMade     = "made"     // the exchange was made: both moved
	offerRefused  = "refused"  // the engine did not make it (an agent gained nothing from it)
)

// offer is an exchange offered by or to a human seat.
type offer struct {
	id        int
	from, to  int // states
	give, get int // clauses: from moves on give to to's demand, to on get to from's; give -1: a payment
	payment   float64
	state     string
	note      string
	auto      bool // proposed in the room (an agent's exchange or purchase) and declined automatically
}

func (s *seat) notef(format string, a ...any) {
	g := s.g
	prefix := ""
	if g.started && !g.e.Done() {
		prefix = fmt.Sprintf("%s, round %d: ", g.sc.Sessions[g.e.Session()].Name, g.e.Round())
	}
	s.notes = append(s.notes, prefix+fmt.Sprintf(format, a...))
	if len(s.notes) > maxNotes {
		s.notes = append(s.notes[:0], s.notes[len(s.notes)-maxNotes:]...)
	}
}

func (s *seat) castVote(motion string, v agents.Vote) {
	for k := range s.votes {
		if s.votes[k].motion == motion {
			s.votes[k].vote = v
			return
		}
	}
	s.votes = append(s.votes, castVote{motion, v})
}

// Act applies the seat's queued moves, in the order received: proposals,
// demands, and offers of exchange (an offer to a student is made once
// accepted, and waits until then). An error of the engine becomes a note.
func (s *seat) Act(e *sim.Engine, i int) {
	g, sc := s.g, s.g.sc
	keep := s.queue[:0]
	for _, q := range s.queue {
		switch q.cmd.Kind {
		case KindPropose:
			cl := &sc.Clauses[q.clause]
			if err := e.Propose(i, q.clause, q.option); err != nil {
				s.notef("your proposal on %s could not be tabled: %v", inSentence(cl.Title), err)
				continue
			}
			s.notef("you tabled '%s' for %s", cl.Options[q.option].Label, inSentence(cl.Title))
			g.line(e.Session(), e.Round(), fmt.Sprintf("%s tables '%s' for %s.", sc.States[i].Name, cl.Options[q.option].Label, inSentence(cl.Title)))
		case KindSupport:
			cl := &sc.Clauses[q.clause]
			if err := e.Support(i, q.clause, q.option); err != nil {
				s.notef("your demand on %s could not be set: %v", inSentence(cl.Title), err)
				continue
			}
			s.notef("you now ask for '%s' on %s", cl.Options[q.option].Label, inSentence(cl.Title))
		case KindOffer:
			o := q.offer
			switch o.state {
			case offerDeclined:
				continue
			case offerPending:
				if g.seatOf[o.to] != nil {
					keep = append(keep, q) // waiting for the student's answer
					continue
				}
			}
			g.making = o
			made, err := e.OfferTrade(i, o.to, o.give, o.get)
			g.making = nil
			partner := sc.States[o.to].Name
			switch {
			case err != nil:
				o.state, o.note = offerRefused, err.Error()
				s.notef("your offer %d to %s could not be made: %v", o.id, partner, err)
			case made:
				o.state, o.note = offerMade, "made: "+g.describeOffer(o)
				s.notef("your offer %d to %s was made: %s", o.id, partner, g.describeOffer(o))
				if to := g.seatOf[o.to]; to != nil {
					to.notef("the exchange of offer %d with %s was made", o.id, sc.States[i].Name)
				}
			default:
				o.state, o.note = offerRefused, partner+" gains nothing from it, or nobody weighs these clauses"
				s.notef("%s turned down your offer %d", partner, o.id)
			}
		}
	}
	s.queue = keep
}

// Accept answers true only for the exchange of the offer the seat's
// student accepted, now being made. Every other exchange offered to the
// seat (an agent's logroll or purchase) is declined and shown to it.
func (s *seat) Accept(e *sim.Engine, i int, t agents.Trade) bool {
	g := s.g
	if o := g.making; o != nil && o.to == i && t.A == o.from && t.B == i && t.ClauseA == o.get && t.ClauseB == o.give {
		return true
	}
	o := &offer{id: len(g.offers) + 1, to: i, state: offerDeclined, payment: t.Payment, auto: true}
	switch {
	case t.ClauseB < 0: // a purchase: A pays B to move on ClauseA
		o.from, o.give, o.get = t.A, -1, t.ClauseA
	case t.A == i: // B moves on ClauseA toward the seat, the seat on ClauseB
		o.from, o.give, o.get = t.B, t.ClauseA, t.ClauseB
	default: // A moves on ClauseB toward the seat, the seat on ClauseA
		o.from, o.give, o.get = t.A, t.ClauseB, t.ClauseA
	}
	o.note = "declined automatically: " + g.describeOffer(o)
	g.offers = append(g.offers, o)
	s.notef("%s proposed an exchange (offer %d), declined automatically: %s", g.sc.States[o.from].Name, o.id, g.describeOffer(o))
	return false
}

// Object returns the seat's standing choice.
func (s *seat) Object(e *sim.Engine, i int) bool {
	if s.objecting {
		s.notef("you object formally to the package")
	} else {
		s.notef("you do not object to the package")
	}
	return s.objecting
}

// Vote returns the seat's vote on the motion put, or its agent's ballot
// if its students did not vote on it.
func (s *seat) Vote(e *sim.Engine, i int) agents.Vote {
	m := e.Motion()
	for _, v := range s.votes {
		if v.motion == m.ID {
			s.notef("you voted %s on %s", v.vote, m.Label)
			return v.vote
		}
	}
	v := e.AgentVote(i)
	s.notef("you did not vote on %s: your agent voted %s for you", m.Label, v)
	return v
}

var _ sim.Player = (*seat)(nil)

// describeOffer says an offer in words.
func (g *Game) describeOffer(o *offer) string {
	sc := g.sc
	from, to := sc.States[o.from].Name, sc.States[o.to].Name
	get := inSentence(sc.Clauses[o.get].Title)
	if o.give < 0 {
		return fmt.Sprintf("%s pays %s (%.3f) to move on %s toward %s", from, to, o.payment, get, from)
	}
	return fmt.Sprintf("%s moves on %s toward %s, and %s on %s toward %s", from, inSentence(sc.Clauses[o.give].Title), to, to, get, from)
}

// line adds a line to the game's narrative.
func (g *Game) line(session, round int, text string) {
	prefix := ""
	if session >= 0 && session < len(g.sc.Sessions) {
		prefix = g.sc.Sessions[session].Name
		if round > 0 {
			prefix += fmt.Sprintf(", round %d", round)
		}
		prefix += ": "
	}
	g.lines = append(g.lines, prefix+text)
	if len(g.lines) > maxLines {
		g.lines = append(g.lines[:0], g.lines[len(g.lines)-maxLines:]...)
	}
}

// liveRecorder records the run (results.Record) and tells it in lines for
// the live view.
type liveRecorder struct {
	*results.Record
	g *Game
}

func (r *liveRecorder) SessionStart(e *sim.Engine, s int) {
	r.Record.SessionStart(e, s)
	ss := &r.g.sc.Sessions[s]
	r.g.line(s, 0, fmt.Sprintf("the session opens (%s).", strings.ReplaceAll(ss.Phase.String(), "_", " ")))
}

func (r *liveRecorder) Note(n sim.Note) {
	r.Record.Note(n)
	if t := r.g.noteLine(n); t != "" {
		r.g.line(n.Session, n.Round, t)
	}
}

func (r *liveRecorder) Vote(e *sim.Engine, v sim.VoteRecord) {
	r.Record.Vote(e, v)
	result := "rejected"
	if v.Passed {
		result = "passed"
	}
	r.g.line(v.Session, v.Round, fmt.Sprintf("vote on %s: %s, %d yes, %d no, %d abstaining.", v.Label, result, v.Yes, v.No, v.Abstain))
}

func (r *liveRecorder) Trade(e *sim.Engine, t sim.TradeRecord) {
	r.Record.Trade(e, t)
	sc := r.g.sc
	a, b := sc.States[t.A].Name, sc.States[t.B].Name
	if t.ClauseB < 0 {
		r.g.line(t.Session, t.Round, fmt.Sprintf("%s pays %s to move on %s.", a, b, inSentence(sc.Clauses[t.ClauseA].Title)))
		return
	}
	r.g.line(t.Session, t.Round, fmt.Sprintf("%s and %s exchange support: %s moves on %s, %s on %s.", a, b,
		b, inSentence(sc.Clauses[t.ClauseA].Title), a, inSentence(sc.Clauses[t.ClauseB].Title)))
}

func (r *liveRecorder) End(e *sim.Engine, out *sim.Outcome) {
	r.Record.End(e, out)
	if out.Adopted {
		r.g.line(-1, 0, "The negotiation is over: the treaty is adopted.")
	} else {
		r.g.line(-1, 0, "The negotiation is over: no treaty is adopted.")
	}
}

// noteLine tells a note in a sentence ("" for the notes the live view
// leaves out: the dissatisfied who stay silent).
func (g *Game) noteLine(n sim.Note) string {
	sc := g.sc
	title, label, from := "", "", ""
	if n.Clause >= 0 && n.Clause < len(sc.Clauses) {
		cl := &sc.Clauses[n.Clause]
		title = inSentence(cl.Title)
		if n.Option >= 0 && n.Option < len(cl.Options) {
			label = cl.Options[n.Option].Label
		}
		if n.From >= 0 && n.From < len(cl.Options) {
			from = cl.Options[n.From].Label
		}
	}
	switch n.Kind {
	case sim.NoteEvent:
		t := strings.TrimSuffix(n.Text, ".")
		if n.Session >= 0 && n.Event >= 0 && n.Event < len(sc.Sessions[n.Session].Events) {
			t = eventLabel(sc, &sc.Sessions[n.Session].Events[n.Event])
		}
		if len(n.States) > 0 {
			names := make([]string, 0, 4)
			for k, i := range n.States {
				if k == 3 {
					names = append(names, fmt.Sprintf("and %d others", len(n.States)-3))
					break
				}
				names = append(names, sc.States[i].Name)
			}
			t += " (" + strings.Join(names, ", ") + ")"
		}
		return t + "."
	case sim.NoteText:
		return fmt.Sprintf("the chair's text on %s now reads '%s' (was '%s').", title, label, from)
	case sim.NoteDrop:
		return fmt.Sprintf("the chair leaves %s out of the text.", title)
	case sim.NoteDropForConsensus:
		return fmt.Sprintf("the chair drops %s to reach consensus.", title)
	case sim.NoteDropFromPackage:
		return fmt.Sprintf("the chair's final package leaves %s out.", title)
	case sim.NoteInsert:
		return fmt.Sprintf("%s is in the text: '%s'.", title, label)
	case sim.NoteAmended:
		return fmt.Sprintf("amended by vote: %s now reads '%s'.", title, label)
	case sim.NoteObject:
		if title != "" {
			return fmt.Sprintf("%s objects formally to the package (its red line on %s).", sc.States[n.State].Name, title)
		}
		return fmt.Sprintf("%s objects formally to the package.", sc.States[n.State].Name)
	case sim.NoteAdopted:
		return "the package is " + n.Text + "."
	case sim.NoteFailed:
		return n.Text + "."
	}
	return ""
}

// eventLabel is an event's label, or what it does.
func eventLabel(sc *scenarios.Scenario, ev *scenarios.EventInfo) string {
	if ev.Label != "" {
		return strings.TrimSuffix(ev.Label, ".")
	}
	sv := ev.Kind.String()
	switch ev.Kind {
	case scenarios.Table, scenarios.Insert, scenarios.ChairText:
		var parts []string
		for _, co := range ev.Options {
			cl := &sc.Clauses[co.Clause]
			parts = append(parts, fmt.Sprintf("%s: '%s'", inSentence(cl.Title), cl.Options[co.Option].Label))
		}
		verb := map[scenarios.EventKind]string{scenarios.Table: "tabled", scenarios.Insert: "the chair inserts", scenarios.ChairText: "the chair tables a text"}[ev.Kind]
		if ev.Kind == scenarios.ChairText && ev.Draft != scenarios.NoDraft {
			return "the chair tables a " + map[scenarios.DraftKind]string{scenarios.Consolidated: "consolidated negotiating document",
				scenarios.ZeroDraft: "zero draft", scenarios.RevisedDraft: "revised draft"}[ev.Draft]
		}
		return verb + " " + strings.Join(parts, "; ")
	case scenarios.Vote:
		switch {
		case ev.Mandate:
			return "a vote on a mandate to negotiate"
		case ev.Package:
			return "a vote on the package as it stands"
		}
		cl := &sc.Clauses[ev.Amendment.Clause]
		return fmt.Sprintf("a vote to set %s to '%s'", inSentence(cl.Title), cl.Options[ev.Amendment.Option].Label)
	case scenarios.Drop:
		return fmt.Sprintf("the chair drops %d clause(s)", len(ev.Clauses))
	case scenarios.Attitude:
		return "a change of attitude"
	case scenarios.Leave:
		return "a delegation leaves the negotiation"
	case scenarios.Join:
		return "a delegation joins the negotiation"
	case scenarios.Reconvene:
		return "a reconvened session is scheduled should this one fail"
	case scenarios.Incentive:
		return "positive incentives are offered"
	}
	return sv
}
