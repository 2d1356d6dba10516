package scenarios

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that every error has a
// message, and that every scenario it accepts is one run can play
// (checkAccepted). It starts from the seeds below and the adversarial
// corpus in testdata/fuzz/FuzzParse (deep keys, huge numbers, extends that
// escape, empty tables).
//
//	go test ./scenarios -run XXX -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	toy, err := os.ReadFile("../sim/testdata/toy.toml")
	if err != nil {
		f.Fatal(err)
	}
	text := string(toy)
	f.Add(toy)
	for _, e := range [][2]string{
		{"seed = 7", "seed = = 7"},                      // syntax
		{`title = "Safeguards"`, `title = "Safeguards`}, // syntax
		{"capability = 2", "Capability = 2"},            // unknown key
		{`groups = ["north"]`, `groups = ["nort"]`},     // reference
		{`cluster = "safeguards"`, `cluster = 3`},       // type
		{"rounds = 3", "rounds = 0"},                    // range
		{`opening = "light"`, `opening = "medium"`},     // reference
		{"format = 1", `extends = "toy"`},               // shipped base
		{"format = 1", `extends = "nonesuch"`},          // missing base
		{"salience = 0.3", `salience = {dist = "beta", alpha = 2, beta = 2}`},
		{"salience = 0.3", `salience = {dist = "normal", mean = 0.5, sd = 0.1}`},
		{"salience = 0.3", `salience = [0.2, 0.4]`},
		{"[[sessions]]", "[[sessions]]\nconditional = true"},
		{"pressure = 0.5", "pressure = 0.5\nphase = \"first_reading\""}, // phases
		{"pressure = 0.5", "pressure = 0.5\nphase = \"drafting\""},      // enum
		{"capability = 2", "capability = 2\nalignment = -0.5"},
		{"capability = 2", `alignment = {dist = "normal", mean = 0.2, sd = 0.3}`},
		{"[rules]", "[model]\nexchange = false\nactive_salience = 0.4\nvote_stakes = 0.2\npackage_loyalty = 0\n\n[rules]"},
	} {
		f.Add([]byte(strings.Replace(text, e[0], e[1], 1)))
	}
	f.Add([]byte(text + "\n[[sessions.events]]\nkind = \"table\"\nby = [\"AAA\", \"south\"]\noptions = { safeguards = \"strong\" }\n"))
	f.Add([]byte(text + "\n[[sessions.events]]\nkind = \"reconvene\"\nsession = \"first\"\n"))
	f.Add([]byte(text + "\n[[sessions.events]]\nkind = \"attitude\"\nby = [\"EEE\"]\npositions.x_offence = { red_line = 0.9 }\n"))
	f.Add([]byte(text + "\n[[sessions.events]]\nkind = \"chair_text\"\ndraft = \"zero\"\n"))
	f.Add([]byte(text + "\n[[sessions.events]]\nkind = \"incentive\"\nby = [\"AAA\"]\ntargets = [\"south\"]\nbudget = 0.01\n"))
	f.Add([]byte(text[:len(text)/2]))
	f.Add([]byte(""))
	f.Add([]byte("extends = \"toy\"\n[states.AAA]\ncapability = 9\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.toml", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("error %#v has an empty message", err)
			}
			if sc != nil {
				t.Fatalf("Parse returned a scenario with the error %v", err)
			}
			return
		}
		if sc == nil {
			t.Fatal("Parse returned neither a scenario nor an error")
		}
		checkAccepted(t, sc)
	})
}

// checkAccepted checks what run relies on in a scenario the loader
// accepted: something to negotiate, someone to negotiate it and a script,
// within the limits, with finite numbers.
func checkAccepted(t *testing.T, sc *Scenario) {
	t.Helper()
	if len(sc.States) < 1 || len(sc.Clauses) < 1 || len(sc.Sessions) < 1 {
		t.Fatalf("accepted a scenario with %d states, %d clauses, %d sessions", len(sc.States), len(sc.Clauses), len(sc.Sessions))
	}
	if len(sc.States) > MaxStates || len(sc.Clauses) > MaxClauses || len(sc.Sessions) > MaxSessions ||
		len(sc.States)*len(sc.Clauses) > MaxStands {
		t.Fatalf("accepted a scenario beyond the limits: %d states, %d clauses, %d sessions", len(sc.States), len(sc.Clauses), len(sc.Sessions))
	}
	for _, c := range sc.Clauses {
		if len(c.Options) < 2 || len(c.Options) > MaxOptions {
			t.Fatalf("accepted clause %s with %d options", c.ID, len(c.Options))
		}
	}
	finite := func(what string, p Param) {
		for _, v := range append([]float64{p.Value, p.SD, p.Min, p.Max, p.Mode, p.Alpha, p.BetaB}, p.Values...) {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				t.Fatalf("accepted %s = %v", what, p)
			}
		}
	}
	for _, st := range sc.States {
		finite(st.ID+" capability", st.Capability)
		finite(st.ID+" no_treaty", st.NoTreaty)
		finite(st.ID+" alignment", st.Alignment)
		finite(st.ID+" concession", st.Concession)
		for c, p := range st.Positions {
			finite(st.ID+" ideal", p.Ideal)
			finite(st.ID+" salience", p.Salience)
			finite(fmt.Sprintf("%s red_line on %d", st.ID, c), p.RedLine)
		}
	}
	m := sc.Model
	for _, v := range []float64{m.AlignmentWeight, m.PackageLoyalty, sc.VoteThreshold} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v > 100 {
			t.Fatalf("accepted a model parameter %g", v)
		}
	}
}

// FuzzSweep checks that no sweep file makes the sweep loader panic, that
// every error has a message, and that a sweep it accepts has a grid within
// the limit, each key swept once. Its adversarial corpus is in
// testdata/fuzz/FuzzSweep.
//
//	go test ./scenarios -run XXX -fuzz FuzzSweep -fuzztime 60s
func FuzzSweep(f *testing.F) {
	dir := f.TempDir()
	toy, err := os.ReadFile("../sim/testdata/toy.toml")
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "toy.toml"), toy, 0o644); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"scenario = \"toy\"\nruns = 5\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5, 0.75]\n",
		"scenario = \"toy.toml\"\nseed = 3\n[[axes]]\nkey = \"states.CCC.positions.wording.salience\"\nvalues = [0.1, 0.9]\n" +
			"[[axes]]\nkey = \"sessions.first.rounds\"\nvalues = [1, 2]\n",
		"scenario = \"toy\"\n[[axes]]\nkey = \"states.AAA.capability\"\nvalues = [{dist = \"uniform\", min = 1, max = 3}, 2]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sw, err := parseSweep(filepath.Join(dir, "sweep.toml"), data, MaxSweepPoints)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("error %#v has an empty message", err)
			}
			return
		}
		points := sw.Points()
		if len(points) < 1 || len(points) > MaxSweepPoints {
			t.Fatalf("accepted a grid of %d points", len(points))
		}
		seen := map[string]bool{}
		for _, a := range sw.Axes {
			if seen[a.Key] {
				t.Fatalf("accepted the key %s twice", a.Key)
			}
			seen[a.Key] = true
		}
	})
}
