package scenarios

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that every error has a
// message, and that every scenario it accepts has a state.
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
		if len(sc.States) < 1 {
			t.Fatalf("accepted a scenario with %d states", len(sc.States))
		}
	})
}
