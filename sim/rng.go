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
	var key [32]byte
	copy(key[:16], "treatysim/run/v1")
	binary.LittleEndian.PutUint64(key[16:], master)
	binary.LittleEndian.PutUint64(key[24:], run)
	return rand.New(rand.NewChaCha8(key))
}
