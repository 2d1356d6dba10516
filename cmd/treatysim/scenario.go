package main

import (
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// loadScenario reads the scenario named on the command line: a TOML file,
// the name of a shipped scenario, or (none) the default one.
func loadScenario(args []string) (*scenarios.Scenario, error) {
	switch {
	case len(args) == 0:
		return scenarios.LoadShipped(scenarios.DefaultName)
	case len(args) > 1:
		return nil, usagef("expected one scenario, got %d: %s", len(args), strings.Join(args, " "))
	case !strings.HasSuffix(args[0], ".toml") && !strings.ContainsAny(args[0], `/\`):
		return scenarios.LoadShipped(args[0])
	}
	return scenarios.Load(args[0])
}
