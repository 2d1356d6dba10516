package scenarios_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/treatysim/treatysim/scenarios"
)

// brokenName is the name every edited toy scenario is parsed under; the
// messages must carry it.
const brokenName = "toy-broken.toml"

// toyText returns the text of the valid toy scenario.
func toyText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../sim/testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// replace replaces the first occurrence of old in text; it fails the test
// when old is not there, so that a change to the toy cannot silently turn
// a case into a test of the valid scenario.
func replace(t *testing.T, text, old, new string) string {
	t.Helper()
	if !strings.Contains(text, old) {
		t.Fatalf("the toy scenario does not contain %q", old)
	}
	return strings.Replace(text, old, new, 1)
}

// lineOf returns the 1-based number of the first line of text containing s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", s)
	return 0
}

// mustInvalid checks that err reports a bad scenario (wraps ErrInvalid) and
// that its message contains every one of wants; it returns the message.
func mustInvalid(t *testing.T, err error, wants ...string) string {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", wants)
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Errorf("error does not wrap scenarios.ErrInvalid: %v", err)
	}
	msg := err.Error()
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("error message lacks %q; it is:\n%s", w, msg)
		}
	}
	return msg
}

// mustParse parses text under name and fails the test on an error.
func mustParse(t *testing.T, name, text string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return sc
}

// writeFile writes text to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// state returns the state with the given id.
func state(t *testing.T, sc *scenarios.Scenario, id string) scenarios.State {
	t.Helper()
	i := sc.StateIndex(id)
	if i < 0 {
		t.Fatalf("no state %s", id)
	}
	return sc.States[i]
}

// stand returns a state's position on a clause.
func stand(t *testing.T, sc *scenarios.Scenario, stateID, clauseID string) scenarios.Stand {
	t.Helper()
	c := sc.ClauseIndex(clauseID)
	if c < 0 {
		t.Fatalf("no clause %s", clauseID)
	}
	return state(t, sc, stateID).Positions[c]
}

// eventPath is the key path of an event appended by appendEvent: it lands
// in the toy's last session, "second", which has no other events.
const eventPath = "sessions[second].events[1]"

// appendEvent returns an edit that appends an event with the given lines.
func appendEvent(lines ...string) func(t *testing.T, toy string) string {
	return func(t *testing.T, toy string) string {
		return toy + "\n[[sessions.events]]\n" + strings.Join(lines, "\n") + "\n"
	}
}

// edit returns an edit that replaces the first occurrence of old.
func edit(old, new string) func(t *testing.T, toy string) string {
	return func(t *testing.T, toy string) string {
		t.Helper()
		return replace(t, toy, old, new)
	}
}

