package importers

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

func parseFile(t *testing.T, parse func(string, *os.File) (*Dataset, error), file string) (*Dataset, error) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return parse(file, f)
}

func deu(name string, f *os.File) (*Dataset, error)    { return ParseDEU(name, f) }
func decide(name string, f *os.File) (*Dataset, error) { return ParseDecide(name, f) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestParseDEU(t *testing.T) {
	ds, err := parseFile(t, deu, "testdata/deu_small.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, a := range ds.Actors {
		codes = append(codes, a.Code)
	}
	if got := strings.Join(codes, " "); got != "XCO XEP DEU FRA NLD" {
		t.Errorf("actor codes = %s", got)
	}
	if ds.Proposer != 0 || ds.Capability != GDP || ds.Actors[4].GDP != 1.03 {
		t.Errorf("proposer %d, capability %s, NLD GDP %g", ds.Proposer, ds.Capability, ds.Actors[4].GDP)
	}
	if len(ds.Issues) != 4 || ds.Outcomes() != 3 {
		t.Fatalf("%d issues, %d outcomes; want 4, 3", len(ds.Issues), ds.Outcomes())
	}
	tests := []struct {
		id      string
		line    int
		rule    Rule
		split   Split
		ref     float64 // NaN: unknown
		outcome float64
		stands  int
	}{
		{"d00001i1", 3, QMV, Train, 0, 0.5, 5},
		{"d00001i2", 4, Unanimity, Train, math.NaN(), 1, 4},
		{"d00002i1", 5, QMV, Test, 0.2, math.NaN(), 5},
		{"d00004i1", 6, QMV, Test, 0.1, 0.7, 5},
	}
	for k, tt := range tests {
		is := ds.Issues[k]
		if is.ID != tt.id || is.Line != tt.line || is.Rule != tt.rule || is.Split != tt.split || len(is.Stands) != tt.stands {
			t.Errorf("issue %d = %s line %d rule %s split %s with %d stands; want %+v", k, is.ID, is.Line, is.Rule, is.Split, len(is.Stands), tt)
		}
		if !(math.IsNaN(tt.ref) && !is.HasRef() || near(is.Ref, tt.ref)) || !(math.IsNaN(tt.outcome) && !is.HasOutcome() || near(is.Outcome, tt.outcome)) {
			t.Errorf("%s: ref %g outcome %g; want %g %g", is.ID, is.Ref, is.Outcome, tt.ref, tt.outcome)
		}
	}
	// Positions and saliences on [0,1], capability from GDP.
	st := ds.Issues[0].Stands[0]
	if st.Position != 1 || st.Salience != 0.8 || st.Capability != 4.1 {
		t.Errorf("XCO on d00001i1 = %+v", st)
	}
	// France gave a position but no salience on d00002i1: the mean of the others' (40, 40, 60, 20).
	fr := ds.Issues[2].Stands[3]
	if !fr.Imputed || !near(fr.Salience, 0.4) || len(ds.Notes) != 1 || !strings.Contains(ds.Notes[0], "deu_small.tsv:5: FRA (fr)") {
		t.Errorf("imputed stand %+v, notes %q", fr, ds.Notes)
	}
}

// problemsOf returns the messages of an InvalidError, checking that it
// wraps scenarios.ErrInvalid.
func problemsOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Errorf("error does not wrap scenarios.ErrInvalid: %v", err)
	}
	return err.Error()
}

func TestParseDEUErrors(t *testing.T) {
	_, err := parseFile(t, deu, "testdata/deu_bad.tsv")
	msg := problemsOf(t, err)
	for _, want := range []string{
		"deu_bad.tsv:3: column pcom: position 150 is outside the scale [0, 100]",
		`deu_bad.tsv:4: column counvte: unknown voting rule "Maj"; expected QMV or Unan`,
		"deu_bad.tsv:5: issue d00001i1 already given on line 3",
		`deu_bad.tsv:5: column sfr: salience "abc" is not a number`,
		`deu_bad.tsv:6: column prnrnmc: "x" is not a proposal number`,
		"deu_bad.tsv:7: 22 fields, but the header has 25",
		"deu_bad.tsv:8: no actor takes a position on issue d00005i1",
		"deu_bad.tsv:9: column rp: reference point -5 is outside the scale [0, 100]",
		`deu_bad.tsv:9: column out: outcome "NaN" is not a number`,
		"deu_bad.tsv:10: no issue id (isnr)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing problem %q in:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != 10 {
		t.Errorf("%d problems, want 10:\n%s", n, msg)
	}
}

func TestParseDEUHeaderErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"empty", "", "x.tsv: empty file"},
		{"not deu", "a\tb\n1\t2\n", `x.tsv:1: no column "prnrnmc", "prnr", "prname", "isnr", "counvte", "rp", "out" in the header`},
		{"unpaired", "prnrnmc\tprnr\tprname\tisnr\tcounvte\trp\tout\tpde\n", `x.tsv:1: column "pde" has no matching column "sde"`},
		{"unknown actor", "prnrnmc\tprnr\tprname\tisnr\tcounvte\trp\tout\tpxx\tsxx\n", `x.tsv:1: columns "pxx"/"sxx": unknown DEU actor "xx"`},
		{"no issues", "prnrnmc\tprnr\tprname\tisnr\tcounvte\trp\tout\tpde\tsde\n", "x.tsv: no issues"},
		{"bad gdp", "prnrnmc\tprnr\tprname\tisnr\tcounvte\trp\tout\tpde\tsde\n\t\t\t\t\t\t\t-1\t\n", "x.tsv:2: column pde: GDP weight -1 is below 0"},
		// Found by FuzzParseDecide once capabilities were bounded: a weight
		// the scenario would refuse is refused where it is read.
		{"huge gdp", "prnrnmc\tprnr\tprname\tisnr\tcounvte\trp\tout\tpde\tsde\n\t\t\t\t\t\t\t2e6\t\n", "x.tsv:2: column pde: GDP weight 2e6 is above 1e+06, the largest capability a scenario takes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDEU("x.tsv", strings.NewReader(tt.text))
			if msg := problemsOf(t, err); !strings.Contains(msg, tt.want) {
				t.Errorf("got %q, want %q", msg, tt.want)
			}
		})
	}
}

func TestParseDecide(t *testing.T) {
	ds, err := parseFile(t, decide, "testdata/decide_small.csv")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, a := range ds.Actors {
		codes = append(codes, a.Code)
	}
	if got := strings.Join(codes, " "); got != "USA XEU XCI XLD" {
		t.Errorf("actor codes = %s", got)
	}
	if ds.Title != "Small climate talks" || ds.Capability != Power || ds.Proposer != -1 || ds.Outcomes() != 0 {
		t.Errorf("title %q capability %s proposer %d outcomes %d", ds.Title, ds.Capability, ds.Proposer, ds.Outcomes())
	}
	if len(ds.Issues) != 2 {
		t.Fatalf("%d issues, want 2", len(ds.Issues))
	}
	amb, fin := ds.Issues[0], ds.Issues[1]
	if amb.ID != "ambition" || amb.Title != "Ambition of the 2030 target" || amb.Rule != Unanimity || amb.Split != NoSplit || amb.HasRef() || len(amb.Stands) != 4 {
		t.Errorf("ambition = %+v", amb)
	}
	// finance runs from 10 to 110: 60 is the middle. China India takes no part.
	if fin.Lo != 10 || fin.Hi != 110 || len(fin.Stands) != 3 || fin.Stands[1].Position != 0.5 || fin.Stands[2].Actor != 3 {
		t.Errorf("finance = %+v", fin)
	}
	if st := amb.Stands[0]; st.Position != 0.2 || st.Salience != 0.9 || st.Power != 0.3 || st.Capability != 0.3 {
		t.Errorf("USA on ambition = %+v", st)
	}
}

