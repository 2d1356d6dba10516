package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// A WhatIf is a scenario file that extends another, split into the
// changes it makes to its base, so that each can be applied alone or left
// out (attribution of a what-if's effect to its changes).
type WhatIf struct {
	Name string // the what-if, as given
	Base string // the extends of the what-if
	// BaseFile names the base as Scenario.Files does: "shipped:ahc", or
	// the path of its file.
	BaseFile string
	Changes  []Change // in key order

	name   string // the what-if's source name, for messages and Files
	own    map[string]any
	notes  [][]step            // descriptive keys: applied with the changes beside them
	order  map[string][]string // document order of the keyed tables, base and what-if
	base   *loader             // the loader that read the base, for its origins and files
	merged map[string]any      // the base's merged tree; never modified
}

// A Change is one change a what-if makes: a key it sets to a new value
// (states[CHN].positions[cii_offence].red_line, written in the key
// paths of error messages) or a table it adds that the base lacks (an
// event, a state, a clause). Labels, sources, titles, names and dates
// change nothing in a run and are not changes.
type Change struct {
	Key  string
	Adds bool // adds a whole table
	path []step
}

// step is one step of a key path: a table key, or the element of an
// array of tables with an id.
type step struct {
	key string
	id  string // for an element: its id
	elt bool
}

// descriptive keys change nothing in a run.
var descriptive = []string{"label", "source", "sources", "title", "name", "description", "question", "article", "start", "end", "place"}

// addedWhole are the keyed tables that a what-if adds as a whole when the
// base lacks them: their keys mean nothing one by one.
var addedWhole = []string{"states", "clauses", "groups", "clusters"}

// ErrNotWhatIf reports a scenario that extends nothing.
var ErrNotWhatIf = errors.New("the scenario extends no base")

// LoadWhatIf reads a what-if (a file, or a shipped scenario by name) and
// its base, and lists its changes.
func LoadWhatIf(name string) (*WhatIf, error) {
	src, err := sourceOf(name)
	if err != nil {
		return nil, err
	}
	// The what-if is checked whole first, limits and all, so that only a
	// scenario that could run is split into its changes.
	if _, err := (&loader{}).load(src); err != nil {
		return nil, err
	}
	data, err := src.read()
	if err != nil {
		return nil, err
	}
	var own map[string]any
	md, err := decodeTOML(src.name(), data, &own)
	if err != nil {
		return nil, err
	}
	ext, _ := own["extends"].(string)
	if ext == "" {
		return nil, fmt.Errorf("%s: %w", src.name(), ErrNotWhatIf)
	}
	delete(own, "extends")
	bsrc, err := src.base(ext)
	if err != nil {
		return nil, &InvalidError{Problems: []error{&Problem{File: src.name(), Path: "extends", Msg: err.Error()}}}
	}
	bl := &loader{origin: map[string]string{}, order: map[string][]string{}}
	merged, err := bl.read(bsrc)
	if err != nil {
		return nil, err
	}
	w := &WhatIf{Name: name, Base: ext, BaseFile: bsrc.name(), name: src.name(), own: own, base: bl, merged: merged,
		order: map[string][]string{}}
	for k, v := range bl.order {
		w.order[k] = slices.Clone(v)
	}
	ol := &loader{order: w.order}
	ol.recordOrder(md)
	for _, k := range sortedKeys(own) {
		if k == "scenario" { // id, title, seed: what the file is, not what it changes
			continue
		}
		w.changes(own[k], merged[k], []step{{key: k}})
	}
	return w, nil
}

