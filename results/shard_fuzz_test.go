package results

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// fuzzShards returns the toy scenario and the two shards of an 8-run
// Monte Carlo of it, encoded.
func fuzzShards(f *testing.F) (*scenarios.Scenario, [2][]byte) {
	f.Helper()
	sc, err := scenarios.LoadShipped("toy")
	if err != nil {
		f.Fatal(err)
	}
	var out [2][]byte
	for i := range 2 {
		first, last := ShardRange(8, i, 2)
		agg := NewAggregate(sc)
		if _, err := (sim.MonteCarlo{Seed: 1, First: first, Last: last}).Run(context.Background(), sc, []sim.Sink{agg}); err != nil {
			f.Fatal(err)
		}
		if out[i], err = NewShard(sc, 1, 8, i, 2, agg).JSON(); err != nil {
			f.Fatal(err)
		}
	}
	return sc, out
}

// edit decodes a shard, lets change alter it and encodes it again.
func edit(f *testing.F, b []byte, change func(m map[string]any)) []byte {
	f.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		f.Fatal(err)
	}
	change(m)
	out, err := json.Marshal(m)
	if err != nil {
		f.Fatal(err)
	}
	return out
}

// FuzzReadShards feeds ReadShards a shard file beside a good one, and
// merges and summarises what it accepts: no input may panic, and a merge
// that succeeds must make a summary whose counts are possible (no more
// adoptions or survivals than runs, the runs asked for, probabilities in
// [0,1]).
//
//	go test ./results -run XXX -fuzz FuzzReadShards -fuzztime 2m -parallel 1
func FuzzReadShards(f *testing.F) {
	sc, good := fuzzShards(f)
	agg := func(m map[string]any) map[string]any { return m["aggregate"].(map[string]any) }
	f.Add(good[0])
	for _, change := range []func(m map[string]any){
		func(m map[string]any) { m["count"] = 0 },
		func(m map[string]any) { m["count"] = 1; m["index"] = 0; m["last"] = 8 },
		func(m map[string]any) { m["index"] = 2 },
		func(m map[string]any) { m["index"] = -1 },
		func(m map[string]any) { m["first"], m["last"] = 4, 0 },
		func(m map[string]any) { m["runs"] = uint64(math.MaxUint64) },
		func(m map[string]any) { m["runs"] = 0; m["last"] = 0 },
		func(m map[string]any) { agg(m)["runs"] = uint64(math.MaxUint64) },
		func(m map[string]any) { agg(m)["adopted"] = 1000 },
		func(m map[string]any) { agg(m)["by_vote"] = 1000 },
		func(m map[string]any) { agg(m)["survived"] = []any{} },
		func(m map[string]any) { agg(m)["decided"] = []any{uint64(math.MaxUint64), 1, 1, 1} },
		func(m map[string]any) { agg(m)["options"] = []any{[]any{1}} },
		func(m map[string]any) { agg(m)["votes"] = []any{map[string]any{"held": 5}} },
		func(m map[string]any) { agg(m)["runs"], agg(m)["adopted"] = 0, 0 },
		func(m map[string]any) { m["satisfaction"] = []any{map[string]any{"1999": 1, "2000": 1}} },
		func(m map[string]any) { m["satisfaction"] = []any{map[string]any{"-1": 4}} },
		func(m map[string]any) { m["satisfaction"] = []any{map[string]any{"0x10": 4294967295}} },
		func(m map[string]any) { m["perf"] = map[string]any{"workers": -3, "seconds": 1e308} },
		func(m map[string]any) { m["format"] = "treatysim-shard/99" },
		func(m map[string]any) { delete(m, "aggregate") },
	} {
		f.Add(edit(f, good[0], change))
	}
	// What JSON cannot say, as text: NaN, numbers past float64 and uint64.
	text := string(good[0])
	for _, r := range []struct{ old, new string }{
		{`"runs":8`, `"runs":NaN`},
		{`"runs":8`, `"runs":1e400`},
		{`"runs":8`, `"runs":18446744073709551616`},
		{`"runs":8`, `"runs":-8`},
		{`"seed":1`, `"seed":1.5`},
	} {
		f.Add([]byte(strings.Replace(text, r.old, r.new, 1)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// A panic fails the input with its stack, and lets the other
		// seeds run (go test runs them as tests).
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ShardName(0, 2)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ShardName(1, 2)), good[1], 0o644); err != nil {
			t.Fatal(err)
		}
		shards, err := ReadShards([]string{dir})
		if err != nil {
			return
		}
		total, _, err := MergeShards(sc, shards)
		if err != nil {
			return
		}
		runs := shards[0].Runs
		if total.Runs != runs {
			t.Errorf("merged %d runs of a Monte Carlo of %d", total.Runs, runs)
		}
		if total.Adopted > total.Runs || total.ByVote > total.Adopted {
			t.Errorf("merged %d runs with %d adopted, %d by vote", total.Runs, total.Adopted, total.ByVote)
		}
		for c, s := range total.Survived {
			if s > total.Runs {
				t.Errorf("clause %d survived %d of %d runs", c, s, total.Runs)
			}
		}
		if n := sumCounts(total.Decided); n != total.Runs {
			t.Errorf("the sessions of decision count %d runs of %d", n, total.Runs)
		}
		for c, o := range total.Options {
			if n := sumCounts(o); n != total.Runs {
				t.Errorf("clause %d's options count %d runs of %d", c, n, total.Runs)
			}
		}
		for v, vc := range total.Votes {
			if vc.Held > total.Runs || vc.Passed > vc.Held {
				t.Errorf("vote %d held in %d runs of %d, passed in %d", v, vc.Held, total.Runs, vc.Passed)
			}
		}
		sum := Summarize(sc, shards[0].Seed, total)
		if p := sum.AdoptedProbability; math.IsNaN(p) || p < 0 || p > 1 {
			t.Errorf("adopted probability %v", p)
		}
		if _, err := sum.JSON(); err != nil {
			t.Errorf("the summary of an accepted merge does not encode: %v", err)
		}
	})
}

// sumCounts adds counts, saturating rather than wrapping round.
func sumCounts(counts []uint64) uint64 {
	var n uint64
	for _, c := range counts {
		if n+c < n {
			return math.MaxUint64
		}
		n += c
	}
	return n
}
