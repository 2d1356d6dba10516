package classroom

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// toySetup is the shipped toy with two student seats: A and E.
var toySetup = Setup{Scenario: "toy", Seats: []string{"AAA", "EEE"}}

// votesSetup is the toy with scripted votes (sim/testdata/toy-votes.toml),
// uploaded as text: a mandate in round 1 and an amendment on the wording
// ("first-2") in round 2 of the first session.
func votesSetup(t testing.TB) Setup {
	t.Helper()
	b, err := os.ReadFile("../sim/testdata/toy-votes.toml")
	if err != nil {
		t.Fatal(err)
	}
	return Setup{Text: b, Seed: 11, Seats: []string{"AAA", "EEE"}}
}

func newGame(t testing.TB, s Setup, log ...Command) *Game {
	t.Helper()
	g, err := Replay(s, log)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func apply(t testing.TB, g *Game, cs ...Command) {
	t.Helper()
	for _, c := range cs {
		if err := g.Apply(c); err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
	}
}

func seatView(t testing.TB, g *Game, seat string) SeatView {
	t.Helper()
	v, err := g.SeatView(seat)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func clauseOf(v []ClauseView, id string) ClauseView {
	for _, c := range v {
		if c.ID == id {
			return c
		}
	}
	return ClauseView{}
}

func offerOf(v SeatView, id int) (OfferView, bool) {
	for _, o := range v.Offers {
		if o.ID == id {
			return o, true
		}
	}
	return OfferView{}, false
}

func jsonOf(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewGameErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup Setup
		field string
		msg   string // a part of the message
	}{
		{"no scenario", Setup{Seats: []string{"AAA"}}, "scenario", "toy"},
		{"unknown scenario", Setup{Scenario: "nope", Seats: []string{"AAA"}}, "scenario", "ahc"},
		{"bad text", Setup{Text: []byte("format = 1\n[scenario]\nid = 3\n"), Seats: []string{"AAA"}}, "text", ""},
		{"no seats", Setup{Scenario: "toy"}, "seats", "AAA"},
		{"unknown seat", Setup{Scenario: "toy", Seats: []string{"AAA", "ZZZ"}}, "seats", "BBB"},
		{"seat twice", Setup{Scenario: "toy", Seats: []string{"AAA", "AAA"}}, "seats", "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewGame(tt.setup)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an *InputError", err)
			}
			if ie.Field != tt.field || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("error %q, want field %s and a message with %q", ie, tt.field, tt.msg)
			}
		})
	}
}

