// Command treatysim simulates multilateral treaty negotiations: state
// agents bargain over the clauses of a draft treaty across a script of
// sessions under a decision rule. See README.md.
package main

import (
	"fmt"
	"os"
)

// command is one subcommand: a thin layer that parses flags and calls
// into the packages.
type command struct {
	name    string
	summary string
	run     func(args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"run", "negotiate a scenario and write the results folder", cmdRun},
		{"explain", "tell a run session by session, in plain sentences", cmdExplain},
		{"merge", "merge the shard files of a Monte Carlo run on many machines", cmdMerge},
		{"compare", "compare two scenarios over paired runs, with significance", cmdCompare},
		{"sensitivity", "rank the uncertain values that drive a scenario's outcome (Morris, Sobol)", cmdSensitivity},
		{"sweep", "run a grid of Monte Carlo experiments over scenario parameters", cmdSweep},
		{"plot", "draw the plots and the HTML report of a results folder", cmdPlot},
		{"validate", "check a scenario file and print every problem", cmdValidate},
		{"list", "list the scenarios shipped with the program", cmdList},
		{"show", "print the TOML of a shipped scenario", cmdShow},
		{"import", "turn a DEU III or decide file into a scenario; UN votes into a record", cmdImport},
		{"backtest", "check the engine against negotiations with known outcomes", cmdBacktest},
		{"serve", "play a scenario with a class, the students in their browsers", cmdServe},
	}
}

const usage = `treatysim simulates multilateral treaty negotiation: states bargain over
the clauses of a draft treaty, session by session, under a decision rule.

Usage:
  treatysim <command> [arguments]

Commands:
%s
Run 'treatysim <command> --help' for a command's flags.
With no scenario, run negotiates the shipped UN cybercrime scenario (ahc).

Exit status: 0 success, 1 failure while running, 2 bad input or usage.
`

func printUsage() {
	list := ""
	for _, c := range commands {
		list += fmt.Sprintf("  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(os.Stderr, usage, list)
}

func main() {
	os.Exit(dispatch(os.Args[1:]))
}

func dispatch(args []string) int {
	if len(args) == 0 {
		printUsage()
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printUsage()
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return exitCode(c.run(args[1:]))
		}
	}
	fmt.Fprintf(os.Stderr, "treatysim: unknown command %q\n\n", args[0])
	printUsage()
	return exitUsage
}
