// Package report draws what a teacher puts on the screen from a results
// folder read back (results.RunData): the plots, with gonum/plot, as PNG
// and SVG (coalition sizes, an alluvial diagram of the flows of states
// between coalitions, the agreement matrix, a map of the states on principal
// components, clause survival, the session of decision, position
// trajectories), and report.html, one self-contained page with the
// summary, the clause table, the narrative, the votes, the exchanges, the
// coalitions and who moved between them and why, and the plots.
//
// The data behind each plot is computed apart from its drawing (SizesData,
// FlowData, AgreementData, MapData, SurvivalData, DecidedData,
// TrajectoryData), so that tests check the data, not pixels.
package report
