// Package results turns what the engine produced into what users read:
// the record of a run (the text, positions, votes and events round by
// round), summaries, tidy CSV files that R and pandas read as they are,
// and the results folder, written atomically.
package results
