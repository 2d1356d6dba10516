package unvotes

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// SessionFit is the fit of one session on its own.
type SessionFit struct {
	Session int
	Fit     *Fit
}

// PerSession fits each session of the record on its own with IdealPoints,
// without the held-out check. Each session's points are standardised
// within that session, and sessions are not bridged: Bailey et al. link
// sessions through resolutions voted on again in later sessions, which
// this does not do, so a change of a state's point between sessions is a
// change relative to that session's other states, not on a common scale.
// Sessions are fitted in parallel; the result is sorted by session.
func PerSession(r *Record, opt Options) ([]SessionFit, error) {
	opt.HeldOutShare = 0
	var sessions []int
	for _, rc := range r.RollCalls {
		sessions = append(sessions, rc.Session)
	}
	slices.Sort(sessions)
	sessions = slices.Compact(sessions)
	out := make([]SessionFit, len(sessions))
	errs := make([]error, len(sessions))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(sessions)); w++ {
		wg.Go(func() {
			for i := range work {
				f, err := IdealPoints(r.Window(sessions[i], sessions[i]), opt)
				out[i] = SessionFit{Session: sessions[i], Fit: f}
				if err != nil {
					errs[i] = fmt.Errorf("session %d: %w", sessions[i], err)
				}
			}
		})
	}
	for i := range sessions {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
