package results

import (
	"bufio"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// RunsWriter streams runs.csv: one row per run (run, seed, adopted,
// decided_session, then one column per clause with its final option), in
// run order whatever the order in which workers finish them. Only the rows
// of runs finished out of order are held, so memory stays bounded.
type RunsWriter struct {
	sc      *scenarios.Scenario
	seed    string
	mu      sync.Mutex
	w       *bufio.Writer
	csv     *csv.Writer
	next    uint64
	pending map[uint64][]string
	err     error
}

// NewRunsWriter writes the header of runs.csv to w; the first run expected
// is first.
func NewRunsWriter(w io.Writer, sc *scenarios.Scenario, seed, first uint64) *RunsWriter {
	bw := bufio.NewWriterSize(w, 1<<16)
	rw := &RunsWriter{sc: sc, seed: strconv.FormatUint(seed, 10), w: bw, csv: csv.NewWriter(bw),
		next: first, pending: map[uint64][]string{}}
	header := []string{"run", "seed", "adopted", "decided_session"}
	for _, cl := range sc.Clauses {
		header = append(header, cl.ID)
	}
	rw.err = rw.csv.Write(header)
	return rw
}

// Sink returns a sim.Sink that feeds this writer and then next (which may
// be nil).
func (rw *RunsWriter) Sink(next sim.Sink) sim.Sink { return runsSink{rw, next} }

type runsSink struct {
	rw   *RunsWriter
	next sim.Sink
}

func (s runsSink) Add(run uint64, out *sim.Outcome) {
	s.rw.add(run, out)
	if s.next != nil {
		s.next.Add(run, out)
	}
}

func (rw *RunsWriter) add(run uint64, out *sim.Outcome) {
	row := make([]string, 0, 4+len(out.FinalOption))
	decided := ""
	if out.Adopted {
		decided = rw.sc.Sessions[out.DecidedSession].ID
	}
	row = append(row, strconv.FormatUint(run, 10), rw.seed, strconv.FormatBool(out.Adopted), decided)
	for c, o := range out.FinalOption {
		row = append(row, rw.sc.Clauses[c].Options[o].ID)
	}
	rw.mu.Lock()
	defer rw.mu.Unlock()
	rw.pending[run] = row
	for {
		r, ok := rw.pending[rw.next]
		if !ok {
			return
		}
		delete(rw.pending, rw.next)
		rw.next++
		if rw.err == nil {
			rw.err = rw.csv.Write(r)
		}
	}
}

// Close flushes what can be written: after an interrupted Monte Carlo the
// rows after the first missing run are written too, in run order.
func (rw *RunsWriter) Close() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	keys := make([]uint64, 0, len(rw.pending))
	for k := range rw.pending {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if rw.err == nil {
			rw.err = rw.csv.Write(rw.pending[k])
		}
	}
	rw.csv.Flush()
	if rw.err == nil {
		rw.err = rw.csv.Error()
	}
	if err := rw.w.Flush(); rw.err == nil {
		rw.err = err
	}
	return rw.err
}