// TestToyGame plays the toy with A and E played by students: proposals,
// demands, an exchange between the two students, an offer to an agent,
// an objection and votes, to the end.
func TestToyGame(t *testing.T) {
	g := newGame(t, toySetup)
	if v := g.Live(); v.Status.Started || v.Status.Done || v.Status.Adopted != nil || v.Status.SessionID != "first" {
		t.Fatalf("a new game's status: %+v", v.Status)
	}
	brief, err := g.Brief("EEE")
	if err != nil {
		t.Fatal(err)
	}
	if brief.CaresMost[0].Clause != "x_offence" || brief.CaresMost[0].IdealOption != "deleted" ||
		brief.CaresMost[0].RedLine != "The offence is in the treaty" ||
		!strings.HasPrefix(brief.CaresMost[0].Words, "You care most about an offence E cannot accept: you want 'No such offence'.") {
		t.Errorf("E's brief on the offence: %+v", brief.CaresMost[0])
	}
	if !strings.Contains(brief.NoTreatyWords, "below 0.30 on a 0-1 scale") || brief.NoTreaty != 0.3 {
		t.Errorf("E's no treaty: %v, %q", brief.NoTreaty, brief.NoTreatyWords)
	}

	apply(t, g, Command{Kind: KindStart},
		Command{Kind: KindPropose, Seat: "EEE", Clause: "x_offence", Option: "deleted"},
		Command{Kind: KindSupport, Seat: "AAA", Clause: "safeguards", Option: "strong"},
		Command{Kind: KindOffer, Seat: "AAA", Partner: "EEE", Give: "wording", Get: "safeguards"},
		Command{Kind: KindOffer, Seat: "AAA", Partner: "CCC", Give: "wording", Get: "x_offence"})
	a := seatView(t, g, "AAA")
	if len(a.MyMoves) != 3 || a.MyMoves[1].Offer != 1 || a.MyMoves[2].Offer != 2 {
		t.Errorf("A's queued moves: %+v", a.MyMoves)
	}
	e := seatView(t, g, "EEE")
	if o, ok := offerOf(e, 1); !ok || o.State != "pending" || o.From != "AAA" || o.Give != "wording" || o.Get != "safeguards" {
		t.Errorf("E's view of offer 1: %+v", e.Offers)
	}

	apply(t, g, Command{Kind: KindStep})
	a = seatView(t, g, "AAA")
	if o, _ := offerOf(a, 2); o.State != "made" && o.State != "refused" {
		t.Errorf("the offer to the agent C after a round: %+v", o)
	}
	if o, _ := offerOf(a, 1); o.State != "pending" {
		t.Errorf("the offer to E before E's answer: %+v", o)
	}
	if len(a.MyMoves) != 1 || a.MyMoves[0].Kind != KindOffer {
		t.Errorf("A's queue after a round holds the offer waiting for E: %+v", a.MyMoves)
	}
	if clauseOf(a.Text, "safeguards").MyDemand != "strong" {
		t.Errorf("A's demand on the safeguards: %+v", clauseOf(a.Text, "safeguards"))
	}
	// E tabled the deletion of the offence; the offence stays in the text
	// as it was: nobody tabled that wording.
	if x := clauseOf(seatView(t, g, "EEE").Text, "x_offence"); x.Option != "included" || len(x.ProposedBy) != 0 {
		t.Errorf("the offence after E's proposal to delete it: %+v", x)
	}

	apply(t, g, Command{Kind: KindAccept, Seat: "EEE", Offer: 1})
	if o, _ := offerOf(seatView(t, g, "AAA"), 1); o.State != "accepted" {
		t.Errorf("offer 1 once E accepted: %+v", o)
	}
	apply(t, g, Command{Kind: KindStep})
	a, e = seatView(t, g, "AAA"), seatView(t, g, "EEE")
	if o, _ := offerOf(a, 1); o.State != "made" {
		t.Errorf("offer 1 in the round after E accepted: %+v", o)
	}
	// The exchange: E moves to A's demand on the safeguards, A to E's on
	// the wording.
	if d := clauseOf(e.Text, "safeguards").MyDemand; d != "strong" {
		t.Errorf("E's demand on the safeguards after the exchange: %s, want A's (strong)", d)
	}
	if d := clauseOf(a.Text, "wording").MyDemand; d != clauseOf(e.Text, "wording").MyDemand {
		t.Errorf("A's demand on the wording after the exchange: %s, want E's (%s)", d, clauseOf(e.Text, "wording").MyDemand)
	}
	if !slices.ContainsFunc(g.Live().Log, func(l string) bool { return strings.Contains(l, "State A and State E exchange support") }) {
		t.Errorf("the live log does not tell the exchange: %q", g.Live().Log)
	}

	apply(t, g, Command{Kind: KindPropose, Seat: "AAA", Clause: "safeguards", Option: "strong"},
		Command{Kind: KindObject, Seat: "EEE", Object: true}, Command{Kind: KindEndSession})
	if s := g.Live().Status; s.SessionID != "second" || s.Round != 0 || s.Done {
		t.Fatalf("after end_session: %+v", s)
	}
	if x := clauseOf(g.Live().Text, "safeguards"); x.Option != "strong" || !slices.Equal(x.ProposedBy, []string{"AAA"}) {
		t.Errorf("the safeguards after A tabled strong ones: %+v", x)
	}
	apply(t, g, Command{Kind: KindStep}, Command{Kind: KindStep})
	e = seatView(t, g, "EEE")
	if len(e.UpcomingVotes) != 1 || e.UpcomingVotes[0].Motion != "package" || e.UpcomingVotes[0].Kind != "adoption" || e.UpcomingVotes[0].Round != 3 {
		t.Fatalf("the votes of the last round: %+v", e.UpcomingVotes)
	}
	apply(t, g, Command{Kind: KindVote, Seat: "AAA", Motion: "package", Vote: "yes"},
		Command{Kind: KindVote, Seat: "EEE", Motion: "package", Vote: "no"},
		Command{Kind: KindVote, Seat: "EEE", Motion: "package", Vote: "abstain"}) // a second vote replaces the first
	if e := seatView(t, g, "EEE"); e.UpcomingVotes[0].MyVote != "abstain" || !e.Objecting {
		t.Errorf("E's vote and objection: %+v, objecting %v", e.UpcomingVotes, e.Objecting)
	}
	apply(t, g, Command{Kind: KindStep})

	live := g.Live()
	if !g.Done() || !live.Status.Done || live.Status.Adopted == nil {
		t.Fatalf("the game did not end: %+v", live.Status)
	}
	// E objected, so the package went to a recorded vote (consensus, then
	// a vote): the students' votes are in it.
	var pkg *VoteView
	for k := range live.Votes {
		if live.Votes[k].Motion == "package" {
			pkg = &live.Votes[k]
		}
	}
	if pkg == nil || pkg.ByState["AAA"] != "yes" || pkg.ByState["EEE"] != "abstain" {
		t.Errorf("the adoption vote: %+v", pkg)
	}
	if len(live.Coalitions) == 0 || !strings.HasPrefix(live.Coalitions[0].Color, "#") || live.Coalitions[0].ID != "C1" {
		t.Errorf("coalitions: %+v", live.Coalitions)
	}
	for _, c := range []Command{{Kind: KindSupport, Seat: "AAA", Clause: "wording", Option: "unlawful"}, {Kind: KindStep}, {Kind: KindFinish}} {
		var ie *InputError
		if err := g.Apply(c); !errors.As(err, &ie) || !ie.OutOfTurn() {
			t.Errorf("%s after the end: %v, want an error out of turn", c.Kind, err)
		}
	}
	// JSON for the browser: lists are [] rather than null.
	for _, b := range [][]byte{jsonOf(t, live), jsonOf(t, seatView(t, g, "AAA"))} {
		if bytes.Contains(b, []byte("null")) {
			t.Errorf("a view has a null: %s", b)
		}
	}
}

