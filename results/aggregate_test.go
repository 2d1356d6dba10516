package results

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestWilson checks the Wilson score interval against values computed by
// hand from the formula,
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · sqrt(p(1-p)/n + z²/4n²),
//
// with z = Z95, in 40-digit decimal arithmetic. The edge cases have closed
// forms: for k = 0 the interval is [0, z²/(n+z²)], for k = n it is
// [n/(n+z²), 1]. The 81/263 and 0/20, 1/29, 15/148 rows are the worked
// examples of Newcombe (1998), "Two-sided confidence intervals for the
// single proportion", Statistics in Medicine 17:857-872, Table I, method 3,
// which gives them to four decimals (0.2553-0.3662, 0-0.1611,
// 0.0061-0.1718, 0.0624-0.1605).
func TestWilson(t *testing.T) {
	const tol = 1e-6
	tests := []struct {
		k, n   uint64
		lo, hi float64
	}{
		{0, 10, 0, 0.2775327998628892},
		{5, 10, 0.2365930905125640, 0.7634069094874360},
		{10, 10, 0.7224672001371108, 1},
		{81, 263, 0.2552885198782742, 0.3662095769828001},
		{0, 20, 0, 0.1611251580528194},
		{1, 29, 0.0061132142927627, 0.1717552187932029},
		{15, 148, 0.0623863995307363, 0.1604872417233080},
		{0, 0, 0, 1}, // no trials: no information
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n, Z95)
		if math.Abs(lo-tt.lo) > tol || math.Abs(hi-tt.hi) > tol {
			t.Errorf("Wilson(%d, %d) = [%.10f, %.10f], want [%.10f, %.10f] (±%g)", tt.k, tt.n, lo, hi, tt.lo, tt.hi, tol)
		}
		if lo < 0 || hi > 1 || lo > hi {
			t.Errorf("Wilson(%d, %d) = [%g, %g]: not an interval inside [0,1]", tt.k, tt.n, lo, hi)
		}
	}
}

// TestQuantile checks quantiles of a histogram: the midpoint of the bin
// holding the ceil(q·n)-th smallest value.
func TestQuantile(t *testing.T) {
	h := make([]uint32, SatisfactionBins)
	h[100], h[1000], h[SatisfactionBins-1] = 3, 5, 2 // 10 values
	const n = 10
	mid := func(bin int) float64 { return (float64(bin) + 0.5) / SatisfactionBins }
	tests := []struct {
		q    float64
		want float64
	}{
		{0, mid(100)},    // target clamped to the first value
		{0.05, mid(100)}, // ceil(0.5) = 1st value
		{0.3, mid(100)},  // 3rd value: the last in bin 100
		{0.31, mid(1000)},
		{0.5, mid(1000)},
		{0.8, mid(1000)}, // 8th value: the last in bin 1000
		{0.81, mid(SatisfactionBins - 1)},
		{1, mid(SatisfactionBins - 1)},
	}
	for _, tt := range tests {
		if got := quantile(h, n, tt.q); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("quantile(q=%g) = %g, want %g", tt.q, got, tt.want)
		}
	}
	if got := quantile(h, 0, 0.5); !math.IsNaN(got) {
		t.Errorf("quantile of no values = %g, want NaN", got)
	}

	// Utilities land in the bin that holds them; out-of-range ones in the
	// end bins.
	for _, c := range []struct {
		u   float64
		bin int
	}{{-0.1, 0}, {0, 0}, {0.5, SatisfactionBins / 2}, {0.99999, SatisfactionBins - 1}, {1, SatisfactionBins - 1}, {1.2, SatisfactionBins - 1}} {
		if got := satBin(c.u); got != c.bin {
			t.Errorf("satBin(%g) = %d, want %d", c.u, got, c.bin)
		}
	}
}

