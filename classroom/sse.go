package classroom

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub tells the pages following a game that it changed. It keeps the
// latest update; each subscriber has a channel of one update, and a newer
// update replaces one not yet read, so that a slow page skips to the
// latest and never holds up a move.
type hub struct {
	mu   sync.Mutex
	subs map[chan update]struct{}
	last update
}

// update is what a page hears: the game's version (the number of
// commands stored) and the number of joins (a student took a seat or
// changed it), which changes the players without changing the version.
type update struct{ Version, Players int }

func newHub(version int) *hub {
	return &hub{subs: map[chan update]struct{}{}, last: update{Version: version}}
}

// subscribe returns a channel of updates and the function that ends the
// subscription.
func (h *hub) subscribe() (<-chan update, func()) {
	ch := make(chan update, 1)
	h.mu.Lock()
	h.subs[ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs, ch)
		h.mu.Unlock()
	}
}

// current returns the latest update.
func (h *hub) current() update {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// publish announces version v (commands are announced once stored, which
// may be out of order: an older version than one announced changes
// nothing).
func (h *hub) publish(v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if v <= h.last.Version {
		return
	}
	h.last.Version = v
	h.send()
}

// joined announces that a student joined.
func (h *hub) joined() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last.Players++
	h.send()
}

// send sends the latest update to every subscriber, without blocking.
func (h *hub) send() {
	for ch := range h.subs {
		select {
		case ch <- h.last:
		default:
			select { // replace the unread update
			case <-ch:
			default:
			}
			select {
			case ch <- h.last:
			default:
			}
		}
	}
}

// count returns the number of subscribers.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// sseWriteTimeout bounds each write to a page's stream: a page that stops
// reading is dropped.
const sseWriteTimeout = 10 * time.Second

// stream serves GET /api/games/{code}/stream: `event: update` with
// `data: {"version": n, "players": j}` at once and after every change of
// the game (a command stored: the version; a student joining: the
// players), a comment as a ping every PingInterval. It ends when the page
// goes (the request's context) or the server closes.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	ch, done := ge.hub.subscribe()
	defer done()
	send := func(format string, a ...any) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
		if _, err := fmt.Fprintf(w, format, a...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	first := ge.hub.current()
	if !send("retry: 3000\n\nevent: update\ndata: {\"version\": %d, \"players\": %d}\n\n", first.Version, first.Players) {
		return
	}
	ping := time.NewTicker(s.opts.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case u := <-ch:
			if !send("event: update\ndata: {\"version\": %d, \"players\": %d}\n\n", u.Version, u.Players) {
				return
			}
		case <-ping.C:
			if !send(": ping\n\n") {
				return
			}
		}
	}
}
