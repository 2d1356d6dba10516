package results

import (
	"fmt"
	"strconv"
)

// Bounds on the perf of a shard file: beyond them a sum could overflow
// or become infinite, which summary.json cannot hold.
const (
	maxShardWorkers = 1 << 20
	maxShardSeconds = 1e12
)

// problems says what makes a shard, as read from a file, impossible: a
// range that is not its slice of the runs, counts beyond its runs (which
// would give probabilities above 1, or NaN), a bad satisfaction bin, a
// perf no machine measured. Nil when it is sound; a shard need not be
// complete (MergeShards reports partial shards).
func (s *Shard) problems() []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	switch {
	case s.Count < 1 || s.Index < 0 || s.Index >= s.Count:
		bad("shard %d of %d: want 0 <= index < count", s.Index, s.Count)
	case s.Runs < uint64(s.Count):
		bad("%d runs in %d shards: every shard needs a run", s.Runs, s.Count)
	default:
		if first, last := ShardRange(s.Runs, s.Index, s.Count); s.First != first || s.Last != last {
			bad("runs %d-%d, but shard %d of %d of %d runs is runs %d-%d", s.First, int64(s.Last)-1, s.Index, s.Count, s.Runs, first, last-1)
		}
	}
	if s.Perf != nil && (s.Perf.Workers < 0 || s.Perf.Workers > maxShardWorkers || s.Perf.Seconds < 0 ||
		s.Perf.Seconds > maxShardSeconds || s.Perf.RunsPerSecond < 0) {
		bad("perf %+v is not a measure of a run", *s.Perf)
	}
	a := s.Aggregate
	if a == nil {
		return append(p, "no aggregate: not a shard file")
	}
	n := a.Runs
	if s.Last >= s.First && n > s.Last-s.First {
		bad("%d runs aggregated, more than the %d of its range", n, s.Last-s.First)
	}
	within := func(what string, counts []uint64, total uint64, exact bool) {
		var sum uint64
		for _, c := range counts {
			if c > total || sum > total-c {
				bad("%s count more than %d runs", what, total)
				return
			}
			sum += c
		}
		if exact && sum != total {
			bad("%s counts add up to %d, not to its %d runs", what, sum, total)
		}
	}
	if a.Adopted > n || a.ByVote > a.Adopted {
		bad("%d adopted (%d by vote) of %d runs", a.Adopted, a.ByVote, n)
	}
	if len(a.Decided) == 0 {
		bad("no decided counts")
	}
	within("the decided", a.Decided, n, true)
	within("the decided-by-vote", a.DecidedByVote, a.ByVote, false)
	if len(a.Survived) != len(a.Options) {
		bad("%d clauses survived, options of %d", len(a.Survived), len(a.Options))
	}
	for c, o := range a.Options {
		within(fmt.Sprintf("clause %d's option", c+1), o, n, true)
	}
	for c, k := range a.Survived {
		if k > n {
			bad("clause %d survived %d of %d runs", c+1, k, n)
		}
	}
	for v := range a.Votes {
		vc := &a.Votes[v]
		what := fmt.Sprintf("scripted vote %d's", v+1)
		if vc.Held > n || vc.Passed > vc.Held {
			bad("%s %d held, %d passed, of %d runs", what, vc.Held, vc.Passed, n)
			continue
		}
		for _, h := range [][]uint64{vc.Yes, vc.No, vc.Abstain} {
			within(what+" tally", h, vc.Held, false)
		}
		for i := range vc.States {
			within(what+" state", vc.States[i][:], vc.Held, false)
		}
	}
	for i, h := range s.Satisfaction {
		var sum uint64
		for k, c := range h {
			bin, err := strconv.Atoi(k)
			if err != nil || bin < 0 || bin >= SatisfactionBins {
				bad("state %d: bad satisfaction bin %q", i+1, k)
				break
			}
			sum += uint64(c)
		}
		if sum > n {
			bad("state %d: satisfaction counted %d times in %d runs", i+1, sum, n)
		}
	}
	if len(p) > 5 {
		p = append(p[:5], fmt.Sprintf("and %d more problems", len(p)-5))
	}
	return p
}
