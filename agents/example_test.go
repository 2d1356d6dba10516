package agents_test

import (
	"fmt"

	"github.com/treatysim/treatysim/agents"
)

// A state that gains from a motion but is aligned against its movers.
func ExampleBallot() {
	rule := agents.VoteRule{Indifference: 0.01, Stakes: 0.1, AlignmentWeight: 1, Loyalty: 0.5, CrossPressure: 0.5}
	for _, m := range []agents.Motion{
		{Gain: 0.05, Alignment: -0.2, Side: 1},           // interest 0.5 against a pull of 0.2: interest wins
		{Gain: 0.05, Alignment: -0.4, Side: 1},           // against 0.4: torn
		{Gain: 0, Alignment: 0.6, Side: 1},               // a silent state follows its camp
		{Gain: 0, Alignment: 0.2, Side: 1, Package: 0.3}, // but defends a package it gains from
	} {
		v, torn := agents.Ballot(m, rule)
		fmt.Println(v, torn)
	}
	// Output:
	// yes false
	// abstain true
	// yes false
	// no false
}