// TestParseRejects covers one bad-input class per case: each edit of the toy
// must be rejected with ErrInvalid and a message naming the file, the key
// path and what is allowed.
func TestParseRejects(t *testing.T) {
	const aaaX = "positions.x_offence = { ideal = 1.0, salience = 0.3 }" // first: state AAA
	tests := []struct {
		name  string
		edit  func(t *testing.T, toy string) string
		wants []string
	}{
		// unknown keys
		{"unknown key (typo)", edit("capability = 2", "capabilty = 2"),
			[]string{brokenName, "states.AAA.capabilty", "unknown key"}},
		{"unknown key (case variant of a known key)", edit("capability = 2", "Capability = 2"),
			[]string{brokenName, "states.AAA.Capability", "unknown key", "case-sensitive", `"capability"`}},
		{"unknown top-level table", edit("[rules]", "[rule]"),
			[]string{brokenName + ": rule: unknown key", "allowed here:"}},

		// unknown references
		{"unknown state in an event's by", appendEvent(`kind = "leave"`, `by = ["ZZZ"]`),
			[]string{brokenName, eventPath + ".by[1]", `unknown state or group "ZZZ"`}},
		{"unknown group in a state's groups", edit(`groups = ["north"]`, `groups = ["nort"]`),
			[]string{brokenName, "states.AAA.groups[1]", `unknown group "nort"`, "north, south"}},
		{"unknown clause in a state's positions", edit(aaaX, aaaX+"\npositions.x_ofence = { ideal = 1.0, salience = 0.3 }"),
			[]string{brokenName, "states.AAA.positions.x_ofence", `unknown clause "x_ofence"`, "x_offence, wording, safeguards"}},
		{"unknown cluster in a clause", edit(`cluster = "safeguards"`, `cluster = "safeguard"`),
			[]string{brokenName, "clauses.safeguards.cluster", `unknown cluster "safeguard"`, "criminalisation, safeguards"}},
		{"unknown cluster in a session agenda", edit(`agenda = ["criminalisation", "safeguards"]`, `agenda = ["criminalisation", "safegards"]`),
			[]string{brokenName, "sessions[first].agenda[2]", `unknown cluster "safegards"`}},
		{"unknown option in a clause's opening", edit(`opening = "light"`, `opening = "medium"`),
			[]string{brokenName, "clauses.safeguards.opening", `unknown option "medium"`, "deleted, light, strong"}},
		{"unknown option in an event's options", appendEvent(`kind = "table"`, `by = ["AAA"]`, `options = { safeguards = "medium" }`),
			[]string{brokenName, eventPath + ".options.safeguards", `unknown option "medium"`, "deleted, light, strong"}},
		{"unknown clause in an event's options", appendEvent(`kind = "table"`, `by = ["AAA"]`, `options = { safeguard = "strong" }`),
			[]string{brokenName, eventPath + ".options.safeguard", `unknown clause "safeguard"`}},

		// values out of range
		{"ideal above 1", edit(aaaX, "positions.x_offence = { ideal = 1.5, salience = 0.3 }"),
			[]string{brokenName, "states.AAA.positions.x_offence.ideal", "1.5", "allowed [0,1]"}},
		{"negative salience", edit(aaaX, "positions.x_offence = { ideal = 1.0, salience = -0.1 }"),
			[]string{brokenName, "states.AAA.positions.x_offence.salience", "-0.1", "allowed [0,1]"}},
		{"negative capability", edit("capability = 2", "capability = -2"),
			[]string{brokenName, "states.AAA.capability", "-2", "allowed (0,1e6]"}},
		{"zero capability", edit("capability = 2", "capability = 0"),
			[]string{brokenName, "states.AAA.capability", "allowed (0,1e6]"}},
		{"zero rounds", edit("rounds = 3", "rounds = 0"),
			[]string{brokenName, "sessions[first].rounds", "allowed [1,1000]"}},
		{"zero vote threshold", edit("vote_threshold = 0.6667", "vote_threshold = 0"),
			[]string{brokenName, "rules.vote_threshold", "allowed (0,1]"}},
		{"vote threshold above 1", edit("vote_threshold = 0.6667", "vote_threshold = 1.5"),
			[]string{brokenName, "rules.vote_threshold", "1.5", "allowed (0,1]"}},
		{"decision not in the enumeration", edit(`decision = "consensus_then_vote"`, `decision = "unanimity"`),
			[]string{brokenName, "rules.decision", `"unanimity"`, "allowed values: consensus, consensus_then_vote, majority"}},

		// types
		{"string for a number", edit(aaaX, `positions.x_offence = { ideal = "high", salience = 0.3 }`),
			[]string{brokenName, "states.AAA.positions.x_offence.ideal", "expected a number", "got a string"}},
		{"float for an integer", edit("rounds = 3", "rounds = 2.5"),
			[]string{brokenName, "sessions[first].rounds", "expected an integer"}},

		// required keys
		{"missing required key", edit(`title = "Criminalisation"`, ""),
			[]string{brokenName, "clusters.criminalisation.title", "required key is missing"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.edit(t, toyText(t))
			_, err := scenarios.Parse(brokenName, []byte(data))
			mustInvalid(t, err, tc.wants...)
		})
	}
}

