// Package agents models the delegations of a negotiation: their
// preferences over the clauses of a draft treaty and how they bargain.
//
// A Population holds every state of one run in flat slices indexed by
// state and clause, so that the per-round work allocates nothing. One file
// per mechanism, each following a published model:
//
//   - population.go: the states of a run, drawn from the scenario's
//     parameters (fixed numbers or distributions) at Reset.
//   - utility.go: salience-weighted loss, U_i(T) = 1 - sum_c w_ic |T_c - x_ic|^a,
//     with a the curvature (a = 2 is risk-averse), a red line (a distance
//     beyond which the state objects formally), and the aspiration of the
//     time-dependent tactics of Faratin, Sierra and Jennings (1998),
//     A_i(tau) = 1 - (1 - r_i) tau^(1/beta_i).
//   - socialize.go: Friedkin and Johnsen (1999) opinion dynamics,
//     x_i <- lambda_i sum_j A_ij x_j + (1 - lambda_i) p_i, with ties A through
//     shared groups (the norm-diffusion mechanism of seed 002, computed
//     through group means in O(n m)).
//   - concede.go: concession under the deadline, the utility a state is
//     willing to give up spent on its least salient clauses first
//     (Zeuthen's ordering of concessions by what is at stake); promises
//     made in exchanges are kept.
//   - exchange.go: logrolls in the exchange model of Stokman and Van
//     Oosten (1994), equal-gain variant, O(T^2 m) a round for T traders;
//     and positive incentives as purchases on a side dimension.
//   - vote.go: votes under cross-pressure between a state's interest and
//     its alignment with the movers of a motion (Ballot), and the common
//     votes and objections of groups that negotiate as one (the EU).
package agents
