package scenarios_test

import (
	"math"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// recordToy is the toy with a south template for a sixth state FFF, which
// gives nothing itself, and a record of votes for FFF, AAA and a state
// the scenario does not have.
func recordToy(t *testing.T, record string) string {
	t.Helper()
	data := replace(t, toyText(t), "cohesion = 0.5", `cohesion = 0.5
alignment = 0.9
positions.x_offence = { ideal = 0.5, salience = 0.2 }
positions.wording = { ideal = { dist = "normal", mean = 0.5, sd = 0.1 }, salience = { dist = "triangular", min = 0.1, mode = 0.2, max = 0.4 } }`)
	data = replace(t, data, "[states.BBB]", "[states.BBB]\nalignment = -0.2")
	return data + `
[states.FFF]
name = "State F"
groups = ["south"]
positions.safeguards = { ideal = 0.5, salience = 0.2 }
` + record
}

// TestRecordGrounds checks the three rules of a record by hand: the
// alignment (own values win, then the record, then the groups), the lean
// of templated ideal points toward the camp of the state's alignment, and
// the care that scales templated saliences.
func TestRecordGrounds(t *testing.T) {
	sc := mustParse(t, "toy-record.toml", recordToy(t, `
[record]
source = "unvotes: a test"
divide = ["EEE", "AAA"]
lean = 0.5
lean_groups = ["south"]
states.FFF = { alignment = 0.6, alignment_sd = 0.2 }
states.AAA = { alignment = -0.3 }
states.BBB = { alignment = 0.8 }
states.ZZZ = { alignment = 1 }
`))
	f := state(t, sc, "FFF")
	if a := f.Alignment; a.Dist != scenarios.Normal || a.Value != 0.6 || a.SD != 0.2 {
		t.Errorf("FFF alignment %v; want the record's normal(0.6, 0.2) over the group's 0.9", a)
	}
	if a := state(t, sc, "AAA").Alignment; !a.IsFixed() || a.Value != -0.3 {
		t.Errorf("AAA alignment %v; want the record's -0.3", a)
	}
	if a := state(t, sc, "BBB").Alignment; a.Value != -0.2 {
		t.Errorf("BBB alignment %v; want its own -0.2 above the record", a)
	}
	if a := state(t, sc, "CCC").Alignment; a.Value != 0.9 {
		t.Errorf("CCC alignment %v; want the group's 0.9 (no record)", a)
	}
	// The divide runs from EEE (low) to AAA (high): on x_offence from 0 to
	// 1, on wording from 1 to 0. FFF (a = 0.6) leans 0.5*0.6*d/2 = 0.15*d.
	if s := stand(t, sc, "FFF", "x_offence"); math.Abs(s.Ideal.Value-0.65) > 1e-12 || math.Abs(s.Salience.Value-0.22) > 1e-12 {
		t.Errorf("FFF on x_offence: ideal %v salience %v; want 0.5+0.15 = 0.65 and 0.2*(0.5+0.6) = 0.22", s.Ideal, s.Salience)
	}
	s := stand(t, sc, "FFF", "wording")
	if s.Ideal.Dist != scenarios.Normal || math.Abs(s.Ideal.Value-0.35) > 1e-12 || s.Ideal.SD != 0.1 {
		t.Errorf("FFF on wording: ideal %v; want normal(0.35, 0.1), the template's mean moved by -0.15", s.Ideal)
	}
	if sal := s.Salience; sal.Dist != scenarios.Triangular || math.Abs(sal.Mode-0.22) > 1e-12 || math.Abs(sal.Max-0.44) > 1e-12 {
		t.Errorf("FFF on wording: salience %v; want triangular(0.11, 0.22, 0.44)", sal)
	}
	if s := stand(t, sc, "FFF", "safeguards"); s.Ideal.Value != 0.5 || s.Salience.Value != 0.2 {
		t.Errorf("FFF on safeguards: %v %v; want its own values untouched", s.Ideal, s.Salience)
	}
	if s := stand(t, sc, "CCC", "x_offence"); s.Ideal.Value != 1 {
		t.Errorf("CCC on x_offence: ideal %v; want its own 1 (no record, own value)", s.Ideal)
	}
}

func TestRecordRejects(t *testing.T) {
	for _, tc := range []struct {
		name, record string
		wants        []string
	}{
		{"no source", "[record]\nstates.FFF = { alignment = 0.1 }\n", []string{"record.source"}},
		{"unknown divide state", "[record]\nsource = \"x\"\ndivide = [\"EEE\", \"QQQ\"]\nstates.FFF = { alignment = 0.1 }\n", []string{"record.divide[2]", `"QQQ"`}},
		{"one divide state", "[record]\nsource = \"x\"\ndivide = [\"EEE\"]\nstates.FFF = { alignment = 0.1 }\n", []string{"record.divide", "low end"}},
		{"unknown lean group", "[record]\nsource = \"x\"\ndivide = [\"EEE\", \"AAA\"]\nlean_groups = [\"west\"]\nstates.FFF = { alignment = 0.1 }\n", []string{"record.lean_groups[1]", `"west"`}},
		{"alignment out of range", "[record]\nsource = \"x\"\nstates.FFF = { alignment = 1.5 }\n", []string{"record.states.FFF.alignment", "[-1,1]"}},
		{"missing alignment", "[record]\nsource = \"x\"\nstates.FFF = { side = 0.5 }\n", []string{"record.states.FFF.alignment"}},
		{"bad id", "[record]\nsource = \"x\"\nstates.ffx = { alignment = 0.1 }\n", []string{"record.states.ffx", "alpha-3"}},
		{"divide without estimates", "[record]\nsource = \"x\"\ndivide = [\"EEE\", \"AAA\"]\n", []string{"record.states"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse(brokenName, []byte(recordToy(t, tc.record)))
			mustInvalid(t, err, tc.wants...)
		})
	}
}
