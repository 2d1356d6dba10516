package results

import "testing"

// TestDecidedByVote: the runs adopted by a recorded vote are counted per
// session, adding up to ByVote, through merges; an aggregate written
// before they were (a shard without decided_by_vote) still merges.
func TestDecidedByVote(t *testing.T) {
	sc := votesToy(t)
	a, b := aggregateRuns(t, sc, 1, 0, 30), aggregateRuns(t, sc, 1, 30, 60)
	sum := func(a *Aggregate) (n uint64) {
		for _, c := range a.DecidedByVote {
			n += c
		}
		return n
	}
	if sum(a) != a.ByVote || a.ByVote == 0 {
		t.Fatalf("by vote per session add up to %d, ByVote %d (want some)", sum(a), a.ByVote)
	}
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if sum(a) != a.ByVote {
		t.Errorf("after a merge, by vote per session add up to %d, ByVote %d", sum(a), a.ByVote)
	}
	old := aggregateRuns(t, sc, 1, 60, 90)
	old.DecidedByVote = nil
	before := sum(a)
	if err := a.Merge(old); err != nil {
		t.Fatalf("merging an aggregate without the split: %v", err)
	}
	if sum(a) != before || a.Runs != 90 {
		t.Errorf("split %d (was %d) after merging one without it, %d runs", sum(a), before, a.Runs)
	}
	s := Summarize(sc, 1, aggregateRuns(t, sc, 1, 0, 30))
	total := 0.0
	for _, d := range s.DecidedSessions {
		total += d.ByVoteProbability
	}
	if diff := total - s.AdoptedByVoteProbability; diff > 1e-5 || diff < -1e-5 {
		t.Errorf("summary: by vote per session add up to %v, adopted by vote %v", total, s.AdoptedByVoteProbability)
	}
}
