package classroom

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
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

// LiveView is what the projector shows.
type LiveView struct {
	Status     GameStatus      `json:"status"`
	Text       []ClauseView    `json:"text"`
	Seats      []LiveSeat      `json:"seats"`
	Coalitions []CoalitionView `json:"coalitions"`
	Votes      []VoteView      `json:"votes"`
	Log        []string        `json:"log"`    // the last 20 lines of the narrative
	Events     []EventView     `json:"events"` // the scripted events of the current session (for the host)
}

// LiveSeat is a student seat. The game does not know the players: the
// server fills Players in (it is [] from the game).
type LiveSeat struct {
	State   string   `json:"state"`
	Name    string   `json:"name"`
	Players []string `json:"players"`
}

// CoalitionView is a coalition of the current session, with the identity
// and colour results/report gives it.
type CoalitionView struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Color   string   `json:"color"`
	Members []string `json:"members"`
}

// VoteView is a recorded vote.
type VoteView struct {
	Motion  string            `json:"motion"`
	Label   string            `json:"label"`
	Session string            `json:"session"`
	Yes     int               `json:"yes"`
	No      int               `json:"no"`
	Abstain int               `json:"abstain"`
	Passed  bool              `json:"passed"`
	ByState map[string]string `json:"by_state"` // yes | no | abstain (absent states left out)
}

// EventView is a scripted event of the current session.
type EventView struct {
	ID    string `json:"id"` // what fire takes
	Label string `json:"label"`
	Kind  string `json:"kind"`
	Round int    `json:"round"` // the round it happens at (the next one once fired early)
	Fired bool   `json:"fired"` // it has happened
	index int
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

// Live returns what the projector shows. The coalitions are found with
// the game unlocked (Louvain on the flagship's room takes a while), once
// per version.
func (g *Game) Live() LiveView {
	g.mu.Lock()
	v := LiveView{Status: g.status(), Text: g.text(nil), Seats: []LiveSeat{}, Votes: g.votesView(),
		Log: slices.Clone(g.lines[max(0, len(g.lines)-20):]), Events: g.events()}
	if v.Log == nil {
		v.Log = []string{}
	}
	for _, st := range g.seats {
		v.Seats = append(v.Seats, LiveSeat{State: st.id, Name: g.sc.States[st.idx].Name, Players: []string{}})
	}
	version, cached := g.version, g.coalitions
	if g.coalVersion != version {
		cached = nil
	}
	var rec results.Record
	if cached == nil {
		rec = g.coalitionRecord()
	}
	g.mu.Unlock()
	if cached == nil {
		cached = coalitionViews(&rec)
		g.mu.Lock()
		if g.version == version {
			g.coalVersion, g.coalitions = version, cached
		}
		g.mu.Unlock()
	}
	v.Coalitions = slices.Clone(cached)
	return v
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

// events lists the scripted events of the current session.
func (g *Game) events() []EventView {
	e, sc := g.e, g.sc
	s := g.session()
	out := []EventView{}
	if e.Session() < 0 {
		return out
	}
	for k := range sc.Sessions[s].Events {
		ev := &sc.Sessions[s].Events[k]
		r := e.EventRound(k)
		out = append(out, EventView{ID: eventID(sc, s, k), Label: eventLabel(sc, ev), Kind: ev.Kind.String(), Round: r,
			Fired: e.Done() || r <= e.Round(), index: k})
	}
	return out
}

// votesView lists the votes recorded so far.
func (g *Game) votesView() []VoteView {
	rec, n := g.rec, len(g.sc.States)
	out := []VoteView{}
	for k, m := range rec.Motions {
		v := VoteView{Motion: m.Motion, Label: m.Label, Session: m.Session, Yes: m.Yes, No: m.No, Abstain: m.Abstain,
			Passed: m.Passed, ByState: map[string]string{}}
		for _, row := range rec.Votes[k*n : (k+1)*n] {
			if row.Vote != agents.NotVoting.String() {
				v.ByState[row.State] = row.Vote
			}
		}
		out = append(out, v)
	}
	return out
}

// coalitionRecord returns a copy of the game's record whose views end with
// the current session's: the room as it stands for a session in progress,
// else the end of the last session held. Its views never change once made
// and the game only appends to its record, so the copy can be read with
// the game unlocked.
func (g *Game) coalitionRecord() results.Record {
	e, sc := g.e, g.sc
	rec := *g.rec
	rec.Views = slices.Clip(rec.Views) // appending to the copy leaves the game's alone
	if !e.Done() && e.Round() > 0 {
		s := e.Session()
		p := e.Population()
		var votes [][]agents.Vote
		for k, m := range g.rec.Motions {
			if m.Session != sc.Sessions[s].ID {
				continue
			}
			row := make([]agents.Vote, len(sc.States))
			for i, v := range g.rec.Votes[k*len(sc.States) : (k+1)*len(sc.States)] {
				row[i] = voteOf(v.Vote)
			}
			votes = append(votes, row)
		}
		rec.Views = append(rec.Views, results.SessionView{Session: s, Pos: slices.Clone(p.Demand),
			Salience: slices.Clone(p.Salience), Present: slices.Clone(p.Present), Agenda: results.SessionAgenda(sc, s), Votes: votes})
	}
	return rec
}

// coalitionViews returns the coalitions of the last view of rec, found as
// the results find them (results.Record.Coalitions, over every view), so
// that they keep the identities, and the colours, of the game's report.
func coalitionViews(rec *results.Record) []CoalitionView {
	out := []CoalitionView{}
	if len(rec.Views) == 0 {
		return out
	}
	sc := rec.Scenario
	parts := rec.Coalitions()
	for _, c := range parts[len(parts)-1].Coalitions {
		cv := CoalitionView{ID: c.ID, Label: c.Name, Color: report.CoalitionColor(c.ID), Members: make([]string, len(c.Members))}
		for k, i := range c.Members {
			cv.Members[k] = sc.States[i].ID
		}
		out = append(out, cv)
	}
	return out
}

func voteOf(s string) agents.Vote {
	v, _ := agents.ParseVote(s)
	return v
}

// session is the index of the session in play (or last played): 0 for a
// run that held none.
func (g *Game) session() int { return max(0, g.e.Session()) }