// TestAgentsOffersDeclined checks that the exchanges proposed to a student
// seat in the room are declined and shown to it (only to it), in the
// flagship, where the room offers the United States and India many.
func TestAgentsOffersDeclined(t *testing.T) {
	if testing.Short() {
		t.Skip("the flagship")
	}
	g := newGame(t, Setup{Scenario: "ahc", Seats: []string{"USA", "IND"}}, Command{Kind: KindStart})
	for !g.Done() {
		apply(t, g, Command{Kind: KindStep})
	}
	declined := 0
	for _, seat := range g.Seats() {
		for _, o := range seatView(t, g, seat).Offers {
			if strings.HasPrefix(o.Note, "declined automatically") {
				declined++
				if o.To != seat || o.State != "declined" {
					t.Errorf("%s sees an exchange declined for another: %+v", seat, o)
				}
			}
		}
	}
	if declined == 0 {
		t.Error("no exchange was declined automatically")
	}
}

// TestInvalidCommands checks that every invalid command is refused with
// the field at fault, and changes nothing: neither the version nor any
// view.
func TestInvalidCommands(t *testing.T) {
	s := votesSetup(t)
	fresh := func() *Game { return newGame(t, s) }
	playing := func() *Game {
		// Round 1 played (the mandate voted); the amendment first-2 comes
		// in round 2; A has offered E an exchange (offer 1).
		return newGame(t, s, Command{Kind: KindStart}, Command{Kind: KindStep},
			Command{Kind: KindOffer, Seat: "AAA", Partner: "EEE", Give: "wording", Get: "safeguards"})
	}
	over := func() *Game { return newGame(t, s, Command{Kind: KindStart}, Command{Kind: KindFinish}) }
	tests := []struct {
		name  string
		game  func() *Game
		cmd   Command
		field string
		msg   string // a part of the message: the allowed values
	}{
		{"no kind", playing, Command{}, "kind", "propose"},
		{"unknown kind", playing, Command{Kind: "bribe", Seat: "AAA"}, "kind", "end_session"},
		{"move without a seat", playing, Command{Kind: KindSupport, Clause: "wording", Option: "unlawful"}, "seat", "AAA, EEE"},
		{"not a student seat", playing, Command{Kind: KindSupport, Seat: "BBB", Clause: "wording", Option: "unlawful"}, "seat", "AAA, EEE"},
		{"unknown clause", playing, Command{Kind: KindPropose, Seat: "AAA", Clause: "nope", Option: "x"}, "clause", "x_offence, wording, safeguards"},
		{"no clause", playing, Command{Kind: KindSupport, Seat: "AAA", Option: "x"}, "clause", "wording"},
		{"option of another clause", playing, Command{Kind: KindSupport, Seat: "AAA", Clause: "wording", Option: "strong"}, "option", "without_right, unlawful"},
		{"unknown partner", playing, Command{Kind: KindOffer, Seat: "AAA", Partner: "ZZZ", Give: "wording", Get: "safeguards"}, "partner", "BBB"},
		{"no partner", playing, Command{Kind: KindOffer, Seat: "AAA", Give: "wording", Get: "safeguards"}, "partner", ""},
		{"partner itself", playing, Command{Kind: KindOffer, Seat: "AAA", Partner: "AAA", Give: "wording", Get: "safeguards"}, "partner", "another"},
		{"unknown give", playing, Command{Kind: KindOffer, Seat: "AAA", Partner: "BBB", Give: "nope", Get: "safeguards"}, "give", "wording"},
		{"unknown get", playing, Command{Kind: KindOffer, Seat: "AAA", Partner: "BBB", Give: "wording", Get: ""}, "get", "wording"},
		{"give is get", playing, Command{Kind: KindOffer, Seat: "AAA", Partner: "BBB", Give: "wording", Get: "wording"}, "get", "different"},
		{"vote not yes, no or abstain", playing, Command{Kind: KindVote, Seat: "AAA", Motion: "first-2", Vote: "maybe"}, "vote", "yes, no, abstain"},
		{"motion voted already", playing, Command{Kind: KindVote, Seat: "AAA", Motion: "mandate", Vote: "yes"}, "motion", "first-2"},
		{"unknown motion", playing, Command{Kind: KindVote, Seat: "AAA", Motion: "package", Vote: "yes"}, "motion", "first-2"},
		{"offer not to this seat", playing, Command{Kind: KindAccept, Seat: "AAA", Offer: 1}, "offer", "none is"},
		{"no such offer", playing, Command{Kind: KindDecline, Seat: "EEE", Offer: 99}, "offer", "waiting: "},
		{"host action with a seat", playing, Command{Kind: KindStep, Seat: "AAA"}, "seat", "host"},
		{"start twice", playing, Command{Kind: KindStart}, TurnField, "already"},
		{"fire an unknown event", playing, Command{Kind: KindFire, Event: "nope"}, "event", "first-2"},
		{"fire an event that happened", playing, Command{Kind: KindFire, Event: "mandate"}, "event", "happened"},
		{"fire an event of another session", playing, Command{Kind: KindFire, Event: "strong-safeguards"}, "event", "first-2"},
		{"move before the start", fresh, Command{Kind: KindSupport, Seat: "AAA", Clause: "wording", Option: "unlawful"}, TurnField, "start"},
		{"step before the start", fresh, Command{Kind: KindStep}, TurnField, "start"},
		{"fire before the start", fresh, Command{Kind: KindFire, Event: "first-2"}, TurnField, "start"},
		{"move after the end", over, Command{Kind: KindVote, Seat: "EEE", Motion: "third-1", Vote: "yes"}, TurnField, "over"},
		{"step after the end", over, Command{Kind: KindStep}, TurnField, "over"},
		{"end_session after the end", over, Command{Kind: KindEndSession}, TurnField, "over"},
		{"fire after the end", over, Command{Kind: KindFire, Event: "third-1"}, TurnField, "over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.game()
			version, live := g.Version(), jsonOf(t, g.Live())
			views := [][]byte{jsonOf(t, seatView(t, g, "AAA")), jsonOf(t, seatView(t, g, "EEE"))}
			checkErr := g.Check(tt.cmd)
			err := g.Apply(tt.cmd)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Apply: %v, want an *InputError", err)
			}
			if checkErr == nil || checkErr.Error() != err.Error() {
				t.Errorf("Check %v, Apply %v: want the same error", checkErr, err)
			}
			if ie.Field != tt.field || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("error %q, want field %s and a message with %q", ie, tt.field, tt.msg)
			}
			if ie.Error() != ie.Field+": "+ie.Msg {
				t.Errorf("Error() = %q", ie.Error())
			}
			if g.Version() != version {
				t.Errorf("version %d after a refused command, was %d", g.Version(), version)
			}
			if got := jsonOf(t, g.Live()); !bytes.Equal(got, live) {
				t.Errorf("the live view changed:\n%s\n%s", live, got)
			}
			for k, seat := range []string{"AAA", "EEE"} {
				if got := jsonOf(t, seatView(t, g, seat)); !bytes.Equal(got, views[k]) {
					t.Errorf("%s's view changed:\n%s\n%s", seat, views[k], got)
				}
			}
		})
	}
}

