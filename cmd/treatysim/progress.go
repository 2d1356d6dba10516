package main

import (
	"fmt"
	"math"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// newProgress returns a progress callback that draws a bar with runs/s and
// the time left on stderr, and a function that finishes it. When stderr is
// not a terminal it draws nothing.
func newProgress(total uint64, what string) (func(done uint64), func()) {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions64(int64(total), append(barOptions(), progressbar.OptionSetDescription(what))...)
	return func(done uint64) { _ = bar.Set64(int64(done)) }, func() { _ = bar.Finish() }
}

// sweepProgress draws one bar over every run of a sweep, described by the
// point in hand ("point 3/9"); nothing when stderr is not a terminal.
type sweepProgress struct {
	bar      *progressbar.ProgressBar
	points   int
	perPoint uint64
}

func newSweepProgress(points int, perPoint uint64) *sweepProgress {
	p := &sweepProgress{points: points, perPoint: perPoint}
	// A total beyond int64 could not be drawn; nor would it ever finish.
	if !term.IsTerminal(int(os.Stderr.Fd())) || perPoint > math.MaxInt64/uint64(max(points, 1)) {
		return p
	}
	p.bar = progressbar.NewOptions64(int64(perPoint)*int64(points), barOptions()...)
	return p
}

// point starts point k (from 1) and returns the progress callback of its
// Monte Carlo, nil when nothing is drawn.
func (p *sweepProgress) point(k int) func(done uint64) {
	if p.bar == nil {
		return nil
	}
	p.bar.Describe(fmt.Sprintf("point %d/%d", k, p.points))
	base := uint64(k-1) * p.perPoint
	return func(done uint64) { _ = p.bar.Set64(int64(base + done)) }
}

func (p *sweepProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// barOptions are the options of every progress bar: on stderr, counting
// runs, with runs/s and the time left, cleared when done.
func barOptions() []progressbar.Option {
	return []progressbar.Option{
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("runs"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
	}
}
