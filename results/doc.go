// Package results turns what the engine produced into what users read:
// the record of a run (the text, positions, votes, events and exchanges
// round by round), aggregation over Monte Carlo runs (counts that merge
// exactly, Wilson intervals, shard files), coalitions (Louvain communities
// of the agreement graph of the states' demands, tracked across sessions,
// with the reasons states moved between them), the narrative of a run,
// tidy CSV files that R and pandas read as they are, and the results
// folder, written atomically. Plots and the HTML report are in the
// subpackage report; the backtest against recorded outcomes in backtest.
package results
