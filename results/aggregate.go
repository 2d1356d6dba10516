package results

import (
	"fmt"
	"math"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// SatisfactionBins is the resolution of the satisfaction histograms:
// utility lies in [0,1], so quantiles are exact to 1/(2*SatisfactionBins).
const SatisfactionBins = 2000

// Aggregate accumulates the outcomes of many runs in counts only, so that
// memory does not grow with the number of runs, and two Aggregates of
// disjoint runs merge into exactly the Aggregate of all of them, whatever
// the order: the summary of a Monte Carlo does not depend on the number of
// workers or machines. It implements sim.Sink.
type Aggregate struct {
	Runs    uint64   `json:"runs"`
	Adopted uint64   `json:"adopted"`
	ByVote  uint64   `json:"by_vote"`
	Decided []uint64 `json:"decided"` // per session; the last entry counts runs with no adoption
	// DecidedByVote counts per session the runs adopted there by a
	// recorded vote; absent from shards written before it was kept.
	DecidedByVote []uint64   `json:"decided_by_vote,omitempty"`
	Options       [][]uint64 `json:"options"`  // per clause, per option: runs ending with it in the text
	Survived      []uint64   `json:"survived"` // per clause
	// Satisfaction holds per state a histogram of the utility of the final
	// text; it is kept sparse (bin -> count) when written to a shard file.
	Satisfaction [][]uint32 `json:"-"`
	// Votes counts per scripted vote (sim.ScriptedVotes, in script order)
	// how it went.
	Votes []VoteCounts `json:"votes"`
}

// VoteCounts counts one scripted vote over runs. Everything but Held
// counts only the runs in which the vote was held.
type VoteCounts struct {
	Held   uint64 `json:"held"`   // runs in which it was held
	Passed uint64 `json:"passed"` // runs in which it passed
	// States holds per state the runs in which it voted not_voting, yes,
	// no and abstain (indexed by agents.Vote).
	States [][4]uint64 `json:"states"`
	// Histograms of the tally: entry k counts the runs in which k states
	// voted yes (no, abstained); states+1 entries.
	Yes     []uint64 `json:"yes"`
	No      []uint64 `json:"no"`
	Abstain []uint64 `json:"abstain"`
}

func newVoteCounts(states int) VoteCounts {
	return VoteCounts{States: make([][4]uint64, states),
		Yes: make([]uint64, states+1), No: make([]uint64, states+1), Abstain: make([]uint64, states+1)}
}

// add counts one run's result of the vote.
func (vc *VoteCounts) add(r *sim.VoteResult) {
	if !r.Held {
		return
	}
	vc.Held++
	if r.Passed {
		vc.Passed++
	}
	var tally [4]int
	for i, v := range r.Votes {
		vc.States[i][v]++
		tally[v]++
	}
	vc.Yes[tally[agents.Yes]]++
	vc.No[tally[agents.No]]++
	vc.Abstain[tally[agents.Abstain]]++
}

// sameShape reports whether vc and b count a vote among as many states.
func (vc *VoteCounts) sameShape(b *VoteCounts) bool {
	return len(vc.States) == len(b.States) && len(vc.Yes) == len(b.Yes) && len(vc.No) == len(b.No) &&
		len(vc.Abstain) == len(b.Abstain)
}

// merge adds the counts of b, of the same shape, to vc.
func (vc *VoteCounts) merge(b *VoteCounts) {
	vc.Held += b.Held
	vc.Passed += b.Passed
	for i := range vc.States {
		for k := range vc.States[i] {
			vc.States[i][k] += b.States[i][k]
		}
	}
	for k := range vc.Yes {
		vc.Yes[k] += b.Yes[k]
		vc.No[k] += b.No[k]
		vc.Abstain[k] += b.Abstain[k]
	}
}

// NewAggregate returns an empty Aggregate sized for sc.
func NewAggregate(sc *scenarios.Scenario) *Aggregate {
	a := &Aggregate{
		Decided:       make([]uint64, len(sc.Sessions)+1),
		DecidedByVote: make([]uint64, len(sc.Sessions)),
		Options:       make([][]uint64, len(sc.Clauses)),
		Survived:      make([]uint64, len(sc.Clauses)),
		Satisfaction:  make([][]uint32, len(sc.States)),
		Votes:         make([]VoteCounts, len(sim.ScriptedVotes(sc))),
	}
	for v := range a.Votes {
		a.Votes[v] = newVoteCounts(len(sc.States))
	}
	for c, cl := range sc.Clauses {
		a.Options[c] = make([]uint64, len(cl.Options))
	}
	for i := range sc.States {
		a.Satisfaction[i] = make([]uint32, SatisfactionBins)
	}
	return a
}

// Add implements sim.Sink.
func (a *Aggregate) Add(_ uint64, out *sim.Outcome) {
	a.Runs++
	if out.Adopted {
		a.Adopted++
		a.Decided[out.DecidedSession]++
		if out.ByVote {
			a.ByVote++
			if out.DecidedSession < len(a.DecidedByVote) {
				a.DecidedByVote[out.DecidedSession]++
			}
		}
	} else {
		a.Decided[len(a.Decided)-1]++
	}
	for c, o := range out.FinalOption {
		a.Options[c][o]++
		if out.Survived[c] {
			a.Survived[c]++
		}
	}
	for i, u := range out.Satisfaction {
		a.Satisfaction[i][satBin(u)]++
	}
	for v := range out.Votes {
		a.Votes[v].add(&out.Votes[v])
	}
}

func satBin(u float64) int {
	b := int(u * SatisfactionBins)
	return min(max(b, 0), SatisfactionBins-1)
}

// Merge adds the counts of b to a; both must be sized for one scenario.
func (a *Aggregate) Merge(b *Aggregate) error {
	if len(a.Decided) != len(b.Decided) || len(a.Options) != len(b.Options) || len(a.Satisfaction) != len(b.Satisfaction) ||
		len(a.Votes) != len(b.Votes) {
		return fmt.Errorf("merge: aggregates of different scenarios")
	}
	for v := range a.Votes {
		if !a.Votes[v].sameShape(&b.Votes[v]) {
			return fmt.Errorf("merge: aggregates of different scenarios")
		}
	}
	a.Runs += b.Runs
	a.Adopted += b.Adopted
	a.ByVote += b.ByVote
	for k := range a.Decided {
		a.Decided[k] += b.Decided[k]
	}
	// A shard written before the split was kept has none: its runs by
	// vote count in ByVote only, and the summary's split does not add up.
	if len(b.DecidedByVote) == len(a.DecidedByVote) {
		for k := range a.DecidedByVote {
			a.DecidedByVote[k] += b.DecidedByVote[k]
		}
	} else if len(b.DecidedByVote) > 0 {
		return fmt.Errorf("merge: aggregates of different scenarios")
	}
	for c := range a.Options {
		if len(a.Options[c]) != len(b.Options[c]) {
			return fmt.Errorf("merge: aggregates of different scenarios")
		}
		for o := range a.Options[c] {
			a.Options[c][o] += b.Options[c][o]
		}
		a.Survived[c] += b.Survived[c]
	}
	for i := range a.Satisfaction {
		for k := range a.Satisfaction[i] {
			a.Satisfaction[i][k] += b.Satisfaction[i][k]
		}
	}
	for v := range a.Votes {
		a.Votes[v].merge(&b.Votes[v])
	}
	return nil
}

// quantile returns the q-quantile of a histogram (the midpoint of the bin
// that holds it).
func quantile(h []uint32, n uint64, q float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	target := uint64(math.Ceil(q * float64(n)))
	if target < 1 {
		target = 1
	}
	var cum uint64
	for k, c := range h {
		cum += uint64(c)
		if cum >= target {
			return (float64(k) + 0.5) / SatisfactionBins
		}
	}
	return 1
}

// Wilson returns the Wilson score interval for k successes in n trials at
// the confidence given by z (1.959964 for 95%): it stays inside [0,1] and
// behaves at 0 and n successes, unlike the normal approximation.
func Wilson(k, n uint64, z float64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	nf, p := float64(n), float64(k)/float64(n)
	z2 := z * z
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// Z95 is the standard normal quantile of a two-sided 95% interval.
const Z95 = 1.959963984540054
