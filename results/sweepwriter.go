package results

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// SweepWriter streams the files of a parameter sweep into its staged
// results folder as each point finishes: a row of points.csv, the point's
// rows of clauses.csv and summaries/point-NNNN.json. Points are added in
// order, so the rows are in point order; nothing is held once written, so
// memory does not grow with the grid, and a sweep stopped half way keeps
// the points it finished (Close, then Staged.Commit).
type SweepWriter struct {
	st              *Staged
	width           int // digits of the point numbers in file names
	points, clauses *csvStream
	summaries       bool // the summaries folder exists
	done            int
	keys            []string
	closed          bool
}

// csvStream is a CSV file being written in a staged folder.
type csvStream struct {
	name string
	f    *os.File
	b    *bufio.Writer
	w    *csv.Writer
}

func newCSVStream(st *Staged, name string, header []string) (*csvStream, error) {
	f, err := st.Create(name)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriter(f)
	c := &csvStream{name: name, f: f, b: b, w: csv.NewWriter(b)}
	return c, c.w.Write(header)
}

// flush pushes the rows written so far to the file.
func (c *csvStream) flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.b.Flush()
}

func (c *csvStream) close() error {
	err := c.flush()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// NewSweepWriter starts points.csv and clauses.csv in st, with a column
// per swept key; total is the number of points of the grid.
func NewSweepWriter(st *Staged, keys []string, total int) (*SweepWriter, error) {
	w := &SweepWriter{st: st, width: max(4, len(strconv.Itoa(total))), keys: keys}
	var err error
	w.points, err = newCSVStream(st, "points.csv", append(append([]string{"point"}, keys...),
		"adopted_probability", "adopted_lo", "adopted_hi", "runs"))
	if err != nil {
		return nil, err
	}
	w.clauses, err = newCSVStream(st, "clauses.csv", append(append([]string{"point"}, keys...),
		"clause", "survival_probability", "survival_lo", "survival_hi", "modal_option"))
	if err != nil {
		w.points.close()
		return nil, err
	}
	return w, nil
}

// SummaryName is the file of point p's summary (from 1): the numbers are
// padded to the grid's size so that the files sort in point order.
func (w *SweepWriter) SummaryName(p int) string {
	return fmt.Sprintf("summaries/point-%0*d.json", w.width, p)
}

// Add writes the next point: its values on the swept keys (as the
// columns of NewSweepWriter) and its summary.
func (w *SweepWriter) Add(values []string, sum *Summary) error {
	if len(values) != len(w.keys) {
		return fmt.Errorf("sweep point %d: %d values for %d keys", w.done+1, len(values), len(w.keys))
	}
	p := w.done + 1
	b, err := sum.JSON()
	if err != nil {
		return err
	}
	if !w.summaries {
		if err := os.MkdirAll(filepath.Join(w.st.tmp, "summaries"), 0o755); err != nil {
			return err
		}
		w.summaries = true
	}
	f, err := w.st.Create(w.SummaryName(p))
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	id := strconv.Itoa(p)
	row := append(append([]string{id}, values...), ftoa(sum.AdoptedProbability),
		ftoa(sum.AdoptedInterval[0]), ftoa(sum.AdoptedInterval[1]), strconv.FormatUint(sum.Runs, 10))
	if err := w.points.w.Write(row); err != nil {
		return err
	}
	for _, c := range sum.Clauses {
		row := append(append([]string{id}, values...), c.ID, ftoa(c.SurvivalProbability),
			ftoa(c.SurvivalInterval[0]), ftoa(c.SurvivalInterval[1]), c.ModalOption)
		if err := w.clauses.w.Write(row); err != nil {
			return err
		}
	}
	// Out of the process's memory once the point is done.
	if err := w.points.flush(); err != nil {
		return err
	}
	if err := w.clauses.flush(); err != nil {
		return err
	}
	w.done = p
	return nil
}

// Done is the number of points written.
func (w *SweepWriter) Done() int { return w.done }

// Close finishes points.csv and clauses.csv.
func (w *SweepWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.points.close()
	if cerr := w.clauses.close(); err == nil {
		err = cerr
	}
	return err
}

// SweepInfo is sweep.json: what was swept and how far the sweep got, so
// that a folder of a sweep stopped half way says so.
type SweepInfo struct {
	Sweep      string      `json:"sweep"`    // the sweep file
	Scenario   string      `json:"scenario"` // as resolved: a file or a shipped name
	Runs       uint64      `json:"runs"`     // per point
	Seed       uint64      `json:"seed"`
	Axes       []SweepAxis `json:"axes"`
	Points     int         `json:"points"`      // of the grid
	PointsDone int         `json:"points_done"` // written: points 1..points_done
	Partial    bool        `json:"partial,omitempty"`
	Stopped    string      `json:"stopped,omitempty"` // why a partial sweep stopped
}

// SweepAxis is one swept key and its values.
type SweepAxis struct {
	Key    string `json:"key"`
	Values []any  `json:"values"`
}

// JSON encodes sweep.json.
func (s *SweepInfo) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
