package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/treatysim/treatysim/scenarios"
)

// ErrNotResults is wrapped when a folder is not a results folder.
var ErrNotResults = errors.New("not a results folder")

// RunData is a results folder read back: what the plots, the narrative and
// the report are drawn from, so that they work on any folder written by
// run, today or later.
type RunData struct {
	Dir         string
	Scenario    *scenarios.Scenario
	Summary     *Summary
	Text        []TextRow
	Positions   []PositionRow
	Votes       []VoteRow
	Events      []EventRow
	Exchanges   []ExchangeRow
	Coalitions  []CoalitionRow
	Memberships []MembershipRow
}

// EventRow is a row of events.csv. Draft names the chair's draft an event
// tabled or a drop came from (consolidated, zero, revised; DraftFinal: the
// final package), else "".
type EventRow struct {
	Session, Kind, States, Clause, From, Option, Text, Draft string
	Round                                                    int
	Value                                                    float64
}

// CoalitionRow is a row of coalitions.csv.
type CoalitionRow struct {
	Session, Coalition, Name, From        string
	Size, Coalitions                      int
	CapabilityShare, Cohesion, Modularity float64
}

// MembershipRow is a row of memberships.csv.
type MembershipRow struct {
	Session, State, Coalition, Previous string
	Moved                               bool
}

// ReadRun reads a results folder written by run: see ParseRun. A path
// that is missing or not a folder wraps ErrNotResults, as bad input.
func ReadRun(dir string) (*RunData, error) {
	if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w: there is no such folder", dir, ErrNotResults)
	} else if err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s: %w: it is a file; name the folder treatysim run wrote", dir, ErrNotResults)
	}
	files := Files{}
	for _, name := range []string{"summary.json", "scenario.json", "text.csv", "positions.csv", "votes.csv",
		"events.csv", "exchanges.csv", "coalitions.csv", "memberships.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	d, err := ParseRun(files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	d.Dir = dir
	return d, nil
}

