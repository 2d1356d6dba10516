// Package scenarios defines the scenario format of treatysim, reads
// scenario files written in TOML, validates them, and resolves them into
// a Scenario the engine can run.
//
// A scenario names the contested clauses of a draft treaty and their
// options on a [0,1] policy scale, the groups and states that negotiate
// them, the decision rule, the model parameters and the session script with
// its events. A file may extend another (extends = "base.toml" or the name
// of a shipped scenario) and override a few values; see
// docs/scenario-format.md, which is generated from the struct tags of the
// types in schema.go, the same tags the validator enforces.
//
// Numeric parameters of states, groups and dispositions are Params: a
// number, or a distribution that each Monte Carlo run draws from.
//
// Loading reports every problem at once: a TOML syntax error as
// file:line:column with the offending line; any other problem with the
// file that set the key and the key's full path (states.RUS.positions.
// cii_offence.ideal). Errors that describe a bad scenario wrap ErrInvalid.
//
// Input is bounded before it is decoded (limits.go, docs/limits.md): the
// size of a file, its lines, the depth of its keys and the weight of its
// keys and values, then the states, clauses and sessions it holds. extends
// reaches only shipped scenarios and .toml files in the folder of the file
// named on the command line (sources.go), and a syntax error quotes the
// text only of a .toml file (syntax.go).
//
// The scenarios shipped with the program are embedded; LoadShipped reads
// them by name, and DefaultName is the one that runs when none is given.
package scenarios
