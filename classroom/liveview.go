package classroom

// The projector's view of a game: the room, its coalitions, its votes and
// its events, as the live page shows them.

import (
	"slices"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
)

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
