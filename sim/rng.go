package sim

import (
	"encoding/binary"
	"math/rand/v2"
)

// RunRNG returns the generator of run k of a Monte Carlo with master seed
// master: a ChaCha8 stream keyed by (master, k), so that every run has its
// own independent stream, any run can be replayed alone, and results do
// not depend on how runs are spread over workers. Adjacent raw seeds are
// never used as streams.
func RunRNG(master, run uint64) *rand.Rand {
	return rand.New(rand.NewChaCha8(runKey(master, run)))
}

func runKey(master, run uint64) [32]byte {
	var key [32]byte
	copy(key[:16], "treatysim/run/v1")
	binary.LittleEndian.PutUint64(key[16:], master)
	binary.LittleEndian.PutUint64(key[24:], run)
	return key
}

// runStream is a worker's reusable generator: reseeding it for run k gives
// the same stream as RunRNG(master, k) without allocating.
type runStream struct {
	src *rand.ChaCha8
	rng *rand.Rand
}

func newRunStream() *runStream {
	src := rand.NewChaCha8([32]byte{})
	return &runStream{src: src, rng: rand.New(src)}
}

func (s *runStream) seed(master, run uint64) *rand.Rand {
	s.src.Seed(runKey(master, run))
	return s.rng
}
