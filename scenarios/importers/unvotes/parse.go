package unvotes

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Input bounds. The real files are 0.2 and 5.4 MB with lines under 400
// bytes, so these only stop a wrong or hostile input from exhausting
// memory.
const (
	maxFileSize = 256 << 20
	maxLineSize = 64 << 10
	// maxProblems is how many problems are collected before reading
	// stops: enough to see a pattern, few enough to read.
	maxProblems = 20
)

var (
	rollCallsHeader = []string{"rcid", "session", "date", "resolution", "important", "amendment", "paragraph", "issues", "title"}
	votesHeader     = []string{"rcid", "state", "vote"}
)

// Read reads dir/roll_calls.csv and dir/votes.csv (see Parse).
func Read(dir string) (*Record, error) {
	rcPath := filepath.Join(dir, "roll_calls.csv")
	vPath := filepath.Join(dir, "votes.csv")
	rcf, err := openBounded(rcPath)
	if err != nil {
		return nil, err
	}
	defer rcf.Close()
	vf, err := openBounded(vPath)
	if err != nil {
		return nil, err
	}
	defer vf.Close()
	return Parse(rcPath, rcf, vPath, vf)
}

// openBounded opens path for reading, refusing a file over maxFileSize
// before reading any of it.
func openBounded(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("unvotes: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("unvotes: %w", err)
	}
	if fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("unvotes: %s is a directory", path)
	}
	if fi.Size() > maxFileSize {
		f.Close()
		return nil, fmt.Errorf("unvotes: %s: file is %d bytes; the limit is 256 MiB", path, fi.Size())
	}
	return f, nil
}

// Parse reads a roll_calls.csv and a votes.csv from the two readers; the
// names are used in messages. Every problem is reported as
// name:line: message, with lines counted from 1 at the header; up to 20
// are collected and returned joined with errors.Join. Votes are not read
// when the roll calls have problems, since a vote refers to a roll call.
//
// The returned Record has its roll calls sorted by rcid, its states sorted
// and its casts sorted by roll call and then state.
func Parse(rollCallsName string, rollCalls io.Reader, votesName string, votes io.Reader) (*Record, error) {
	p := &problems{}
	rec := &Record{}
	rcIndex := p.rollCalls(rec, rollCallsName, rollCalls)
	if len(p.errs) == 0 {
		p.votes(rec, rcIndex, rollCallsName, votesName, votes)
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return rec, nil
}

// problems collects parse problems up to maxProblems.
type problems struct {
	errs []error
	full bool
}

// add records a problem at name:line and reports whether reading may go
// on.
func (p *problems) add(name string, line int, format string, args ...any) bool {
	return p.addErr(fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
}

func (p *problems) addErr(err error) bool {
	if p.full {
		return false
	}
	if len(p.errs) == maxProblems {
		p.errs = append(p.errs, errors.New("too many problems; stopped reading"))
		p.full = true
		return false
	}
	p.errs = append(p.errs, err)
	return true
}

// guard bounds what is read from r: at most maxFileSize bytes in all and
// maxLineSize bytes in a line. It counts lines so that it can say where a
// line is too long.
type guard struct {
	r    io.Reader
	name string
	size int64
	line int // newlines seen
	col  int // bytes since the last newline
	err  error
}

func (g *guard) Read(b []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(b)
	g.size += int64(n)
	if g.size > maxFileSize {
		g.err = fmt.Errorf("%s: larger than 256 MiB; refusing to read it", g.name)
		return 0, g.err
	}
	for rest := b[:n]; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			g.col += len(rest)
			break
		}
		g.col += i
		if g.col > maxLineSize {
			break
		}
		g.line++
		g.col = 0
		rest = rest[i+1:]
	}
	if g.col > maxLineSize {
		g.err = fmt.Errorf("%s:%d: line longer than 64 KiB", g.name, g.line+1)
		return 0, g.err
	}
	return n, err
}

// table reads a CSV file with a fixed header, calling row for each record
// with its line number. row returns false to stop reading.
func (p *problems) table(name string, r io.Reader, header []string, row func(line int, rec []string) bool) {
	g := &guard{r: r, name: name}
	cr := csv.NewReader(g)
	cr.FieldsPerRecord = -1 // field counts are checked per row, with a better message
	cr.ReuseRecord = true
	want := strings.Join(header, ",")
	first := true
	for {
		rec, err := cr.Read()
		if g.err != nil {
			p.addErr(g.err)
			return
		}
		if err == io.EOF {
			if first {
				p.add(name, 1, "empty file; want header %q", want)
			}
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				p.addErr(fmt.Errorf("%s: %w", name, err))
				return
			}
			if first {
				p.add(name, pe.Line, "bad header: %v; want %q", pe.Err, want)
				return
			}
			if !p.add(name, pe.Line, "%v", pe.Err) {
				return
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			if !slices.Equal(rec, header) {
				p.add(name, line, "header is %q; want %q", strings.Join(rec, ","), want)
				return
			}
			continue
		}
		if !row(line, rec) {
			return
		}
	}
}