// TestAnswerOwnOffer checks that a student cannot answer its own offer,
// and that its partner can.
func TestAnswerOwnOffer(t *testing.T) {
	g := newGame(t, toySetup, Command{Kind: KindStart}, Command{Kind: KindStep},
		Command{Kind: KindOffer, Seat: "AAA", Partner: "EEE", Give: "wording", Get: "safeguards"})
	id := seatView(t, g, "AAA").MyMoves[0].Offer
	var ie *InputError
	if err := g.Apply(Command{Kind: KindAccept, Seat: "AAA", Offer: id}); !errors.As(err, &ie) || ie.Field != "offer" {
		t.Errorf("A accepts its own offer: %v", err)
	}
	apply(t, g, Command{Kind: KindDecline, Seat: "EEE", Offer: id})
	if err := g.Apply(Command{Kind: KindAccept, Seat: "EEE", Offer: id}); !errors.As(err, &ie) || ie.Field != "offer" {
		t.Errorf("E accepts an offer it declined: %v", err)
	}
	apply(t, g, Command{Kind: KindStep})
	a := seatView(t, g, "AAA")
	if o, _ := offerOf(a, id); o.State != "declined" || len(a.MyMoves) != 0 {
		t.Errorf("a declined offer: %+v, queue %+v", o, a.MyMoves)
	}
}