// loadToy returns the shipped toy scenario.
func loadToy(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.LoadShipped("toy")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// aggregateRuns aggregates runs first..last-1 of seed on one worker.
func aggregateRuns(t testing.TB, sc *scenarios.Scenario, seed, first, last uint64) *Aggregate {
	t.Helper()
	a := NewAggregate(sc)
	mc := sim.MonteCarlo{Seed: seed, First: first, Last: last}
	n, err := mc.Run(context.Background(), sc, []sim.Sink{a})
	if err != nil || n != last-first {
		t.Fatalf("MonteCarlo runs %d-%d: %d runs, %v", first, last-1, n, err)
	}
	return a
}

// summaryJSON renders the summary of an aggregate.
func summaryJSON(t testing.TB, sc *scenarios.Scenario, seed uint64, a *Aggregate) []byte {
	t.Helper()
	b, err := Summarize(sc, seed, a).JSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMerge checks that merging the aggregates of disjoint slices of runs,
// in either order, gives the aggregate of all of them.
func TestMerge(t *testing.T) {
	for _, tt := range []struct {
		name string
		sc   func(testing.TB) *scenarios.Scenario
	}{{"toy", loadToy}, {"with scripted votes", votesToy}} {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.sc(t)
			const seed = 11
			whole := aggregateRuns(t, sc, seed, 0, 300)
			for _, order := range []string{"a+b", "b+a"} {
				a, b := aggregateRuns(t, sc, seed, 0, 120), aggregateRuns(t, sc, seed, 120, 300)
				if order == "b+a" {
					a, b = b, a
				}
				if err := a.Merge(b); err != nil {
					t.Fatalf("%s: Merge: %v", order, err)
				}
				if !reflect.DeepEqual(a, whole) {
					t.Errorf("%s: merged aggregate differs from the aggregate of all runs:\n got %+v\nwant %+v", order, a, whole)
				}
			}
		})
	}

	sc := loadToy(t)
	for _, name := range []string{"ahc", "votes toy"} {
		var other *scenarios.Scenario
		if name == "ahc" {
			var err error
			if other, err = scenarios.LoadShipped("ahc"); err != nil {
				t.Fatal(err)
			}
		} else {
			// The toy's clauses, states and sessions but for a third,
			// and scripted votes.
			other = votesToy(t)
		}
		a := aggregateRuns(t, sc, 1, 0, 10)
		before := fmt.Sprintf("%+v", a)
		if err := a.Merge(NewAggregate(other)); err == nil {
			t.Errorf("Merge of aggregates of the toy and %s: no error", name)
		}
		if after := fmt.Sprintf("%+v", a); after != before {
			t.Errorf("a failed Merge with %s changed the aggregate", name)
		}
	}
}

// survivalScenario has one state and one in/out clause whose included
// option has value 0.6, with the state's ideal point uniform on [0,1] and
// nothing else on its mind. Its demand is nearer deletion (0) than
// inclusion (0.6) exactly when its ideal is below 0.3, and then the chair
// drops the clause; otherwise the text keeps it and the state, which values
// no treaty at 0, adopts it. So the clause survives with probability 0.7.
const survivalScenario = `
format = 1

[scenario]
id = "survival"
title = "One state, one clause"
seed = 1

[rules]
decision = "consensus"

[clusters.main]
title = "Main"

[clauses.x]
title = "In or out"
cluster = "main"
deletion = "deleted"
opening = "included"
options = [
  { id = "deleted", label = "Deleted", value = 0.0 },
  { id = "included", label = "Included", value = 0.6 },
]

[states.AAA]
name = "State A"
no_treaty = 0
positions.x = { ideal = { dist = "uniform", min = 0, max = 1 }, salience = 1 }

[[sessions]]
id = "only"
name = "Concluding session"
agenda = ["main"]
rounds = 3
pressure = 1.0
concluding = true
`

