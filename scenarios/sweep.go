package scenarios

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
)

// SweepFile is a parameter sweep as written in TOML: a grid over scenario
// keys, with a number of Monte Carlo runs at each point.
type SweepFile struct {
	Scenario string      `toml:"scenario" required:"true" doc:"The scenario swept: the name of a shipped scenario, or a relative path to a .toml file in the sweep file's folder or below it."`
	Runs     int64       `toml:"runs" default:"200" range:"[1,inf)" doc:"Monte Carlo runs at each point of the grid."`
	Seed     int64       `toml:"seed" default:"1" range:"[0,inf)" doc:"Master seed; every point uses it, so that points differ only by the parameters (common random numbers)."`
	Axes     []SweepAxis `toml:"axes" required:"true" need:"at least one [[axes]] table" doc:"The parameters swept, each key once; the grid is their product, at most 10,000 points (docs/limits.md)."`
}

// SweepAxis is one parameter of a sweep.
type SweepAxis struct {
	Key    string `toml:"key" required:"true" doc:"Key path in the scenario, e.g. rules.vote_threshold or states.CHN.positions.cii_offence.salience."`
	Values []any  `toml:"values" required:"true" need:"at least one value" doc:"The values it takes, each once."`
}

// Sweep is a sweep file read and checked.
type Sweep struct {
	File     string
	Scenario string // resolved: a file path or a shipped name
	Runs     uint64
	Seed     uint64
	Axes     []SweepAxis
}

// MaxSweepPoints is the largest grid LoadSweep accepts: every point is
// checked as a scenario before any run starts, and each then runs a Monte
// Carlo. LoadSweepMax takes another bound (treatysim sweep --max-points).
const MaxSweepPoints = 10_000

// LoadSweep reads a sweep file, checks its keys and checks that every
// point of the grid is a valid scenario.
func LoadSweep(path string) (*Sweep, error) { return LoadSweepMax(path, MaxSweepPoints) }

// LoadSweepMax is LoadSweep with a grid of at most maxPoints points,
// counted before any point is built or checked.
func LoadSweepMax(path string, maxPoints int) (*Sweep, error) {
	data, err := readLimited(path)
	if err != nil {
		var inv *InvalidError
		if errors.As(err, &inv) {
			return nil, err
		}
		return nil, fmt.Errorf("sweep %s: %w", path, err)
	}
	return parseSweep(path, data, maxPoints)
}

// parseSweep checks the text of the sweep file at path.
func parseSweep(path string, data []byte, maxPoints int) (*Sweep, error) {
	var tree map[string]any
	if _, err := decodeTOML(path, data, &tree); err != nil {
		return nil, err
	}
	ps := &problems{origin: func(string) string { return path }}
	var f SweepFile
	(&decoder{ps: ps}).decodeStruct("", tree, reflectValueOf(&f))
	checkAxes(f.Axes, ps)
	sw := &Sweep{File: path, Scenario: f.Scenario, Runs: uint64(f.Runs), Seed: uint64(f.Seed), Axes: f.Axes}
	if n := sw.Size(); n > maxPoints {
		size := fmt.Sprint(n)
		if n == math.MaxInt {
			size = "more than " + fmt.Sprint(math.MaxInt-1)
		}
		ps.add("axes", "the grid has %s points, more than the %d allowed (the product of the axes' numbers of values): check the axes (docs/limits.md; treatysim sweep --max-points raises the limit)", size, maxPoints)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if !isShippedName(f.Scenario) {
		dir := filepath.Dir(path)
		p, err := reach(dir, dir, f.Scenario, "sweep file")
		if err != nil {
			ps.add("scenario", "%v", err)
			return nil, ps.err()
		}
		sw.Scenario = p
	}
	// The scenario is read once; each point is resolved from a copy of
	// its tree with the point's values set.
	src, err := sourceOf(sw.Scenario)
	if err != nil {
		return nil, fmt.Errorf("sweep %s: %w", path, err)
	}
	l := &loader{origin: map[string]string{}, order: map[string][]string{}}
	base, err := l.read(src)
	if err != nil {
		return nil, fmt.Errorf("sweep %s: %w", path, err)
	}
	for i, a := range f.Axes {
		if err := checkPath(base, a.Key); err != nil {
			ps.add(fmt.Sprintf("axes[%d].key", i+1), "%v", err)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	for p := range sw.Size() {
		point := sw.Point(p)
		pl := &loader{overrides: point, origin: l.origin, order: l.order, files: l.files}
		if _, err := pl.resolveTree(deepCopy(base).(map[string]any)); err != nil {
			return nil, fmt.Errorf("sweep %s: the point %v: %w", path, point, err)
		}
	}
	return sw, nil
}

// checkAxes refuses a key swept twice (the second axis would silently
// win, and the CSV files would have two columns of one name), a key inside
// another axis's key (one would overwrite the other), and a value given
// twice in an axis (two points alike). Empty lists are refused by the
// decoder.
func checkAxes(axes []SweepAxis, ps *problems) {
	keys := map[string]int{}     // key -> axis index
	prefixes := map[string]int{} // every proper prefix of a key -> axis index
	for i, a := range axes {
		p := fmt.Sprintf("axes[%d]", i+1)
		seen := make(map[string]int, len(a.Values))
		for k, v := range a.Values {
			s := fmt.Sprint(v)
			if j, dup := seen[s]; dup {
				ps.add(fmt.Sprintf("%s.values[%d]", p, k+1), "%s is given already as values[%d]; give each value once", s, j+1)
			} else {
				seen[s] = k
			}
		}
		if j, ok := keys[a.Key]; ok {
			ps.add(p+".key", "%s is swept already by axes[%d]; sweep each key once, with all its values in one axis", a.Key, j+1)
			continue
		}
		if j, ok := prefixes[a.Key]; ok {
			ps.add(p+".key", "%s holds the key of axes[%d] (%s); an axis may not set a value inside another's", a.Key, j+1, axes[j].Key)
			continue
		}
		parts := strings.Split(a.Key, ".")
		for k := 1; k < len(parts); k++ {
			pre := strings.Join(parts[:k], ".")
			if j, ok := keys[pre]; ok {
				ps.add(p+".key", "%s lies inside the key of axes[%d] (%s); an axis may not set a value inside another's", a.Key, j+1, pre)
			}
			if _, ok := prefixes[pre]; !ok {
				prefixes[pre] = i
			}
		}
		keys[a.Key] = i
	}
}

// Size is the number of points of the grid (the product of the axes'
// numbers of values), math.MaxInt if that overflows.
func (s *Sweep) Size() int {
	n := 1
	for _, a := range s.Axes {
		if l := len(a.Values); l > 0 && n > math.MaxInt/l {
			return math.MaxInt
		}
		n *= len(a.Values)
	}
	return n
}

// Point returns point p of the grid (0 <= p < Size()), the last axis
// varying fastest, without building the others.
func (s *Sweep) Point(p int) []Override {
	point := make([]Override, len(s.Axes))
	for k := len(s.Axes) - 1; k >= 0; k-- {
		l := len(s.Axes[k].Values)
		point[k] = Override{Key: s.Axes[k].Key, Value: s.Axes[k].Values[p%l]}
		p /= l
	}
	return point
}

// Points returns the grid, the last axis varying fastest.
func (s *Sweep) Points() [][]Override {
	points := make([][]Override, s.Size())
	for p := range points {
		points[p] = s.Point(p)
	}
	return points
}

func (o Override) String() string { return fmt.Sprintf("%s=%v", o.Key, o.Value) }
