package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed shipped/*.toml
var shipped embed.FS

// DefaultName is the shipped scenario that runs when none is named.
const DefaultName = "ahc"

// ShippedNames lists the scenarios embedded in the program.
func ShippedNames() []string {
	entries, _ := fs.ReadDir(shipped, "shipped")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return names
}

// ShippedSource returns the TOML text of a shipped scenario.
func ShippedSource(name string) ([]byte, error) {
	b, err := shipped.ReadFile("shipped/" + name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no shipped scenario %q; shipped: %s", name, strings.Join(ShippedNames(), ", "))
	}
	return b, nil
}

// ErrInvalid is wrapped by every error that reports a bad scenario, as
// opposed to a failure to read one.
var ErrInvalid = errors.New("invalid scenario")

// InvalidError lists every problem found in a scenario.
type InvalidError struct {
	Problems []error
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

func (e *InvalidError) Unwrap() []error { return append([]error{ErrInvalid}, e.Problems...) }

// Load reads and resolves the scenario file at path, following extends.
func Load(file string) (*Scenario, error) {
	l := &loader{}
	return l.load(newDiskSource(file))
}

// LoadShipped reads and resolves a shipped scenario by name.
func LoadShipped(name string) (*Scenario, error) {
	if _, err := ShippedSource(name); err != nil {
		return nil, &InvalidError{Problems: []error{err}}
	}
	l := &loader{}
	return l.load(shippedSource(name))
}

// Parse resolves a scenario from TOML text. A base named by extends must be
// a shipped scenario. name is used in messages.
func Parse(name string, data []byte) (*Scenario, error) {
	l := &loader{}
	return l.load(textSource{label: name, data: data})
}

type loader struct {
	overrides []Override
	stack     []string          // files being read, for cycle detection
	files     []string          // files read, base first
	origin    map[string]string // key path -> file that set it
	order     map[string][]string
}

// Override sets one key of a scenario by its key path (rules.vote_threshold,
// states.CHN.positions.cii_offence.salience, sessions.ahc1.rounds) before it
// is decoded, as a what-if file would; the value is checked like any other.
type Override struct {
	Key   string
	Value any
}

// LoadWith reads a scenario (a file, or a shipped scenario by name) and
// applies the overrides to it.
func LoadWith(name string, overrides []Override) (*Scenario, error) {
	src, err := sourceOf(name)
	if err != nil {
		return nil, err
	}
	l := &loader{overrides: overrides}
	return l.load(src)
}

func (l *loader) load(src source) (*Scenario, error) {
	l.origin = map[string]string{}
	l.order = map[string][]string{}
	tree, err := l.read(src)
	if err != nil {
		return nil, err
	}
	return l.resolveTree(tree)
}

// resolveTree applies the overrides to a merged tree, decodes and
// resolves it.
func (l *loader) resolveTree(tree map[string]any) (*Scenario, error) {
	ps := &problems{origin: l.originOf}
	for _, o := range l.overrides {
		if err := setPath(tree, o.Key, o.Value); err != nil {
			ps.add(o.Key, "cannot override: %v", err)
			continue
		}
		l.origin[o.Key] = "override " + o.Key
	}
	var f File
	(&decoder{ps: ps}).decodeStruct("", tree, reflectValue(&f))
	checkEventKeys(tree, ps)
	if !checkCounts(&f, ps) {
		return nil, ps.err() // too large to resolve
	}
	// Resolve even when decoding found problems, so that references and
	// orderings are reported together with them.
	sc := resolve(&f, l.order, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	sc.Files = l.files
	return sc, nil
}

// read parses a file and, if it extends another, the base first; it
// returns the merged tree.
func (l *loader) read(src source) (map[string]any, error) {
	name := src.name()
	for _, s := range l.stack {
		if s == name {
			return nil, &InvalidError{Problems: []error{&Problem{File: name,
				Msg: "extends forms a cycle: " + strings.Join(append(l.stack, name), " -> ")}}}
		}
	}
	if len(l.stack) >= MaxExtendsChain {
		return nil, &InvalidError{Problems: []error{&Problem{File: l.stack[len(l.stack)-1], Path: "extends",
			Msg: fmt.Sprintf("extends chains more than %d files; the limit is %d (docs/limits.md)", MaxExtendsChain, MaxExtendsChain)}}}
	}
	l.stack = append(l.stack, name)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()

	data, err := src.read()
	if err != nil {
		if len(l.stack) > 1 {
			parent := l.stack[len(l.stack)-2]
			return nil, &InvalidError{Problems: []error{&Problem{File: parent, Path: "extends",
				Msg: fmt.Sprintf("base scenario cannot be read: %v", err)}}}
		}
		return nil, err
	}
	var tree map[string]any
	md, err := decodeTOML(name, data, &tree)
	if err != nil {
		return nil, err
	}
	var base map[string]any
	if ext, ok := tree["extends"]; ok {
		s, isStr := ext.(string)
		if !isStr || s == "" {
			return nil, &InvalidError{Problems: []error{&Problem{File: name, Path: "extends",
				Msg: "expected the path of a base scenario or the name of a shipped one"}}}
		}
		bsrc, err := src.base(s)
		if err != nil {
			return nil, &InvalidError{Problems: []error{&Problem{File: name, Path: "extends", Msg: err.Error()}}}
		}
		base, err = l.read(bsrc)
		if err != nil {
			return nil, err
		}
		delete(tree, "extends")
	}
	l.files = append(l.files, name)
	l.recordOrder(md)
	if base == nil {
		mark(tree, "", name, l.origin)
		return tree, nil
	}
	mergeTables(base, tree, "", name, l.origin)
	return base, nil
}

// recordOrder keeps the document order of the keyed tables whose order
// matters (clauses and states are listed in it).
func (l *loader) recordOrder(md toml.MetaData) {
	seen := map[[2]string]bool{} // a set, not a scan of the list: files may be large
	for _, ids := range []string{"clusters", "clauses", "groups", "states"} {
		for _, id := range l.order[ids] {
			seen[[2]string{ids, id}] = true
		}
	}
	for _, k := range md.Keys() {
		if len(k) != 2 {
			continue
		}
		switch k[0] {
		case "clusters", "clauses", "groups", "states":
			if key := [2]string{k[0], k[1]}; !seen[key] {
				seen[key] = true
				l.order[k[0]] = append(l.order[k[0]], k[1])
			}
		}
	}
}

func (l *loader) originOf(p string) string {
	for p != "" {
		if f, ok := l.origin[p]; ok {
			return f
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if len(l.files) > 0 {
		return l.files[len(l.files)-1]
	}
	return ""
}

// mark records file as the origin of every key path in v.
func mark(v any, p, file string, origin map[string]string) {
	if p != "" {
		origin[p] = file
	}
	switch x := v.(type) {
	case map[string]any:
		for k, vv := range x {
			mark(vv, join(p, k), file, origin)
		}
	case []map[string]any:
		for i, m := range x {
			mark(m, elemPath(p, i, m), file, origin)
		}
	}
}

// mergeTables merges over into base: tables key by key, arrays of tables
// by id (entries without an id are appended), everything else replaced.
func mergeTables(base, over map[string]any, p, file string, origin map[string]string) {
	for _, k := range sortedKeys(over) {
		kp := join(p, k)
		ov := over[k]
		switch o := ov.(type) {
		case map[string]any:
			if b, ok := base[k].(map[string]any); ok {
				mergeTables(b, o, kp, file, origin)
				continue
			}
		case []map[string]any:
			if b, ok := base[k].([]map[string]any); ok {
				base[k] = mergeArrays(b, o, kp, file, origin)
				continue
			}
		}
		base[k] = ov
		mark(ov, kp, file, origin)
	}
}

func mergeArrays(base, over []map[string]any, p, file string, origin map[string]string) []map[string]any {
	byID := map[string]int{} // the first entry with each id, as a scan would find
	for i, b := range base {
		if id, ok := b["id"].(string); ok {
			if _, dup := byID[id]; !dup {
				byID[id] = i
			}
		}
	}
	for _, o := range over {
		id, hasID := o["id"].(string)
		if i, ok := byID[id]; hasID && ok {
			mergeTables(base[i], o, elemPath(p, i, base[i]), file, origin)
			continue
		}
		base = append(base, o)
		if hasID {
			byID[id] = len(base) - 1
		}
		mark(o, elemPath(p, len(base)-1, o), file, origin)
	}
	return base
}

// eventKeys lists, per event kind, the keys that apply to it.
var eventKeys = map[string][]string{
	"table":      {"by", "options"},
	"chair_text": {"options", "draft", "redraft"},
	"drop":       {"clauses"},
	"insert":     {"options"},
	"attitude":   {"by", "no_treaty", "disposition", "concession", "susceptibility", "positions"},
	"leave":      {"by"},
	"join":       {"by"},
	"vote":       {"by", "motion", "clause", "option"},
	"reconvene":  {"session"},
	"incentive":  {"by", "targets", "amount", "budget"},
}

var commonEventKeys = []string{"id", "kind", "round", "label", "source"}

// checkEventKeys reports keys given to an event kind they do not apply to,
// which would otherwise be silently ignored.
func checkEventKeys(tree map[string]any, ps *problems) {
	sessions, _ := tree["sessions"].([]map[string]any)
	for i, s := range sessions {
		events, _ := s["events"].([]map[string]any)
		for j, e := range events {
			kind, _ := e["kind"].(string)
			allowed, ok := eventKeys[kind]
			if !ok {
				continue
			}
			ep := elemPath(elemPath("sessions", i, s)+".events", j, e)
			for _, k := range sortedKeys(e) {
				if !contains(allowed, k) && !contains(commonEventKeys, k) {
					ps.add(join(ep, k), "does not apply to a %s event; allowed: %s", kind,
						strings.Join(append(append([]string{}, commonEventKeys...), allowed...), ", "))
				}
			}
		}
	}
}

// sortedIDs returns ids in document order where known, the rest sorted.
func orderedKeys[V any](m map[string]V, order []string) []string {
	out := make([]string, 0, len(m))
	seen := map[string]bool{}
	for _, k := range order {
		if _, ok := m[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
