package classroom

import (
	"archive/zip"
	"bytes"
	"errors"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/treatysim/treatysim/results"
)

// The handlers of a finished game: the debrief, the results folder as a
// zip and the report; each computed once per version of the game.

// GET /api/games/{code}/debrief
func (s *Server) debriefView(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	if !ge.g.Done() {
		s.writeError(w, r, turnErrorf("the negotiation is not over yet: the debrief comes at the end"))
		return
	}
	v := ge.g.Version()
	d, err := ge.debrief.get(v, func() (*Debrief, int, error) {
		d, err := ge.g.Debrief(s.opts.DebriefRuns)
		return d, v, err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// resultFiles returns the results folder of a finished game.
func (ge *gameEntry) resultFiles() (results.Files, error) {
	if !ge.g.Done() {
		return nil, turnErrorf("the negotiation is not over yet: the results come at the end")
	}
	v := ge.g.Version()
	return ge.files.get(v, func() (results.Files, int, error) {
		f, err := ge.g.Results()
		return f, v, err
	})
}

// GET /api/games/{code}/results.zip
func (s *Server) resultsZip(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	files, err := ge.resultFiles()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v := ge.g.Version()
	folder := "treatysim-" + ge.code
	b, err := ge.zip.get(v, func() ([]byte, int, error) {
		b, err := zipFiles(folder, files)
		return b, v, err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+folder+`.zip"`)
	_, _ = w.Write(b)
}

// zipFiles writes files into a zip archive, under folder/.
func zipFiles(folder string, files results.Files) ([]byte, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: folder + "/" + name, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return nil, err
		}
		if _, err := f.Write(files[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// GET /games/{code}/report: the game's report.html.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	files, err := ge.resultFiles()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, ok := files["report.html"]
	if !ok {
		s.writeError(w, r, errors.New("the results have no report.html"))
		return
	}
	w.Header().Set("Content-Security-Policy", reportCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page)
}

// verCache keeps one value computed for a version of a game; it computes
// one at a time, so that requests arriving together share the work.
type verCache[T any] struct {
	mu      sync.Mutex
	ok      bool
	version int
	val     T
}

// get returns the value for version, computing it with f when the cache
// has none. f returns the value and the version it is for (which may be
// newer than the one asked for).
func (c *verCache[T]) get(version int, f func() (T, int, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.version >= version {
		return c.val, nil
	}
	v, ver, err := f()
	if err != nil {
		var zero T
		return zero, err
	}
	c.ok, c.version, c.val = true, ver, v
	return v, nil
}
