package scenarios

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
)

// SweepFile is a parameter sweep as written in TOML: a grid over scenario
// keys, with a number of Monte Carlo runs at each point.
type SweepFile struct {
	Scenario string      `toml:"scenario" required:"true" doc:"The scenario swept: a path relative to the sweep file, or the name of a shipped scenario."`
	Runs     int64       `toml:"runs" default:"200" range:"[1,inf)" doc:"Monte Carlo runs at each point of the grid."`
	Seed     int64       `toml:"seed" default:"1" range:"[0,inf)" doc:"Master seed; every point uses it, so that points differ only by the parameters (common random numbers)."`
	Axes     []SweepAxis `toml:"axes" required:"true" doc:"The parameters swept; the grid is their product."`
}

// SweepAxis is one parameter of a sweep.
type SweepAxis struct {
	Key    string `toml:"key" required:"true" doc:"Key path in the scenario, e.g. rules.vote_threshold or states.CHN.positions.cii_offence.salience."`
	Values []any  `toml:"values" required:"true" doc:"The values it takes."`
}

// Sweep is a sweep file read and checked.
type Sweep struct {
	File     string
	Scenario string // resolved: a file path or a shipped name
	Runs     uint64
	Seed     uint64
	Axes     []SweepAxis
}

// LoadSweep reads a sweep file, checks its keys and checks that every
// point of the grid is a valid scenario.
func LoadSweep(path string) (*Sweep, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep %s: %w", path, err)
	}
	var tree map[string]any
	if _, err := toml.Decode(string(data), &tree); err != nil {
		return nil, &InvalidError{Problems: []error{syntaxProblem(path, data, err)}}
	}
	ps := &problems{origin: func(string) string { return path }}
	var f SweepFile
	(&decoder{ps: ps}).decodeStruct("", tree, reflectValueOf(&f))
	for i, a := range f.Axes {
		if len(a.Values) == 0 {
			ps.add(fmt.Sprintf("axes[%d].values", i+1), "an axis needs at least one value")
		}
	}
	if len(ps.list) > 0 {
		return nil, &InvalidError{Problems: ps.list}
	}
	sw := &Sweep{File: path, Scenario: f.Scenario, Runs: uint64(f.Runs), Seed: uint64(f.Seed), Axes: f.Axes}
	if !isShippedName(f.Scenario) {
		sw.Scenario = filepath.Join(filepath.Dir(path), filepath.FromSlash(f.Scenario))
	}
	for _, point := range sw.Points() {
		if _, err := LoadWith(sw.Scenario, point); err != nil {
			return nil, fmt.Errorf("sweep %s: the point %v: %w", path, point, err)
		}
	}
	return sw, nil
}

// Points returns the grid, the last axis varying fastest.
func (s *Sweep) Points() [][]Override {
	points := [][]Override{nil}
	for _, a := range s.Axes {
		var next [][]Override
		for _, p := range points {
			for _, v := range a.Values {
				q := append(append([]Override(nil), p...), Override{Key: a.Key, Value: v})
				next = append(next, q)
			}
		}
		points = next
	}
	return points
}

func (o Override) String() string { return fmt.Sprintf("%s=%v", o.Key, o.Value) }