// rollCalls reads roll_calls.csv into rec.RollCalls, sorted by rcid, and
// returns the index of each rcid.
func (p *problems) rollCalls(rec *Record, name string, r io.Reader) map[int]int32 {
	firstLine := make(map[int]int)
	p.table(name, r, rollCallsHeader, func(line int, f []string) bool {
		if len(f) != len(rollCallsHeader) {
			return p.add(name, line, "%d fields; want %d (%s)", len(f), len(rollCallsHeader), strings.Join(rollCallsHeader, ","))
		}
		ok := true
		bad := func(format string, args ...any) {
			ok = false
			p.add(name, line, format, args...)
		}
		rc := RollCall{Resolution: f[3], Title: f[8]}
		var err error
		if rc.ID, err = strconv.Atoi(f[0]); err != nil {
			bad("rcid %q is not an integer", f[0])
		} else if prev, dup := firstLine[rc.ID]; dup {
			bad("duplicate rcid %d (first on line %d)", rc.ID, prev)
		}
		if rc.Session, err = strconv.Atoi(f[1]); err != nil {
			bad("session %q is not an integer", f[1])
		}
		if _, err := time.Parse(time.DateOnly, f[2]); err != nil {
			bad("bad date %q; want YYYY-MM-DD", f[2])
		}
		rc.Date = f[2]
		for i, dst := range []*bool{&rc.Important, &rc.Amendment, &rc.Paragraph} {
			switch f[4+i] {
			case "1":
				*dst = true
			case "0", "":
			default:
				bad("%s %q; allowed: 1, 0 or empty", rollCallsHeader[4+i], f[4+i])
			}
		}
		for _, is := range strings.Split(f[7], ";") {
			if is = strings.TrimSpace(is); is != "" {
				rc.Issues = append(rc.Issues, is)
			}
		}
		if ok {
			firstLine[rc.ID] = line
			rec.RollCalls = append(rec.RollCalls, rc)
		}
		return !p.full
	})
	slices.SortStableFunc(rec.RollCalls, func(a, b RollCall) int { return cmp.Compare(a.ID, b.ID) })
	index := make(map[int]int32, len(rec.RollCalls))
	for i, rc := range rec.RollCalls {
		index[rc.ID] = int32(i)
	}
	return index
}

// votes reads votes.csv into rec.States and rec.Casts.
func (p *problems) votes(rec *Record, rcIndex map[int]int32, rcName, name string, r io.Reader) {
	stateID := make(map[string]int32) // state -> index in order of first appearance
	var states []string
	type key struct{ rc, state int32 }
	seen := make(map[key]int, 1<<16) // -> line of the vote
	var casts []Cast
	p.table(name, r, votesHeader, func(line int, f []string) bool {
		if len(f) != len(votesHeader) {
			return p.add(name, line, "%d fields; want %d (%s)", len(f), len(votesHeader), strings.Join(votesHeader, ","))
		}
		ok := true
		bad := func(format string, args ...any) {
			ok = false
			p.add(name, line, format, args...)
		}
		rc := int32(-1)
		if id, err := strconv.Atoi(f[0]); err != nil {
			bad("rcid %q is not an integer", f[0])
		} else if i, known := rcIndex[id]; !known {
			bad("rcid %d is not in %s", id, rcName)
		} else {
			rc = i
		}
		if !validState(f[1]) {
			bad("state %q is not an ISO 3166-1 alpha-3 code (3 upper-case letters)", f[1])
		}
		var v Vote
		switch f[2] {
		case "yes":
			v = Yes
		case "no":
			v = No
		case "abstain":
			v = Abstain
		default:
			bad("unknown vote %q; allowed: yes, no, abstain", f[2])
		}
		if !ok {
			return !p.full
		}
		s, known := stateID[f[1]]
		if !known {
			s = int32(len(states))
			// f[1] is a fresh string on every Read even with ReuseRecord,
			// so keeping it does not pin the reader's buffer.
			states = append(states, f[1])
			stateID[f[1]] = s
		}
		k := key{rc, s}
		if prev, dup := seen[k]; dup {
			return p.add(name, line, "duplicate vote of %s on rcid %s (first on line %d)", f[1], f[0], prev)
		}
		seen[k] = line
		casts = append(casts, Cast{RollCall: rc, State: s, Vote: v})
		return true
	})
	if len(p.errs) > 0 {
		return
	}
	// Number states in sorted order.
	order := make([]int32, len(states))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(states[a], states[b]) })
	remap := make([]int32, len(states))
	rec.States = make([]string, len(states))
	for newID, old := range order {
		remap[old] = int32(newID)
		rec.States[newID] = states[old]
	}
	for i := range casts {
		casts[i].State = remap[casts[i].State]
	}
	slices.SortFunc(casts, func(a, b Cast) int {
		if a.RollCall != b.RollCall {
			return int(a.RollCall - b.RollCall)
		}
		return int(a.State - b.State)
	})
	rec.Casts = casts
}

func validState(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
