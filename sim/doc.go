// Package sim is the negotiation engine: it runs a scenario's session
// script with the agents of package agents, under a chair and a decision
// rule.
//
// A session is a number of bargaining rounds on the clusters on its
// agenda. Each round, scripted events fire; the states move toward their
// partners (Friedkin-Johnsen socialisation) and concede under deadline
// pressure (time-dependent tactics, least salient clauses first); and the
// chair revises its single negotiating text (Raiffa's single negotiating
// text) toward the room's compromise, the capability- and salience-weighted
// mean of the states' demands (the compromise model of Achen 2006 and
// Thomson et al. 2006), snapping to the nearest option and dropping a
// clause whose inclusion is opposed by more than a blocking share.
//
// At the end of a concluding session the package is put for adoption:
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
// an objection that cannot change the outcome gains nothing.
//
// Engine.Run plays one run; it allocates nothing when no Recorder is
// given. Randomness comes only from the generator passed in.
package sim
