package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrExists is returned when an output folder exists and may not be
// overwritten.
var ErrExists = errors.New("output folder exists")

// ErrNotOurs is returned, beside ErrExists, when the output path exists
// but is not a folder treatysim wrote: --force does not replace it.
var ErrNotOurs = errors.New("not a results folder treatysim wrote")

// WriteError is a failure to write a results folder (a full disk, a
// place where the user may not write). It names the folder asked for, not
// the temporary one the files were going into.
type WriteError struct {
	Dir  string // the results folder asked for
	File string // the file being written, relative to Dir; "" for the folder
	Err  error  // the system's error, without the temporary path
}

func (e *WriteError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("cannot write %s in the results folder %s: %v", e.File, e.Dir, e.Err)
	}
	return fmt.Sprintf("cannot write the results folder %s: %v", e.Dir, e.Err)
}

func (e *WriteError) Unwrap() error { return e.Err }

// writeErr wraps err as a WriteError, keeping only the system's message
// of a path error: its path is the temporary folder's.
func writeErr(dir, file string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &WriteError{Dir: dir, File: file, Err: err}
}

// Files is the content of a results folder: file name -> bytes.
type Files map[string][]byte

// WriteDir writes files into dir atomically: everything is written into a
// temporary folder beside dir, which is then renamed to dir, so that a
// failure leaves no half-written folder. An existing dir is replaced only
// with force, and only if treatysim wrote it (see CheckOut).
func WriteDir(dir string, files Files, force bool) error {
	st, err := Stage(dir, force)
	if err != nil {
		return err
	}
	return st.Commit(files)
}

// Staged is a results folder being written: files go into a temporary
// folder beside the final one until Commit renames it into place.
type Staged struct {
	dir, tmp      string
	force         bool
	createdParent string // the parent folder Stage made, removed by Abort if left empty
}

// Stage starts writing the results folder dir. It fails at once if dir
// may not be written (see CheckOut), and removes the temporary folders
// that processes killed while writing beside it left behind.
func Stage(dir string, force bool) (*Staged, error) {
	dir = filepath.Clean(dir) // "out/" (as a shell completes it) is out, not a folder inside it
	parent, created := filepath.Dir(dir), ""
	if _, err := os.Stat(parent); err != nil {
		created = parent
	} else {
		// First, so that a folder put back is seen by CheckOut.
		cleanStale(parent, time.Now())
	}
	if err := CheckOut(dir, force); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, writeErr(dir, "", err)
	}
	tmp, err := os.MkdirTemp(parent, tempPattern(filepath.Base(dir)))
	if err != nil {
		return nil, writeErr(dir, "", err)
	}
	return &Staged{dir: dir, tmp: tmp, force: force, createdParent: created}, nil
}

// Create creates a file in the staged folder, for streaming.
func (s *Staged) Create(name string) (*os.File, error) {
	f, err := os.Create(filepath.Join(s.tmp, filepath.FromSlash(name)))
	return f, writeErr(s.dir, name, err)
}

// Abort removes the staged folder, and the parent folder Stage made for
// it if nothing else is in it, so that a failed run leaves nothing.
func (s *Staged) Abort() {
	os.RemoveAll(s.tmp)
	if s.createdParent != "" {
		os.Remove(s.createdParent) // fails, harmlessly, unless empty
	}
}

// Commit writes files into the staged folder, with the marker that lists
// them (MarkerName), and renames it to the final one; on failure nothing
// is left behind and an old folder is kept.
func (s *Staged) Commit(files Files) error {
	defer os.RemoveAll(s.tmp)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(s.tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return writeErr(s.dir, name, err)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return writeErr(s.dir, name, err)
		}
	}
	if err := writeMarker(s.tmp); err != nil {
		return writeErr(s.dir, MarkerName, err)
	}
	if err := os.Chmod(s.tmp, 0o755); err != nil {
		return writeErr(s.dir, "", err)
	}
	if _, err := os.Lstat(s.dir); err != nil {
		return writeErr(s.dir, "", os.Rename(s.tmp, s.dir))
	}
	// The folder may have appeared, or changed, since Stage: check again.
	if err := CheckOut(s.dir, s.force); err != nil {
		return err
	}
	// Replacing: move the old folder aside, and put it back if the new one
	// cannot take its place.
	old := s.tmp + ".old"
	if err := os.Rename(s.dir, old); err != nil {
		return writeErr(s.dir, "", err)
	}
	if err := os.Rename(s.tmp, s.dir); err != nil {
		if rerr := os.Rename(old, s.dir); rerr != nil {
			return errors.Join(writeErr(s.dir, "", err), fmt.Errorf("the old folder is kept as %s: %w", old, rerr))
		}
		return writeErr(s.dir, "", err)
	}
	os.RemoveAll(old) // a leftover is removed by the next Stage beside it
	return nil
}

