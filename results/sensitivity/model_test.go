package sensitivity

import (
	"slices"
	"testing"
)

func TestModelKeys(t *testing.T) {
	want := []string{"curvature", "chair_step", "blocking_share", "objection_temperature", "standout_cost",
		"ideal_noise", "salience_noise", "vote_indifference", "vote_stakes", "alignment_weight",
		"package_loyalty", "cross_pressure", "active_salience"}
	if got := ModelKeys(); !slices.Equal(got, want) {
		t.Errorf("model keys %v\nwant %v", got, want)
	}
}

func TestDefaultModelRange(t *testing.T) {
	sc := loadNull(t) // ideal_noise 0.3, the other parameters at their defaults
	sc.Model.CrossPressure = 0.8
	for _, tt := range []struct {
		key    string
		lo, hi float64
		ok     bool
	}{
		{"curvature", 1, 3, true},
		{"chair_step", 0.25, 0.75, true},
		{"cross_pressure", 0.4, 1, true}, // 1.2 clipped to the valid [0,1]
		{"ideal_noise", 0.15, 0.45, true},
		{"salience_noise", 0, 0, false}, // 0: no relative range
		{"alignment_weight", 0.5, 1.5, true},
		{"no_such", 0, 0, false},
	} {
		lo, hi, ok := DefaultModelRange(sc, tt.key)
		if ok != tt.ok || (ok && (!near(lo, tt.lo) || !near(hi, tt.hi))) {
			t.Errorf("%s: [%g, %g] %v, want [%g, %g] %v", tt.key, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
	fs := ModelFactors(sc)
	if len(fs) != len(ModelKeys())-1 {
		t.Errorf("%d model factors, want all but salience_noise", len(fs))
	}
	if slices.ContainsFunc(fs, func(f ScenarioFactor) bool { return f.Key == "model:salience_noise" }) {
		t.Error("salience_noise (0) is a default factor")
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

// TestFixModel: a model factor sets its parameter at its share of the
// range, and leaves the scenario it was given alone.
func TestFixModel(t *testing.T) {
	sc := loadNull(t)
	f, err := ModelFactor("chair_step", 0.2, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ x, want float64 }{{0, 0.2}, {0.5, 0.4}, {1, 0.6}} {
		got := FixScenario(sc, []ScenarioFactor{f}, []float64{tt.x}).Model.ChairStep
		if !near(got, tt.want) {
			t.Errorf("x = %g: chair_step %g, want %g", tt.x, got, tt.want)
		}
	}
	if sc.Model.ChairStep != 0.5 {
		t.Errorf("FixScenario changed the scenario's chair_step to %g", sc.Model.ChairStep)
	}
	if _, err := ModelFactor("chair", 0, 1); err == nil {
		t.Error("ModelFactor accepted an unknown parameter")
	}
}