// TestFireAndScriptedVotes brings the amendment forward to the next round
// and has the students vote on it and on the mandate.
func TestFireAndScriptedVotes(t *testing.T) {
	g := newGame(t, votesSetup(t), Command{Kind: KindStart})
	if up := seatView(t, g, "AAA").UpcomingVotes; len(up) != 1 || up[0].Motion != "mandate" || up[0].Kind != "mandate" {
		t.Fatalf("the votes of round 1: %+v", up)
	}
	apply(t, g, Command{Kind: KindFire, Event: "first-2"})
	up := seatView(t, g, "AAA").UpcomingVotes
	if len(up) != 2 || up[1].Motion != "first-2" || up[1].Kind != "amendment" || up[1].Round != 1 {
		t.Fatalf("the votes of round 1 once the amendment is brought forward: %+v", up)
	}
	for _, ev := range g.Live().Events {
		if ev.ID == "first-2" && (ev.Round != 1 || ev.Fired) {
			t.Errorf("the amendment's event: %+v", ev)
		}
	}
	apply(t, g, Command{Kind: KindVote, Seat: "AAA", Motion: "first-2", Vote: "no"},
		Command{Kind: KindVote, Seat: "EEE", Motion: "mandate", Vote: "abstain"},
		Command{Kind: KindStep})
	got := map[string]map[string]string{}
	for _, v := range g.Live().Votes {
		got[v.Motion] = v.ByState
	}
	if got["first-2"]["AAA"] != "no" || got["mandate"]["EEE"] != "abstain" {
		t.Errorf("the students' votes: %v", got)
	}
	// A's agent cast its vote on the mandate, E's agent on the amendment.
	if got["mandate"]["AAA"] == "" || got["first-2"]["EEE"] == "" {
		t.Errorf("the agents' ballots of the students' seats: %v", got)
	}
	if up := seatView(t, g, "AAA").UpcomingVotes; len(up) != 0 {
		t.Errorf("the amendment is voted again in round 2: %+v", up)
	}
	apply(t, g, Command{Kind: KindFinish})
	if !g.Done() {
		t.Error("finish did not end the game")
	}
}

// toyLog is a whole toy game.
var toyLog = []Command{
	{Kind: KindStart},
	{Kind: KindPropose, Seat: "EEE", Clause: "x_offence", Option: "deleted"},
	{Kind: KindSupport, Seat: "AAA", Clause: "safeguards", Option: "strong"},
	{Kind: KindOffer, Seat: "AAA", Partner: "EEE", Give: "wording", Get: "safeguards"},
	{Kind: KindOffer, Seat: "AAA", Partner: "CCC", Give: "wording", Get: "x_offence"},
	{Kind: KindStep},
	{Kind: KindAccept, Seat: "EEE", Offer: 1},
	{Kind: KindObject, Seat: "EEE", Object: true},
	{Kind: KindStep},
	{Kind: KindOffer, Seat: "EEE", Partner: "AAA", Give: "x_offence", Get: "wording"},
	{Kind: KindDecline, Seat: "AAA", Offer: 3},
	{Kind: KindEndSession},
	{Kind: KindSupport, Seat: "AAA", Clause: "wording", Option: "unlawful"},
	{Kind: KindStep},
	{Kind: KindStep},
	{Kind: KindVote, Seat: "AAA", Motion: "package", Vote: "yes"},
	{Kind: KindStep},
}