// CSV renders a header and rows as CSV, the tidy format of every table
// the program writes.
func CSV(header []string, rows [][]string) []byte { return csvTable(header, rows) }

// csvTable renders a header and rows as CSV.
func csvTable(header []string, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	_ = w.WriteAll(rows) // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

func ftoa(v float64) string {
	if v == 0 {
		v = 0 // no "-0.000000"
	}
	return strconv.FormatFloat(v, 'f', 6, 64)
}

// Files renders the run record as the files of a results folder:
// summary.json, text.csv, positions.csv, votes.csv, events.csv,
// exchanges.csv, the coalitions and scenario.json.
func (r *Record) Files() (Files, error) {
	sum, err := r.Summarize().JSON()
	if err != nil {
		return nil, err
	}
	f := Files{"summary.json": sum}

	rows := make([][]string, len(r.Text))
	for k, t := range r.Text {
		rows[k] = []string{t.Session, strconv.Itoa(t.Round), t.Clause, t.Option, t.Status}
	}
	f["text.csv"] = csvTable([]string{"session", "round", "clause", "option", "status"}, rows)

	rows = make([][]string, len(r.Positions))
	for k, p := range r.Positions {
		rows[k] = []string{p.Session, strconv.Itoa(p.Round), p.State, p.Clause, ftoa(p.Position), ftoa(p.Preference),
			ftoa(p.Salience)}
	}
	f["positions.csv"] = csvTable([]string{"session", "round", "state", "clause", "position", "preference", "salience"}, rows)

	rows = make([][]string, len(r.Votes))
	for k, v := range r.Votes {
		rows[k] = []string{v.Session, v.Motion, v.State, v.Vote, strconv.FormatBool(v.CrossPressure)}
	}
	f["votes.csv"] = csvTable([]string{"session", "motion", "state", "vote", "cross_pressure"}, rows)

	f["events.csv"] = r.eventsCSV()
	f["exchanges.csv"] = r.exchangesCSV()
	f["coalitions.csv"], f["memberships.csv"] = r.coalitionsCSV(r.Coalitions())
	if r.RoundCoalitions {
		f["coalition-rounds.csv"] = r.roundCoalitionsCSV(r.RoundCoalitionParts())
	}
	if f["scenario.json"], err = ScenarioJSON(r.Scenario); err != nil {
		return nil, err
	}
	return f, nil
}

// roundCoalitionsCSV renders the coalitions after every round: one row
// per session, round and coalition.
func (r *Record) roundCoalitionsCSV(parts []Partition) []byte {
	sc := r.Scenario
	var rows [][]string
	for k, p := range parts {
		for _, c := range p.Coalitions {
			rows = append(rows, []string{sc.Sessions[p.Session].ID, strconv.Itoa(r.roundOf[k]), c.ID, c.Name,
				strconv.Itoa(len(c.Members)), ftoa(c.CapabilityShare), ftoa(c.Cohesion), ftoa(p.Modularity),
				strings.Join(c.From, " ")})
		}
	}
	return csvTable([]string{"session", "round", "coalition", "name", "size", "capability_share", "cohesion", "modularity", "from"}, rows)
}

// coalitionsCSV renders the coalitions of each session (coalitions.csv:
// one row per session and coalition) and who belonged to which
// (memberships.csv: one row per session and present state, with the
// coalition it belonged to in the session before).
func (r *Record) coalitionsCSV(parts []Partition) (coalitions, memberships []byte) {
	sc := r.Scenario
	var crows, mrows [][]string
	for k, p := range parts {
		session := sc.Sessions[p.Session].ID
		for _, c := range p.Coalitions {
			crows = append(crows, []string{session, c.ID, c.Name, strconv.Itoa(len(c.Members)),
				ftoa(c.CapabilityShare), ftoa(c.Cohesion), ftoa(p.Modularity), strconv.Itoa(len(p.Coalitions)),
				strings.Join(c.From, " ")})
		}
		for i, st := range sc.States {
			if p.Of[i] < 0 {
				continue
			}
			id, prev, moved := p.Coalitions[p.Of[i]].ID, "", false
			if k > 0 && parts[k-1].Of[i] >= 0 {
				prev = parts[k-1].Coalitions[parts[k-1].Of[i]].ID
				moved = prev != id
			}
			mrows = append(mrows, []string{session, st.ID, id, prev, strconv.FormatBool(moved)})
		}
	}
	return csvTable([]string{"session", "coalition", "name", "size", "capability_share", "cohesion", "modularity", "coalitions", "from"}, crows),
		csvTable([]string{"session", "state", "coalition", "previous", "moved"}, mrows)
}
