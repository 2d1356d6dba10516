// Package sensitivity computes global sensitivity indices of a model
// y = f(x) whose factors x lie in the unit cube [0,1]^k (the caller maps
// each coordinate to the factor's own distribution, for instance through
// its quantile function) and whose evaluations return several outputs
// at once.
//
// Both methods follow the same two steps, so that the evaluations, the
// costly part, can run in parallel, in shards, or in any order: a
// constructor returns a Design whose Points list every x to evaluate, the
// caller evaluates them, and a method of the Design turns the outputs,
// given in the order of Points, into indices.
//
// Sobol indices (NewSobol, Design.Sobol): two base matrices A and B of
// N rows and k columns are drawn from gonum's stat/samplemv (a Latin
// hypercube by default, or the Owen-scrambled Halton sequence) as the two
// halves of one N x 2k sample; A_B^i is A with its column i taken from B.
// With V the variance of f over the rows of A and B together, the
// first-order index uses the estimator of Saltelli et al. (2010, table 2,
// line b)
//
//	S_i  = mean( f(B) (f(A_B^i) - f(A)) ) / V
//
// and the total index the estimator of Jansen (1999)
//
//	ST_i = mean( (f(A) - f(A_B^i))^2 ) / 2 / V .
//
// The cost is N(k+2) evaluations. 95% intervals are bootstrap percentile
// intervals: the N rows (of A, B and every A_B^i together) are resampled
// with replacement, 500 times by default, from a stream seeded by the
// design's seed, so that the indices are a function of the seed and the
// outputs alone.
//
// Morris elementary effects (NewMorris, Design.Morris): r trajectories on
// a p-level grid of the unit cube (p = 4 by default) with step
// delta = p/(2(p-1)); each trajectory starts from a random grid point and
// moves one factor at a time, in a random order, by +delta or -delta
// (whichever stays in the cube). For each factor and output, mu is the
// mean elementary effect, mu* the mean of its absolute value (Campolongo,
// Cariboni and Saltelli 2007), and sigma its standard deviation (Morris
// 1991). The cost is r(k+1) evaluations. Note that on a p-level grid the
// effects measured are those of steps of size delta, not derivatives: for
// the Ishigami function with p = 4, mu* of x2 (7.875) slightly exceeds
// that of x1 (about 7.70) although x1 has the larger total Sobol index.
//
// On a scenario (scenario.go, model.go, params.go), a factor moves a set
// of uncertain values together, each to the same quantile of its own
// distribution, or one model parameter across a range: DefaultFactors
// gives one factor per kind of value and group of states and one per model
// parameter, ParseParams the factors a params file chooses. Each point is
// played by one run, and the points a method compares play the same random
// stream (Design.Stream: common random numbers), so that a factor the
// engine ignores gets an index of exactly 0. An Analysis names everything
// the design and the indices depend on; shards of its points (shard.go)
// carry it, so that they merge without the scenario, into the same files.
//
// References:
//
//   - A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto and
//     S. Tarantola (2010). Variance based sensitivity analysis of model
//     output. Design and estimator for the total sensitivity index.
//     Computer Physics Communications 181(2), 259-270.
//   - M. J. W. Jansen (1999). Analysis of variance designs for model
//     output. Computer Physics Communications 117(1-2), 35-43.
//   - M. D. Morris (1991). Factorial sampling plans for preliminary
//     computational experiments. Technometrics 33(2), 161-174.
//   - F. Campolongo, J. Cariboni and A. Saltelli (2007). An effective
//     screening design for sensitivity analysis of large models.
//     Environmental Modelling & Software 22(10), 1509-1518.
package sensitivity
