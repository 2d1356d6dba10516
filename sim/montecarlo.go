package sim

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/treatysim/treatysim/scenarios"
)

// A Sink receives the outcome of each Monte Carlo run. Each worker has its
// own Sink, so a Sink need not be safe for concurrent use; out is valid
// only during the call.
type Sink interface {
	Add(run uint64, out *Outcome)
}

// MonteCarlo describes a batch of runs: runs First..Last-1 of master seed
// Seed.
type MonteCarlo struct {
	Seed        uint64
	First, Last uint64
	// KeepViews makes every run keep its end-of-session views in the
	// Outcome given to the sinks (see Engine.KeepViews).
	KeepViews bool
	// Progress, if set, is called now and then with the number of runs
	// finished so far; it must be safe for concurrent use.
	Progress func(done uint64)
}

// chunk is how many consecutive runs a worker claims at a time: large
// enough that claiming costs nothing, small enough to balance the load.
const chunk = 16

// Run plays the batch on one worker goroutine per sink, giving the outcome
// of run k to sinks[w] of the worker w that played it. Run k always uses RunRNG(Seed, k), so the set of
// outcomes does not depend on the number of workers; sinks that only count
// (as results.Aggregate does) therefore sum to the same totals whatever it
// is. When ctx is cancelled, workers finish the run in hand and stop; Run
// returns the number of runs finished and ctx.Err().
func (mc MonteCarlo) Run(ctx context.Context, sc *scenarios.Scenario, sinks []Sink) (uint64, error) {
	workers := len(sinks)
	var next, done atomic.Uint64
	next.Store(mc.First)
	// Workers share only these two counters, touched once per chunk, and
	// poll cancellation through ctx.Done with a non-blocking receive
	// (ctx.Err takes a lock on every call).
	stop := ctx.Done()
	cancelled := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(sink Sink) {
			defer wg.Done()
			e, out, stream := New(sc), NewOutcome(sc), newRunStream()
			e.KeepViews = mc.KeepViews
			for !cancelled() {
				start := next.Add(chunk) - chunk
				if start >= mc.Last {
					return
				}
				end := min(start+chunk, mc.Last)
				for k := start; k < end; k++ {
					if cancelled() {
						done.Add(k - start)
						return
					}
					e.Run(stream.seed(mc.Seed, k), nil, out)
					sink.Add(k, out)
				}
				n := done.Add(end - start)
				if mc.Progress != nil {
					mc.Progress(n)
				}
			}
		}(sinks[w])
	}
	wg.Wait()
	n := done.Load()
	if mc.Progress != nil {
		mc.Progress(n)
	}
	return n, ctx.Err()
}