// TestReplay plays the toy game, replays its log, and compares the two
// games: views, version, results folder, byte for byte, at every step.
func TestReplay(t *testing.T) {
	g := newGame(t, toySetup)
	for k, c := range toyLog {
		apply(t, g, c)
		r := newGame(t, toySetup, g.Log()...)
		if r.Version() != g.Version() || r.Version() != k+1 {
			t.Fatalf("command %d: versions %d and %d", k+1, g.Version(), r.Version())
		}
		if a, b := jsonOf(t, g.Live()), jsonOf(t, r.Live()); !bytes.Equal(a, b) {
			t.Fatalf("command %d: live views differ:\n%s\n%s", k+1, a, b)
		}
		for _, seat := range g.Seats() {
			if a, b := jsonOf(t, seatView(t, g, seat)), jsonOf(t, seatView(t, r, seat)); !bytes.Equal(a, b) {
				t.Fatalf("command %d: %s's views differ:\n%s\n%s", k+1, seat, a, b)
			}
		}
	}
	if !g.Done() {
		t.Fatal("the toy game did not end")
	}
	r := newGame(t, toySetup, toyLog...)
	a, err := g.Results()
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Results()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Errorf("%d files, replayed %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs in the replay", name)
		}
	}
	for _, name := range []string{"summary.json", "scenario.json", "text.csv", "positions.csv", "votes.csv", "events.csv", "exchanges.csv", "coalitions.csv", "memberships.csv", "report.html"} {
		if len(a[name]) == 0 {
			t.Errorf("the results have no %s", name)
		}
	}
	// The exchange the students made is in the results.
	if !bytes.Contains(a["exchanges.csv"], []byte("AAA")) || !bytes.Contains(a["exchanges.csv"], []byte("EEE")) {
		t.Errorf("exchanges.csv:\n%s", a["exchanges.csv"])
	}
	// A game is its setup and its log: a game replayed from another's log
	// with a command it refused is refused.
	if _, err := Replay(toySetup, append(slices.Clone(toyLog), Command{Kind: KindStep})); err == nil {
		t.Error("a log with a step after the end replayed")
	}
}

func TestResultsAndDebriefBeforeTheEnd(t *testing.T) {
	g := newGame(t, toySetup, Command{Kind: KindStart})
	var ie *InputError
	if _, err := g.Results(); !errors.As(err, &ie) || !ie.OutOfTurn() {
		t.Errorf("Results before the end: %v", err)
	}
	if _, err := g.Debrief(10); !errors.As(err, &ie) || !ie.OutOfTurn() {
		t.Errorf("Debrief before the end: %v", err)
	}
}

