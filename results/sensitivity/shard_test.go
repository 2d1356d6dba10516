package sensitivity

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
)

// shardsOf evaluates the design of a in n shards, each written to dir and
// read back.
func shardsOf(t *testing.T, a *Analysis, n int, dir string) []*Shard {
	t.Helper()
	sc := loadNull(t)
	d, err := a.Design()
	if err != nil {
		t.Fatal(err)
	}
	var out []*Shard
	for i := range n {
		first, last := ShardRange(len(d.Points), i, n)
		y := EvaluateRange(sc, a.Factors, d, a.Seed, 2, first, last)
		p, err := WriteShard(dir, NewShard(a, i, n, y, &results.Perf{Workers: 2, Seconds: 1}))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ParseShard(p, b)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func nullAnalysis(t *testing.T, method string, seed uint64) *Analysis {
	t.Helper()
	sc := loadNull(t)
	a, err := NewAnalysis(sc, DefaultFactors(sc), method, 4, seed, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestShardsMerge: shards evaluated apart, written and read back, merge
// into the outputs and files of one process, for both methods.
func TestShardsMerge(t *testing.T) {
	sc := loadNull(t)
	for _, method := range []string{"morris", "sobol"} {
		t.Run(method, func(t *testing.T) {
			a := nullAnalysis(t, method, 5)
			d, err := a.Design()
			if err != nil {
				t.Fatal(err)
			}
			whole := EvaluateScenario(sc, a.Factors, d, a.Seed, 2)
			shards := shardsOf(t, a, 3, t.TempDir())
			slices.Reverse(shards) // the order given does not matter
			ma, y, perf, err := MergeShards(shards)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(y, whole, slices.Equal) {
				t.Fatal("merged outputs differ from one process's")
			}
			if perf.Workers != 6 || perf.Seconds != 3 {
				t.Errorf("perf %+v, want 6 workers and 3 s", perf)
			}
			files := func(a *Analysis, y [][]float64) results.Files {
				r, err := a.Analyse(d, y)
				if err != nil {
					t.Fatal(err)
				}
				f, err := r.Files()
				if err != nil {
					t.Fatal(err)
				}
				return f
			}
			want, got := files(a, whole), files(ma, y)
			for name, b := range want {
				if string(got[name]) != string(b) {
					t.Errorf("%s differs after the merge", name)
				}
			}
		})
	}
}

func TestShardsMismatch(t *testing.T) {
	dir := t.TempDir()
	a := nullAnalysis(t, "sobol", 5)
	good := shardsOf(t, a, 3, filepath.Join(dir, "a"))
	other := shardsOf(t, nullAnalysis(t, "sobol", 6), 3, filepath.Join(dir, "b"))
	fewer := *nullAnalysis(t, "sobol", 5)
	fewer.Factors = fewer.Factors[:len(fewer.Factors)-1]
	for _, tt := range []struct {
		name   string
		shards []*Shard
		want   string
	}{
		{"missing", good[:2], "are in no shard"},
		{"twice", append(slices.Clone(good), good[1]), "are in more than one shard"},
		{"seed", []*Shard{good[0], other[1], good[2]}, "seed 6; sensitivity-shard-0000-of-0003.json has 5"},
		{"factors", []*Shard{good[0], {Format: ShardFormat, Version: results.Version, Analysis: &fewer, Index: 1, Count: 3,
			First: good[1].First, Last: good[1].Last, Outputs: good[1].Outputs}, good[2]}, "other factors"},
		{"version", []*Shard{good[0], {Format: ShardFormat, Version: "0.0.1", Analysis: a, Index: 1, Count: 3,
			First: good[1].First, Last: good[1].Last, Outputs: good[1].Outputs}, good[2]}, "made by treatysim 0.0.1"},
		{"none", nil, "no sensitivity shards"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := MergeShards(tt.shards)
			if !errors.Is(err, results.ErrMerge) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want ErrMerge saying %q", err, tt.want)
			}
		})
	}
	for _, data := range []string{`{"format": "treatysim-shard/2"}`, `{"format": "treatysim-sensitivity-shard/0"}`, `not json`, `{"format": "treatysim-sensitivity-shard/1"}`} {
		if _, err := ParseShard("x.json", []byte(data)); !errors.Is(err, results.ErrMerge) {
			t.Errorf("ParseShard(%s): %v, want ErrMerge", data, err)
		}
	}
}
