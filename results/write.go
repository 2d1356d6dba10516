package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/treatysim/treatysim/sim"
)

// ErrExists is returned when an output folder exists and may not be
// overwritten.
var ErrExists = errors.New("output folder exists")

// Files is the content of a results folder: file name -> bytes.
type Files map[string][]byte

// WriteDir writes files into dir atomically: everything is written into a
// temporary folder beside dir, which is then renamed to dir, so that a
// failure leaves no half-written folder. An existing dir is replaced only
// with force.
func WriteDir(dir string, files Files, force bool) error {
	if _, err := os.Stat(dir); err == nil && !force {
		return fmt.Errorf("%s: %w (use --force to replace it)", dir, ErrExists)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return os.Rename(tmp, dir)
	}
	// Replacing: move the old folder aside, and put it back if the new one
	// cannot take its place.
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
}

// csvTable renders a header and rows as CSV.
func csvTable(header []string, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	_ = w.WriteAll(rows) // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

// Files renders the run record as the files of a results folder:
// summary.json, text.csv, positions.csv, votes.csv and events.csv.
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
		rows[k] = []string{p.Session, strconv.Itoa(p.Round), p.State, p.Clause, ftoa(p.Position), ftoa(p.Preference)}
	}
	f["positions.csv"] = csvTable([]string{"session", "round", "state", "clause", "position", "preference"}, rows)

	rows = make([][]string, len(r.Votes))
	for k, v := range r.Votes {
		rows[k] = []string{v.Session, v.Motion, v.State, v.Vote}
	}
	f["votes.csv"] = csvTable([]string{"session", "motion", "state", "vote"}, rows)

	f["events.csv"] = r.eventsCSV()
	return f, nil
}

// eventsCSV lists what happened, one row per note: the raw material of
// the narrative.
func (r *Record) eventsCSV() []byte {
	sc := r.Scenario
	rows := make([][]string, 0, len(r.Notes))
	for _, n := range r.Notes {
		state, clause, option, from := "", "", "", ""
		if n.Kind == sim.NoteObject {
			state = sc.States[n.State].ID
		}
		for k, i := range n.States {
			if k > 0 {
				state += " "
			}
			state += sc.States[i].ID
		}
		if n.Clause >= 0 && n.Clause < len(sc.Clauses) {
			cl := &sc.Clauses[n.Clause]
			clause = cl.ID
			if n.Kind != sim.NoteEvent && n.Kind != sim.NoteObject {
				option = cl.Options[n.Option].ID
				from = cl.Options[n.From].ID
			}
		}
		value := ""
		if n.Kind == sim.NoteObject {
			value = ftoa(n.Value)
		}
		rows = append(rows, []string{sc.Sessions[n.Session].ID, strconv.Itoa(n.Round), n.Kind.String(),
			state, clause, from, option, value, n.Text})
	}
	return csvTable([]string{"session", "round", "kind", "states", "clause", "from", "option", "value", "text"}, rows)
}