func TestDebrief(t *testing.T) {
	tests := []struct {
		name string
		log  []Command
		runs int
		// want verdicts per seat, or nil not to check them
		verdicts map[string]string
	}{
		// Handed back to the agents at once, the class plays run 0 of the
		// Monte Carlo, whose states do as the agents by construction.
		{"agents alone", []Command{{Kind: KindStart}, {Kind: KindFinish}}, 50,
			map[string]string{"AAA": VerdictSame, "EEE": VerdictSame}},
		// E keeps its red line and wins the vote on the package: A loses
		// what the agents would have traded for it.
		{"the toy game", toyLog, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, toySetup, tt.log...)
			d, err := g.Debrief(tt.runs)
			if err != nil {
				t.Fatal(err)
			}
			wantRuns := tt.runs
			if wantRuns == 0 {
				wantRuns = DefaultDebriefRuns
			}
			if d.Runs != wantRuns || len(d.Clauses) != 3 || len(d.Seats) != 2 || d.Seats[0].State != "AAA" {
				t.Fatalf("debrief %+v", d)
			}
			text := g.Live().Text
			for k, c := range d.Clauses {
				if c.ClassOption != text[k].Option || c.ClassLabel != text[k].Label {
					t.Errorf("clause %s: class option %s, the text has %s", c.ID, c.ClassOption, text[k].Option)
				}
				if c.Probability < 0 || c.Probability > c.ModalProbability || c.ModalLabel == "" {
					t.Errorf("clause %s: %+v", c.ID, c)
				}
			}
			for _, s := range d.Seats {
				if s.Percentile < 0 || s.Percentile > 100 || !(s.AgentP05 <= s.AgentP25 && s.AgentP25 <= s.AgentMedian &&
					s.AgentMedian <= s.AgentP75 && s.AgentP75 <= s.AgentP95) {
					t.Errorf("seat %+v", s)
				}
				// The rule: above the agents' p75 gained, below their p25
				// lost, compared bin by bin (the quartiles are the middles
				// of their bins): a bin of slack.
				const half = 1.0 / 2000
				switch s.Verdict {
				case VerdictGained:
					if s.ClassSatisfaction <= s.AgentP75-half {
						t.Errorf("gained at or below p75: %+v", s)
					}
				case VerdictLost:
					if s.ClassSatisfaction >= s.AgentP25+half {
						t.Errorf("lost at or above p25: %+v", s)
					}
				case VerdictSame:
					if s.ClassSatisfaction > s.AgentP75+half || s.ClassSatisfaction < s.AgentP25-half {
						t.Errorf("as the agents outside the quartiles: %+v", s)
					}
				default:
					t.Errorf("verdict %q", s.Verdict)
				}
				if want, ok := tt.verdicts[s.State]; ok && s.Verdict != want {
					t.Errorf("%s: verdict %s, want %s (%+v)", s.State, s.Verdict, want, s)
				}
			}
			again, err := g.Debrief(tt.runs)
			if err != nil || !bytes.Equal(jsonOf(t, again), jsonOf(t, d)) {
				t.Errorf("a second debrief differs: %v", err)
			}
		})
	}
}

// TestFlagshipGame plays the flagship with three students to the end and
// builds its results folder.
func TestFlagshipGame(t *testing.T) {
	if testing.Short() {
		t.Skip("the flagship's results take a few seconds")
	}
	g := newGame(t, Setup{Scenario: "ahc", Seats: []string{"RUS", "USA", "BRA"}}, Command{Kind: KindStart})
	apply(t, g, Command{Kind: KindPropose, Seat: "RUS", Clause: "cii_offence", Option: "included"},
		Command{Kind: KindOffer, Seat: "BRA", Partner: "USA", Give: "cii_offence", Get: "human_rights_safeguards"},
		Command{Kind: KindOffer, Seat: "USA", Partner: "CHN", Give: "cii_offence", Get: "human_rights_safeguards"},
		Command{Kind: KindObject, Seat: "RUS", Object: true})
	steps := 0
	for !g.Done() {
		apply(t, g, Command{Kind: KindStep})
		if steps++; steps > 200 {
			t.Fatal("the flagship does not end")
		}
		if steps == 5 {
			if v := g.Live(); len(v.Coalitions) == 0 || len(v.Log) == 0 {
				t.Errorf("live view after 5 rounds: %d coalitions, %d lines", len(v.Coalitions), len(v.Log))
			}
		}
	}
	v := seatView(t, g, "RUS")
	if len(v.Partners) < 150 || len(v.Brief.CaresMost) != 5 || len(v.Text) != len(g.Scenario().Clauses) {
		t.Errorf("Russia's view: %d partners, %d clauses it cares most about, %d clauses", len(v.Partners), len(v.Brief.CaresMost), len(v.Text))
	}
	files, err := g.Results()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["report.html"], []byte("<html")) || len(files["summary.json"]) == 0 {
		t.Errorf("the results: %d files, report.html of %d bytes", len(files), len(files["report.html"]))
	}
}

// TestConcurrentUse reads the views while the game is played (go test
// -race finds what a server's handlers would race on).
func TestConcurrentUse(t *testing.T) {
	g := newGame(t, toySetup)
	stop := make(chan struct{})
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_ = g.Live()
				_, _ = g.SeatView(g.Seats()[w%2])
				_ = g.Check(Command{Kind: KindStep})
				_ = g.Version()
			}
		}()
	}
	for _, c := range toyLog {
		apply(t, g, c)
	}
	close(stop)
	for range 4 {
		<-done
	}
	if _, err := g.Debrief(20); err != nil {
		t.Fatal(err)
	}
}
