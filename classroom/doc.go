// Package classroom plays a scenario with a class: students play some
// delegations from their browsers, the agents play the rest of the room,
// and a teacher (the host) steps the negotiation round by round.
//
// A Game is the game core: a scenario (shipped or uploaded), a seed and
// the seats the students may take (Setup), and the commands applied to it
// in order (Command: the students' moves and the host's actions). A game
// is nothing but NewGame and its commands: Replay of the same Setup and
// log gives exactly the same state, which is how a server stores games
// (the log) and resumes them after a restart. Randomness comes only from
// the run's generator, sim.RunRNG(seed, 0), as in a single run of
// treatysim run.
//
// Every human seat is a sim.Player (seat.go). A student's moves are
// queued and take effect in the next round, when the engine lets the seat
// act: proposals (Engine.Propose), demands (Engine.Support) and offers of
// exchange (Engine.OfferTrade), in the order received. An offer to an
// agent is put to it then; an offer to another student waits until that
// student accepts it (it is made in the next round) or declines it.
// Exchanges the agents offer to a student are declined automatically and
// shown to the student. A seat votes as its student voted on a motion of
// the next round, or else as its agent would (Engine.AgentVote), and
// objects to the package when its student said so.
//
// The views (views.go) are plain structs with JSON tags for the browser:
// Brief (a delegation's instructions in plain words), SeatView (what a
// student sees), LiveView (the projector: the text, the coalitions, the
// votes, the narrative). Debrief (debrief.go) compares the class with the
// agents over a Monte Carlo of the same scenario and seed; Results gives
// the results folder of the game, the files treatysim run writes.
//
// A Game is safe for concurrent use. Errors that a user's input causes are
// *InputError, naming the field at fault and the allowed values.
package classroom