// ParseRun reads the files of a results folder (as Record.Files renders
// them, or as read from disk). summary.json and scenario.json are required;
// the tables of a single run are read when present (a Monte Carlo folder
// has none, and a folder written before a table or a column existed lacks
// it: exchanges.csv, the cross_pressure of votes.csv, the draft of
// events.csv read as empty, the salience of positions.csv as NaN).
func ParseRun(files Files) (*RunData, error) {
	d := &RunData{}
	if files["summary.json"] == nil {
		return nil, fmt.Errorf("%w: no summary.json", ErrNotResults)
	}
	if err := json.Unmarshal(files["summary.json"], &d.Summary); err != nil {
		return nil, fmt.Errorf("summary.json: %w: %v", ErrNotResults, err)
	}
	if files["scenario.json"] == nil {
		return nil, fmt.Errorf("%w: no scenario.json (a folder written by treatysim run before version 0.4, or merged from shards "+
			"by an older treatysim, has none: run or merge it again)", ErrNotResults)
	}
	if err := json.Unmarshal(files["scenario.json"], &d.Scenario); err != nil {
		return nil, fmt.Errorf("scenario.json: %w: %v", ErrNotResults, err)
	}
	if err := phasesOfOldFolders(files["scenario.json"], d.Scenario); err != nil {
		return nil, fmt.Errorf("scenario.json: %w: %v", ErrNotResults, err)
	}
	tables := []struct {
		name string
		row  func(f func(string) string)
	}{
		{"text.csv", func(f func(string) string) {
			d.Text = append(d.Text, TextRow{Session: f("session"), Round: atoi(f("round")), Clause: f("clause"),
				Option: f("option"), Status: f("status")})
		}},
		{"positions.csv", func(f func(string) string) {
			d.Positions = append(d.Positions, PositionRow{Session: f("session"), Round: atoi(f("round")), State: f("state"),
				Clause: f("clause"), Position: atof(f("position")), Preference: atof(f("preference")),
				Salience: atofOrNaN(f("salience"))})
		}},
		{"votes.csv", func(f func(string) string) {
			d.Votes = append(d.Votes, VoteRow{Session: f("session"), Motion: f("motion"), State: f("state"), Vote: f("vote"),
				CrossPressure: f("cross_pressure") == "true"})
		}},
		{"events.csv", func(f func(string) string) {
			d.Events = append(d.Events, EventRow{Session: f("session"), Round: atoi(f("round")), Kind: f("kind"),
				States: f("states"), Clause: f("clause"), From: f("from"), Option: f("option"), Value: atof(f("value")),
				Text: f("text"), Draft: f("draft")})
		}},
		{"exchanges.csv", func(f func(string) string) {
			d.Exchanges = append(d.Exchanges, ExchangeRow{Session: f("session"), Round: atoi(f("round")), Kind: f("kind"),
				A: f("a"), B: f("b"), BMovesOn: f("b_moves_on"), BFrom: atof(f("b_from")), BTo: atof(f("b_to")),
				AMovesOn: f("a_moves_on"), AFrom: atof(f("a_from")), ATo: atof(f("a_to")),
				Payment: atof(f("payment")), AGain: atof(f("a_gain")), BGain: atof(f("b_gain"))})
		}},
		{"coalitions.csv", func(f func(string) string) {
			d.Coalitions = append(d.Coalitions, CoalitionRow{Session: f("session"), Coalition: f("coalition"), Name: f("name"),
				Size: atoi(f("size")), CapabilityShare: atof(f("capability_share")), Cohesion: atof(f("cohesion")),
				Modularity: atof(f("modularity")), Coalitions: atoi(f("coalitions")), From: f("from")})
		}},
		{"memberships.csv", func(f func(string) string) {
			d.Memberships = append(d.Memberships, MembershipRow{Session: f("session"), State: f("state"),
				Coalition: f("coalition"), Previous: f("previous"), Moved: f("moved") == "true"})
		}},
	}
	for _, t := range tables {
		if b := files[t.name]; b != nil {
			if err := readTable(t.name, b, t.row); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// phasesOfOldFolders gives the sessions of a scenario.json written before
// sessions had a phase the phase the engine of the time played: every
// session negotiated, and a concluding one put its package for adoption.
// Left alone, they would all read as the zero phase, organisation.
func phasesOfOldFolders(b []byte, sc *scenarios.Scenario) error {
	var raw struct {
		Sessions []struct{ Phase *scenarios.Phase }
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for k := range min(len(raw.Sessions), len(sc.Sessions)) {
		if raw.Sessions[k].Phase != nil {
			continue
		}
		sc.Sessions[k].Phase = scenarios.Negotiation
		if sc.Sessions[k].Concluding {
			sc.Sessions[k].Phase = scenarios.Concluding
		}
	}
	return nil
}

// readTable calls row for every record of a CSV table with a header.
func readTable(name string, b []byte, row func(func(string) string)) error {
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w: %v", name, ErrNotResults, err)
	}
	if len(records) == 0 {
		return nil
	}
	col := map[string]int{}
	for k, h := range records[0] {
		col[h] = k
	}
	for _, rec := range records[1:] {
		row(func(name string) string {
			if k, ok := col[name]; ok && k < len(rec) {
				return rec[k]
			}
			return ""
		})
	}
	return nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// atofOrNaN reads a number that an older folder may not have: NaN when it
// is missing.
func atofOrNaN(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// ScenarioJSON renders the resolved scenario for scenario.json, so that a
// results folder describes the negotiation it holds.
func ScenarioJSON(sc *scenarios.Scenario) ([]byte, error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// HasRunTables reports whether the folder holds the tables of a single
// run (positions and coalitions), as opposed to a Monte Carlo summary.
func (d *RunData) HasRunTables() bool { return len(d.Positions) > 0 || len(d.Memberships) > 0 }
