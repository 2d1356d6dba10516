package importers

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// Format names the file format a Dataset was read from.
type Format string

// The formats read.
const (
	DEU    Format = "deu"
	Decide Format = "decide"
)

// Rule is the decision rule an issue was decided under.
type Rule uint8

// The decision rules of the datasets.
const (
	Unanimity Rule = iota // every member must agree (DEU "Unan"; UNFCCC consensus)
	QMV                   // qualified majority in the Council of the EU
)

func (r Rule) String() string {
	if r == QMV {
		return "qmv"
	}
	return "unanimity"
}

// Split is the part of a dataset an issue belongs to: parameters are tuned
// on Train and reported on Test.
type Split uint8

// The splits. Issues of a dataset without outcomes belong to none.
const (
	NoSplit Split = iota
	Train
	Test
)

func (s Split) String() string {
	switch s {
	case Train:
		return "train"
	case Test:
		return "test"
	}
	return "none"
}

// Capability names where actors' capabilities come from.
type Capability string

// The capability sources.
const (
	Equal Capability = "equal" // every actor weighs 1
	GDP   Capability = "gdp"   // DEU: the weight per actor on line 2 of the file
	Power Capability = "power" // decide: the power column of each '#D' record
)

// ParseCapability reads a capability source as given on the command line.
func ParseCapability(s string) (Capability, error) {
	switch c := Capability(strings.ToLower(s)); c {
	case Equal, GDP, Power:
		return c, nil
	}
	return "", fmt.Errorf("unknown capability source %q; allowed: equal, gdp, power", s)
}

// Dataset is a set of negotiated issues read from a file, every scale
// mapped to [0,1].
type Dataset struct {
	Name     string // the file it was read from, for messages
	Format   Format
	Title    string
	Source   string // citation of the data
	Actors   []Actor
	Issues   []Issue
	Proposer int // the actor whose proposal opens an issue without a reference point (DEU: the Commission), or -1

	// Capability is the source the stands' Capability fields were filled
	// from (SetCapability).
	Capability Capability

	// Notes are remarks on the file that are not errors, each as
	// file:line: message (a salience imputed, a salience without a
	// position ignored).
	Notes []string
}

// Actor is a participant: a state, an EU institution, a negotiating group.
type Actor struct {
	Code string  // ISO 3166 alpha-3, or a user-assigned X code
	Key  string  // as the file names it: "at", "com", "China India"
	Name string  // for people
	GDP  float64 // DEU: the weight on line 2 of the file; 0 when none
}

// Issue is one contested issue: one clause of a scenario.
type Issue struct {
	ID         string // as the file names it
	Title      string
	Group      string // the proposal it belongs to (DEU), for clusters
	GroupTitle string
	Line       int // line of the file it was read from (DEU), or of its '#P' record
	Rule       Rule
	RuleText   string // the rule as recorded ("QMV", "Unan")
	Split      Split
	Ref        float64 // reference point on [0,1]; NaN when unknown
	Outcome    float64 // recorded outcome on [0,1]; NaN when none
	Lo, Hi     float64 // the issue's scale in the file's units, for reports
	Stands     []Stand // the actors taking part, in actor order
}

// HasRef reports whether the issue's reference point is known.
func (is *Issue) HasRef() bool { return !math.IsNaN(is.Ref) }

// HasOutcome reports whether the issue's outcome is recorded.
func (is *Issue) HasOutcome() bool { return !math.IsNaN(is.Outcome) }

// Stand is an actor's stand on an issue.
type Stand struct {
	Actor      int     // index in Dataset.Actors
	Position   float64 // on [0,1]
	Salience   float64 // on [0,1]
	Imputed    bool    // the salience was missing and imputed
	Power      float64 // decide: the power column; 0 when none
	Capability float64 // from the Dataset's capability source; > 0
}