// changes lists the changes of the what-if's value v at path over the
// base's value b.
func (w *WhatIf) changes(v, b any, path []step) {
	last := path[len(path)-1]
	if !last.elt && slices.Contains(descriptive, last.key) {
		if !reflect.DeepEqual(v, b) {
			w.notes = append(w.notes, clonePath(path))
		}
		return
	}
	switch x := v.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok && len(path) == 2 && slices.Contains(addedWhole, path[0].key) {
			w.Changes = append(w.Changes, Change{Key: keyPath(path), Adds: true, path: clonePath(path)})
			return
		}
		for _, k := range sortedKeys(x) {
			if last.elt && k == "id" {
				continue
			}
			w.changes(x[k], bm[k], append(path, step{key: k}))
		}
	case []map[string]any:
		bs, _ := b.([]map[string]any)
		for _, e := range x {
			id, _ := e["id"].(string)
			var be map[string]any
			for _, c := range bs {
				if cid, _ := c["id"].(string); id != "" && cid == id {
					be = c
				}
			}
			p := append(slices.Clone(path), step{id: id, elt: true})
			if be == nil {
				w.Changes = append(w.Changes, Change{Key: keyPath(p), Adds: true, path: p})
				continue
			}
			w.changes(e, be, p)
		}
	default:
		if !reflect.DeepEqual(v, b) {
			w.Changes = append(w.Changes, Change{Key: keyPath(path), path: clonePath(path)})
		}
	}
}

func clonePath(p []step) []step { return slices.Clone(p) }

// keyPath writes a path as the loader's messages do: tables joined by
// dots, elements of arrays by their id in brackets.
func keyPath(p []step) string {
	var s string
	for _, st := range p {
		if st.elt {
			s = elemPath(s, 0, map[string]any{"id": st.id})
			continue
		}
		s = join(s, st.key)
	}
	return s
}

// With resolves the base with the changes for which keep is true (all
// of them: the what-if itself; none: the base, under the what-if's
// [scenario] table).
func (w *WhatIf) With(keep []bool) (*Scenario, error) {
	if len(keep) != len(w.Changes) {
		return nil, fmt.Errorf("what-if %s: %d flags for %d changes", w.Name, len(keep), len(w.Changes))
	}
	pruned := map[string]any{}
	if s, ok := w.own["scenario"]; ok {
		pruned["scenario"] = deepCopy(s)
	}
	for k, c := range w.Changes {
		if keep[k] {
			graft(pruned, w.own, c.path)
		}
	}
	// A label or a source goes with the changes in its table: the what-if
	// with all its changes is the what-if as written.
	for _, n := range w.notes {
		parent := n[:len(n)-1]
		for k, c := range w.Changes {
			if keep[k] && !c.Adds && len(c.path) == len(n) && reflect.DeepEqual(c.path[:len(parent)], parent) {
				graft(pruned, w.own, n)
				break
			}
		}
	}
	l := &loader{origin: maps.Clone(w.base.origin), order: w.order, files: append(slices.Clone(w.base.files), w.name)}
	tree := deepCopy(w.merged).(map[string]any)
	mergeTables(tree, pruned, "", w.name, l.origin)
	return l.resolveTree(tree)
}

// graft copies the value at path in src into dst, creating the tables
// and the elements (with their ids) on the way.
func graft(dst, src map[string]any, path []step) {
	d, s := dst, src
	for i, st := range path {
		lastStep := i == len(path)-1
		if st.elt {
			continue // handled by the array step before it
		}
		sv := s[st.key]
		if lastStep {
			d[st.key] = deepCopy(sv)
			return
		}
		if i+1 < len(path) && path[i+1].elt {
			id := path[i+1].id
			arr, _ := sv.([]map[string]any)
			var se map[string]any
			for _, e := range arr {
				if eid, _ := e["id"].(string); eid == id {
					se = e
				}
			}
			darr, _ := d[st.key].([]map[string]any)
			var de map[string]any
			for _, e := range darr {
				if eid, _ := e["id"].(string); eid == id {
					de = e
				}
			}
			if de == nil {
				if i+1 == len(path)-1 { // the element itself is the change
					d[st.key] = append(darr, deepCopy(se).(map[string]any))
					return
				}
				de = map[string]any{"id": id}
				d[st.key] = append(darr, de)
			}
			d, s = de, se
			continue
		}
		dm, ok := d[st.key].(map[string]any)
		if !ok {
			dm = map[string]any{}
			d[st.key] = dm
		}
		d, s = dm, sv.(map[string]any)
	}
}

// deepCopy copies a decoded TOML value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, vv := range x {
			m[k] = deepCopy(vv)
		}
		return m
	case []map[string]any:
		s := make([]map[string]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e).(map[string]any)
		}
		return s
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}