// TestSyntaxError checks that a TOML syntax error is reported as
// file:line:col with the offending line quoted and a caret under the
// column. Columns count characters, as editors do.
func TestSyntaxError(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		at       string // where in the new line the error is; "" for its end
	}{
		{"doubled equals sign", "seed = 7", "seed = = 7", "= 7"},
		{"unterminated string", `title = "Safeguards"`, `title = "Safeguards`, ""},
		{"missing value", "pressure = 0.5", "pressure =", ""},
		{"unclosed table header", "[groups.south]", "[groups.south", ""},
		{"non-ASCII before the error", `name = "State A"`, `name = "État Ä`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := replace(t, toyText(t), tc.old, tc.new)
			line := lineOf(t, data, tc.new)
			col := utf8.RuneCountInString(tc.new) + 1
			if tc.at != "" {
				col = utf8.RuneCountInString(tc.new[:strings.Index(tc.new, tc.at)]) + 1
			}
			_, err := scenarios.Parse(brokenName, []byte(data))
			msg := mustInvalid(t, err, fmt.Sprintf("%s:%d:%d: TOML syntax error", brokenName, line, col),
				"\n    "+tc.new+"\n    "+strings.Repeat(" ", col-1)+"^")
			if strings.Count(msg, "\n") != 2 {
				t.Errorf("want one problem (message, line, caret), got:\n%s", msg)
			}
		})
	}
}

// TestAllProblemsReported checks that problems do not stop at the first.
func TestAllProblemsReported(t *testing.T) {
	data := toyText(t)
	data = replace(t, data, "capability = 2", "capabilty = 2")
	data = replace(t, data, "vote_threshold = 0.6667", "vote_threshold = 1.5")
	data = replace(t, data, "positions.x_offence = { ideal = 1.0, salience = 0.3 }",
		`positions.x_offence = { ideal = "high", salience = 0.3 }`)
	_, err := scenarios.Parse(brokenName, []byte(data))
	mustInvalid(t, err,
		"states.AAA.capabilty: unknown key",
		"rules.vote_threshold: 1.5 is out of range",
		"states.AAA.positions.x_offence.ideal: expected a number")
	var inv *scenarios.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error is not an *InvalidError: %T", err)
	}
	if len(inv.Problems) < 3 {
		t.Errorf("got %d problems, want at least 3:\n%v", len(inv.Problems), err)
	}
	for _, p := range inv.Problems {
		var pr *scenarios.Problem
		if errors.As(p, &pr) && pr.File != brokenName {
			t.Errorf("problem %q: File = %q, want %q", p, pr.File, brokenName)
		}
	}
}

// TestDecodeAndReferenceProblemsTogether checks that a reference problem
// is reported along with a problem of value, not only once the values are
// fixed.
func TestDecodeAndReferenceProblemsTogether(t *testing.T) {
	data := replace(t, toyText(t), "vote_threshold = 0.6667", "vote_threshold = 0")
	data = replace(t, data, `groups = ["north"]`, `groups = ["nort"]`)
	data = replace(t, data, `opening = "light"`, `opening = "medium"`)
	_, err := scenarios.Parse(brokenName, []byte(data))
	mustInvalid(t, err, "rules.vote_threshold: 0 is out of range", `states.AAA.groups[1]: unknown group "nort"`,
		`clauses.safeguards.opening: unknown option "medium"`)
}

