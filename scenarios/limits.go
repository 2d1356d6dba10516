package scenarios

import (
	"fmt"
	"io"
	"os"

	"github.com/BurntSushi/toml"
)

// Limits on the input, checked before the TOML decoder sees it. The
// decoder's cost grows with the square of a key's depth (a 100 KB file
// whose one table header had 50,000 dotted parts took 65 s and 5 GB) and
// with the number of keys and values, so these bounds keep any file the
// loader accepts to well under a second and a few hundred MB. Each is far
// above what the shipped scenarios use; docs/limits.md gives the reasons.
const (
	MaxFileBytes = 4 << 20  // a scenario or sweep file; the flagship is 142 KB
	MaxLineBytes = 64 << 10 // one line
	MaxKeyDepth  = 8        // parts of a key's full path: table header, dotted keys, inline tables
	MaxNesting   = 16       // arrays and inline tables open at once in one value
	// MaxWeight bounds the keys and values of a file by what the decoder
	// spends on them (about 1.5 us and 0.3 KB a unit, measured): a key or
	// table header weighs 3 plus the parts of its full path (a.b.c = 1
	// weighs 6), an array element or inline table 1.
	MaxWeight = 600_000
	// MaxExtendsChain bounds a chain of files extending one another (the
	// shipped what-ifs chain 2), each read whole.
	MaxExtendsChain = 8
)

// The shape parameters of a beta distribution (decode.go says why).
const (
	minBetaShape = 0.1
	maxBetaShape = 1000.0
)

// readLimited reads at most MaxFileBytes of a file: a larger file (or
// /dev/zero) is refused without being read whole.
func readLimited(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileBytes {
		return nil, tooLarge(file, -1)
	}
	return b, nil
}

func tooLarge(name string, size int) error {
	got := "larger than that"
	if size >= 0 {
		got = fmt.Sprintf("%d bytes", size)
	}
	return &InvalidError{Problems: []error{&Problem{File: name,
		Msg: fmt.Sprintf("the file is %s; the limit is %d bytes (4 MiB, docs/limits.md)", got, MaxFileBytes)}}}
}

// DecodeTOML decodes TOML text as the scenario loader does, under the
// limits above, so that the program's other TOML files (a sensitivity
// params file, a sweep's grid counted ahead) cost no more; name is used in
// messages, and a syntax error quotes a line only from a .toml file.
func DecodeTOML(name string, data []byte, v any) (toml.MetaData, error) {
	return decodeTOML(name, data, v)
}

// DecodeTOMLFile reads a file of at most MaxFileBytes and decodes it as
// DecodeTOML does.
func DecodeTOMLFile(path string, v any) (toml.MetaData, error) {
	data, err := readLimited(path)
	if err != nil {
		return toml.MetaData{}, err
	}
	return decodeTOML(path, data, v)
}

// decodeTOML is the one way this package decodes TOML: the text is checked
// against the limits first, and a syntax error is reported as
// file:line:column (with the line only where it is safe to show).
func decodeTOML(name string, data []byte, v any) (toml.MetaData, error) {
	if len(data) > MaxFileBytes {
		return toml.MetaData{}, tooLarge(name, len(data))
	}
	if err := prescan(name, data); err != nil {
		return toml.MetaData{}, &InvalidError{Problems: []error{err}}
	}
	md, err := toml.Decode(string(data), v)
	if err != nil {
		return md, &InvalidError{Problems: []error{syntaxProblem(name, data, err)}}
	}
	return md, nil
}

// prescanner follows a TOML text byte by byte only as far as the limits
// need: strings and comments (skipped), table headers and keys (their
// dotted parts counted), and the arrays and inline tables of values (their
// nesting). It never fails on text the decoder would accept within the
// limits; on broken text it may stop at a limit, which is then the error.
type prescanner struct {
	name      string
	data      []byte
	i         int
	line      int
	lineStart int
	weight    int
	key       bool // reading a key (or a table header), not a value
	header    bool // the key is a table header
	parts     int  // parts of the key being read
	table     int  // parts of the current table header
	cur       int  // full depth of the key whose value is being read
	stack     []byte
	depth     []int // per open array or inline table: the depth of its key
}

