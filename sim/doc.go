// Package sim is the negotiation engine: it runs a scenario's session
// script with the agents of package agents, under a chair and a decision
// rule.
//
// The script follows the procedure of UN negotiating committees in phases
// (session.go): organisation; first readings, in which every proposal of a
// delegation that cares enters the text in brackets and nothing is
// dropped; negotiation on the chair's text; and concluding sessions, whose
// package is put for adoption. Each bargaining round of a negotiation
// socialises the states (Friedkin-Johnsen), lets them concede under the
// deadline (time-dependent tactics), prices exchanges against the expected
// outcome, the compromise of the demands (the compromise model of Achen
// 2006 and Thomson et al. 2006), and lets them trade (Stokman and Van
// Oosten's exchange model; exchange.go); the chair then revises its single
// negotiating text (Raiffa) toward that compromise (chair.go). Between
// sessions the chair drafts texts from the room (draft.go): a
// consolidated document that compiles every proposal, and zero and
// revised drafts that leave out what lacks support, red lines deciding
// where only one side has one.
//
// At the end of a concluding session the package is put for adoption
// (decide.go):
//
//   - consensus: adopted when nobody objects formally; the chair first
//     drops the clauses that cross an objector's red line;
//   - consensus_then_vote: consensus while a reconvened session can still
//     follow; once none can, an objection sends the package to a recorded
//     vote at the scenario's threshold of those present and voting;
//   - majority: a recorded vote, more yes than no.
//
// A state objects when a red line is crossed, or in a logit choice when
// the package falls short of its aspiration by more than the cost of
// standing out, which falls with the capability share of the dissatisfied;
// an objection that cannot change the outcome gains nothing. States vote
// by their interest and their alignment with the movers, abstaining under
// cross-pressure.
//
// Engine.Run plays one run; Start and Step play it a round at a time, and
// a Player can act for any delegation (player.go). A run allocates nothing
// in steady state when no Recorder is given. Randomness comes only from
// the generator passed in.
package sim
