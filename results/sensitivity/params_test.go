package sensitivity

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// The toy of loadNull: groups north (AAA, BBB) and south (CCC, DDD, EEE),
// FFF in none; uncertain alignments of BBB and CCC, ideal points of CCC
// (wording), EEE (x_offence, safeguards) and FFF (x_offence), FFF's
// capability; every other value fixed.

func TestParseParams(t *testing.T) {
	sc := loadNull(t)
	type factor struct {
		key    string
		params []string
		rng    []float64
	}
	for _, tt := range []struct {
		name, file string
		want       []factor
	}{
		{"group", `
[[factor]]
name = "south ideals"
kind = ["ideal"]
groups = ["south"]`,
			[]factor{{"south ideals", []string{"CCC.ideal:wording", "EEE.ideal:x_offence", "EEE.ideal:safeguards"}, nil}}},
		{"state, clause and one kind as a string", `
[[factor]]
name = "E on safeguards"
kind = "ideal"
states = ["EEE"]
clauses = ["safeguards"]`,
			[]factor{{"E on safeguards", []string{"EEE.ideal:safeguards"}, nil}}},
		{"every state, two kinds, groups and states together", `
[[factor]]
name = "alignments"
kind = ["alignment"]

[[factor]]
name = "F and the south"
kind = ["capability", "ideal"]
groups = ["south"]
states = ["FFF"]
clauses = ["x_offence"]`,
			[]factor{{"alignments", []string{"BBB.alignment", "CCC.alignment"}, nil},
				{"F and the south", []string{"EEE.ideal:x_offence", "FFF.capability", "FFF.ideal:x_offence"}, nil}}},
		{"model parameters in the schema's order, integers allowed", `
[model]
chair_step = [0.25, 0.75]
curvature = [1, 3]`,
			[]factor{{"model:curvature", []string{"model.curvature"}, []float64{1, 3}},
				{"model:chair_step", []string{"model.chair_step"}, []float64{0.25, 0.75}}}},
		{"factors, then the model", `
[model]
ideal_noise = [0, 0.2]

[[factor]]
name = "x"
kind = ["ideal"]
states = ["CCC"]`,
			[]factor{{"x", []string{"CCC.ideal:wording"}, nil},
				{"model:ideal_noise", []string{"model.ideal_noise"}, []float64{0, 0.2}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := ParseParams("p.toml", []byte(tt.file), sc)
			if err != nil {
				t.Fatal(err)
			}
			var got []factor
			for _, f := range fs {
				g := factor{key: f.Key, params: f.Params}
				if f.Range != nil {
					g.rng = f.Range[:]
				}
				got = append(got, g)
			}
			if !slices.EqualFunc(got, tt.want, func(a, b factor) bool {
				return a.key == b.key && slices.Equal(a.params, b.params) && slices.Equal(a.rng, b.rng)
			}) {
				t.Errorf("factors %v\nwant %v", got, tt.want)
			}
			// Fixing the factors fixes exactly the parameters they name.
			moved := 0
			for _, f := range fs {
				if f.Range == nil {
					moved += len(f.Params)
				}
			}
			fixed := FixScenario(sc, fs, make([]float64, len(fs)))
			if before, after := uncertain(sc), uncertain(fixed); after != before-moved {
				t.Errorf("%d uncertain values before fixing the factors, %d after; the factors move %d", before, after, moved)
			}
		})
	}
}

// uncertain counts the uncertain values of sc.
func uncertain(sc *scenarios.Scenario) int {
	n := 0
	for _, f := range ScenarioFactors(sc) {
		n += len(f.Params)
	}
	return n
}

func TestParseParamsErrors(t *testing.T) {
	sc := loadNull(t)
	for _, tt := range []struct {
		name, file string
		want       []string // one problem each, in order of the messages
	}{
		{"syntax", "[[factor]\nname = 1", []string{"p.toml:1:9: TOML syntax error", "    [[factor]", "    "}},
		{"empty", "# nothing\n", []string{"p.toml: no factor: give [[factor]] tables or a [model] table"}},
		{"unknown keys", "bogus = 1\n[[factor]]\nname = \"a\"\nkinds = [\"ideal\"]\n",
			[]string{"p.toml: bogus: unknown key; allowed: factor (a [[factor]] table), model (a [model] table)",
				"p.toml: factor[1].kinds: unknown key; allowed: name, kind, groups, states, clauses",
				"p.toml: factor[1].kind: missing; allowed: capability, no_treaty, alignment, ideal, salience, red_line"}},
		{"not tables", "factor = 3\nmodel = 2\n", []string{"p.toml: factor: expected [[factor]] tables",
			"p.toml: model: expected a [model] table of ranges"}},
		{"unknown references", "[[factor]]\nname = \"a\"\nkind = [\"ideals\"]\ngroups = [\"west\"]\nstates = [\"ZZZ\"]\nclauses = [\"cii\"]\n",
			[]string{"p.toml: factor[1].kind: unknown kind \"ideals\"; allowed: capability, no_treaty, alignment, ideal, salience, red_line",
				"p.toml: factor[1].groups: unknown group \"west\"; groups of toy: north, south",
				"p.toml: factor[1].states: unknown state \"ZZZ\"; states of toy: AAA, BBB, CCC, DDD, EEE, FFF",
				"p.toml: factor[1].clauses: unknown clause \"cii\"; clauses of toy: x_offence, wording, safeguards"}},
		{"bad lists and name", "[[factor]]\nname = \"\"\nkind = []\ngroups = [1]\n",
			[]string{"p.toml: factor[1].name: expected a non-empty name",
				"p.toml: factor[1].kind: expected a list of kinds",
				"p.toml: factor[1].groups: expected a list of group ids"}},
		{"missing name, clauses of a state kind", "[[factor]]\nkind = [\"capability\"]\nclauses = [\"wording\"]\n",
			[]string{"p.toml: factor[1].name: missing",
				"p.toml: factor[1].clauses: clauses select ideal points, saliences and red lines; the kinds capability are not per clause"}},
		{"empty selection", "[[factor]]\nname = \"a\"\nkind = [\"capability\", \"salience\"]\ngroups = [\"north\"]\n",
			[]string{"p.toml: factor[1]: selects no uncertain value: every capability, salience of 2 states on 3 clauses is a fixed number"}},
		{"claimed twice, names twice", "[[factor]]\nname = \"a\"\nkind = [\"alignment\"]\n[[factor]]\nname = \"a\"\nkind = [\"alignment\"]\nstates = [\"CCC\"]\n",
			[]string{"p.toml: factor[2].name: the name \"a\" is already used by factor[1].name",
				"p.toml: factor[2]: CCC.alignment already moved by factor[1] (\"a\"): a parameter can be in one factor only"}},
		{"bad ranges", "[model]\nchair = [0, 1]\nchair_step = [0, 0.4]\ncurvature = [3, 2]\nblocking_share = \"wide\"\nalignment_weight = [0, inf]\nstandout_cost = [0.1]\n",
			[]string{"p.toml: model.alignment_weight: [0, +Inf] leaves the valid range [0,100] of alignment_weight",
				"p.toml: model.blocking_share: expected a range [low, high] of two numbers within (0,1], e.g. [0.2, 0.6]",
				"p.toml: model.chair: unknown model parameter; allowed: curvature, chair_step,",
				"p.toml: model.chair_step: [0, 0.4] leaves the valid range (0,1] of chair_step",
				"p.toml: model.curvature: [3, 2]: the low end must be below the high end",
				"p.toml: model.standout_cost: expected a range [low, high]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := ParseParams("p.toml", []byte(tt.file), sc)
			if err == nil {
				t.Fatalf("accepted, with factors %v", fs)
			}
			if !errors.Is(err, ErrParams) || !errors.Is(err, scenarios.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrParams and scenarios.ErrInvalid", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("problem %d:\n  %s\nwant it to start with\n  %s", i+1, lines[i], w)
				}
			}
		})
	}
}

// TestExampleParams: the example in docs/examples parses against the
// flagship, three factors of the blocs' capabilities and one model
// parameter.
func TestExampleParams(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := LoadParams("../../docs/examples/blocs.params.toml", sc)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range fs {
		keys = append(keys, f.Key)
		if len(f.Params) == 0 {
			t.Errorf("%s moves nothing", f.Key)
		}
	}
	want := []string{"capability:like_minded", "capability:eu", "capability:cosponsors_2019", "model:chair_step"}
	if !slices.Equal(keys, want) {
		t.Errorf("factors %v, want %v", keys, want)
	}
	if _, err := LoadParams("no-such-file.toml", sc); err == nil {
		t.Error("LoadParams read a missing file")
	}
}