func prescan(name string, data []byte) error {
	s := &prescanner{name: name, data: data, line: 1, key: true, parts: 1}
	for s.i < len(s.data) {
		if err := s.step(); err != nil {
			return err
		}
	}
	return s.checkLine(len(s.data))
}

func (s *prescanner) fail(format string, args ...any) error {
	return &Problem{File: fmt.Sprintf("%s:%d", s.name, s.line), Msg: fmt.Sprintf(format, args...) + " (docs/limits.md)"}
}

func (s *prescanner) checkLine(end int) error {
	if n := end - s.lineStart; n > MaxLineBytes {
		return s.fail("the line is %d bytes long; the limit is %d bytes (64 KiB)", n, MaxLineBytes)
	}
	return nil
}

func (s *prescanner) newline() error {
	if err := s.checkLine(s.i); err != nil {
		return err
	}
	s.line++
	s.lineStart = s.i + 1
	return nil
}

func (s *prescanner) step() error {
	c := s.data[s.i]
	switch c {
	case '\n':
		if err := s.newline(); err != nil {
			return err
		}
		if len(s.stack) == 0 { // a top-level line ends: a key comes next
			s.key, s.header, s.parts = true, false, 1
		}
	case '#':
		for s.i+1 < len(s.data) && s.data[s.i+1] != '\n' {
			s.i++
		}
	case '"', '\'':
		return s.skipString()
	default:
		if s.key {
			return s.keyByte(c)
		}
		return s.valueByte(c)
	}
	s.i++
	return nil
}

// keyByte reads a byte of a key or a table header.
func (s *prescanner) keyByte(c byte) error {
	s.i++
	switch {
	case c == '[' && len(s.stack) == 0 && !s.header:
		s.header, s.parts = true, 1
		if s.i < len(s.data) && s.data[s.i] == '[' {
			s.i++ // [[array of tables]]
		}
	case c == '.':
		s.parts++
		if s.context()+s.parts > MaxKeyDepth {
			return s.fail("a key path of more than %d parts (table header, dotted keys and inline tables); the limit is %d", MaxKeyDepth, MaxKeyDepth)
		}
	case c == ']' && s.header:
		s.table, s.header, s.key = s.parts, false, false
		if err := s.item(keyWeight + s.table); err != nil {
			return err
		}
		if s.i < len(s.data) && s.data[s.i] == ']' {
			s.i++
		}
	case c == '=' && !s.header:
		s.cur, s.key = s.context()+s.parts, false
		if s.cur > MaxKeyDepth {
			return s.fail("a key path of %d parts (table header, dotted keys and inline tables); the limit is %d", s.cur, MaxKeyDepth)
		}
		return s.item(keyWeight + s.cur)
	case c == '}' && len(s.stack) > 0:
		s.pop() // an empty inline table, or a trailing comma
	}
	return nil
}

// valueByte reads a byte of a value: only brackets and commas matter.
func (s *prescanner) valueByte(c byte) error {
	s.i++
	switch c {
	case '[', '{':
		if len(s.stack) >= MaxNesting {
			return s.fail("arrays and inline tables nested more than %d deep; the limit is %d", MaxNesting, MaxNesting)
		}
		if err := s.item(1); err != nil {
			return err
		}
		s.stack = append(s.stack, c)
		s.depth = append(s.depth, s.cur)
		if c == '{' {
			s.key, s.parts = true, 1
		}
	case ']', '}':
		s.pop()
	case ',':
		if n := len(s.stack); n > 0 && s.stack[n-1] == '{' {
			s.key, s.parts = true, 1
		} else if n > 0 {
			return s.item(1)
		}
	}
	return nil
}

// context is the depth of the path a key is read in: the table header's,
// or in an inline table the depth of its key.
func (s *prescanner) context() int {
	if s.header {
		return 0
	}
	if n := len(s.depth); n > 0 {
		return s.depth[n-1]
	}
	return s.table
}

