package results

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editShard writes shard 0 of 2 of 40 runs of the toy with scripted votes
// into a folder of its own, lets edit change its JSON, and returns the
// file.
func editShard(t *testing.T, edit func(m map[string]any)) string {
	t.Helper()
	sc := votesToy(t)
	first, last := ShardRange(40, 0, 2)
	sh := NewShard(sc, 1, 40, 0, 2, aggregateRuns(t, sc, 1, first, last))
	sh.Perf = &Perf{Workers: 2, Seconds: 1}
	p, err := WriteShard(filepath.Join(t.TempDir(), "shards"), sh)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMergeShardAdoptedExceedsRuns: merge of a shard whose adopted count
// exceeded its runs failed with "json: unsupported value: NaN", exit 1,
// and a shard with count 0 was named by a file that does not exist
// (shard-0000-of-0000.json). A shard's contents are checked when it is
// read, and every problem is reported with ErrMerge (exit 2) naming the
// file read.
func TestMergeShardAdoptedExceedsRuns(t *testing.T) {
	agg := func(m map[string]any) map[string]any { return m["aggregate"].(map[string]any) }
	tests := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"adopted exceeds runs", func(m map[string]any) { agg(m)["adopted"] = 1000 }, "adopted"},
		{"by vote exceeds adopted", func(m map[string]any) { agg(m)["by_vote"] = 1000 }, "by vote"},
		{"count 0", func(m map[string]any) { m["count"] = 0 }, "want 0 <= index < count"},
		{"index beyond count", func(m map[string]any) { m["index"] = 5 }, "want 0 <= index < count"},
		{"negative index", func(m map[string]any) { m["index"] = -1 }, "want 0 <= index < count"},
		{"no runs", func(m map[string]any) { m["runs"] = 0; m["last"] = 0 }, "every shard needs a run"},
		{"range not its slice", func(m map[string]any) { m["first"] = 3 }, "is runs 0-19"},
		{"more runs than its range", func(m map[string]any) { agg(m)["runs"] = 21 }, "more than the 20 of its range"},
		{"decided beyond runs", func(m map[string]any) { agg(m)["decided"].([]any)[0] = 99 }, "the decided count"},
		{"options do not add up", func(m map[string]any) {
			o := agg(m)["options"].([]any)[0].([]any)
			o[0] = o[0].(float64) + 1
		}, "clause 1's option"},
		{"survived beyond runs", func(m map[string]any) { agg(m)["survived"].([]any)[0] = 21 }, "clause 1 survived"},
		{"vote passed beyond held", func(m map[string]any) {
			v := agg(m)["votes"].([]any)[0].(map[string]any)
			v["passed"] = v["held"].(float64) + 1
		}, "scripted vote 1's"},
		{"satisfaction beyond runs", func(m map[string]any) {
			m["satisfaction"].([]any)[0] = map[string]any{"5": 1000}
		}, "satisfaction counted 1000 times"},
		{"satisfaction bin out of range", func(m map[string]any) {
			m["satisfaction"].([]any)[0] = map[string]any{"2000": 1}
		}, `bad satisfaction bin "2000"`},
		{"negative seconds", func(m map[string]any) { m["perf"].(map[string]any)["seconds"] = -1 }, "perf"},
		{"seconds that would sum to infinity", func(m map[string]any) { m["perf"].(map[string]any)["seconds"] = 1e308 }, "perf"},
		{"no aggregate", func(m map[string]any) { delete(m, "aggregate") }, "no aggregate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := editShard(t, tt.edit)
			_, err := ReadShards([]string{filepath.Dir(p)})
			if !errors.Is(err, ErrMerge) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadShards: error %v; want ErrMerge naming %s and saying %q", err, p, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "of-0000") {
				t.Errorf("ReadShards: error %v names a file that does not exist", err)
			}
		})
	}

	t.Run("given to MergeShards directly", func(t *testing.T) {
		sc := votesToy(t)
		sh := NewShard(sc, 1, 20, 0, 1, aggregateRuns(t, sc, 1, 0, 20))
		sh.Aggregate.Adopted = 1000
		_, _, err := MergeShards(sc, []*Shard{sh})
		if !errors.Is(err, ErrMerge) || !strings.Contains(err.Error(), "1000 adopted") {
			t.Errorf("MergeShards: error %v; want ErrMerge saying 1000 adopted", err)
		}
	})

	t.Run("a sound shard reads", func(t *testing.T) {
		p := editShard(t, func(map[string]any) {})
		// Named twice (its folder and itself), it is one shard.
		shards, err := ReadShards([]string{filepath.Dir(p), p})
		if err != nil || len(shards) != 1 {
			t.Fatalf("ReadShards: %d shards, %v; want the one", len(shards), err)
		}
	})
}
