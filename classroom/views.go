package classroom

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// The views are plain structs with JSON tags, safe to send to browsers:
// a seat's view holds its own brief and nothing of another seat's. Their
// slices are never nil (JSON [] rather than null).

// GameStatus is where the game stands.
type GameStatus struct {
	Started     bool    `json:"started"`
	Done        bool    `json:"done"`
	SessionID   string  `json:"session_id"` // the session in play, or the next to open
	SessionName string  `json:"session_name"`
	Phase       string  `json:"phase"`  // organisation | first_reading | negotiation | concluding
	Round       int     `json:"round"`  // the round last played in the session (0: none yet)
	Rounds      int     `json:"rounds"` // the session's rounds
	Pressure    float64 `json:"pressure"`
	Version     int     `json:"version"`
	Adopted     *bool   `json:"adopted"` // null until the end
	Message     string  `json:"message"`
}

// ClauseView is one clause of the negotiating text.
type ClauseView struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Cluster      string       `json:"cluster"` // the cluster's id
	ClusterTitle string       `json:"cluster_title"`
	Status       string       `json:"status"` // bracketed | agreed | out
	Option       string       `json:"option"` // the option in the text
	Label        string       `json:"label"`
	Options      []OptionView `json:"options"`
	ProposedBy   []string     `json:"proposed_by"`         // states that tabled its current wording this session
	MyDemand     string       `json:"my_demand,omitempty"` // seat views: the option nearest the seat's demand
}

// OptionView is an option of a clause.
type OptionView struct {
	ID    string  `json:"id"`
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// OfferView is an exchange offered by or to a seat. From moves on Give to
// To's demand, To on Get to From's; Give is "" for a payment.
type OfferView struct {
	ID        int    `json:"id"`
	From      string `json:"from"`
	To        string `json:"to"`
	Give      string `json:"give"`
	Get       string `json:"get"`
	State     string `json:"state"` // pending | accepted | declined | made | refused
	Note      string `json:"note"`
	FromName  string `json:"from_name"`
	ToName    string `json:"to_name"`
	GiveTitle string `json:"give_title"`
	GetTitle  string `json:"get_title"`
}

// UpcomingVote is a motion to be voted on in the next round.
type UpcomingVote struct {
	Motion  string `json:"motion"`
	Label   string `json:"label"`
	Session string `json:"session"`
	Round   int    `json:"round"`
	Kind    string `json:"kind"`    // amendment | package | mandate | adoption
	MyVote  string `json:"my_vote"` // yes | no | abstain, or ""
}

// StateRef names a state present in the room.
type StateRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Human bool   `json:"human"`
}

// SeatView is what a seat's students see.
type SeatView struct {
	Seat          string         `json:"seat"`
	Name          string         `json:"name"`
	Brief         Brief          `json:"brief"`
	Status        GameStatus     `json:"status"`
	Text          []ClauseView   `json:"text"`
	MyMoves       []Command      `json:"my_moves"` // queued for the next round (an offer carries its id in Offer)
	Offers        []OfferView    `json:"offers"`   // pending to and from the seat, then the recent results
	UpcomingVotes []UpcomingVote `json:"upcoming_votes"`
	Objecting     bool           `json:"objecting"`
	Partners      []StateRef     `json:"partners"` // every state present
	Notes         []string       `json:"notes"`    // what became of the seat's moves, the latest last
}

// SeatView returns what a seat's students see.
func (g *Game) SeatView(seat string) (SeatView, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	st := g.seatByID(seat)
	if st == nil {
		return SeatView{}, inputErrorf("seat", "%q is not a student seat; seats: %s", seat, strings.Join(g.setup.Seats, ", "))
	}
	v := SeatView{Seat: st.id, Name: g.sc.States[st.idx].Name, Brief: g.brief(st), Status: g.status(),
		Text: g.text(st), MyMoves: []Command{}, Offers: []OfferView{}, UpcomingVotes: []UpcomingVote{},
		Objecting: st.objecting, Partners: []StateRef{}, Notes: slices.Clone(st.notes)}
	if v.Notes == nil {
		v.Notes = []string{}
	}
	for _, q := range st.queue {
		v.MyMoves = append(v.MyMoves, q.cmd)
	}
	// The offers waiting, then the last results of the seat's students'
	// offers and of those made to them, and the last exchanges proposed in
	// the room that were declined for them automatically (only the seat
	// asked sees these: the other side, when a student, offered nothing).
	var done, auto []*offer
	for _, o := range g.offers {
		switch {
		case o.auto:
			if o.to == st.idx {
				auto = append(auto, o)
			}
		case o.from != st.idx && o.to != st.idx:
		case o.state == offerPending || o.state == offerAccepted:
			v.Offers = append(v.Offers, g.offerView(o))
		default:
			done = append(done, o)
		}
	}
	done = append(done[max(0, len(done)-10):], auto[max(0, len(auto)-5):]...)
	slices.SortFunc(done, func(a, b *offer) int { return a.id - b.id })
	for _, o := range done {
		v.Offers = append(v.Offers, g.offerView(o))
	}
	for _, u := range g.upcoming() {
		for _, c := range st.votes {
			if c.motion == u.Motion {
				u.MyVote = c.vote.String()
			}
		}
		v.UpcomingVotes = append(v.UpcomingVotes, u)
	}
	p := g.e.Population()
	for i, s := range g.sc.States {
		if p.Present[i] {
			v.Partners = append(v.Partners, StateRef{ID: s.ID, Name: s.Name, Human: g.seatOf[i] != nil && !g.finished})
		}
	}
	return v, nil
}