// TestOneProblemOnce checks that a bad value is reported once, and not
// again by the checks that run on what could be decoded.
func TestOneProblemOnce(t *testing.T) {
	const aaaX = "positions.x_offence = { ideal = 1.0, salience = 0.3 }"
	tests := []struct {
		name string
		edit func(t *testing.T, toy string) string
		want string // the one problem
	}{
		{"unknown key", edit("capability = 2", "capabilty = 2"), "states.AAA.capabilty: unknown key"},
		{"out-of-range capability", edit("capability = 2", "capability = -1"), "states.AAA.capability: -1 is out of range"},
		{"bad disposition", edit(`disposition = "maximalist"`, `disposition = "stubborn"`),
			`states.EEE.disposition: "stubborn" is not allowed`},
		{"out-of-range ideal", edit(aaaX, "positions.x_offence = { ideal = 1.5, salience = 0.3 }"),
			"states.AAA.positions.x_offence.ideal: 1.5 is out of range"},
		{"string salience", edit(aaaX, `positions.x_offence = { ideal = 1.0, salience = "high" }`),
			"states.AAA.positions.x_offence.salience: expected a number"},
		{"bad event kind", appendEvent(`kind = "walkout"`, `by = ["EEE"]`),
			eventPath + `.kind: "walkout" is not allowed`},
		{"bad no_treaty in an attitude event", appendEvent(`kind = "attitude"`, `by = ["EEE"]`, `no_treaty = 2`),
			eventPath + ".no_treaty: 2 is out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse(brokenName, []byte(tc.edit(t, toyText(t))))
			mustInvalid(t, err, tc.want)
			var inv *scenarios.InvalidError
			if errors.As(err, &inv) && len(inv.Problems) != 1 {
				t.Errorf("got %d problems, want 1:\n%v", len(inv.Problems), err)
			}
		})
	}
}