func TestParseDecideErrors(t *testing.T) {
	_, err := parseFile(t, decide, "testdata/decide_bad.csv")
	msg := problemsOf(t, err)
	for _, want := range []string{
		`decide_bad.csv:3: actor "USA" already declared on line 1`,
		`decide_bad.csv:5: issue finance: no #D record gives an actor's position on it`,
		`decide_bad.csv:8: #M: unknown issue "nosuch" (declare it with #P)`,
		"decide_bad.csv:9: #D USA on ambition: position 120 is outside the issue's scale [0, 100]",
		"decide_bad.csv:10: #D EU28 on ambition: salience 1.5 is outside [0, 1]",
		`decide_bad.csv:11: #D: unknown actor "Russia" (declare it with #A)`,
		"decide_bad.csv:12: #D EU28 on finance: power -1 is negative",
		`decide_bad.csv:13: #D EU28 on finance: position "5O" is not a number`,
		"decide_bad.csv:14: #D record has 2 fields; expected #D actor data",
		`decide_bad.csv:15: unknown record "#X"`,
		"decide_bad.csv:17: #D: EU28 on ambition already given on line 16",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing problem %q in:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != 11 {
		t.Errorf("%d problems, want 11:\n%s", n, msg)
	}
}

// TestParseDecidePowerTooLarge: a power above the largest capability a
// scenario takes is refused on its line (FuzzParseDecide found a rendered
// scenario that did not load once capabilities were bounded).
func TestParseDecidePowerTooLarge(t *testing.T) {
	_, err := ParseDecide("x.csv", strings.NewReader("#A;EU28\n#P;ambition\n#D;EU28;ambition;0;0.5;10000100\n"))
	if msg, want := problemsOf(t, err), "x.csv:3: #D EU28 on ambition: power 10000100 is above 1e+06"; !strings.Contains(msg, want) {
		t.Errorf("got %q, want %q", msg, want)
	}
}

func TestParseDecideNotDecide(t *testing.T) {
	_, err := parseFile(t, decide, "testdata/deu_small.tsv")
	msg := problemsOf(t, err)
	if want := `deu_small.tsv:1: "prnrnmc" is not a decide record (#A, #P, #M, #D): is this a decide input file?`; !strings.HasSuffix(msg, want) {
		t.Errorf("got %q, want %q", msg, want)
	}
	_, err = ParseDecide("x.csv", strings.NewReader("#/ only a comment\n"))
	if msg := problemsOf(t, err); !strings.Contains(msg, "x.csv: no issues") {
		t.Errorf("got %q", msg)
	}
}

func TestSetCapability(t *testing.T) {
	d, _ := parseFile(t, deu, "testdata/deu_small.tsv")
	c, _ := parseFile(t, decide, "testdata/decide_small.csv")
	if err := d.SetCapability(Power); err == nil || !strings.Contains(err.Error(), "no power column") {
		t.Errorf("power on a DEU file: %v", err)
	}
	if err := c.SetCapability(GDP); err == nil || !strings.Contains(err.Error(), "no GDP weights") {
		t.Errorf("gdp on a decide file: %v", err)
	}
	if err := d.SetCapability(Equal); err != nil || d.Issues[0].Stands[0].Capability != 1 || d.Capability != Equal {
		t.Errorf("equal: %v, %+v", err, d.Issues[0].Stands[0])
	}
	if _, err := ParseCapability("votes"); err == nil {
		t.Error("ParseCapability accepted votes")
	}
}

func TestSelect(t *testing.T) {
	ds, _ := parseFile(t, deu, "testdata/deu_small.tsv")
	got, err := ds.Select([]string{"d00004i1", "d00001"})
	if err != nil || len(got) != 3 || got[0] != 0 || got[1] != 1 || got[2] != 3 {
		t.Errorf("Select = %v, %v", got, err)
	}
	if _, err := ds.Select([]string{"nosuch"}); err == nil {
		t.Error("Select accepted an unknown id")
	}
}

func TestClauseOptions(t *testing.T) {
	ds, _ := parseFile(t, deu, "testdata/deu_small.tsv")
	tests := []struct {
		issue   int
		values  []float64
		opening int
	}{
		{0, []float64{0, 0.5, 1}, 0},     // the reference point 0 opens
		{1, []float64{0, 1}, 0},          // no reference point: the Commission's position, 0
		{2, []float64{0.2, 0.4, 0.6}, 0}, // positions 20, 40, 60 and the reference point 20
		{3, []float64{0.1, 0.7}, 0},
	}
	for _, tt := range tests {
		v, o := ds.ClauseOptions(tt.issue)
		if len(v) != len(tt.values) || o != tt.opening {
			t.Errorf("issue %d: options %v opening %d; want %v %d", tt.issue, v, o, tt.values, tt.opening)
			continue
		}
		for k := range v {
			if !near(v[k], tt.values[k]) {
				t.Errorf("issue %d: options %v; want %v", tt.issue, v, tt.values)
			}
		}
	}
	// One position and no reference point: the far end of the scale is
	// added, and with no proposer the text opens at the compromise.
	one := &Dataset{Proposer: -1, Actors: []Actor{{Code: "AAA"}}, Issues: []Issue{{Ref: math.NaN(), Outcome: math.NaN(),
		Stands: []Stand{{Actor: 0, Position: 0.3, Salience: 1, Capability: 1}}}}}
	if v, o := one.ClauseOptions(0); len(v) != 2 || v[0] != 0.3 || v[1] != 1 || o != 0 {
		t.Errorf("one position: %v opening %d", v, o)
	}
}

func TestNoTreaty(t *testing.T) {
	ds, _ := parseFile(t, deu, "testdata/deu_small.tsv")
	tests := []struct {
		actor  int
		issues []int
		a      float64
		want   float64
	}{
		{0, []int{0}, 2, 1 - 0.8*1},       // XCO at 100, reference point 0, salience 0.8
		{4, []int{0}, 2, 1},               // NLD stands at the reference point
		{2, []int{0}, 2, 1 - 0.5*0.25},    // DEU at 50: gap 0.5 squared
		{2, []int{0}, 1, 1 - 0.5*0.5},     // linear loss
		{0, []int{1}, 2, 1 - 0.5*1},       // no reference point: the worst option, 100 away
		{0, []int{0, 1}, 2, 0},            // saliences 0.8 + 0.5 scaled to sum to 1, both gaps 1
		{4, []int{1}, 2, 1},               // NLD takes no part in d00001i2
		{1, []int{3}, 2, 1 - 0.2*0.6*0.6}, // XEP at 70, reference point 10
	}
	for _, tt := range tests {
		if got := ds.NoTreaty(tt.actor, tt.issues, tt.a); !near(got, tt.want) {
			t.Errorf("NoTreaty(%s, %v, a=%g) = %g, want %g", ds.Actors[tt.actor].Code, tt.issues, tt.a, got, tt.want)
		}
	}
}

func TestRender(t *testing.T) {
	ds, _ := parseFile(t, deu, "testdata/deu_small.tsv")
	// The whole file: mixed rules give consensus.
	text, err := Render(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("deu_small", text)
	if err != nil {
		t.Fatalf("rendered scenario does not load: %v\n%s", err, text)
	}
	if sc.ID != "deu_small" || sc.Rule != scenarios.Consensus || len(sc.Clauses) != 4 || len(sc.States) != 5 || len(sc.Clusters) != 3 {
		t.Errorf("scenario %s rule %s, %d clauses, %d states, %d clusters", sc.ID, sc.Rule, len(sc.Clauses), len(sc.States), len(sc.Clusters))
	}
	if s := sc.Sessions[0]; len(sc.Sessions) != 1 || !s.Concluding || s.Pressure != 1 || s.Rounds != DefaultRounds || len(s.Agenda) != 3 {
		t.Errorf("sessions = %+v", sc.Sessions)
	}
	// NLD takes no part in d00001i2: salience 0 there.
	nld := sc.States[sc.StateIndex("NLD")]
	if nld.Positions[1].Salience.Value != 0 {
		t.Errorf("NLD on d00001i2: %+v", nld.Positions[1])
	}

	// One QMV issue, with model parameters: a vote at 0.55 may follow.
	text, err = Render(ds, Options{Issues: []int{0}, Rounds: 7, Model: Model{Curvature: 1, ChairStep: 0.3, Concession: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	sc, err = scenarios.Parse("one", text)
	if err != nil {
		t.Fatalf("rendered scenario does not load: %v\n%s", err, text)
	}
	if sc.ID != "deu_small-d00001i1" || sc.Rule != scenarios.ConsensusThenVote || sc.VoteThreshold != QMVThreshold || sc.Sessions[0].Rounds != 7 {
		t.Errorf("scenario %s rule %s threshold %g rounds %d", sc.ID, sc.Rule, sc.VoteThreshold, sc.Sessions[0].Rounds)
	}
	if sc.Model.Curvature != 1 || sc.Model.ChairStep != 0.3 || sc.Model.Dispositions[scenarios.Pragmatist].Concession.Value != 0.5 {
		t.Errorf("model = %+v", sc.Model)
	}
	// Exchange is the format's default (on, active_salience 0.3) unless
	// the model says otherwise; the one session is a concluding one.
	if !sc.Model.Exchange || sc.Model.ActiveSalience != 0.3 || sc.Sessions[0].Phase != scenarios.Concluding {
		t.Errorf("exchange %v, active_salience %g, phase %v; want the defaults, true and 0.3, concluding",
			sc.Model.Exchange, sc.Model.ActiveSalience, sc.Sessions[0].Phase)
	}
	noex, err := Render(ds, Options{Issues: []int{0, 1}, Model: Model{ActiveSalience: 0.55, NoExchange: true}})
	if err != nil {
		t.Fatal(err)
	}
	if sc2, err := scenarios.Parse("no exchange", noex); err != nil {
		t.Errorf("rendered scenario does not load: %v\n%s", err, noex)
	} else if sc2.Model.Exchange || sc2.Model.ActiveSalience != 0.55 {
		t.Errorf("exchange %v, active_salience %g; want false, 0.55", sc2.Model.Exchange, sc2.Model.ActiveSalience)
	}
	cl := sc.Clauses[0]
	if len(cl.Options) != 3 || cl.Options[cl.Opening].Value != 0 || cl.Options[1].ID != "v50" || cl.Deletion != -1 {
		t.Errorf("clause = %+v", cl)
	}
	xco := sc.States[sc.StateIndex("XCO")]
	if xco.Capability.Value != 4.1 || !near(xco.NoTreaty.Value, 1-0.8) || xco.Positions[0].Ideal.Value != 1 {
		t.Errorf("XCO = %+v", xco)
	}
}

func TestRenderDecide(t *testing.T) {
	ds, _ := parseFile(t, decide, "testdata/decide_small.csv")
	text, err := Render(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("decide_small", text)
	if err != nil {
		t.Fatalf("rendered scenario does not load: %v\n%s", err, text)
	}
	if sc.Rule != scenarios.Consensus || len(sc.States) != 4 || len(sc.Clauses) != 2 {
		t.Errorf("rule %s, %d states, %d clauses", sc.Rule, len(sc.States), len(sc.Clauses))
	}
	// The finance options are in the file's units: 10, 60 and 110.
	var ids []string
	for _, o := range sc.Clauses[1].Options {
		ids = append(ids, o.ID)
	}
	if got := strings.Join(ids, " "); got != "v10 v60 v110" {
		t.Errorf("finance options %s", got)
	}
	if xci := sc.States[sc.StateIndex("XCI")]; xci.Positions[1].Salience.Value != 0 || xci.Capability.Value != 0.3 {
		t.Errorf("XCI = %+v", xci)
	}
	if _, err := Render(ds, Options{Issues: []int{5}}); err == nil {
		t.Error("Render accepted an issue out of range")
	}
}

func TestCodes(t *testing.T) {
	a := newCodeAssigner()
	for _, tt := range []struct{ id, name, want string }{
		{"USA", "USA", "USA"},
		{"Japans", "Japans", "XJA"},              // a plural: not the state
		{"Least Developed Countries", "", "XLD"}, // initials
		{"Land Design", "", "XLA"},               // XLD taken: first letters
		{"EU (incl Norway)", "", "XEU"},          // an acronym
		{"russia", "", "RUS"},
		{"Russia", "", "XRU"}, // RUS taken
		{"!!", "", "XAA"},     // no letters: sequential
	} {
		if got := a.decideCode(tt.id, tt.name); got != tt.want {
			t.Errorf("decideCode(%q) = %s, want %s", tt.id, got, tt.want)
		}
	}
}

func TestTOMLString(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:      `"plain"`,
		`a "b" \ c`:  `"a \"b\" \\ c"`,
		"tab\tnl\n":  `"tab\tnl\n"`,
		"bell\x07":   `"bell\u0007"`,
		"bad\xffutf": "\"bad\uFFFDutf\"",
	} {
		if got := tomlString(in); got != want {
			t.Errorf("tomlString(%q) = %s, want %s", in, got, want)
		}
	}
}

// The real data sets, when ../shared/data is there.
const sharedData = "../../../shared/data"

func TestSharedData(t *testing.T) {
	if _, err := os.Stat(sharedData); err != nil {
		t.Skipf("no shared data at %s: skipping the tests on DEU III and decide", sharedData)
	}
	d, err := parseFile(t, deu, filepath.Join(sharedData, "deu3/deu3.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	train, test := 0, 0
	for _, is := range d.Issues {
		if is.HasOutcome() && is.Split == Train {
			train++
		}
		if is.HasOutcome() && is.Split == Test {
			test++
		}
	}
	// The data README: 364 issues, 353 with an outcome; 30 actors.
	if len(d.Issues) != 364 || d.Outcomes() != 353 || len(d.Actors) != 30 || train+test != 353 || d.Capability != GDP {
		t.Errorf("DEU III: %d issues, %d outcomes (%d train, %d test), %d actors, capability %s",
			len(d.Issues), d.Outcomes(), train, test, len(d.Actors), d.Capability)
	}
	text, err := Render(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Parse("deu3", text); err != nil {
		t.Errorf("DEU III as one scenario does not load: %v", err)
	}
	for _, f := range []string{"cop21.csv", "copenhagen.csv"} {
		ds, err := parseFile(t, decide, filepath.Join(sharedData, "decide", f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		text, err := Render(ds, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenarios.Parse(f, text); err != nil {
			t.Errorf("%s as a scenario does not load: %v", f, err)
		}
	}
	// The file with deliberate errors: a position of 160 and a negative power.
	_, err = parseFile(t, decide, filepath.Join(sharedData, "decide/copenhagen_with_errors.csv"))
	msg := problemsOf(t, err)
	for _, want := range []string{
		"copenhagen_with_errors.csv:86: #D Russia on Control: position 160 is outside the issue's scale [0, 100]",
		"copenhagen_with_errors.csv:87: #D China India on Control: power -0.247 is negative",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
}
