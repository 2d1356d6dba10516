package importers

import (
	"bufio"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
)

// decideSource cites the decide package.
const decideSource = "input file of the Stokman exchange-model package decide (decide-exchange-model, GPL-3.0)"

// ParseDecide reads an input file of the decide exchange-model package.
// Each line is a record of tab-separated fields (a line without a tab may
// use ';'), each optionally quoted with single or double quotes:
//
//	#A  actor id, name, comment
//	#P  issue id, name, comment
//	#M  issue id, value, meaning: a point of the issue's scale
//	#D  actor id, issue id, position, salience, power
//	#O  the title of the data set; #/ a comment
//
// An issue's scale runs from its lowest to its highest '#M' value (0-100
// when it has none); positions must lie on it, saliences on [0,1], power
// must not be negative. An actor without a '#D' record on an issue takes
// no part in it. The file records no outcomes, reference points or
// voting rule: issues are decided by consensus (as at the UNFCCC), and
// stands are weighted by power.
//
// Every problem is reported, as name:line: message, in a
// *scenarios.InvalidError.
func ParseDecide(name string, r io.Reader) (*Dataset, error) {
	ps := &problems{file: name}
	ds := &Dataset{Name: name, Format: Decide, Title: "decide data set " + filepath.Base(name), Source: decideSource, Proposer: -1}

	type scalePoint struct {
		issue string
		value float64
		line  int
	}
	type datum struct {
		actor, issue              string
		position, salience, power float64
		line                      int
	}
	actorIdx, actorLine := map[string]int{}, map[string]int{}
	issueIdx := map[string]int{}
	var points []scalePoint
	var data []datum
	codes := newCodeAssigner()

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff") // a byte order mark
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		f := splitDecide(text)
		if !strings.HasPrefix(f[0], "#") && len(ds.Actors)+len(ds.Issues)+len(data)+len(points) == 0 && len(ps.list) == 0 {
			// Most likely not a decide file at all: one message says so.
			ps.add(line, "%q is not a decide record (#A, #P, #M, #D): is this a decide input file?", short(f[0]))
			return nil, ps.err()
		}
		switch kind := f[0]; {
		case strings.HasPrefix(kind, "#/"):
			continue // a comment, whatever follows
		case kind == "#O":
			if len(f) > 1 && f[1] != "" {
				ds.Title = strings.Join(f[1:], " ")
			}
		case kind == "#A":
			if !fields(ps, line, f, 2, "#A actor: id, name, comment") {
				continue
			}
			id := f[1]
			if prev, dup := actorLine[id]; dup {
				ps.add(line, "actor %q already declared on line %d", id, prev)
				continue
			}
			a := Actor{Key: id, Name: id}
			if len(f) > 2 && f[2] != "" {
				a.Name = f[2]
			}
			a.Code = codes.decideCode(id, a.Name)
			if a.Code == "" {
				ps.add(line, "more than 676 actors: no X code left for %q", id)
				continue
			}
			actorIdx[id], actorLine[id] = len(ds.Actors), line
			ds.Actors = append(ds.Actors, a)
		case kind == "#P":
			if !fields(ps, line, f, 2, "#P issue: id, name, comment") {
				continue
			}
			id := f[1]
			if k, dup := issueIdx[id]; dup {
				ps.add(line, "issue %q already declared on line %d", id, ds.Issues[k].Line)
				continue
			}
			title := id
			if len(f) > 2 && f[2] != "" {
				title = f[2]
			}
			issueIdx[id] = len(ds.Issues)
			ds.Issues = append(ds.Issues, Issue{ID: id, Title: title, Line: line, Rule: Unanimity, RuleText: "consensus",
				Ref: math.NaN(), Outcome: math.NaN(), Lo: math.NaN(), Hi: math.NaN()})
		case kind == "#M":
			if !fields(ps, line, f, 3, "#M scale point: issue, value, meaning") {
				continue
			}
			v, err := parseFinite(f[2])
			if err != nil {
				ps.add(line, "#M %s: value %q is not a number", f[1], f[2])
				continue
			}
			points = append(points, scalePoint{f[1], v, line})
		case kind == "#D":
			if !fields(ps, line, f, 6, "#D actor data: actor, issue, position, salience, power") {
				continue
			}
			d := datum{actor: f[1], issue: f[2], line: line}
			ok := true
			for k, p := range []*float64{&d.position, &d.salience, &d.power} {
				v, err := parseFinite(f[3+k])
				if err != nil {
					ps.add(line, "#D %s on %s: %s %q is not a number", f[1], f[2], [...]string{"position", "salience", "power"}[k], f[3+k])
					ok = false
				}
				*p = v
			}
			if !ok {
				continue
			}
			if d.salience < 0 || d.salience > 1 {
				ps.add(line, "#D %s on %s: salience %s is outside [0, 1]", f[1], f[2], f[4])
				ok = false
			}
			if d.power < 0 {
				ps.add(line, "#D %s on %s: power %s is negative", f[1], f[2], f[5])
				ok = false
			}
			if d.power > MaxCapability {
				ps.add(line, "#D %s on %s: power %s is above %g, the largest capability a scenario takes (docs/limits.md); divide the column by a common factor", f[1], f[2], f[5], MaxCapability)
				ok = false
			}
			if ok {
				data = append(data, d)
			}
		default:
			ps.add(line, "unknown record %q: expected #A (actor), #P (issue), #M (scale point), #D (actor data), #O (title) or #/ (comment)", short(kind))
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			ps.add(line+1, "line longer than 1 MiB")
			return nil, ps.err()
		}
		return nil, errReading(name, err)
	}

	// Scales from the '#M' points.
	for _, p := range points {
		k, ok := issueIdx[p.issue]
		if !ok {
			ps.add(p.line, "#M: unknown issue %q (declare it with #P)", p.issue)
			continue
		}
		is := &ds.Issues[k]
		if math.IsNaN(is.Lo) || p.value < is.Lo {
			is.Lo = p.value
		}
		if math.IsNaN(is.Hi) || p.value > is.Hi {
			is.Hi = p.value
		}
	}
	for k := range ds.Issues {
		is := &ds.Issues[k]
		switch {
		case math.IsNaN(is.Lo):
			is.Lo, is.Hi = 0, 100
		case is.Hi <= is.Lo:
			ps.add(is.Line, "issue %s: its #M points give no scale (all at %g); give its two ends", is.ID, is.Lo)
		case math.IsInf(is.Hi-is.Lo, 0):
			ps.add(is.Line, "issue %s: its scale [%g, %g] is too wide to compute with", is.ID, is.Lo, is.Hi)
			is.Hi = is.Lo // its stands are not read
		}
	}
	// Stands, checked against the declarations and the scales.
	taken := map[[2]string]int{}
	for _, d := range data {
		a, aOK := actorIdx[d.actor]
		k, iOK := issueIdx[d.issue]
		if !aOK {
			ps.add(d.line, "#D: unknown actor %q (declare it with #A)", d.actor)
		}
		if !iOK {
			ps.add(d.line, "#D: unknown issue %q (declare it with #P)", d.issue)
		}
		if !aOK || !iOK {
			continue
		}
		if prev, dup := taken[[2]string{d.actor, d.issue}]; dup {
			ps.add(d.line, "#D: %s on %s already given on line %d", d.actor, d.issue, prev)
			continue
		}
		taken[[2]string{d.actor, d.issue}] = d.line
		is := &ds.Issues[k]
		if is.Hi <= is.Lo {
			continue // reported above
		}
		if d.position < is.Lo || d.position > is.Hi {
			ps.add(d.line, "#D %s on %s: position %g is outside the issue's scale [%g, %g]", d.actor, d.issue, d.position, is.Lo, is.Hi)
			continue
		}
		is.Stands = append(is.Stands, Stand{Actor: a, Position: (d.position - is.Lo) / (is.Hi - is.Lo),
			Salience: d.salience, Power: d.power, Capability: 1})
	}
	for k := range ds.Issues {
		is := &ds.Issues[k]
		if len(is.Stands) == 0 && is.Hi > is.Lo {
			ps.add(is.Line, "issue %s: no #D record gives an actor's position on it", is.ID)
		}
		// Stands in actor order, as in a DEU file.
		sortStands(is.Stands)
	}
	if len(ds.Issues) == 0 && len(ps.list) == 0 {
		ps.add(0, "no issues: expected #P records (is this a decide input file?)")
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if err := ds.SetCapability(Power); err != nil {
		return nil, err
	}
	return ds, nil
}

// splitDecide splits a record into fields: on tabs, or on ';' in a line
// without a tab; each field trimmed and unquoted.
func splitDecide(line string) []string {
	sep := "\t"
	if !strings.Contains(line, "\t") && strings.Contains(line, ";") {
		sep = ";"
	}
	f := strings.Split(line, sep)
	for k := range f {
		f[k] = unquote(strings.TrimSpace(f[k]))
	}
	return f
}

// unquote strips one pair of matching single or double quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// fields reports a record with fewer than n fields (the kind included) or
// an empty id.
func fields(ps *problems, line int, f []string, n int, want string) bool {
	if len(f) < n {
		ps.add(line, "%s record has %d fields; expected %s", f[0], len(f)-1, want)
		return false
	}
	if f[1] == "" {
		ps.add(line, "%s record with an empty id; expected %s", f[0], want)
		return false
	}
	return true
}

// short quotes at most 20 characters of s, for a message.
func short(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "..."
	}
	return s
}

func sortStands(st []Stand) {
	sort.SliceStable(st, func(a, b int) bool { return st[a].Actor < st[b].Actor })
}
