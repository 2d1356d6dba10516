package importers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// deuMeta are the DEU III columns that are not an actor's position or
// salience. Columns outside this list and the actor columns are ignored.
var deuMeta = map[string]bool{
	"prnrnmc": true, "isnrnmc": true, "prnr": true, "prname": true, "isnr": true, "type": true,
	"council": true, "proc": true, "counvte": true, "proccde": true, "issues": true, "intro": true,
	"finact": true, "rp": true, "out": true,
}

// deuRequired are the columns the importer needs.
var deuRequired = []string{"prnrnmc", "prnr", "prname", "isnr", "counvte", "rp", "out"}

// deuSource cites the DEU III dataset.
const deuSource = "Arregui, J. & Perarnaud, C. (2021), A new dataset on legislative decision-making in the European Union: the DEU III dataset, doi:10.34810/data53 (CC BY 4.0)"

// ParseDEU reads a DEU III file: tab-separated, values optionally in
// double quotes, a header line, an optional line of GDP weights per actor
// (no issue id), then one contested issue per line. Positions, saliences,
// reference points and outcomes are on 0-100; an empty position means the
// actor takes no part in the issue. Issues whose proposal number
// (prnrnmc) is odd form the train split, even the test split. Stands are
// weighted by GDP when the file has the weights, else equally.
//
// Every problem is reported, as name:line: message, in a
// *scenarios.InvalidError.
func ParseDEU(name string, r io.Reader) (*Dataset, error) {
	ps := &problems{file: name}
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	type record struct {
		line   int
		fields []string
	}
	var recs []record
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				ps.add(pe.Line, "%v", pe.Err)
				break // the reader cannot be trusted past a quoting error
			}
			return nil, errReading(name, err)
		}
		line, _ := cr.FieldPos(0)
		for k := range fields {
			fields[k] = strings.TrimSpace(fields[k])
		}
		recs = append(recs, record{line, fields})
	}
	if len(recs) == 0 {
		ps.add(0, "empty file: expected a DEU III header line")
		return nil, ps.err()
	}

	ds := &Dataset{Name: name, Format: DEU, Title: "DEU III: European Union Decides", Source: deuSource, Proposer: -1}
	head := recs[0]
	col := map[string]int{}
	var dups []string
	for k, h := range head.fields {
		h = strings.ToLower(h)
		if _, dup := col[h]; dup {
			dups = append(dups, h)
			continue
		}
		col[h] = k
	}
	var missing []string
	for _, c := range deuRequired {
		if _, ok := col[c]; !ok {
			missing = append(missing, strconv.Quote(c))
		}
	}
	if len(missing) > 0 {
		// Most likely not a DEU file at all: one message says so.
		ps.add(head.line, "no column %s in the header: is this a DEU III file? (it needs %s and p<actor>/s<actor> pairs)",
			strings.Join(missing, ", "), strings.Join(deuRequired, ", "))
		return nil, ps.err()
	}
	for _, h := range dups {
		ps.add(head.line, "column %q appears twice", h)
	}
	// Actor columns: p<key> with its s<key>, in header order.
	type actorCols struct{ p, s int }
	var cols []actorCols
	for k, h := range head.fields {
		h = strings.ToLower(h)
		if deuMeta[h] || len(h) < 2 || (h[0] != 'p' && h[0] != 's') {
			continue
		}
		key := h[1:]
		other := "s" + key
		if h[0] == 's' {
			other = "p" + key
		}
		o, paired := col[other]
		if !paired {
			ps.add(head.line, "column %q has no matching column %q", h, other)
			continue
		}
		if h[0] == 's' {
			continue // taken with its p column
		}
		info, known := deuActors[key]
		if !known {
			ps.add(head.line, "columns %q/%q: unknown DEU actor %q; known: %s", h, other, key, strings.Join(deuKeys(), ", "))
			continue
		}
		if key == deuProposer {
			ds.Proposer = len(ds.Actors)
		}
		ds.Actors = append(ds.Actors, Actor{Code: info.code, Key: key, Name: info.name})
		cols = append(cols, actorCols{k, o})
	}
	if len(ps.list) > 0 {
		return nil, ps.err()
	}
	if len(cols) == 0 {
		ps.add(head.line, "no actor columns (p<actor> and s<actor>)")
		return nil, ps.err()
	}

	seen := map[string]int{}
	for n, rec := range recs[1:] {
		f, line := rec.fields, rec.line
		if len(f) != len(head.fields) {
			ps.add(line, "%d fields, but the header has %d", len(f), len(head.fields))
			continue
		}
		get := func(c string) string { return f[col[c]] }
		if get("isnr") == "" && get("prnrnmc") == "" {
			if n != 0 {
				ps.add(line, "no issue id (isnr); only the line after the header may be the line of GDP weights")
				continue
			}
			// The GDP weights: one per actor, in its position column.
			for a, ac := range cols {
				v, ok := number(ps, line, head.fields[ac.p], f[ac.p], 0, math.Inf(1), "GDP weight")
				if ok && v > MaxCapability {
					ps.add(line, "column %s: GDP weight %s is above %g, the largest capability a scenario takes (docs/limits.md); divide the weights by a common factor", head.fields[ac.p], f[ac.p], MaxCapability)
				} else if ok && v > 0 {
					ds.Actors[a].GDP = v
				} else if ok && f[ac.p] != "" {
					ps.add(line, "column %s: GDP weight %s must be positive", head.fields[ac.p], f[ac.p])
				}
			}
			continue
		}
		is := Issue{ID: get("isnr"), Group: get("prnr"), GroupTitle: get("prname"), Line: line, Ref: math.NaN(),
			Outcome: math.NaN(), Lo: 0, Hi: 100, RuleText: get("counvte")}
		if is.ID == "" {
			ps.add(line, "no issue id (isnr)")
		} else if prev, dup := seen[is.ID]; dup {
			ps.add(line, "issue %s already given on line %d", is.ID, prev)
		} else {
			seen[is.ID] = line
		}
		is.Title = is.ID
		if is.GroupTitle != "" {
			is.Title = is.GroupTitle + ": " + is.ID
		}
		if nr, err := strconv.Atoi(get("prnrnmc")); err != nil || nr < 0 {
			ps.add(line, "column prnrnmc: %q is not a proposal number (a whole number; odd ones form the train split)", get("prnrnmc"))
		} else if nr%2 == 1 {
			is.Split = Train
		} else {
			is.Split = Test
		}
		switch rule := strings.ToLower(is.RuleText); {
		case strings.HasPrefix(rule, "qmv"):
			is.Rule = QMV
		case strings.HasPrefix(rule, "unan"):
			is.Rule = Unanimity
		default:
			ps.add(line, "column counvte: unknown voting rule %q; expected QMV or Unan", is.RuleText)
		}
		if v, ok := number(ps, line, "rp", get("rp"), 0, 100, "reference point"); ok && get("rp") != "" {
			is.Ref = v / 100
		}
		if v, ok := number(ps, line, "out", get("out"), 0, 100, "outcome"); ok && get("out") != "" {
			is.Outcome = v / 100
		}
		sum, given := 0.0, 0
		for a, ac := range cols {
			pText, sText := f[ac.p], f[ac.s]
			pos, pOK := number(ps, line, head.fields[ac.p], pText, 0, 100, "position")
			sal, sOK := number(ps, line, head.fields[ac.s], sText, 0, 100, "salience")
			if pText == "" {
				if sOK && sal > 0 {
					ds.Notes = append(ds.Notes, fmt.Sprintf("%s:%d: %s (%s) has a salience but no position on %s; it takes no part",
						name, line, ds.Actors[a].Code, ds.Actors[a].Key, is.ID))
				}
				continue
			}
			if !pOK || !sOK {
				continue
			}
			st := Stand{Actor: a, Position: pos / 100, Salience: sal / 100, Capability: 1}
			if sText == "" {
				st.Imputed = true
			} else {
				sum += st.Salience
				given++
			}
			is.Stands = append(is.Stands, st)
		}
		if len(is.Stands) == 0 && len(f) == len(head.fields) {
			ps.add(line, "no actor takes a position on issue %s", is.ID)
		}
		// A position without a salience: the actor took part, but how much
		// it cared was not recorded. It gets the issue's mean salience.
		mean := 0.5
		if given > 0 {
			mean = sum / float64(given)
		}
		for k := range is.Stands {
			if st := &is.Stands[k]; st.Imputed {
				st.Salience = mean
				ds.Notes = append(ds.Notes, fmt.Sprintf("%s:%d: %s (%s) has a position but no salience on %s; given the issue's mean salience, %.0f",
					name, line, ds.Actors[st.Actor].Code, ds.Actors[st.Actor].Key, is.ID, 100*mean))
			}
		}
		ds.Issues = append(ds.Issues, is)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(ds.Issues) == 0 {
		ps.add(0, "no issues: expected one contested issue per line after the header")
		return nil, ps.err()
	}
	gdp := true
	for _, a := range ds.Actors {
		gdp = gdp && a.GDP > 0
	}
	src := Equal
	if gdp {
		src = GDP
	}
	if err := ds.SetCapability(src); err != nil {
		return nil, err
	}
	return ds, nil
}

// number parses a cell that may be empty: it returns the value and true
// when the cell is empty (0) or a finite number in [lo, hi], and reports a
// problem otherwise.
func number(ps *problems, line int, column, text string, lo, hi float64, what string) (float64, bool) {
	if text == "" {
		return 0, true
	}
	v, err := parseFinite(text)
	switch {
	case err != nil:
		ps.add(line, "column %s: %s %q is not a number", column, what, text)
		return 0, false
	case v < lo || v > hi:
		if math.IsInf(hi, 1) {
			ps.add(line, "column %s: %s %s is below %g", column, what, text, lo)
		} else {
			ps.add(line, "column %s: %s %s is outside the scale [%g, %g]", column, what, text, lo, hi)
		}
		return 0, false
	}
	return v, true
}

// parseFinite parses a decimal number; NaN and infinities are refused.
func parseFinite(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errNotFinite
	}
	return v, nil
}

func deuKeys() []string {
	keys := make([]string, 0, len(deuActors))
	for k := range deuActors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
