package scenarios_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/treatysim/treatysim/scenarios"
)

// TestDeepDottedHeaderRefusedFast: a 100 KB file whose one table header
// has 50,000 dotted parts took 65 s and 5.2 GB in the TOML decoder; the
// pre-scan refuses it, and every other shape past a limit, at once, naming
// file:line, the limit and docs/limits.md (issue 14, item 4).
func TestDeepDottedHeaderRefusedFast(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("a.", n-1) + "a" }
	tests := []struct {
		name, text string
		wants      []string
	}{
		{"header of 50,000 parts", "format = 1\n[" + deep(50_000) + "]\nx = 1\n",
			[]string{brokenName + ":2:", "key path of more than 8 parts", "the limit is 8"}},
		{"dotted key of 9 parts", "format = 1\n" + deep(9) + " = 1\n",
			[]string{brokenName + ":2:", "the limit is 8"}},
		{"key of 5 parts under a header of 4", "[a.b.c.d]\n" + deep(5) + " = 1\n",
			[]string{brokenName + ":2:", "key path of more than 8 parts"}},
		{"inline tables 9 deep", "x = " + strings.Repeat("{a=", 9) + "1" + strings.Repeat("}", 9) + "\n",
			[]string{brokenName + ":1:", "the limit is 8"}},
		{"arrays 17 deep", "x = " + strings.Repeat("[", 17) + "1" + strings.Repeat("]", 17) + "\n",
			[]string{brokenName + ":1:", "nested more than 16 deep", "the limit is 16"}},
		{"line of 64 KiB and one byte", "x = \"" + strings.Repeat("y", 64<<10) + "\"\n",
			[]string{brokenName + ":1:", "65542 bytes long", "the limit is 65536 bytes"}},
		{"line of a multi-line string", "x = \"\"\"\nshort\n" + strings.Repeat("y", 70_000) + "\n\"\"\"\n",
			[]string{brokenName + ":3:", "the limit is 65536 bytes"}},
		{"600,000 array elements", "x = [\n" + strings.Repeat("1,\n", 600_000) + "]\n",
			[]string{brokenName + ":599997:", "weigh more than 600000", "the limit is 600000"}},
		{"150,001 keys", manyKeys(150_001), []string{brokenName + ":150001:", "the limit is 600000"}},
		{"file above 4 MiB", "# " + strings.Repeat("#", 4<<20) + "\n",
			[]string{brokenName + ": the file is 4194307 bytes; the limit is 4194304 bytes (4 MiB"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := scenarios.Parse(brokenName, []byte(tc.text))
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v to refuse", d)
			}
			mustInvalid(t, err, append(tc.wants, "docs/limits.md")...)
		})
	}
}

// manyKeys returns n lines of distinct one-part keys.
func manyKeys(n int) string {
	var b strings.Builder
	for k := range n {
		fmt.Fprintf(&b, "k%d = 1\n", k)
	}
	return b.String()
}

// TestHugeFileNotReadWhole: Load refuses a file above the limit without
// reading it whole (a scenario named /dev/zero would never end).
func TestHugeFileNotReadWhole(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := scenarios.Load("/dev/zero")
	mustInvalid(t, err, "/dev/zero: the file is larger than that; the limit is 4194304 bytes")
	_, err = scenarios.LoadSweep("/dev/zero")
	mustInvalid(t, err, "the limit is 4194304 bytes")
}

// TestShippedWithinLimits: the limits leave the flagship, the largest
// shipped file, a wide margin.
func TestShippedWithinLimits(t *testing.T) {
	b, err := scenarios.ShippedSource("ahc")
	if err != nil {
		t.Fatal(err)
	}
	if 10*len(b) > scenarios.MaxFileBytes {
		t.Errorf("ahc.toml is %d bytes, more than a tenth of the limit %d", len(b), scenarios.MaxFileBytes)
	}
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	if 2*len(sc.States) > scenarios.MaxStates || 10*len(sc.Clauses) > scenarios.MaxClauses ||
		10*len(sc.Sessions) > scenarios.MaxSessions || 10*len(sc.States)*len(sc.Clauses) > scenarios.MaxStands {
		t.Errorf("the flagship (%d states, %d clauses, %d sessions) is near the limits", len(sc.States), len(sc.Clauses), len(sc.Sessions))
	}
}

// manyStates returns a scenario of n states on c clauses, their positions
// from one group's template.
func manyStates(n, c int) string {
	var b strings.Builder
	b.WriteString("[scenario]\nid = \"big\"\ntitle = \"Big\"\n[clusters.all]\ntitle = \"All\"\n")
	for k := range c {
		fmt.Fprintf(&b, "[clauses.c%d]\ntitle = \"C\"\ncluster = \"all\"\nopening = \"a\"\noptions = [{id = \"a\", value = 0.0}, {id = \"b\", value = 1.0}]\n", k)
	}
	b.WriteString("[groups.all]\n")
	for k := range c {
		fmt.Fprintf(&b, "positions.c%d = {ideal = 0.5, salience = 0.1}\n", k)
	}
	for i := range n {
		fmt.Fprintf(&b, "[states.%c%c%c]\nname = \"S\"\ngroups = [\"all\"]\n", 'A'+i/676, 'A'+i/26%26, 'A'+i%26)
	}
	b.WriteString("[[sessions]]\nid = \"s\"\nagenda = [\"all\"]\nphase = \"concluding\"\n")
	return b.String()
}

