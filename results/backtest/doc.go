// Package backtest checks the engine against negotiations whose outcomes
// are on record (DEU III, read by package scenarios/importers), beside
// baselines that the package computes itself, and tunes the engine's
// parameters on the train split.
//
// For every issue with a recorded outcome, the engine runs the issue's
// one-clause scenario as `treatysim import` renders it (or, with
// Config.Packages, the scenario of its whole proposal, a clause per
// issue): one concluding session whose deadline pressure rises to 1, its
// rounds of concession, exchange and the chair's revisions followed by the
// chair's final package; unanimity as consensus and qualified majority as
// consensus then a vote at 0.55 of those voting (an approximation of the
// double majority); each actor's value of no treaty its utility of the
// reference point, 1 - s |ref - x|^a. Exchange (Stokman and Van Oosten's
// logrolls) is on, as in the engine, unless Params.Exchange is false; an
// issue negotiated alone offers nothing to trade. The engine's prediction
// is the final option's value if the text is adopted, else the reference
// point; objections are random (a logit choice), so the prediction is the
// mean over several runs, run r of every issue using the stream
// sim.RunRNG(seed, r).
//
// The baselines, on the stands' positions x_i and saliences s_i in [0,1]
// and capabilities c_i:
//
//   - compromise: sum c_i s_i x_i / sum c_i s_i (Achen 2006; Thomson et
//     al. 2006);
//   - weighted median: the median position, weights c_i s_i;
//   - reference point: no change at all;
//   - Nash bargaining solution: the x maximising the product of the gains
//     over the reference point, U_i(x) = -s_i |x - x_i|^a, of the actors
//     who gain at x, on a grid;
//   - expected utility: Bueno de Mesquita's model (Bueno de Mesquita 1994,
//     "Political forecasting: an expected utility method", in Bueno de
//     Mesquita and Stokman (eds.), European Community Decision Making, Yale
//     UP), as reconstructed by Scholz, Calbert and Smith (2011),
//     "Unravelling Bueno de Mesquita's group decision model", Journal of
//     Theoretical Politics 23(4); bdm.go states the simplifications.
//
// Each model's error is the mean absolute difference between its
// prediction and the recorded outcome on the 0-100 scale, on the train
// split, the test split and all issues; Compare pairs each engine with the
// compromise model issue by issue, with a bootstrap interval over
// proposals. Tune minimises the engine's error on the train split with
// Nelder-Mead (gonum/optimize) over chair_step, curvature,
// objection_temperature, standout_cost and the concession exponent, and
// active_salience when exchange can matter (on, with packages), mapped
// into their ranges; exchange on or off is compared by tuning each.
// docs/validation.md reports the figures.
package backtest