func (g *Game) status() GameStatus {
	e, sc := g.e, g.sc
	ss := &sc.Sessions[g.session()]
	st := GameStatus{Started: g.started, Done: e.Done(), SessionID: ss.ID, SessionName: ss.Name,
		Phase: ss.Phase.String(), Round: e.Round(), Rounds: ss.Rounds, Pressure: round6(e.Tau()), Version: g.version}
	switch {
	case e.Done():
		adopted := g.out.Adopted
		st.Adopted = &adopted
		if adopted {
			how := "by consensus"
			if g.out.ByVote {
				how = "by a recorded vote"
			}
			st.Message = fmt.Sprintf("The negotiation is over: the treaty was adopted %s in %s.", how, sc.Sessions[g.out.DecidedSession].Name)
		} else {
			st.Message = "The negotiation is over: no treaty was adopted."
		}
	case !g.started:
		st.Message = "Waiting for the host to start the negotiation."
	case e.Round() == 0:
		st.Message = fmt.Sprintf("Next: %s opens.", ss.Name)
	default:
		st.Message = fmt.Sprintf("%s, round %d of %d.", ss.Name, e.Round(), ss.Rounds)
	}
	return st
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// text returns the negotiating text; with a seat, its demands.
func (g *Game) text(st *seat) []ClauseView {
	sc, e := g.sc, g.e
	t, p := e.Text(), e.Population()
	out := make([]ClauseView, len(sc.Clauses))
	for c := range sc.Clauses {
		cl := &sc.Clauses[c]
		opt := t.Option[c]
		v := ClauseView{ID: cl.ID, Title: cl.Title, Cluster: sc.Clusters[cl.Cluster].ID, ClusterTitle: sc.Clusters[cl.Cluster].Title,
			Status: t.Status[c].String(), Option: cl.Options[opt].ID, Label: cl.Options[opt].Label,
			Options: make([]OptionView, len(cl.Options)), ProposedBy: []string{}}
		if v.Status == "dropped" {
			v.Status = "out"
		}
		for o, x := range cl.Options {
			v.Options[o] = OptionView{ID: x.ID, Label: x.Label, Value: x.Value}
		}
		value := cl.Options[opt].Value
		for i := range sc.States {
			if p.Pin[i*p.M+c] == value {
				v.ProposedBy = append(v.ProposedBy, sc.States[i].ID)
			}
		}
		if st != nil {
			v.MyDemand = cl.Options[cl.Nearest(p.Demand[st.idx*p.M+c])].ID
		}
		out[c] = v
	}
	return out
}

func (g *Game) offerView(o *offer) OfferView {
	sc := g.sc
	v := OfferView{ID: o.id, From: sc.States[o.from].ID, To: sc.States[o.to].ID, Get: sc.Clauses[o.get].ID,
		State: o.state, Note: o.note, FromName: sc.States[o.from].Name, ToName: sc.States[o.to].Name,
		GetTitle: sc.Clauses[o.get].Title}
	if o.give >= 0 {
		v.Give, v.GiveTitle = sc.Clauses[o.give].ID, sc.Clauses[o.give].Title
	}
	return v
}

// upcoming lists the votes of the next round: the scripted votes of the
// current session that happen then and, in the last round of a concluding
// session under a rule that may vote, the adoption of the package.
func (g *Game) upcoming() []UpcomingVote {
	e, sc := g.e, g.sc
	if e.Done() {
		return nil
	}
	s, r := e.Session(), e.Round()+1
	ss := &sc.Sessions[s]
	var out []UpcomingVote
	for _, sv := range sim.ScriptedVotes(sc) {
		if sv.Session != s || e.EventRound(sv.Event) != r {
			continue
		}
		ev := &ss.Events[sv.Event]
		kind := "amendment"
		switch {
		case ev.Mandate:
			kind = "mandate"
		case ev.Package:
			kind = "package"
		}
		out = append(out, UpcomingVote{Motion: sv.ID, Label: sv.Label, Session: ss.ID, Round: r, Kind: kind})
	}
	if ss.Concluding && r == ss.Rounds && sc.Rule != scenarios.Consensus {
		label := "Adoption of the package"
		if sc.Rule == scenarios.ConsensusThenVote {
			label += " (put to a vote only if consensus fails and no session is left)"
		}
		out = append(out, UpcomingVote{Motion: "package", Label: label, Session: ss.ID, Round: r, Kind: "adoption"})
	}
	return out
}

// session is the index of the session in play (or last played): 0 for a
// run that held none.
func (g *Game) session() int { return max(0, g.e.Session()) }
