// Package unvotes reads the recorded (roll-call) votes of the United
// Nations General Assembly and estimates from them where each state stands:
// an ideal point on the main dimension of UN voting and an alignment on a
// named divide, such as the one between the United States and Russia on
// information and communication technologies.
//
// The data are Erik Voeten's "United Nations General Assembly Voting Data"
// as packaged by the R package unvotes: roll_calls.csv (one line per roll
// call) and votes.csv (one line per state and roll call, yes, no or
// abstain). Read and Parse load them into a Record, reporting every
// problem as file:line: message; Window and Topic select sessions and
// roll calls.
//
// The estimates follow published models:
//
//   - IdealPoints fits the one-dimensional ordinal item-response model of
//     Bailey, Strezhnev and Voeten (2017), "Estimating dynamic state
//     preferences from United Nations voting data", Journal of Conflict
//     Resolution 61(2): 430-456. Votes are ordered no < abstain < yes and
//     each roll call has a discrimination and two cutpoints. Bailey et al.
//     use an ordered probit; this package uses an ordered logit, which has
//     a closed-form log-likelihood and differs from the probit only in
//     scale. It fits a single window of sessions by maximum a posteriori
//     estimation; it does not bridge sessions through repeated
//     resolutions as Bailey et al. do, so points from different fits are
//     on different scales.
//   - Record.Agreement is Voeten's agreement index: 1 for the same vote,
//     0.5 when one state abstains and the other does not, 0 for yes
//     against no.
//   - Align places a state between two reference states on a divide from
//     its votes on the roll calls where the two voted apart
//     (Record.Sides), each roll call centred on its mean, with a standard
//     error from the pooled within-state variance of the votes; a state
//     with no such vote is predicted from its ideal point by least
//     squares. Empirical-Bayes shrinkage toward the ideal point was tried
//     and rejected: the main dimension puts Russia, which leads one camp
//     of the ICT divide, at its centre (docs/alignment.md).
//
// Randomness (the held-out split) comes only from an explicitly passed
// *rand.Rand, and every result is sorted, so equal inputs give equal
// outputs.
package unvotes