// keyWeight is what a key costs the decoder beyond the parts of its path.
const keyWeight = 3

// item adds the weight of a key, a table header, an array element or an
// inline table (see MaxWeight).
func (s *prescanner) item(weight int) error {
	s.weight += weight
	if s.weight > MaxWeight {
		return s.fail("the file's keys and values weigh more than %d (a key 3 plus the parts of its path, a value in an array 1); the limit is %d", MaxWeight, MaxWeight)
	}
	return nil
}

func (s *prescanner) pop() {
	if n := len(s.stack); n > 0 {
		s.cur = s.depth[n-1]
		s.stack, s.depth = s.stack[:n-1], s.depth[:n-1]
	}
	s.key = false
}

// skipString skips a basic or literal string, single- or multi-line,
// counting its lines.
func (s *prescanner) skipString() error {
	d, q := s.data, s.data[s.i]
	triple := s.i+2 < len(d) && d[s.i+1] == q && d[s.i+2] == q
	if !triple {
		for s.i++; s.i < len(d); s.i++ {
			switch d[s.i] {
			case '\\':
				if q == '"' && s.i+1 < len(d) && d[s.i+1] != '\n' {
					s.i++
				}
			case q:
				s.i++
				return nil
			case '\n':
				return nil // unterminated: the decoder says so
			}
		}
		return nil
	}
	for s.i += 3; s.i < len(d); s.i++ {
		switch {
		case d[s.i] == '\\' && q == '"' && s.i+1 < len(d) && d[s.i+1] != '\n':
			s.i++
		case d[s.i] == '\n':
			if err := s.newline(); err != nil {
				return err
			}
		case d[s.i] == q && s.i+2 < len(d) && d[s.i+1] == q && d[s.i+2] == q:
			s.i += 3
			for k := 0; k < 2 && s.i < len(d) && d[s.i] == q; k++ {
				s.i++ // up to two quotes may end the string's content
			}
			return nil
		}
	}
	return nil
}

// Limits on what a scenario holds, far above any real negotiation (the
// flagship: 193 states, 21 clauses, 9 sessions). The engine's memory and
// every round's work grow with states x clauses, which a few lines of
// group templates could otherwise make a billion.
const (
	MaxStates   = 500     // every UN member and observer, twice over
	MaxClauses  = 1000    // DEU III read as one scenario has 364
	MaxStands   = 100_000 // states x clauses: the flagship has 4,053, DEU III 10,920
	MaxOptions  = 50      // wordings of one clause
	MaxGroups   = 200     // groups of states
	MaxClusters = 1000    // agenda units (as many as clauses)
	MaxSessions = 100     // sessions of the script
	MaxEvents   = 2000    // scripted events, all sessions together
)

// checkCounts reports a scenario that holds more than the limits allow;
// false means it must not be resolved.
func checkCounts(f *File, ps *problems) bool {
	n := ps.total
	over := func(path string, got, limit int, what string) {
		if got > limit {
			ps.add(path, "%d %s; the limit is %d (docs/limits.md)", got, what, limit)
		}
	}
	over("states", len(f.States), MaxStates, "states")
	over("clauses", len(f.Clauses), MaxClauses, "clauses")
	over("groups", len(f.Groups), MaxGroups, "groups")
	over("clusters", len(f.Clusters), MaxClusters, "clusters")
	over("sessions", len(f.Sessions), MaxSessions, "sessions")
	if n := len(f.States) * len(f.Clauses); n > MaxStands && len(f.States) <= MaxStates && len(f.Clauses) <= MaxClauses {
		ps.add("states", "%d states on %d clauses make %d positions; the limit is %d (docs/limits.md)", len(f.States), len(f.Clauses), n, MaxStands)
	}
	for _, id := range sortedKeys(f.Clauses) {
		over("clauses."+id+".options", len(f.Clauses[id].Options), MaxOptions, "options")
	}
	events := 0
	for _, s := range f.Sessions {
		events += len(s.Events)
	}
	over("sessions", events, MaxEvents, "events in the sessions")
	return ps.total == n
}
