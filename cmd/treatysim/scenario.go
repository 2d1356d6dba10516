package main

import (
	"os"
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
		sc, err := scenarios.LoadShipped(args[0])
		if err != nil && isDir(args[0]) {
			return nil, notAScenario(args[0])
		}
		return sc, err
	case isDir(args[0]):
		return nil, notAScenario(args[0])
	}
	return scenarios.Load(args[0])
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// notAScenario reports a folder given where a scenario belongs (bad
// input, not a failure to read a file).
func notAScenario(dir string) error {
	return usagef("%s is a folder, not a scenario: give a scenario file (.toml) or the name of a shipped scenario (treatysim list)", dir)
}