// TestLargeScenarioWithinLimits: a scenario of the most states the limits
// allow, each of its 30 positions written out, is accepted: the limits on
// the text leave room for what the limits on the content allow.
func TestLargeScenarioWithinLimits(t *testing.T) {
	text := manyStates(scenarios.MaxStates, 30)
	var b strings.Builder
	for k := range 30 {
		fmt.Fprintf(&b, "positions.c%d = { ideal = 0.25, salience = 0.03, red_line = 0.9 }\n", k)
	}
	text = strings.ReplaceAll(text, "groups = [\"all\"]\n", "groups = [\"all\"]\ncapability = 1.5\nno_treaty = 0.4\n"+b.String())
	if len(text) < 1e6 {
		t.Fatalf("the scenario is only %d bytes", len(text))
	}
	sc := mustParse(t, "large.toml", text)
	if len(sc.States) != scenarios.MaxStates || len(sc.Clauses) != 30 {
		t.Errorf("%d states, %d clauses", len(sc.States), len(sc.Clauses))
	}
}

// TestTooManyStatesRefused: a few lines of group template could make
// states x clauses positions without end; the counts are bounded, before
// the positions are built.
func TestTooManyStatesRefused(t *testing.T) {
	mustParse(t, "big.toml", manyStates(scenarios.MaxStates, 2))
	_, err := scenarios.Parse(brokenName, []byte(manyStates(scenarios.MaxStates+1, 2)))
	mustInvalid(t, err, brokenName+": states: 501 states; the limit is 500 (docs/limits.md)")
	_, err = scenarios.Parse(brokenName, []byte(manyStates(400, 300)))
	mustInvalid(t, err, "400 states on 300 clauses make 120000 positions; the limit is 100000")
	var b strings.Builder
	for k := range scenarios.MaxOptions {
		fmt.Fprintf(&b, "{id = \"o%d\", value = %g}, ", k, float64(k)/100)
	}
	_, err = scenarios.Parse(brokenName, []byte(strings.Replace(toyText(t), `{ id = "deleted", label = "No such offence", value = 0.0 },`, b.String(), 1)))
	mustInvalid(t, err, "clauses.x_offence.options: 51 options; the limit is 50")
}

// TestTooManyProblemsCut: a file of thousands of unknown keys lists the
// first MaxProblems of them and says how many more there are.
func TestTooManyProblemsCut(t *testing.T) {
	var b strings.Builder
	for k := range 5000 {
		fmt.Fprintf(&b, "unknown%d = 1\n", k)
	}
	_, err := scenarios.Parse(brokenName, []byte(b.String()+toyText(t)))
	msg := mustInvalid(t, err, "... and 4900 more problems, not listed")
	var inv *scenarios.InvalidError
	if !errors.As(err, &inv) || len(inv.Problems) != scenarios.MaxProblems+1 {
		t.Errorf("want %d problems and a count of the rest", scenarios.MaxProblems)
	}
	if len(msg) > 50_000 {
		t.Errorf("the message is %d bytes", len(msg))
	}
}

// TestEmptyClausesRefused: an empty [clauses] table passed validate
// ("0 clauses") and run panicked (issue 14, item 7); a clause needs two
// options.
func TestEmptyClausesRefused(t *testing.T) {
	text := "[scenario]\nid = \"e\"\ntitle = \"E\"\n[clusters.c]\ntitle = \"C\"\n[clauses]\n" +
		"[states.AAA]\nname = \"A\"\n[[sessions]]\nid = \"s\"\nphase = \"concluding\"\n"
	_, err := scenarios.Parse(brokenName, []byte(text))
	mustInvalid(t, err, brokenName+": clauses: required key is missing or empty: give at least one [clauses.ID] table")

	_, err = scenarios.Parse(brokenName, []byte(replace(t, toyText(t), `options = [
  { id = "without_right", label = "without right", value = 0.0 },
  { id = "unlawful", label = "unlawful", value = 1.0 },
]`, "options = []")))
	mustInvalid(t, err, "clauses.wording.options: required key is missing or empty: give at least two options")

	_, err = scenarios.Parse(brokenName, []byte(replace(t, toyText(t), `  { id = "without_right", label = "without right", value = 0.0 },
`, "")))
	mustInvalid(t, err, "clauses.wording.options: a clause needs at least two options, got 1")

	_, err = scenarios.Parse(brokenName, []byte(strings.Replace(text, "[clauses]\n", "[clauses]\n[states]\n", 1)))
	mustInvalid(t, err, "clauses: required key is missing or empty")
}

// TestEmptySessionsLikeMissing: sessions = [] passed validate and ran
// ("NOT ADOPTED", exit 0) while a file without sessions was refused; both
// are refused with the same message (issue 14, item 8).
func TestEmptySessionsLikeMissing(t *testing.T) {
	toy := toyText(t)
	without := toy[:strings.Index(toy, "[[sessions]]")]
	_, errMissing := scenarios.Parse(brokenName, []byte(without))
	_, errEmpty := scenarios.Parse(brokenName, []byte(replace(t, without, "format = 1\n", "format = 1\nsessions = []\n")))
	const want = brokenName + ": sessions: required key is missing or empty: give at least one [[sessions]] table"
	if mustInvalid(t, errMissing, want) != mustInvalid(t, errEmpty, want) {
		t.Errorf("different messages:\n%v\n%v", errMissing, errEmpty)
	}
}
