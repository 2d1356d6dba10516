// Package agents models the delegations of a negotiation: their
// preferences over the clauses of a draft treaty and how they bargain.
//
// A Population holds every state of one run in flat slices indexed by
// state and clause, so that the per-round work allocates nothing. Its
// behaviour follows published models:
//
//   - Utility: salience-weighted loss, U_i(T) = 1 - sum_c w_ic |T_c - x_ic|^a,
//     with a the curvature (a = 2 is risk-averse) and a red line, a distance
//     beyond which the state objects formally.
//   - Socialisation: Friedkin and Johnsen (1999) opinion dynamics,
//     x_i <- lambda_i sum_j A_ij x_j + (1 - lambda_i) p_i, with ties A through
//     shared groups (the norm-diffusion mechanism of seed 002, computed
//     through group means in O(n m)).
//   - Concession: the time-dependent tactics of Faratin, Sierra and
//     Jennings (1998), A_i(tau) = 1 - (1 - r_i) tau^(1/beta_i), with the
//     utility a state is willing to give up spent on its least salient
//     clauses first (Zeuthen's ordering of concessions by what is at
//     stake).
//   - Voting: yes, no or abstain by the utility a motion gains or loses.
//
// Groups that negotiate as one (the EU) table a common position and
// object and vote together.
package agents