// TestSurvivalProbability is a statistical test of the whole chain: the
// engine, the Monte Carlo, the aggregate and the Wilson interval of the
// summary. The seed is fixed, so the test is deterministic; with a random
// seed a correct program would fail the interval check 5% of the time.
func TestSurvivalProbability(t *testing.T) {
	const (
		seed = 20240808
		runs = 4000
		p    = 0.7
		tol  = 0.03 // over 4 standard errors (sqrt(0.21/4000) = 0.0072)
	)
	sc, err := scenarios.Parse("survival", []byte(survivalScenario))
	if err != nil {
		t.Fatal(err)
	}

	// First check, run by run, that the scenario does what it claims: the
	// clause survives exactly when the drawn ideal is above 0.3.
	e, out := sim.New(sc), sim.NewOutcome(sc)
	for k := range uint64(runs) {
		e.Run(sim.RunRNG(seed, k), nil, out)
		ideal := e.Population().Ideal[0]
		if math.Abs(ideal-0.3) < 1e-9 {
			continue // a tie: either outcome is right
		}
		if want := ideal > 0.3; out.Survived[0] != want || !out.Adopted {
			t.Fatalf("run %d: ideal %.4f: adopted %v, survived %v; want adopted, survived %v", k, ideal, out.Adopted, out.Survived[0], want)
		}
	}

	a := NewAggregate(sc)
	mc := sim.MonteCarlo{Seed: seed, First: 0, Last: runs}
	if n, err := mc.Run(context.Background(), sc, []sim.Sink{a}); err != nil || n != runs {
		t.Fatalf("MonteCarlo: %d runs, %v", n, err)
	}
	cs := Summarize(sc, seed, a).Clauses[0]
	lo, hi := cs.SurvivalInterval[0], cs.SurvivalInterval[1]
	t.Logf("survival %.4f, 95%% interval [%.4f, %.4f]", cs.SurvivalProbability, lo, hi)
	if p < lo || p > hi {
		t.Errorf("95%% Wilson interval [%.4f, %.4f] does not hold the true probability %g", lo, hi, p)
	}
	if math.Abs(cs.SurvivalProbability-p) > tol {
		t.Errorf("survival probability %.4f, want %g ± %g", cs.SurvivalProbability, p, tol)
	}
}

// TestShardsMergeToTheWhole runs a Monte Carlo as three shards written to
// files, merges them, and checks the summary is byte for byte the one of
// the whole Monte Carlo on one machine.
func TestShardsMergeToTheWhole(t *testing.T) {
	for _, tt := range []struct {
		name string
		sc   func(testing.TB) *scenarios.Scenario
	}{{"toy", loadToy}, {"with scripted votes", votesToy}} {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.sc(t)
			const seed, runs, count = 5, 300, 3
			dir := t.TempDir()
			writeShards(t, dir, sc, seed, runs, count)

			shards, err := ReadShards([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(shards) != count {
				t.Fatalf("ReadShards: %d shards, want %d", len(shards), count)
			}
			merged, _, err := MergeShards(sc, shards)
			if err != nil {
				t.Fatalf("MergeShards: %v", err)
			}
			whole := aggregateRuns(t, sc, seed, 0, runs)
			got := summaryJSON(t, sc, seed, merged)
			want := summaryJSON(t, sc, seed, whole)
			if !bytes.Equal(got, want) {
				t.Errorf("summary of the merged shards differs from the whole's:\n got %s\nwant %s", got, want)
			}
			if g, w := merged.Files(sc), whole.Files(sc); !reflect.DeepEqual(g, w) {
				t.Errorf("vote-probabilities.csv of the merged shards differs from the whole's:\n got %s\nwant %s",
					g[VoteProbabilitiesCSV], w[VoteProbabilitiesCSV])
			}
		})
	}
}

// writeShards runs each shard of a Monte Carlo and writes its file in dir.
func writeShards(t testing.TB, dir string, sc *scenarios.Scenario, seed, runs uint64, count int) {
	t.Helper()
	for i := range count {
		first, last := ShardRange(runs, i, count)
		sh := NewShard(sc, seed, runs, i, count, aggregateRuns(t, sc, seed, first, last))
		if sh.Partial {
			t.Fatalf("shard %d/%d is partial", i, count)
		}
		if _, err := WriteShard(dir, sh); err != nil {
			t.Fatal(err)
		}
	}
}

