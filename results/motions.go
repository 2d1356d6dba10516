package results

import (
	"cmp"
	"math"
	"slices"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// VoteProbabilitiesCSV is the file name of the per-state vote
// probabilities of a Monte Carlo (Aggregate.Files). A single run's
// votes.csv, one row per state and motion with the vote cast, has another
// shape.
const VoteProbabilitiesCSV = "vote-probabilities.csv"

// LeastCertain is how many states VoteSummary.LeastCertain names.
const LeastCertain = 15

// VoteSummary is one scripted vote over the runs of a Monte Carlo (the
// "votes" of summary.json; a single run lists its votes as "motions").
// PassedProbability, PassedInterval and Tally are among the runs in which
// the vote was held (0 when it never was).
type VoteSummary struct {
	Session           string     `json:"session"`
	ID                string     `json:"id"`
	Label             string     `json:"label"`
	HeldProbability   float64    `json:"held_probability"`
	PassedProbability float64    `json:"passed_probability"`
	PassedInterval    [2]float64 `json:"passed_interval"` // 95% Wilson
	Tally             VoteTally  `json:"tally"`
	// LeastCertain names the states least certain of their vote, by the
	// entropy of their vote over the runs in which it was held, most
	// uncertain first (at most LeastCertain of them, and only states that
	// did not always vote alike). Every state's probabilities are in
	// vote-probabilities.csv.
	LeastCertain []StateVote `json:"least_certain"`
}

// VoteTally is the distribution of the tally of a vote over the runs in
// which it was held.
type VoteTally struct {
	Yes     TallyStats `json:"yes"`
	No      TallyStats `json:"no"`
	Abstain TallyStats `json:"abstain"`
}

// TallyStats is the mean of a count of votes over runs and its 90%
// interval (the 5th and 95th percentiles).
type TallyStats struct {
	Mean float64 `json:"mean"`
	P05  int     `json:"p05"`
	P95  int     `json:"p95"`
}

// StateVote is how one state voted on a motion over the runs in which it
// was held: the probability of each vote and their entropy in bits (0: it
// always voted alike; 2: the four votes equally likely).
type StateVote struct {
	State     string  `json:"state"`
	Entropy   float64 `json:"entropy"`
	Yes       float64 `json:"yes"`
	No        float64 `json:"no"`
	Abstain   float64 `json:"abstain"`
	NotVoting float64 `json:"not_voting"`
}

// summarizeVotes builds the "votes" of a Monte Carlo summary.
func summarizeVotes(sc *scenarios.Scenario, a *Aggregate) []VoteSummary {
	var out []VoteSummary
	for v, sv := range sim.ScriptedVotes(sc) {
		if v >= len(a.Votes) {
			break
		}
		vc := &a.Votes[v]
		s := VoteSummary{Session: sv.SessionID, ID: sv.ID, Label: sv.Label,
			HeldProbability: ratio(vc.Held, a.Runs), PassedProbability: ratio(vc.Passed, vc.Held),
			Tally:        VoteTally{Yes: tallyStats(vc.Yes, vc.Held), No: tallyStats(vc.No, vc.Held), Abstain: tallyStats(vc.Abstain, vc.Held)},
			LeastCertain: []StateVote{},
		}
		lo, hi := Wilson(vc.Passed, vc.Held, Z95)
		s.PassedInterval = [2]float64{round6(lo), round6(hi)}
		for i, st := range sc.States {
			if p := stateVote(st.ID, vc.States[i], vc.Held); p.Entropy > 0 {
				s.LeastCertain = append(s.LeastCertain, p)
			}
		}
		// Most uncertain first; ties in scenario order (the sort is stable).
		slices.SortStableFunc(s.LeastCertain, func(x, y StateVote) int { return cmp.Compare(y.Entropy, x.Entropy) })
		s.LeastCertain = s.LeastCertain[:min(len(s.LeastCertain), LeastCertain)]
		out = append(out, s)
	}
	return out
}

// ratio is k/n to 6 decimals, 0 when n is.
func ratio(k, n uint64) float64 {
	if n == 0 {
		return 0
	}
	return round6(float64(k) / float64(n))
}

// tallyStats is the mean and 90% interval of a histogram of counts over n
// runs.
func tallyStats(h []uint64, n uint64) TallyStats {
	if n == 0 {
		return TallyStats{}
	}
	sum := 0.0
	for k, c := range h {
		sum += float64(k) * float64(c)
	}
	return TallyStats{Mean: round6(sum / float64(n)), P05: countQuantile(h, n, 0.05), P95: countQuantile(h, n, 0.95)}
}

// countQuantile returns the q-quantile of n counts given as a histogram:
// the smallest k such that at least ceil(q n) of them are at most k.
func countQuantile(h []uint64, n uint64, q float64) int {
	target := max(uint64(math.Ceil(q*float64(n))), 1)
	var cum uint64
	for k, c := range h {
		cum += c
		if cum >= target {
			return k
		}
	}
	return len(h) - 1
}

// stateVote is a state's probabilities of each vote from its counts over
// the held runs, and their entropy.
func stateVote(id string, counts [4]uint64, held uint64) StateVote {
	sv := StateVote{State: id}
	if held == 0 {
		return sv
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(held)
			h -= p * math.Log2(p)
		}
	}
	sv.Entropy = round6(h)
	sv.Yes, sv.No = ratio(counts[agents.Yes], held), ratio(counts[agents.No], held)
	sv.Abstain, sv.NotVoting = ratio(counts[agents.Abstain], held), ratio(counts[agents.NotVoting], held)
	return sv
}

// Files renders the tables of a Monte Carlo that go beside its
// summary.json: vote-probabilities.csv (session, motion, state, held,
// yes, no, abstain, not_voting), one row per scripted vote and state, in
// script and scenario order: held is the probability that the vote was
// held, the others the probabilities of the state's vote among the runs in
// which it was (0 when it never was). Motion is the motion's id, as in a
// single run's votes.csv.
func (a *Aggregate) Files(sc *scenarios.Scenario) Files {
	var rows [][]string
	for v, sv := range sim.ScriptedVotes(sc) {
		if v >= len(a.Votes) {
			break
		}
		vc := &a.Votes[v]
		held := ftoa(ratio(vc.Held, a.Runs))
		for i, st := range sc.States {
			p := stateVote(st.ID, vc.States[i], vc.Held)
			rows = append(rows, []string{sv.SessionID, sv.ID, st.ID, held, ftoa(p.Yes), ftoa(p.No), ftoa(p.Abstain), ftoa(p.NotVoting)})
		}
	}
	return Files{VoteProbabilitiesCSV: csvTable(
		[]string{"session", "motion", "state", "held", "yes", "no", "abstain", "not_voting"}, rows)}
}
