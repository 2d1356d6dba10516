package sim_test

import (
	"fmt"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// Play the shipped toy a round at a time, reading the text between rounds.
func ExampleEngine_Step() {
	sc, err := scenarios.LoadShipped("toy")
	if err != nil {
		panic(err)
	}
	e := sim.New(sc)
	out := sim.NewOutcome(sc)
	e.Start(sim.RunRNG(sc.Seed, 0), nil, out)
	for more := true; more; {
		session, round := e.Session(), e.Round()+1
		more = e.Step()
		fmt.Printf("%s round %d:", sc.Sessions[session].ID, round)
		for c, cl := range sc.Clauses {
			fmt.Printf(" %s=%s", cl.ID, cl.Options[e.Text().Option[c]].ID)
		}
		fmt.Println()
	}
	fmt.Println("adopted:", out.Adopted, "in", sc.Sessions[out.DecidedSession].ID)
	// Output:
	// first round 1: x_offence=included wording=unlawful safeguards=light
	// first round 2: x_offence=included wording=without_right safeguards=strong
	// first round 3: x_offence=included wording=without_right safeguards=strong
	// second round 1: x_offence=included wording=without_right safeguards=strong
	// second round 2: x_offence=included wording=without_right safeguards=strong
	// second round 3: x_offence=deleted wording=without_right safeguards=strong
	// adopted: true in second
}