func TestShardRangeCoversEveryRunOnce(t *testing.T) {
	for _, c := range []struct {
		runs uint64
		n    int
	}{{300, 3}, {10, 3}, {7, 7}, {1000, 13}, {5, 1}} {
		next := uint64(0)
		for i := range c.n {
			first, last := ShardRange(c.runs, i, c.n)
			if first != next || last < first {
				t.Errorf("ShardRange(%d, %d, %d) = %d-%d, want a slice starting at %d", c.runs, i, c.n, first, last, next)
			}
			next = last
		}
		if next != c.runs {
			t.Errorf("ShardRange(%d, *, %d) ends at %d, want %d", c.runs, c.n, next, c.runs)
		}
	}
}

// TestMergeShardsRejects checks that shards that do not make up one whole
// Monte Carlo are refused with ErrMerge and a message naming the problem.
func TestMergeShardsRejects(t *testing.T) {
	sc := loadToy(t)
	const seed, runs, count = 5, 300, 3
	dir := t.TempDir()
	writeShards(t, dir, sc, seed, runs, count)
	variant, err := scenarios.LoadWith("toy", []scenarios.Override{{Key: "rules.vote_threshold", Value: 0.9}})
	if err != nil {
		t.Fatal(err)
	}
	if variant.Hash() == sc.Hash() {
		t.Fatal("the variant scenario has the toy's hash")
	}

	tests := []struct {
		name   string
		change func(t *testing.T, shards []*Shard) []*Shard
		want   string // in the message
	}{
		{"missing shard", func(t *testing.T, s []*Shard) []*Shard {
			return []*Shard{s[0], s[2]}
		}, "runs 100-199 are in no shard"},
		{"missing last shard", func(t *testing.T, s []*Shard) []*Shard {
			return s[:2]
		}, "runs 200-299 are in no shard"},
		{"overlapping shard", func(t *testing.T, s []*Shard) []*Shard {
			dup := *s[1]
			return append(s, &dup)
		}, "runs 100-199 are in more than one shard"},
		{"different scenario hash", func(t *testing.T, s []*Shard) []*Shard {
			s[2].ScenarioHash = variant.Hash()
			return s
		}, "scenario hash"},
		{"different seed", func(t *testing.T, s []*Shard) []*Shard {
			s[1].Seed = seed + 1
			return s
		}, "seed 6"},
		{"different version", func(t *testing.T, s []*Shard) []*Shard {
			s[0].Version = "0.0.1"
			return s
		}, "made by treatysim 0.0.1"},
		{"partial shard", func(t *testing.T, s []*Shard) []*Shard {
			// Shard 2 interrupted after 50 of its 100 runs.
			first, _ := ShardRange(runs, 2, count)
			p := NewShard(sc, seed, runs, 2, count, aggregateRuns(t, sc, seed, first, first+50))
			if !p.Partial {
				t.Fatal("NewShard of an unfinished slice is not marked partial")
			}
			// As read back from its file.
			pdir := t.TempDir()
			if _, err := WriteShard(pdir, p); err != nil {
				t.Fatal(err)
			}
			read, err := ReadShards([]string{pdir})
			if err != nil || len(read) != 1 {
				t.Fatalf("ReadShards of %s: %d shards, %v", pdir, len(read), err)
			}
			return []*Shard{s[0], s[1], read[0]}
		}, "partial (50 of runs 200-299 finished)"},
		{"partial flag lost", func(t *testing.T, s []*Shard) []*Shard {
			// A shard whose count does not match its range is partial even
			// if not flagged.
			first, last := ShardRange(runs, 1, count)
			s[1] = NewShard(sc, seed, runs, 1, count, aggregateRuns(t, sc, seed, first, last-1))
			s[1].Partial = false
			return s
		}, "partial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shards, err := ReadShards([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = MergeShards(sc, tt.change(t, shards))
			if !errors.Is(err, ErrMerge) {
				t.Fatalf("MergeShards: error %v, want one wrapping ErrMerge", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("MergeShards: error %q does not say %q", err, tt.want)
			}
		})
	}

	t.Run("no shards", func(t *testing.T) {
		if _, _, err := MergeShards(sc, nil); !errors.Is(err, ErrMerge) {
			t.Errorf("MergeShards(nil): error %v, want ErrMerge", err)
		}
	})
	t.Run("folder without shards", func(t *testing.T) {
		if _, err := ReadShards([]string{t.TempDir()}); !errors.Is(err, ErrMerge) {
			t.Errorf("ReadShards of an empty folder: error %v, want ErrMerge", err)
		}
	})
}

