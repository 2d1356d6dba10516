package results

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results/internal/golden"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// votesToy is the toy with drawn ideal points and alignments and four
// scripted votes (sim/testdata/toy-votes.toml).
func votesToy(t testing.TB) *scenarios.Scenario {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "sim", "testdata", "toy-votes.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("votes-toy", b)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// aggregateWorkers aggregates runs first..last-1 of seed on the given
// number of workers and merges their aggregates, as treatysim run does.
func aggregateWorkers(t testing.TB, sc *scenarios.Scenario, seed, first, last uint64, workers int) *Aggregate {
	t.Helper()
	aggs := make([]*Aggregate, workers)
	sinks := make([]sim.Sink, workers)
	for w := range aggs {
		aggs[w] = NewAggregate(sc)
		sinks[w] = aggs[w]
	}
	mc := sim.MonteCarlo{Seed: seed, First: first, Last: last}
	if n, err := mc.Run(context.Background(), sc, sinks); err != nil || n != last-first {
		t.Fatalf("MonteCarlo runs %d-%d: %d runs, %v", first, last-1, n, err)
	}
	for _, a := range aggs[1:] {
		if err := aggs[0].Merge(a); err != nil {
			t.Fatal(err)
		}
	}
	return aggs[0]
}

// TestAggregateVotesByHand plays the runs one by one with a full record
// and counts their recorded votes by hand, from the record's motions and
// votes; the aggregate of the same runs on several workers must hold the
// same counts.
func TestAggregateVotesByHand(t *testing.T) {
	sc := votesToy(t)
	scripted := sim.ScriptedVotes(sc)
	n := len(sc.States)
	tests := []struct {
		seed, first, last uint64
		workers           int
	}{
		{seed: 1, first: 0, last: 150, workers: 1},
		{seed: 1, first: 0, last: 150, workers: 4},
		{seed: 77, first: 40, last: 240, workers: 3},
	}
	for _, tt := range tests {
		want := NewAggregate(sc)
		for k := tt.first; k < tt.last; k++ {
			rec := NewRecord(sc, tt.seed)
			sim.New(sc).Run(sim.RunRNG(tt.seed, k), rec, sim.NewOutcome(sc))
			for v, sv := range scripted {
				vc := &want.Votes[v]
				for _, m := range rec.Motions {
					if m.Motion != sv.ID {
						continue
					}
					vc.Held++
					if m.Passed {
						vc.Passed++
					}
					vc.Yes[m.Yes]++
					vc.No[m.No]++
					vc.Abstain[m.Abstain]++
				}
				for _, r := range rec.Votes {
					if r.Motion == sv.ID {
						vc.States[sc.StateIndex(r.State)][voteIndex(t, r.Vote)]++
					}
				}
			}
		}
		got := aggregateWorkers(t, sc, tt.seed, tt.first, tt.last, tt.workers)
		if !reflect.DeepEqual(got.Votes, want.Votes) {
			t.Errorf("seed %d, runs %d-%d, %d workers: vote counts\n got %+v\nwant %+v", tt.seed, tt.first, tt.last-1, tt.workers, got.Votes, want.Votes)
		}
		// The comparison means something only if the votes vary.
		for v, vc := range got.Votes {
			total := uint64(0)
			for i := range n {
				for _, c := range vc.States[i] {
					total += c
				}
			}
			if total != vc.Held*uint64(n) {
				t.Errorf("vote %s: %d state votes counted in %d held runs of %d states", scripted[v].ID, total, vc.Held, n)
			}
		}
		last := got.Votes[len(got.Votes)-1]
		if last.Held == 0 || last.Held == got.Runs {
			t.Errorf("the reconvened session's vote was held in %d of %d runs: want some and not all", last.Held, got.Runs)
		}
		if mandate := got.Votes[0]; mandate.Passed == 0 || mandate.Passed == mandate.Held {
			t.Errorf("the mandate passed in %d of %d runs: want some and not all", mandate.Passed, mandate.Held)
		}
	}
}

func voteIndex(t *testing.T, s string) agents.Vote {
	t.Helper()
	for _, v := range []agents.Vote{agents.NotVoting, agents.Yes, agents.No, agents.Abstain} {
		if v.String() == s {
			return v
		}
	}
	t.Fatalf("unknown vote %q", s)
	return 0
}

// TestVoteSummaryWorkers checks that the summary and vote-probabilities.csv
// of a Monte Carlo with scripted votes are byte for byte the same whatever
// the number of workers, and whether it was played whole or as shards
// written to files and merged.
func TestVoteSummaryWorkers(t *testing.T) {
	sc := votesToy(t)
	const seed, runs = 4, 240
	render := func(a *Aggregate) Files {
		f := a.Files(sc)
		f["summary.json"] = summaryJSON(t, sc, seed, a)
		return f
	}
	want := render(aggregateWorkers(t, sc, seed, 0, runs, 1))
	if !bytes.Contains(want["summary.json"], []byte(`"votes": [`)) {
		t.Fatalf("summary.json has no votes:\n%s", want["summary.json"])
	}
	for _, workers := range []int{2, 4} {
		if got := render(aggregateWorkers(t, sc, seed, 0, runs, workers)); !golden.Equal(got, want) {
			for name := range want {
				t.Errorf("%d workers: %s differs from 1 worker's: %s", workers, name, golden.FirstDiff(got[name], want[name]))
			}
		}
	}
	dir := t.TempDir()
	writeShards(t, dir, sc, seed, runs, 3)
	shards, err := ReadShards([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	merged, _, err := MergeShards(sc, shards)
	if err != nil {
		t.Fatal(err)
	}
	if got := render(merged); !golden.Equal(got, want) {
		for name := range want {
			t.Errorf("merged shards: %s differs from the whole's: %s", name, golden.FirstDiff(got[name], want[name]))
		}
	}
}

// TestVoteSummary checks the summary of the votes against the counts it
// is drawn from, on a hand-made aggregate of 10 runs of a vote among the
// toy's five states.
func TestVoteSummary(t *testing.T) {
	sc := votesToy(t)
	a := NewAggregate(sc)
	a.Runs = 10
	vc := &a.Votes[0]
	vc.Held, vc.Passed = 8, 6
	// Per state: not_voting, yes, no, abstain.
	vc.States = [][4]uint64{{0, 8, 0, 0}, {0, 4, 4, 0}, {0, 2, 2, 4}, {8, 0, 0, 0}, {0, 6, 0, 2}}
	// 8 runs: yes counts 1,1,2,2,2,3,3,4; no 0,0,0,1,1,1,1,2; abstain all 1 but one 0 and one 2.
	vc.Yes[1], vc.Yes[2], vc.Yes[3], vc.Yes[4] = 2, 3, 2, 1
	vc.No[0], vc.No[1], vc.No[2] = 3, 4, 1
	vc.Abstain[0], vc.Abstain[1], vc.Abstain[2] = 1, 6, 1
	s := Summarize(sc, 1, a)
	if len(s.Votes) != 4 {
		t.Fatalf("%d votes in the summary, want 4", len(s.Votes))
	}
	got := s.Votes[0]
	lo, hi := Wilson(6, 8, Z95)
	want := VoteSummary{Session: "first", ID: "mandate", Label: "A mandate to negotiate",
		HeldProbability: 0.8, PassedProbability: 0.75, PassedInterval: [2]float64{round6(lo), round6(hi)},
		Tally: VoteTally{
			Yes:     TallyStats{Mean: 2.25, P05: 1, P95: 4}, // ceil(0.05*8) = 1st value; ceil(0.95*8) = 8th
			No:      TallyStats{Mean: 0.75, P05: 0, P95: 2},
			Abstain: TallyStats{Mean: 1, P05: 0, P95: 2},
		},
		// B: 1 bit; C: 1.5 bits; E: -(3/4 log 3/4 + 1/4 log 1/4) = 0.811278; A
		// and D always vote alike.
		LeastCertain: []StateVote{
			{State: "CCC", Entropy: 1.5, Yes: 0.25, No: 0.25, Abstain: 0.5},
			{State: "BBB", Entropy: 1, Yes: 0.5, No: 0.5},
			{State: "EEE", Entropy: 0.811278, Yes: 0.75, Abstain: 0.25},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("vote summary\n got %+v\nwant %+v", got, want)
	}
	// Never held: zeros, not NaN, and the summary can be written.
	if never := s.Votes[1]; never.HeldProbability != 0 || never.PassedProbability != 0 || never.Tally != (VoteTally{}) ||
		len(never.LeastCertain) != 0 || never.LeastCertain == nil {
		t.Errorf("a vote never held: %+v", never)
	}
	if _, err := s.JSON(); err != nil {
		t.Fatal(err)
	}

	csv := string(a.Files(sc)[VoteProbabilitiesCSV])
	lines := strings.Split(strings.TrimSuffix(csv, "\n"), "\n")
	if len(lines) != 1+4*len(sc.States) {
		t.Fatalf("vote-probabilities.csv has %d lines, want a header and %d rows", len(lines), 4*len(sc.States))
	}
	for _, want := range []string{
		"session,motion,state,held,yes,no,abstain,not_voting",
		"first,mandate,CCC,0.800000,0.250000,0.250000,0.500000,0.000000",
		"first,mandate,DDD,0.800000,0.000000,0.000000,0.000000,1.000000",
		"first,first-2,AAA,0.000000,0.000000,0.000000,0.000000,0.000000",
		"third,third-1,EEE,0.000000,0.000000,0.000000,0.000000,0.000000",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("vote-probabilities.csv has no line %q:\n%s", want, csv)
		}
	}
}

// TestLeastCertainTop checks that at most LeastCertain states are named,
// the most uncertain first, ties in scenario order.
func TestLeastCertainTop(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	a := NewAggregate(sc)
	if len(a.Votes) == 0 {
		t.Fatal("the flagship has no scripted votes")
	}
	a.Runs = 4
	vc := &a.Votes[0]
	vc.Held = 4
	for i := range vc.States {
		switch {
		case i%3 == 0:
			vc.States[i] = [4]uint64{0, 4, 0, 0} // certain
		case i%3 == 1:
			vc.States[i] = [4]uint64{0, 2, 2, 0} // 1 bit
		default:
			vc.States[i] = [4]uint64{0, 1, 1, 2} // 1.5 bits
		}
	}
	got := Summarize(sc, 1, a).Votes[0].LeastCertain
	if len(got) != LeastCertain {
		t.Fatalf("%d states named, want %d", len(got), LeastCertain)
	}
	for k, sv := range got {
		if want := sc.States[3*k+2].ID; sv.State != want || sv.Entropy != 1.5 {
			t.Errorf("least certain #%d: %s (%g bits), want %s (1.5 bits)", k+1, sv.State, sv.Entropy, want)
		}
	}
}

func TestCountQuantile(t *testing.T) {
	h := []uint64{0, 3, 0, 5, 2} // 10 counts: three 1s, five 3s, two 4s
	tests := []struct {
		q    float64
		want int
	}{{0, 1}, {0.05, 1}, {0.3, 1}, {0.31, 3}, {0.8, 3}, {0.81, 4}, {0.95, 4}, {1, 4}}
	for _, tt := range tests {
		if got := countQuantile(h, 10, tt.q); got != tt.want {
			t.Errorf("countQuantile(q=%g) = %d, want %d", tt.q, got, tt.want)
		}
	}
	if got := tallyStats(h, 10); got != (TallyStats{Mean: 2.6, P05: 1, P95: 4}) {
		t.Errorf("tallyStats = %+v, want mean 2.6, p05 1, p95 4", got)
	}
	if e := stateVote("X", [4]uint64{1, 1, 1, 1}, 4).Entropy; math.Abs(e-2) > 1e-12 {
		t.Errorf("entropy of four equally likely votes = %g, want 2", e)
	}
}

// TestReadShardsFormat checks that a shard file of another format is
// refused with a message naming the file and saying why.
func TestReadShardsFormat(t *testing.T) {
	sc := votesToy(t)
	tests := []struct {
		format string
		want   string
	}{
		{"treatysim-shard/1", "written by an older version of treatysim (shard format treatysim-shard/1; this version reads treatysim-shard/2)"},
		{"treatysim-shard/3", "written by a newer version of treatysim"},
		{"something-else/1", "not a shard file"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			dir := t.TempDir()
			sh := NewShard(sc, 1, 20, 0, 1, aggregateRuns(t, sc, 1, 0, 20))
			sh.Format = tt.format
			p, err := WriteShard(dir, sh)
			if err != nil {
				t.Fatal(err)
			}
			if tt.format == "treatysim-shard/1" {
				// As version 1 wrote it: no vote counts.
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				var m map[string]any
				if err := json.Unmarshal(b, &m); err != nil {
					t.Fatal(err)
				}
				delete(m["aggregate"].(map[string]any), "votes")
				if b, err = json.Marshal(m); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err = ReadShards([]string{dir})
			if !errors.Is(err, ErrMerge) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadShards: error %v; want ErrMerge naming %s and saying %q", err, p, tt.want)
			}
			// Given to MergeShards directly, it is refused too.
			_, _, err = MergeShards(sc, []*Shard{sh})
			if !errors.Is(err, ErrMerge) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("MergeShards: error %v; want ErrMerge saying %q", err, tt.want)
			}
		})
	}
}

// goldenVotesDir holds the expected summary.json and
// vote-probabilities.csv of a Monte Carlo of the votes toy.
var goldenVotesDir = filepath.Join("testdata", "golden", "votes-toy-mc")

// TestGoldenVotesMonteCarlo compares the summary.json and
// vote-probabilities.csv of 200 runs of the votes toy byte for byte with
// testdata/golden/votes-toy-mc. After an intended change, regenerate with
//
//	go test ./results/ -run TestGoldenVotesMonteCarlo -update
//
// and review the diff.
func TestGoldenVotesMonteCarlo(t *testing.T) {
	sc := votesToy(t)
	const seed, runs = 2024, 200
	a := aggregateWorkers(t, sc, seed, 0, runs, 2)
	files := a.Files(sc)
	files["summary.json"] = summaryJSON(t, sc, seed, a)
	if *update {
		if err := os.RemoveAll(goldenVotesDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(goldenVotesDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(goldenVotesDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rewrote %d golden files in %s", len(files), goldenVotesDir)
	}
	for _, name := range golden.SortedNames(files) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenVotesDir, name))
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got := files[name]; !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n%s",
					name, golden.FirstDiff(got, want))
			}
		})
	}
}
