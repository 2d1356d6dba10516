package sensitivity

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode"

	"github.com/treatysim/treatysim/scenarios"
)

// A params file chooses the factors of an analysis (treatysim sensitivity
// --params FILE):
//
//	[[factor]]                 # one factor: every parameter it selects moves together
//	name = "silent middle"     # required, unique
//	kind = ["ideal"]           # capability, no_treaty, alignment, ideal, salience, red_line
//	groups = ["silent_middle"] # states in any of these groups, and/or
//	states = ["IND"]           # these states; neither: every state
//	clauses = ["cii_offence"]  # ideal, salience, red_line only; default every clause
//
//	[model]                    # model parameters, each a factor uniform over [low, high]
//	chair_step = [0.25, 0.75]
//
// A factor selects the uncertain values (parameters given as a
// distribution) of its kinds, states and clauses; fixed numbers are left
// alone. Parameters no factor selects are drawn by each run as usual.

// ErrParams is wrapped by every problem of a params file. It wraps
// scenarios.ErrInvalid: a bad params file is bad input, like a bad
// scenario.
var ErrParams = fmt.Errorf("invalid sensitivity params: %w", scenarios.ErrInvalid)

// ParamsProblem is one problem of a params file: the file, the key path
// (factor[2] is the second [[factor]] table) and what is wrong.
type ParamsProblem struct {
	File, Path, Msg string
}

func (p *ParamsProblem) Error() string {
	if p.Path == "" {
		return p.File + ": " + p.Msg
	}
	return p.File + ": " + p.Path + ": " + p.Msg
}

func (p *ParamsProblem) Unwrap() error { return ErrParams }

// decodeError is a params file that is not TOML, or too large or deep to
// decode (the scenarios package's limits): bad input like any problem.
type decodeError struct{ err error }

func (d decodeError) Error() string   { return d.err.Error() }
func (d decodeError) Unwrap() []error { return []error{d.err, ErrParams} }

// The kinds of value a [[factor]] may select, as the params file names them.
var paramKinds = []string{"capability", "no_treaty", "alignment", "ideal", "salience", "red_line"}

var factorKeys = []string{"name", "kind", "groups", "states", "clauses"}

// LoadParams reads the params file at path and returns the factors it
// chooses for sc.
func LoadParams(path string, sc *scenarios.Scenario) ([]ScenarioFactor, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("params file: %w", err)
	}
	return ParseParams(path, data, sc)
}

// paramsParser collects every problem of one file, so that a user sees
// them all at once.
type paramsParser struct {
	file     string
	sc       *scenarios.Scenario
	problems []error
	names    map[string]string         // factor name -> path that named it
	claimed  map[target]claim          // parameter -> the factor that moves it
	clauses  map[string]int            // id -> index
	groups   map[string]int            // id -> index
	states   map[string]int            // id -> index
	fs       []ScenarioFactor          // in file order
	model    map[string]ScenarioFactor // by key
}

type claim struct {
	path, name string
}

