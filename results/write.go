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
	"strings"

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
// exists and force is not set.
func Stage(dir string, force bool) (*Staged, error) {
	if _, err := os.Stat(dir); err == nil && !force {
		return nil, fmt.Errorf("%s: %w (use --force to replace it)", dir, ErrExists)
	}
	parent, created := filepath.Dir(dir), ""
	if _, err := os.Stat(parent); err != nil {
		created = parent
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, err
	}
	return &Staged{dir: dir, tmp: tmp, force: force, createdParent: created}, nil
}

// Create creates a file in the staged folder, for streaming.
func (s *Staged) Create(name string) (*os.File, error) {
	return os.Create(filepath.Join(s.tmp, filepath.FromSlash(name)))
}

// Abort removes the staged folder, and the parent folder Stage made for
// it if nothing else is in it, so that a failed run leaves nothing.
func (s *Staged) Abort() {
	os.RemoveAll(s.tmp)
	if s.createdParent != "" {
		os.Remove(s.createdParent) // fails, harmlessly, unless empty
	}
}

// Commit writes files into the staged folder and renames it to the final
// one; on failure nothing is left behind and an old folder is kept.
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
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(s.tmp, 0o755); err != nil {
		return err
	}
	if _, err := os.Stat(s.dir); err != nil {
		return os.Rename(s.tmp, s.dir)
	}
	if !s.force {
		return fmt.Errorf("%s: %w (use --force to replace it)", s.dir, ErrExists)
	}
	// Replacing: move the old folder aside, and put it back if the new one
	// cannot take its place.
	old := s.tmp + ".old"
	if err := os.Rename(s.dir, old); err != nil {
		return err
	}
	if err := os.Rename(s.tmp, s.dir); err != nil {
		if rerr := os.Rename(old, s.dir); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
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

// eventsCSV lists what happened, one row per note: the raw material of
// the narrative.
func (r *Record) eventsCSV() []byte {
	sc := r.Scenario
	rows := make([][]string, 0, len(r.Notes))
	for _, n := range r.Notes {
		state, clause, option, from := "", "", "", ""
		if n.Kind == sim.NoteObject || n.Kind == sim.NoteDissatisfied {
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
		if n.Kind == sim.NoteObject || n.Kind == sim.NoteDissatisfied {
			value = ftoa(n.Value)
		}
		rows = append(rows, []string{sc.Sessions[n.Session].ID, strconv.Itoa(n.Round), n.Kind.String(),
			state, clause, from, option, value, n.Text})
	}
	return csvTable([]string{"session", "round", "kind", "states", "clause", "from", "option", "value", "text"}, rows)
}

// exchangesCSV renders the exchanges of the run (exchanges.csv): per trade
// the session and round, its kind (logroll or purchase), the two traders
// (a bloc that negotiates as one by its group id), the clause on which b
// moved toward a with b's demand before and after, the clause on which a
// moved toward b (none in a purchase) with a's demand before and after,
// the side payment, and each side's gain in the exchange model.
func (r *Record) exchangesCSV() []byte {
	sc := r.Scenario
	trader := func(state, group int) string {
		if group >= 0 {
			return sc.Groups[group].ID
		}
		return sc.States[state].ID
	}
	var rows [][]string
	for _, t := range r.Trades {
		kind, clauseB, fromB, toB := "logroll", "", "", ""
		if t.ClauseB < 0 {
			kind = "purchase"
		} else {
			clauseB, fromB, toB = sc.Clauses[t.ClauseB].ID, ftoa(t.FromB), ftoa(t.ToB)
		}
		rows = append(rows, []string{sc.Sessions[t.Session].ID, strconv.Itoa(t.Round), kind,
			trader(t.A, t.GroupA), trader(t.B, t.GroupB),
			sc.Clauses[t.ClauseA].ID, ftoa(t.FromA), ftoa(t.ToA), clauseB, fromB, toB,
			ftoa(t.Payment), ftoa(t.GainA), ftoa(t.GainB)})
	}
	return csvTable([]string{"session", "round", "kind", "a", "b", "b_moves_on", "b_from", "b_to",
		"a_moves_on", "a_from", "a_to", "payment", "a_gain", "b_gain"}, rows)
}
