package main

import (
	"fmt"
	"strings"

	"github.com/treatysim/treatysim/results"
)

const explainHelp = `
Tell a run session by session, in plain sentences built from its results
folder: the phase of each session and what was on the table, who proposed
and who objected, what the chair's drafts left out, the largest exchanges
and what the sponsors of incentives paid for, the votes and who abstained
under cross-pressure, which coalitions formed or split and why states
moved between them, and why the final package passed or failed.`

func cmdExplain(args []string) error {
	fs := newFlags("explain", "explain DIR", explainHelp)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("explain: name one results folder (written by treatysim run)")
	}
	d, err := results.ReadRun(pos[0])
	if err != nil {
		return err
	}
	fmt.Printf("%s\n%s\n\n", d.Scenario.Title, strings.Repeat("=", len([]rune(d.Scenario.Title))))
	for _, sec := range results.Narrative(d) {
		fmt.Printf("%s\n%s\n", sec.Title, strings.Repeat("-", len([]rune(sec.Title))))
		for _, p := range sec.Paragraphs {
			fmt.Println(wrap(p, 78))
			fmt.Println()
		}
	}
	return nil
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int) string {
	var b strings.Builder
	line := 0
	for _, w := range strings.Fields(text) {
		n := len([]rune(w))
		if line > 0 && line+1+n > width {
			b.WriteByte('\n')
			line = 0
		} else if line > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += n
	}
	return b.String()
}