// TestToyLoads checks the resolved toy scenario: counts, what the states
// set themselves, and the defaults of what the toy leaves out.
func TestToyLoads(t *testing.T) {
	toy := toyText(t)
	fromDisk, err := scenarios.Load("../sim/testdata/toy.toml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	shipped, err := scenarios.LoadShipped("toy")
	if err != nil {
		t.Fatalf("LoadShipped: %v", err)
	}
	for name, sc := range map[string]*scenarios.Scenario{
		"Parse": mustParse(t, "toy.toml", toy), "Load": fromDisk, "LoadShipped": shipped,
	} {
		t.Run(name, func(t *testing.T) {
			if got := [4]int{len(sc.States), len(sc.Clauses), len(sc.Groups), len(sc.Sessions)}; got != [4]int{5, 3, 2, 2} {
				t.Errorf("states, clauses, groups, sessions = %v, want [5 3 2 2]", got)
			}
			if sc.ID != "toy" || sc.Seed != 7 || sc.Rule != scenarios.ConsensusThenVote || sc.VoteThreshold != 0.6667 {
				t.Errorf("id %q seed %d rule %v threshold %g", sc.ID, sc.Seed, sc.Rule, sc.VoteThreshold)
			}
			// Document order is kept.
			var ids []string
			for _, st := range sc.States {
				ids = append(ids, st.ID)
			}
			if got := strings.Join(ids, " "); got != "AAA BBB CCC DDD EEE" {
				t.Errorf("state order %q", got)
			}
			if got := sc.Clauses[0].ID + " " + sc.Clauses[1].ID + " " + sc.Clauses[2].ID; got != "x_offence wording safeguards" {
				t.Errorf("clause order %q", got)
			}
			sg := sc.Clauses[sc.ClauseIndex("safeguards")]
			if sg.Opening != 1 || sg.Deletion != 0 || sc.Clauses[sc.ClauseIndex("wording")].Deletion != -1 {
				t.Errorf("safeguards opening %d deletion %d; wording deletion %d", sg.Opening, sg.Deletion,
					sc.Clauses[sc.ClauseIndex("wording")].Deletion)
			}
			if m := sc.Groups[sc.GroupIndex("south")].Members; len(m) != 3 {
				t.Errorf("south has members %v, want 3", m)
			}

			// What the states set themselves.
			e := state(t, sc, "EEE")
			if e.Disposition != scenarios.Maximalist || e.Capability.Value != 1 || e.NoTreaty.Value != 0.3 {
				t.Errorf("EEE: disposition %v capability %v no_treaty %v", e.Disposition, e.Capability, e.NoTreaty)
			}
			if s := stand(t, sc, "EEE", "x_offence"); s.Ideal.Value != 0 || s.Salience.Value != 0.6 || s.RedLine.Value != 0.5 {
				t.Errorf("EEE on x_offence: %+v", s)
			}
			if a := state(t, sc, "AAA"); a.Capability.Value != 2 || !a.Capability.IsFixed() || a.NoTreaty.Value != 0.4 {
				t.Errorf("AAA: capability %v no_treaty %v", a.Capability, a.NoTreaty)
			}

			// Defaults.
			m := sc.Model
			if m.BlockingShare != 0.4 {
				t.Errorf("model.blocking_share = %g, want the default 0.4", m.BlockingShare)
			}
			checkModelDefaults(t, m)
			for d, p := range m.Dispositions {
				if !p.Concession.IsSet() || !p.Susceptibility.IsSet() {
					t.Errorf("disposition %v has no default parameters: %+v", scenarios.Disposition(d), p)
				}
			}
			if d := m.Dispositions[scenarios.Maximalist]; d.Concession.Mean() >= m.Dispositions[scenarios.BridgeBuilder].Concession.Mean() {
				t.Errorf("maximalists concede no later than bridge-builders: %+v", m.Dispositions)
			}
			if a := state(t, sc, "AAA"); a.Disposition != scenarios.Pragmatist || a.Follows != -1 {
				t.Errorf("AAA disposition %v follows %d, want pragmatist, -1", a.Disposition, a.Follows)
			}
			if s := stand(t, sc, "AAA", "x_offence"); s.RedLine.Value != 1 || !s.RedLine.IsSet() {
				t.Errorf("AAA red line on x_offence = %v, want the default 1", s.RedLine)
			}
			if s := sc.Sessions[0]; s.Conditional || s.Concluding || len(s.Events) != 0 || s.Rounds != 3 {
				t.Errorf("first session: %+v", s)
			}
		})
	}
}

// checkModelDefaults checks that every number of the model has the default
// its tag in schema.go declares (the toy has no [model] table).
func checkModelDefaults(t *testing.T, m scenarios.ModelParams) {
	t.Helper()
	schema := reflect.TypeOf(scenarios.Model{})
	got := reflect.ValueOf(m)
	for i := range schema.NumField() {
		f := schema.Field(i)
		def, ok := f.Tag.Lookup("default")
		if !ok || f.Type.Kind() != reflect.Float64 {
			continue
		}
		want, err := strconv.ParseFloat(def, 64)
		if err != nil {
			t.Fatalf("model.%s: bad default tag %q", f.Tag.Get("toml"), def)
		}
		if g := got.FieldByName(f.Name); !g.IsValid() || g.Float() != want {
			t.Errorf("model.%s = %v, want the default %g", f.Tag.Get("toml"), g, want)
		}
	}
}

// TestGroupTemplates checks that a state takes from its group only what it
// does not set itself.
func TestGroupTemplates(t *testing.T) {
	data := replace(t, toyText(t), "cohesion = 0.8", `cohesion = 0.8
capability = 5
no_treaty = 0.9
disposition = "bridge_builder"
positions.wording = { ideal = 0.9, salience = 0.9, red_line = 0.3 }`)
	data += `
[states.FFF]
name = "State F"
groups = ["north"]
positions.x_offence = { ideal = 0.7, salience = 0.1 }
positions.safeguards = { ideal = 0.6, salience = 0.1 }
`
	sc := mustParse(t, "toy-templates.toml", data)

	a := state(t, sc, "AAA") // sets capability and no_treaty, not disposition
	if a.Capability.Value != 2 || a.NoTreaty.Value != 0.4 || a.Disposition != scenarios.BridgeBuilder {
		t.Errorf("AAA: capability %v no_treaty %v disposition %v; want 2 0.4 bridge_builder", a.Capability, a.NoTreaty, a.Disposition)
	}
	if s := stand(t, sc, "AAA", "wording"); s.Ideal.Value != 0 || s.Salience.Value != 0.3 || s.RedLine.Value != 0.3 {
		t.Errorf("AAA on wording: ideal %v salience %v red line %v; want own 0 and 0.3, the group's red line 0.3",
			s.Ideal, s.Salience, s.RedLine)
	}
	f := state(t, sc, "FFF") // sets none of them
	if f.Capability.Value != 5 || f.NoTreaty.Value != 0.9 || f.Disposition != scenarios.BridgeBuilder {
		t.Errorf("FFF: capability %v no_treaty %v disposition %v; want 5 0.9 bridge_builder", f.Capability, f.NoTreaty, f.Disposition)
	}
	if s := stand(t, sc, "FFF", "wording"); s.Ideal.Value != 0.9 || s.Salience.Value != 0.9 || s.RedLine.Value != 0.3 {
		t.Errorf("FFF on wording: %+v, want the group's template", s)
	}
	if c := state(t, sc, "CCC"); c.Capability.Value != 1 || c.Disposition != scenarios.Pragmatist {
		t.Errorf("CCC (south) took north's values: %+v", c)
	}
}

// TestExtends covers extends: merging, a missing base, a cycle, and a
// shipped base named by name.
func TestExtends(t *testing.T) {
	// The base is the toy with two events in its second session.
	base := toyText(t) + `
[[sessions.events]]
id = "drop-x"
kind = "drop"
clauses = ["x_offence"]

[[sessions.events]]
kind = "leave"
by = ["DDD"]
round = 3
`
	t.Run("overrides and additions", func(t *testing.T) {
		dir := t.TempDir()
		basePath := writeFile(t, dir, "base.toml", base)
		overPath := writeFile(t, dir, "over.toml", `extends = "base.toml"

[states.BBB]
capability = 3

[[sessions]]
id = "second"

[[sessions.events]]
id = "drop-x"
round = 2

[[sessions.events]]
kind = "join"
by = ["DDD"]
round = 3
`)
		sc, err := scenarios.Load(overPath)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if got := sc.Files; len(got) != 2 || got[0] != basePath || got[1] != overPath {
			t.Errorf("Files = %q, want [base over]", got)
		}
		b := state(t, sc, "BBB")
		if b.Capability.Value != 3 {
			t.Errorf("BBB capability = %v, want the override 3", b.Capability)
		}
		if b.Name != "State B" || b.NoTreaty.Value != 0.4 || len(b.Groups) != 1 {
			t.Errorf("BBB lost the base's values: %+v", b)
		}
		if s := stand(t, sc, "BBB", "safeguards"); s.Ideal.Value != 1 || s.Salience.Value != 0.4 {
			t.Errorf("BBB on safeguards: %+v", s)
		}
		if a := state(t, sc, "AAA"); a.Capability.Value != 2 {
			t.Errorf("AAA capability = %v, want the base's 2", a.Capability)
		}
		if len(sc.States) != 5 || len(sc.Sessions) != 2 {
			t.Fatalf("%d states, %d sessions; want 5, 2", len(sc.States), len(sc.Sessions))
		}
		first, second := sc.Sessions[0], sc.Sessions[1]
		if first.ID != "first" || len(first.Events) != 0 || first.Rounds != 3 {
			t.Errorf("first session changed: %+v", first)
		}
		if second.ID != "second" || !second.Concluding || second.Rounds != 3 || second.Pressure != 1 {
			t.Errorf("second session lost the base's values: %+v", second)
		}
		if len(second.Events) != 3 {
			t.Fatalf("second session has %d events, want 3 (drop merged by id, leave, appended join)", len(second.Events))
		}
		drop, leave, join := second.Events[0], second.Events[1], second.Events[2]
		if drop.Kind != scenarios.Drop || drop.ID != "drop-x" || drop.Round != 2 || len(drop.Clauses) != 1 {
			t.Errorf("merged drop event: %+v", drop)
		}
		if leave.Kind != scenarios.Leave || leave.Round != 3 {
			t.Errorf("base leave event: %+v", leave)
		}
		if d := sc.StateIndex("DDD"); join.Kind != scenarios.Join || join.Round != 3 || len(join.By) != 1 || join.By[0] != d {
			t.Errorf("appended join event: %+v", join)
		}
	})

	t.Run("problems name the file that set the key", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "base.toml", replace(t, base, "rounds = 3", "rounds = 0"))
		over := writeFile(t, dir, "over.toml", "extends = \"base.toml\"\n[states.BBB]\ncapability = -3\n")
		_, err := scenarios.Load(over)
		msg := mustInvalid(t, err, "sessions[first].rounds", "states.BBB.capability")
		for _, l := range strings.Split(msg, "\n") {
			if strings.Contains(l, "rounds") && !strings.Contains(l, "base.toml") {
				t.Errorf("rounds problem does not name base.toml: %s", l)
			}
			if strings.Contains(l, "capability") && !strings.Contains(l, "over.toml") {
				t.Errorf("capability problem does not name over.toml: %s", l)
			}
		}
	})

	t.Run("missing base", func(t *testing.T) {
		dir := t.TempDir()
		over := writeFile(t, dir, "over.toml", "extends = \"nonesuch.toml\"\n")
		_, err := scenarios.Load(over)
		mustInvalid(t, err, "over.toml", "extends", "nonesuch.toml")
	})

	t.Run("missing shipped base", func(t *testing.T) {
		_, err := scenarios.Parse(brokenName, []byte("extends = \"nonesuch\"\n"))
		mustInvalid(t, err, brokenName, "extends", "nonesuch")
	})

	t.Run("cycle", func(t *testing.T) {
		dir := t.TempDir()
		a := writeFile(t, dir, "a.toml", "extends = \"b.toml\"\n")
		writeFile(t, dir, "b.toml", "extends = \"a.toml\"\n")
		_, err := scenarios.Load(a)
		mustInvalid(t, err, "cycle", "a.toml", "b.toml")
	})

	t.Run("self cycle", func(t *testing.T) {
		dir := t.TempDir()
		a := writeFile(t, dir, "a.toml", "extends = \"a.toml\"\n")
		_, err := scenarios.Load(a)
		mustInvalid(t, err, "cycle", "a.toml")
	})

	over := `extends = "toy"

[rules]
decision = "consensus"

[states.EEE.positions.x_offence]
red_line = 0.2
`
	check := func(t *testing.T, sc *scenarios.Scenario) {
		t.Helper()
		if sc.Rule != scenarios.Consensus || sc.VoteThreshold != 0.6667 || len(sc.States) != 5 {
			t.Errorf("rule %v threshold %g states %d", sc.Rule, sc.VoteThreshold, len(sc.States))
		}
		if s := stand(t, sc, "EEE", "x_offence"); s.RedLine.Value != 0.2 || s.Ideal.Value != 0 || s.Salience.Value != 0.6 {
			t.Errorf("EEE on x_offence: %+v", s)
		}
	}
	t.Run("shipped base by name from a file", func(t *testing.T) {
		sc, err := scenarios.Load(writeFile(t, t.TempDir(), "variant.toml", over))
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		check(t, sc)
		if len(sc.Files) != 2 || sc.Files[0] != "shipped:toy" {
			t.Errorf("Files = %q", sc.Files)
		}
	})
	t.Run("shipped base by name from text", func(t *testing.T) {
		check(t, mustParse(t, "variant.toml", over))
	})
}

