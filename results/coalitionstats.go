package results

import (
	"fmt"
	"strconv"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// maxCoalitions caps the histogram of the number of coalitions; more are
// counted in the last bin.
const maxCoalitions = 40

// CoalitionStats accumulates coalition statistics over Monte Carlo runs,
// in counts only (so that workers merge exactly, in any order): per
// session, the distribution of the number of coalitions and, per group,
// the share of its members' pairs that sit in the same coalition; and how
// often each pair of states ends the negotiation in the same coalition. It
// implements sim.Sink for runs played with KeepViews.
//
// Coalitions are detected on the demands at the end of each session
// with an agenda (Detect, with the run's own Louvain stream); sessions
// without an agenda, where only votes could tell coalitions apart, are
// left out, since a Monte Carlo run does not record its votes.
type CoalitionStats struct {
	sc   *scenarios.Scenario
	seed uint64

	Runs       []uint64   // per session: runs in which it was held
	Counts     [][]uint64 // per session: runs with k coalitions (k = index)
	GroupPairs [][]uint64 // per session, per group: member pairs in one coalition, summed over runs
	GroupAll   [][]uint64 // per session, per group: member pairs both present, summed over runs
	Together   []uint32   // per pair i<j (triangular): runs ending with both in one coalition
	Both       []uint32   // per pair i<j: runs ending with both present
	Finals     uint64     // runs counted in Together
}

// NewCoalitionStats returns empty statistics for runs of sc with master
// seed seed.
func NewCoalitionStats(sc *scenarios.Scenario, seed uint64) *CoalitionStats {
	s, g, n := len(sc.Sessions), len(sc.Groups), len(sc.States)
	cs := &CoalitionStats{sc: sc, seed: seed, Runs: make([]uint64, s), Counts: make([][]uint64, s),
		GroupPairs: make([][]uint64, s), GroupAll: make([][]uint64, s),
		Together: make([]uint32, n*(n-1)/2), Both: make([]uint32, n*(n-1)/2)}
	for k := range s {
		cs.Counts[k] = make([]uint64, maxCoalitions+1)
		cs.GroupPairs[k] = make([]uint64, g)
		cs.GroupAll[k] = make([]uint64, g)
	}
	return cs
}

// pair indexes the triangle of pairs i < j.
func pair(i, j, n int) int { return i*n - i*(i+1)/2 + (j - i - 1) }

// Add implements sim.Sink.
func (cs *CoalitionStats) Add(run uint64, out *sim.Outcome) {
	sc, n := cs.sc, len(cs.sc.States)
	last := -1
	var final Partition
	for s, held := range out.Held {
		if !held || len(sc.Sessions[s].Agenda) == 0 {
			continue
		}
		v := SessionView{Session: s, Pos: out.ViewPos[s], Salience: out.ViewSalience[s], Present: out.ViewPresent[s],
			Agenda: SessionAgenda(sc, s)}
		p := Detect(sc, &v, coalitionSource(cs.seed, run))
		cs.Runs[s]++
		cs.Counts[s][min(len(p.Coalitions), maxCoalitions)]++
		for g, gr := range sc.Groups {
			for a, i := range gr.Members {
				for _, j := range gr.Members[a+1:] {
					if p.Of[i] < 0 || p.Of[j] < 0 {
						continue
					}
					cs.GroupAll[s][g]++
					if p.Of[i] == p.Of[j] {
						cs.GroupPairs[s][g]++
					}
				}
			}
		}
		last, final = s, p
	}
	if last < 0 {
		return
	}
	cs.Finals++
	for i := range n {
		if final.Of[i] < 0 {
			continue
		}
		for j := i + 1; j < n; j++ {
			if final.Of[j] < 0 {
				continue
			}
			k := pair(i, j, n)
			cs.Both[k]++
			if final.Of[i] == final.Of[j] {
				cs.Together[k]++
			}
		}
	}
}

// Merge adds the counts of b to cs.
func (cs *CoalitionStats) Merge(b *CoalitionStats) {
	cs.Finals += b.Finals
	for s := range cs.Runs {
		cs.Runs[s] += b.Runs[s]
		for k := range cs.Counts[s] {
			cs.Counts[s][k] += b.Counts[s][k]
		}
		for g := range cs.GroupPairs[s] {
			cs.GroupPairs[s][g] += b.GroupPairs[s][g]
			cs.GroupAll[s][g] += b.GroupAll[s][g]
		}
	}
	for k := range cs.Together {
		cs.Together[k] += b.Together[k]
		cs.Both[k] += b.Both[k]
	}
}

// Files renders the statistics: coalition-counts.csv (session,
// coalitions, probability), group-cohesion.csv (session, group, cohesion:
// the share of its members' pairs in one coalition) and pairs.csv (state_a,
// state_b, together: how often the two end the negotiation in one
// coalition, among the runs where both were present).
func (cs *CoalitionStats) Files() Files {
	sc := cs.sc
	var counts, cohesion, pairs [][]string
	for s, ss := range sc.Sessions {
		if cs.Runs[s] == 0 {
			continue
		}
		for k, c := range cs.Counts[s] {
			if c > 0 {
				counts = append(counts, []string{ss.ID, coalitionsLabel(k), ftoa(float64(c) / float64(cs.Runs[s]))})
			}
		}
		for g, gr := range sc.Groups {
			if cs.GroupAll[s][g] > 0 {
				cohesion = append(cohesion, []string{ss.ID, gr.ID, ftoa(float64(cs.GroupPairs[s][g]) / float64(cs.GroupAll[s][g]))})
			}
		}
	}
	n := len(sc.States)
	for i := range n {
		for j := i + 1; j < n; j++ {
			k := pair(i, j, n)
			if cs.Both[k] > 0 {
				pairs = append(pairs, []string{sc.States[i].ID, sc.States[j].ID, ftoa(float64(cs.Together[k]) / float64(cs.Both[k]))})
			}
		}
	}
	return Files{
		"coalition-counts.csv": csvTable([]string{"session", "coalitions", "probability"}, counts),
		"group-cohesion.csv":   csvTable([]string{"session", "group", "cohesion"}, cohesion),
		"pairs.csv":            csvTable([]string{"state_a", "state_b", "together"}, pairs),
	}
}

func coalitionsLabel(k int) string {
	if k == maxCoalitions {
		return fmt.Sprintf("%d+", k)
	}
	return strconv.Itoa(k)
}
