package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

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
	return l.load(diskSource(file))
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

// source is where a scenario file's text comes from, and how its extends
// is resolved.
type source interface {
	name() string // for messages and cycle detection
	read() ([]byte, error)
	base(extends string) source
}

type diskSource string

func (d diskSource) name() string { return string(d) }
func (d diskSource) read() ([]byte, error) {
	b, err := os.ReadFile(string(d))
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", d, err)
	}
	return b, nil
}
func (d diskSource) base(ext string) source {
	if isShippedName(ext) {
		return shippedSource(ext)
	}
	return diskSource(filepath.Join(filepath.Dir(string(d)), filepath.FromSlash(ext)))
}

type shippedSource string

func (s shippedSource) name() string          { return "shipped:" + string(s) }
func (s shippedSource) read() ([]byte, error) { return ShippedSource(string(s)) }
func (s shippedSource) base(ext string) source {
	if isShippedName(ext) {
		return shippedSource(ext)
	}
	return shippedSource(strings.TrimSuffix(path.Base(ext), ".toml"))
}

type textSource struct {
	label string
	data  []byte
}

func (t textSource) name() string          { return t.label }
func (t textSource) read() ([]byte, error) { return t.data, nil }
func (t textSource) base(ext string) source {
	return shippedSource(strings.TrimSuffix(path.Base(ext), ".toml"))
}

// isShippedName reports whether extends names a shipped scenario (a bare
// name such as "ahc") rather than a file.
func isShippedName(ext string) bool {
	return !strings.ContainsAny(ext, `/\`) && !strings.HasSuffix(ext, ".toml")
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
	var src source = diskSource(name)
	if isShippedName(name) {
		if _, err := ShippedSource(name); err != nil {
			return nil, &InvalidError{Problems: []error{err}}
		}
		src = shippedSource(name)
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
	// Resolve even when decoding found problems, so that references and
	// orderings are reported together with them.
	sc := resolve(&f, l.order, ps)
	if len(ps.list) > 0 {
		return nil, &InvalidError{Problems: ps.list}
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
	md, err := toml.Decode(string(data), &tree)
	if err != nil {
		return nil, &InvalidError{Problems: []error{syntaxProblem(name, data, err)}}
	}
	var base map[string]any
	if ext, ok := tree["extends"]; ok {
		s, isStr := ext.(string)
		if !isStr || s == "" {
			return nil, &InvalidError{Problems: []error{&Problem{File: name, Path: "extends",
				Msg: "expected the path of a base scenario or the name of a shipped one"}}}
		}
		base, err = l.read(src.base(s))
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
	for _, k := range md.Keys() {
		if len(k) != 2 {
			continue
		}
		switch k[0] {
		case "clusters", "clauses", "groups", "states":
			if !contains(l.order[k[0]], k[1]) {
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

// syntaxProblem turns a TOML parse error into file:line:column, the message
// and the offending line with a caret under the column.
func syntaxProblem(name string, data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Problem{File: name, Msg: err.Error()}
	}
	// Line and column from the byte offset: the parser counts a newline
	// that ends a bad line as the start of the next one.
	line, col := pe.Position.Line, pe.Position.Col
	if start := pe.Position.Start; start >= 0 && start <= len(data) {
		before := data[:start]
		line = 1 + strings.Count(string(before), "\n")
		col = 1 + utf8.RuneCount(before[strings.LastIndexByte(string(before), '\n')+1:])
	}
	msg := fmt.Sprintf("%s:%d:%d: TOML syntax error: %s", name, line, col, pe.Message)
	lines := strings.Split(string(data), "\n")
	if line >= 1 && line <= len(lines) {
		text := strings.TrimRight(lines[line-1], "\r")
		caret := strings.Repeat(" ", max(0, col-1)) + "^"
		msg += fmt.Sprintf("\n    %s\n    %s", text, caret)
	}
	return errors.New(msg)
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
	for _, o := range over {
		id, hasID := o["id"].(string)
		merged := false
		if hasID {
			for i, b := range base {
				if bid, _ := b["id"].(string); bid == id {
					mergeTables(base[i], o, elemPath(p, i, b), file, origin)
					merged = true
					break
				}
			}
		}
		if !merged {
			base = append(base, o)
			mark(o, elemPath(p, len(base)-1, o), file, origin)
		}
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

// setPath sets the value at a dotted key path in a parsed tree, creating
// tables as needed; the segment after an array of tables names an entry by
// its id (sessions.ahc1.rounds).
func setPath(tree map[string]any, key string, value any) error {
	parts := strings.Split(key, ".")
	node := tree
	for i := 0; i < len(parts)-1; i++ {
		here := strings.Join(parts[:i+1], ".")
		switch next := node[parts[i]].(type) {
		case map[string]any:
			node = next
		case []map[string]any:
			i++ // the next segment is an id
			if i >= len(parts)-1 {
				return fmt.Errorf("%s is an array of tables: name an entry by its id and a key", here)
			}
			found := false
			for _, e := range next {
				if e["id"] == parts[i] {
					node, found = e, true
					break
				}
			}
			if !found {
				return fmt.Errorf("no entry with id %q in %s", parts[i], here)
			}
		case nil:
			m := map[string]any{}
			node[parts[i]] = m
			node = m
		default:
			return fmt.Errorf("%s is a value, not a table", here)
		}
	}
	switch v := value.(type) {
	case int:
		value = int64(v)
	case float32:
		value = float64(v)
	}
	node[parts[len(parts)-1]] = value
	return nil
}