// SetCapability fills every stand's Capability from the source: Equal
// gives 1; GDP the actor's weight on line 2 of a DEU file; Power the power
// column of a decide file. It fails, naming the actors concerned, when the
// source is not in the file.
func (ds *Dataset) SetCapability(src Capability) error {
	switch {
	case src == GDP && ds.Format != DEU:
		return fmt.Errorf("%s: capability gdp: a %s file has no GDP weights; use equal or power", ds.Name, ds.Format)
	case src == Power && ds.Format != Decide:
		return fmt.Errorf("%s: capability power: a %s file has no power column; use equal or gdp", ds.Name, ds.Format)
	case src != Equal && src != GDP && src != Power:
		return fmt.Errorf("unknown capability source %q; allowed: equal, gdp, power", src)
	}
	var missing []string
	seen := map[int]bool{}
	for k := range ds.Issues {
		for j := range ds.Issues[k].Stands {
			st := &ds.Issues[k].Stands[j]
			v := 1.0
			switch src {
			case GDP:
				v = ds.Actors[st.Actor].GDP
				if v <= 0 {
					if !seen[st.Actor] {
						missing = append(missing, ds.Actors[st.Actor].Key)
						seen[st.Actor] = true
					}
					continue
				}
			case Power:
				// A power of 0 is allowed in decide files, but a
				// scenario's capabilities are positive: such an actor
				// weighs next to nothing.
				v = math.Max(st.Power, minCapability)
			}
			st.Capability = v
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: capability gdp: no GDP weight on line 2 for %s", ds.Name, strings.Join(missing, ", "))
	}
	ds.Capability = src
	return nil
}

// MaxCapability is the largest capability a scenario takes (the range of
// capability in the scenarios package's schema): a power or weight above
// it is refused when the file is read, not when the rendered scenario is
// loaded.
const MaxCapability = 1e6

// minCapability is the capability of an actor whose power is 0.
const minCapability = 1e-6

// Outcomes counts the issues with a recorded outcome.
func (ds *Dataset) Outcomes() int {
	n := 0
	for k := range ds.Issues {
		if ds.Issues[k].HasOutcome() {
			n++
		}
	}
	return n
}

// IssueIndex returns the index of the issue with the given id, or -1.
func (ds *Dataset) IssueIndex(id string) int {
	for k := range ds.Issues {
		if ds.Issues[k].ID == id {
			return k
		}
	}
	return -1
}

// Select returns the indices of the issues named by ids: an issue id, or
// the id of a proposal (DEU prnr) for all its issues. Unknown ids are an
// error.
func (ds *Dataset) Select(ids []string) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	var unknown []string
	for _, id := range ids {
		found := false
		for k := range ds.Issues {
			if ds.Issues[k].ID == id || (ds.Issues[k].Group != "" && ds.Issues[k].Group == id) {
				found = true
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
		if !found {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%s: no issue or proposal %s", ds.Name, strings.Join(unknown, ", "))
	}
	sort.Ints(out)
	return out, nil
}

// problems collects the problems of a file as file:line: message.
type problems struct {
	file string
	list []error
}

// maxProblems caps the list, so that a file in the wrong format gives a
// readable message rather than one line per cell.
const maxProblems = 50

func (ps *problems) add(line int, format string, args ...any) {
	ps.list = append(ps.list, &lineProblem{File: ps.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems as a *scenarios.InvalidError, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	// Report in file order; problems found when checking references come
	// after the line-by-line ones but belong among them.
	sort.SliceStable(ps.list, func(a, b int) bool {
		return ps.list[a].(*lineProblem).Line < ps.list[b].(*lineProblem).Line
	})
	list := ps.list
	if len(list) > maxProblems {
		more := len(list) - maxProblems
		list = append(list[:maxProblems:maxProblems], fmt.Errorf("%s: ... and %d more problems", ps.file, more))
	}
	return &scenarios.InvalidError{Problems: list}
}

// lineProblem is one problem of a data file.
type lineProblem struct {
	File string
	Line int // 0: the file as a whole
	Msg  string
}

func (p *lineProblem) Error() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// errReading wraps a failure to read the input (not a problem in it).
func errReading(name string, err error) error {
	return fmt.Errorf("reading %s: %w", name, err)
}

var errNotFinite = errors.New("not a finite number")
