// Package importers reads datasets of real negotiations into a neutral
// in-memory Dataset and renders a Dataset (or some of its issues) as
// scenario TOML in the format of package scenarios, so that the engine can
// be run on, and checked against, negotiations whose outcomes are known.
//
// Two formats are read:
//
//   - DEU III, "European Union Decides" (Arregui and Perarnaud 2021), as a
//     tab-separated file: one contested issue of EU legislation per line,
//     with the positions and saliences of the Commission, the Parliament
//     and the member states on a 0-100 scale, the reference point, the
//     recorded outcome and the Council's voting rule (ParseDEU);
//   - the input files of the Stokman exchange-model package decide:
//     '#A' actor, '#P' issue, '#M' scale point and '#D' actor-issue data
//     records (ParseDecide).
//
// A Dataset holds every scale mapped to [0,1]: positions, reference
// points and outcomes as (v - lo) / (hi - lo) of the scale, and
// saliences as shares. Every actor gets an ISO 3166 alpha-3 code, the real
// one for a state and one from the user-assigned range XAA-XZZ for the
// rest (the Commission XCO, the Parliament XEP, negotiating groups
// mnemonic X codes); docs/validation.md lists them.
//
// Parsing reports every problem of a file at once, each as file:line:
// message, in a *scenarios.InvalidError, which wraps scenarios.ErrInvalid:
// a bad data file is treated exactly as a bad scenario file.
//
// Render writes a Dataset as a scenario: one clause per issue, whose
// options are the distinct positions taken on it and the reference
// point; one state per actor taking part; one concluding session whose
// deadline pressure rises to 1; and the decision rule the issues were
// decided under. Each state's value of no treaty is its utility of the
// reference points (NoTreaty), so that failing to agree leaves the status
// quo in place.
package importers
