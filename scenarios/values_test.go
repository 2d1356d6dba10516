package scenarios_test

import (
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// TestHugeCapabilityRefused: capability = 1e308 passed validate and run
// failed later in a plot (issue 14, item 9). Every number the model
// computes with is bounded to a documented finite range, NaN and the
// infinities refused, and the message names the key path and the range.
func TestHugeCapabilityRefused(t *testing.T) {
	const aaaX = "positions.x_offence = { ideal = 1.0, salience = 0.3 }" // first: state AAA
	const sal = "states.AAA.positions.x_offence.salience"
	withSalience := func(v string) func(*testing.T, string) string {
		return edit(aaaX, "positions.x_offence = { ideal = 1.0, salience = "+v+" }")
	}
	model := func(line string) func(*testing.T, string) string {
		return edit("[rules]", "[model]\n"+line+"\n\n[rules]")
	}
	tests := []struct {
		name  string
		edit  func(t *testing.T, toy string) string
		wants []string
	}{
		{"capability 1e308", edit("capability = 2", "capability = 1e308"),
			[]string{"states.AAA.capability", "1e+308 is out of range; allowed (0,1e6]"}},
		{"capability inf", edit("capability = 2", "capability = inf"), []string{"states.AAA.capability", "+Inf is out of range"}},
		{"capability nan", edit("capability = 2", "capability = nan"), []string{"states.AAA.capability", "NaN is out of range"}},
		{"group capability", edit("cohesion = 0.8", "cohesion = 0.8\ncapability = 2e6"), []string{"groups.north.capability", "allowed (0,1e6]"}},
		{"capability drawn from a huge uniform", edit("capability = 2", `capability = {dist = "uniform", min = 1, max = 1e308}`),
			[]string{"states.AAA.capability.max", "allowed (0,1e6]"}},
		{"capability drawn from a huge normal", edit("capability = 2", `capability = {dist = "normal", mean = 2, sd = 1e308}`),
			[]string{"states.AAA.capability.sd", "allowed [0,1e+06]"}},
		{"capability one of a huge list", edit("capability = 2", `capability = [1, 1e308]`),
			[]string{"states.AAA.capability[2]", "allowed (0,1e6]"}},
		{"salience sd wider than its range", withSalience(`{dist = "normal", mean = 0.5, sd = 2}`),
			[]string{sal + ".sd", "2 is out of range; allowed [0,1]"}},
		{"salience sd inf", withSalience(`{dist = "normal", mean = 0.5, sd = inf}`), []string{sal + ".sd", "+Inf is out of range"}},
		{"ideal nan", edit(aaaX, "positions.x_offence = { ideal = nan, salience = 0.3 }"),
			[]string{"states.AAA.positions.x_offence.ideal", "NaN is out of range; allowed [0,1]"}},
		{"beta of a tiny alpha (NaN draws)", withSalience(`{dist = "beta", alpha = 1e-300, beta = 2}`),
			[]string{sal, "alpha and beta must lie in [0.1,1000]"}},
		{"beta of a huge beta", withSalience(`{dist = "beta", alpha = 2, beta = 1e308}`),
			[]string{sal, "alpha and beta must lie in [0.1,1000]"}},
		{"no_treaty -inf", edit("no_treaty = 0.4", "no_treaty = -inf"), []string{"states.AAA.no_treaty", "-Inf is out of range; allowed [0,1]"}},
		{"concession 1e9", edit(`disposition = "maximalist"`, `disposition = "maximalist"`+"\nconcession = 1e9"),
			[]string{"states.EEE.concession", "allowed (0,100]"}},
		{"disposition concession", model("dispositions.pragmatist = { concession = 1e300 }"),
			[]string{"model.dispositions.pragmatist.concession", "allowed (0,100]"}},
		{"alignment_weight 1e300", model("alignment_weight = 1e300"), []string{"model.alignment_weight", "allowed [0,100]"}},
		{"package_loyalty inf", model("package_loyalty = inf"), []string{"model.package_loyalty", "allowed [0,100]"}},
		{"budget 1e9", appendEvent(`kind = "incentive"`, `by = ["AAA"]`, `targets = ["south"]`, `budget = 1e9`),
			[]string{eventPath + ".budget", "allowed [0,1000]"}},
		{"amount nan", appendEvent(`kind = "incentive"`, `by = ["AAA"]`, `targets = ["south"]`, `amount = nan`),
			[]string{eventPath + ".amount", "NaN is out of range; allowed [0,1]"}},
		{"pressure inf", edit("pressure = 0.5", "pressure = inf"), []string{"sessions[first].pressure", "allowed [0,1]"}},
		{"vote threshold nan", edit("vote_threshold = 0.6667", "vote_threshold = nan"), []string{"rules.vote_threshold", "allowed (0,1]"}},
		{"rounds of 2^62", edit("rounds = 3", "rounds = 4611686018427387904"), []string{"sessions[first].rounds", "allowed [1,1000]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse(brokenName, []byte(tc.edit(t, toyText(t))))
			mustInvalid(t, err, append([]string{brokenName}, tc.wants...)...)
		})
	}
}

// TestBoundsKeepValidValues: the new bounds accept values at their edges,
// and a beta without min and max still lies on [0,1] for a capability.
func TestBoundsKeepValidValues(t *testing.T) {
	sc := mustParse(t, "edges.toml", replace(t, replace(t, toyText(t), "capability = 2", "capability = 1e6"),
		"[rules]", "[model]\nalignment_weight = 100\npackage_loyalty = 100\n\n[rules]"))
	if got := state(t, sc, "AAA").Capability.Value; got != 1e6 {
		t.Errorf("capability = %g", got)
	}
	sc = mustParse(t, "beta.toml", replace(t, toyText(t), "capability = 2", `capability = {dist = "beta", alpha = 0.1, beta = 1000}`))
	if c := state(t, sc, "AAA").Capability; c.Min != 0 || c.Max != 1 {
		t.Errorf("a beta capability lies on [%g,%g], want [0,1]", c.Min, c.Max)
	}
}
