package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/treatysim/treatysim/scenarios"
)

const validateHelp = `
Check a scenario file (and the bases it extends) and print every problem:
the file, the key path and what is allowed. Exit status 2 if there is any.`

func cmdValidate(args []string) error {
	fs := newFlags("validate", "validate SCENARIO.toml", validateHelp)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("validate: name a scenario file (see treatysim validate --help)")
	}
	sc, err := loadScenario(pos)
	if err != nil {
		return err
	}
	fmt.Printf("ok: %s (%s): %d states, %d groups, %d clauses, %d sessions\n",
		sc.ID, sc.Title, len(sc.States), len(sc.Groups), len(sc.Clauses), len(sc.Sessions))
	return nil
}

func cmdList(args []string) error {
	fs := newFlags("list", "list", "List the scenarios shipped with the program.")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	for _, name := range scenarios.ShippedNames() {
		sc, err := scenarios.LoadShipped(name)
		if err != nil {
			return fmt.Errorf("shipped scenario %s: %w", name, err)
		}
		q := sc.Title
		if sc.Question != "" {
			q += ": " + sc.Question
		}
		fmt.Printf("%-18s %s\n", name, q)
	}
	return nil
}

func cmdShow(args []string) error {
	fs := newFlags("show", "show NAME", "Print the TOML of a shipped scenario, to read or to copy and edit.")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("show: name one shipped scenario (see treatysim list)")
	}
	b, err := scenarios.ShippedSource(pos[0])
	if err != nil {
		return usagef("%v", err)
	}
	_, err = os.Stdout.Write(b)
	return err
}

// isSet reports whether a flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