// TestRunsWriterOrder feeds runs to a RunsWriter out of order and checks
// runs.csv has its header (one column per clause) and the rows in run
// order, each matching its run.
func TestRunsWriterOrder(t *testing.T) {
	sc := loadToy(t)
	const seed = 9
	tests := []struct {
		name  string
		first uint64
		order []uint64 // runs in the order they are added
		want  []uint64 // rows in runs.csv
	}{
		{"in order", 0, []uint64{0, 1, 2, 3, 4}, []uint64{0, 1, 2, 3, 4}},
		{"out of order", 0, []uint64{3, 0, 4, 1, 2}, []uint64{0, 1, 2, 3, 4}},
		{"reversed, from run 100", 100, []uint64{104, 103, 102, 101, 100}, []uint64{100, 101, 102, 103, 104}},
		// An interrupted Monte Carlo: run 2 never finished.
		{"gap", 0, []uint64{4, 0, 3, 1}, []uint64{0, 1, 3, 4}},
	}
	wantHeader := []string{"run", "seed", "adopted", "decided_session", "x_offence", "wording", "safeguards"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			rw := NewRunsWriter(&buf, sc, seed, tt.first)
			sink := rw.Sink(nil)
			e, out := sim.New(sc), sim.NewOutcome(sc)
			wantRows := map[uint64][]string{}
			for _, k := range tt.order {
				e.Run(sim.RunRNG(seed, k), nil, out)
				row := []string{strconv.FormatUint(k, 10), strconv.Itoa(seed), strconv.FormatBool(out.Adopted), ""}
				if out.Adopted {
					row[3] = sc.Sessions[out.DecidedSession].ID
				}
				for c, o := range out.FinalOption {
					row = append(row, sc.Clauses[c].Options[o].ID)
				}
				wantRows[k] = row
				sink.Add(k, out)
			}
			if err := rw.Close(); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(records) == 0 || !slices.Equal(records[0], wantHeader) {
				t.Fatalf("header %q, want %q", records[:min(1, len(records))], wantHeader)
			}
			var got []uint64
			for _, r := range records[1:] {
				k, err := strconv.ParseUint(r[0], 10, 64)
				if err != nil {
					t.Fatalf("row %q: %v", r, err)
				}
				got = append(got, k)
				if !slices.Equal(r, wantRows[k]) {
					t.Errorf("row of run %d = %q, want %q", k, r, wantRows[k])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rows for runs %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRunsWriterSinkChains checks that the RunsWriter's sink passes each
// outcome on to the next sink.
func TestRunsWriterSinkChains(t *testing.T) {
	sc := loadToy(t)
	var buf bytes.Buffer
	rw := NewRunsWriter(&buf, sc, 3, 0)
	a := NewAggregate(sc)
	mc := sim.MonteCarlo{Seed: 3, First: 0, Last: 40}
	if _, err := mc.Run(context.Background(), sc, []sim.Sink{rw.Sink(a)}); err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, aggregateRuns(t, sc, 3, 0, 40)) {
		t.Error("the aggregate behind a RunsWriter sink differs from a plain one")
	}
	if lines := strings.Count(buf.String(), "\n"); lines != 41 {
		t.Errorf("runs.csv has %d lines, want 41 (header and 40 runs)", lines)
	}
}

// TestSummarizeNoRuns checks that the summary of an aggregate of no runs
// (a Monte Carlo interrupted before its first run finished) can be
// written.
func TestSummarizeNoRuns(t *testing.T) {
	sc := loadToy(t)
	s := Summarize(sc, 1, NewAggregate(sc))
	if _, err := s.JSON(); err != nil {
		t.Fatalf("JSON of the summary of no runs: %v", err)
	}
	if s.Runs != 0 || s.AdoptedProbability != 0 {
		t.Errorf("summary of no runs: %d runs, adopted %g; want 0, 0", s.Runs, s.AdoptedProbability)
	}
}
