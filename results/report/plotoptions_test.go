package report

import (
	"math"
	"path/filepath"
	"testing"
)

// TestOptionSharesGolden compares the options plot's data for 40 runs of
// the toy with testdata/golden/options. Regenerate with
//
//	go test ./results/report -run TestOptionSharesGolden -update
func TestOptionSharesGolden(t *testing.T) {
	d := monteCarloRunData(t, 40)
	rows := OptionSharesData(d)
	checkGoldenJSON(t, filepath.Join("testdata", "golden", "options"), map[string]any{PlotOptionShares + ".json": rows})
	if !hasOptionShares(d) {
		t.Error("a Monte Carlo folder gets no options plot")
	}
	for _, r := range rows {
		sum := 0.0
		roles := map[string]int{}
		for _, o := range r.Options {
			sum += o.Probability
			roles[o.Role]++
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("%s: shares sum to %v", r.Clause, sum)
		}
		if roles[RoleOpening] > 1 || roles[RoleDeletion] > 1 {
			t.Errorf("%s: roles %v", r.Clause, roles)
		}
	}
	renderWide(t, optionsFigure(d, rows))
	if hasOptionShares(toyRunData(t)) {
		t.Error("a single run gets the options plot")
	}
}
