package compare

import (
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// The benchmarks measure what compare adds to the runs it needs: playing
// the runs (BenchmarkCollectFlagship, per run, both sides) against the
// statistics over them (BenchmarkCompareFlagship, the 274 tests of
// the flagship at 1000 paired runs, with Holm's correction).

func flagshipPair(b *testing.B, n uint64) (*Sample, *Sample) {
	b.Helper()
	a, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	w, err := scenarios.LoadShipped("us-walks-out")
	if err != nil {
		b.Fatal(err)
	}
	return collect(b, a, 1, n), collect(b, w, 1, n)
}

func BenchmarkCompareFlagship(b *testing.B) {
	sa, sb := flagshipPair(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compare(sa, sb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCollectFlagship plays 100 runs of the flagship on 4 workers
// and keeps what compare needs of each.
func BenchmarkCollectFlagship(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		collect(b, sc, 1, 100)
	}
}