func (p *paramsParser) add(path, format string, args ...any) {
	p.problems = append(p.problems, &ParamsProblem{File: p.file, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// ParseParams parses a params file (named file in messages) against sc.
// Every problem is reported, joined into one error that wraps ErrParams.
func ParseParams(file string, data []byte, sc *scenarios.Scenario) ([]ScenarioFactor, error) {
	p := &paramsParser{file: file, sc: sc, names: map[string]string{}, claimed: map[target]claim{},
		clauses: map[string]int{}, groups: map[string]int{}, states: map[string]int{}, model: map[string]ScenarioFactor{}}
	for i, c := range sc.Clauses {
		p.clauses[c.ID] = i
	}
	for i, g := range sc.Groups {
		p.groups[g.ID] = i
	}
	for i, s := range sc.States {
		p.states[s.ID] = i
	}
	// A generic tree rather than a struct: a struct decode stops at the
	// first type error, and toml.MetaData.Undecoded names an unknown key
	// of a [[factor]] without saying which table; walking the tree reports
	// every problem with its full path.
	var tree map[string]any
	if _, err := scenarios.DecodeTOML(file, data, &tree); err != nil {
		return nil, decodeError{err} // file:line:column, with the line, as for a scenario
	}
	for _, key := range sortedKeys(tree) {
		switch key {
		case "factor":
			tables, ok := tableList(tree[key])
			if !ok {
				p.add(key, "expected [[factor]] tables")
				continue
			}
			for n, t := range tables {
				p.factor(fmt.Sprintf("factor[%d]", n+1), t)
			}
		case "model":
			t, ok := tree[key].(map[string]any)
			if !ok {
				p.add(key, "expected a [model] table of ranges, e.g. chair_step = [0.25, 0.75]")
				continue
			}
			p.modelTable(t)
		default:
			p.add(key, "unknown key; allowed: factor (a [[factor]] table), model (a [model] table)")
		}
	}
	fs := p.fs
	for _, key := range ModelKeys() { // schema order, whatever the file's
		if f, ok := p.model[key]; ok {
			fs = append(fs, f)
		}
	}
	if len(p.problems) == 0 && len(fs) == 0 {
		p.add("", "no factor: give [[factor]] tables or a [model] table")
	}
	if len(p.problems) > 0 {
		return nil, errors.Join(p.problems...)
	}
	return fs, nil
}

// tableList reads an array of tables, as [[factor]] or factor = [{...}].
func tableList(v any) ([]map[string]any, bool) {
	switch v := v.(type) {
	case []map[string]any:
		return v, true
	case []any:
		out := make([]map[string]any, len(v))
		for i, e := range v {
			t, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = t
		}
		return out, true
	}
	return nil, false
}

// stringList reads a list of strings (or one string), without duplicates.
func stringList(v any) ([]string, bool) {
	if s, ok := v.(string); ok {
		return []string{s}, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	var out []string
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, true
}

// factor reads one [[factor]] table at path.
func (p *paramsParser) factor(path string, t map[string]any) {
	for _, key := range sortedKeys(t) {
		if !slices.Contains(factorKeys, key) {
			p.add(path+"."+key, "unknown key; allowed: %s", strings.Join(factorKeys, ", "))
		}
	}
	name, _ := t["name"].(string)
	switch {
	case t["name"] == nil:
		p.add(path+".name", "missing: every factor needs a name (it names the factor in indices.csv and the plots)")
	case strings.TrimSpace(name) == "" || strings.IndexFunc(name, unicode.IsControl) >= 0:
		p.add(path+".name", "expected a non-empty name on one line, e.g. \"capability of the blocs\"")
	default:
		p.claimName(path+".name", name)
	}
	// Problems with what the factor selects stop the selection: a
	// selection from a broken table would only add confusion.
	broken := false
	bad := func(key, format string, args ...any) {
		p.add(path+"."+key, format, args...)
		broken = true
	}
	list := func(key string, known map[string]int, what string) []string {
		v, ok := t[key]
		if !ok {
			return nil
		}
		ids, ok := stringList(v)
		if !ok || len(ids) == 0 {
			bad(key, "expected a list of %s ids, e.g. [%q]", what, firstKey(known))
			return nil
		}
		for _, id := range ids {
			if _, ok := known[id]; !ok {
				bad(key, "unknown %s %q; %ss of %s: %s", what, id, what, p.sc.ID, allowed(known))
			}
		}
		return ids
	}
	var kinds []string
	if v, ok := t["kind"]; !ok {
		bad("kind", "missing; allowed: %s", strings.Join(paramKinds, ", "))
	} else if kinds, ok = stringList(v); !ok || len(kinds) == 0 {
		bad("kind", "expected a list of kinds; allowed: %s", strings.Join(paramKinds, ", "))
	} else {
		for _, k := range kinds {
			if !slices.Contains(paramKinds, k) {
				bad("kind", "unknown kind %q; allowed: %s", k, strings.Join(paramKinds, ", "))
			}
		}
	}
	kindsOK := !broken
	groups := list("groups", p.groups, "group")
	states := list("states", p.states, "state")
	clauses := list("clauses", p.clauses, "clause")
	if clauses != nil && kindsOK && !slices.ContainsFunc(kinds, isStandKind) {
		bad("clauses", "clauses select ideal points, saliences and red lines; the kinds %s are not per clause", strings.Join(kinds, ", "))
	}
	if !broken {
		p.selection(path, name, kinds, groups, states, clauses)
	}
}

func isStandKind(k string) bool { return k == "ideal" || k == "salience" || k == "red_line" }

// claimName records a factor's name, which must be unique.
func (p *paramsParser) claimName(path, name string) {
	if prev, ok := p.names[name]; ok {
		p.add(path, "the name %q is already used by %s; factor names must be unique", name, prev)
		return
	}
	p.names[name] = path
}