// TestDistributions checks the ways a Param may be written.
func TestDistributions(t *testing.T) {
	const old = "positions.x_offence = { ideal = 1.0, salience = 0.3 }" // state AAA
	const path = "states.AAA.positions.x_offence.salience"
	valid := []struct {
		name     string
		salience string
		want     scenarios.Param
	}{
		{"normal", `{dist = "normal", mean = 0.5, sd = 0.1}`, scenarios.Param{Dist: scenarios.Normal, Value: 0.5, SD: 0.1}},
		{"uniform", `{dist="uniform", min=0.2, max=0.4}`, scenarios.Param{Dist: scenarios.Uniform, Min: 0.2, Max: 0.4}},
		{"list", `[0.2, 0.4]`, scenarios.Param{Dist: scenarios.Choice, Values: []float64{0.2, 0.4}}},
		{"choice", `{dist = "choice", values = [0.1, 0.3]}`, scenarios.Param{Dist: scenarios.Choice, Values: []float64{0.1, 0.3}}},
		{"triangular", `{dist = "triangular", min = 0.1, mode = 0.2, max = 0.5}`,
			scenarios.Param{Dist: scenarios.Triangular, Min: 0.1, Mode: 0.2, Max: 0.5}},
		{"beta on the range of the key", `{dist="beta", alpha=2, beta=2}`,
			scenarios.Param{Dist: scenarios.Beta, Alpha: 2, BetaB: 2, Min: 0, Max: 1}},
		{"beta rescaled", `{dist="beta", alpha=2, beta=3, min=0.1, max=0.6}`,
			scenarios.Param{Dist: scenarios.Beta, Alpha: 2, BetaB: 3, Min: 0.1, Max: 0.6}},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			sc := mustParse(t, "toy-dist.toml", replace(t, toyText(t), old,
				"positions.x_offence = { ideal = 1.0, salience = "+tc.salience+" }"))
			got := stand(t, sc, "AAA", "x_offence").Salience
			if !got.IsSet() || got.String() != tc.want.String() {
				t.Errorf("salience = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("beta on a key without an upper bound", func(t *testing.T) {
		sc := mustParse(t, "toy-dist.toml", replace(t, toyText(t), "capability = 2", `capability = {dist="beta", alpha=2, beta=2}`))
		if got := state(t, sc, "AAA").Capability; got.Dist != scenarios.Beta {
			t.Errorf("capability = %v, want a beta", got)
		}
	})

	invalid := []struct {
		name     string
		salience string
		wants    []string
	}{
		{"unknown distribution", `{dist = "gamma"}`,
			[]string{path + ".dist", "allowed values: beta, choice, normal, triangular, uniform"}},
		{"no dist key", `{mean = 0.5}`, []string{path + ".dist", "allowed values"}},
		{"uniform with min above max", `{dist="uniform", min=0.5, max=0.2}`, []string{path, "min 0.5 is above max 0.2"}},
		{"uniform bound out of range", `{dist="uniform", min=0.5, max=1.2}`, []string{path + ".max", "allowed [0,1]"}},
		{"normal mean out of range", `{dist="normal", mean=1.5, sd=0.1}`, []string{path + ".mean", "allowed [0,1]"}},
		{"normal negative sd", `{dist="normal", mean=0.5, sd=-0.1}`, []string{path + ".sd", "-0.1 is out of range", "allowed [0,1]"}},
		{"normal missing sd", `{dist="normal", mean=0.5}`, []string{path + ".sd", "required key is missing"}},
		{"key of another distribution", `{dist="normal", mean=0.5, sd=0.1, max=0.9}`,
			[]string{path + ".max", "unknown key for a normal distribution", "allowed: dist, mean, sd"}},
		{"triangular mode outside", `{dist="triangular", min=0.2, mode=0.9, max=0.5}`, []string{path, "min <= mode <= max"}},
		{"beta non-positive alpha", `{dist="beta", alpha=0, beta=2}`, []string{path, "alpha and beta must lie in [0.1,1000]"}},
		{"empty list", `[]`, []string{path, "must not be empty"}},
		{"list value out of range", `[0.2, 1.4]`, []string{path + "[2]", "allowed [0,1]"}},
		{"list of strings", `["low"]`, []string{path + "[1]", "expected a number"}},
		{name: "normal with a NaN sd", salience: `{dist="normal", mean=0.5, sd=nan}`, wants: []string{path + ".sd"}},
		{name: "beta with a NaN alpha", salience: `{dist="beta", alpha=nan, beta=2}`, wants: []string{path, "alpha"}},
		{name: "beta with an infinite beta", salience: `{dist="beta", alpha=2, beta=inf}`, wants: []string{path, "beta"}},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse(brokenName, []byte(replace(t, toyText(t), old,
				"positions.x_offence = { ideal = 1.0, salience = "+tc.salience+" }")))
			mustInvalid(t, err, append([]string{brokenName}, tc.wants...)...)
		})
	}
}
