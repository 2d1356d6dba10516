package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tagInfo is what a struct field's tags say about its key.
type tagInfo struct {
	key      string
	doc      string
	rng      *bounds
	enum     []string
	def      string
	hasDef   bool
	required bool
	ref      string
	pattern  string
	need     string
}

type bounds struct {
	lo, hi         float64
	loOpen, hiOpen bool
	text           string
}

func (b *bounds) contains(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	if v < b.lo || (b.loOpen && v == b.lo) {
		return false
	}
	if v > b.hi || (b.hiOpen && v == b.hi) {
		return false
	}
	return true
}

func parseBounds(s string) *bounds {
	if s == "" {
		return nil
	}
	b := &bounds{text: s, loOpen: s[0] == '(', hiOpen: s[len(s)-1] == ')'}
	lo, hi, _ := strings.Cut(s[1:len(s)-1], ",")
	b.lo, b.hi = parseBound(lo, math.Inf(-1)), parseBound(hi, math.Inf(1))
	return b
}

func parseBound(s string, inf float64) float64 {
	s = strings.TrimSpace(s)
	if s == "inf" || s == "-inf" {
		return inf
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic("scenarios: bad range tag " + s) // a programming error in schema.go
	}
	return v
}

var (
	tagMu    sync.Mutex
	tagCache = map[reflect.Type][]tagInfo{}
)

func fieldTags(t reflect.Type) []tagInfo {
	tagMu.Lock()
	defer tagMu.Unlock()
	if ti, ok := tagCache[t]; ok {
		return ti
	}
	ti := make([]tagInfo, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		tg := tagInfo{
			key:      f.Tag.Get("toml"),
			doc:      f.Tag.Get("doc"),
			rng:      parseBounds(f.Tag.Get("range")),
			required: f.Tag.Get("required") == "true",
			ref:      f.Tag.Get("ref"),
			pattern:  f.Tag.Get("pattern"),
			need:     f.Tag.Get("need"),
		}
		if e := f.Tag.Get("enum"); e != "" {
			tg.enum = strings.Split(e, "|")
		}
		tg.def, tg.hasDef = f.Tag.Lookup("default")
		ti[i] = tg
	}
	tagCache[t] = ti
	return ti
}

var (
	paramType = reflect.TypeOf(Param{})
	idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	isoDate   = "2006-01-02"
)

// decoder turns the generic tree produced by the TOML parser into the typed
// File, checking every key against the schema: unknown keys (matched
// case-sensitively), types, ranges, enumerations and required keys. It
// keeps going after a problem so that all of them are reported.
type decoder struct {
	ps *problems
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) decodeStruct(path string, raw map[string]any, rv reflect.Value) {
	t := rv.Type()
	tags := fieldTags(t)
	known := make(map[string]int, len(tags))
	for i, tg := range tags {
		known[tg.key] = i
	}
	for _, k := range sortedKeys(raw) {
		if _, ok := known[k]; ok {
			continue
		}
		msg := "unknown key"
		for kk := range known {
			if strings.EqualFold(kk, k) {
				msg = fmt.Sprintf("unknown key (keys are case-sensitive: did you mean %q?)", kk)
			}
		}
		d.ps.add(join(path, k), "%s; allowed here: %s", msg, strings.Join(sortedKeys(known), ", "))
	}
	for i, tg := range tags {
		fp := join(path, tg.key)
		v, ok := raw[tg.key]
		if ok && tg.need != "" && isEmpty(v) {
			ok = false // sessions = [] is no more a script than no sessions
		}
		if !ok {
			switch {
			case tg.need != "":
				d.ps.add(fp, "required key is missing or empty: give %s", tg.need)
			case tg.required:
				d.ps.add(fp, "required key is missing")
			}
			if tg.hasDef {
				d.setDefault(fp, tg, rv.Field(i))
			}
			if f := rv.Field(i); !tg.required && f.Kind() == reflect.Struct && f.Type() != paramType {
				d.decodeStruct(fp, map[string]any{}, f) // fill in the defaults of an absent table
			}
			continue
		}
		d.decodeValue(fp, v, rv.Field(i), tg)
	}
}

// isEmpty reports whether v is an empty table or array.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		return len(x) == 0
	case []map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func (d *decoder) setDefault(path string, tg tagInfo, f reflect.Value) {
	switch f.Kind() {
	case reflect.String:
		f.SetString(tg.def)
	case reflect.Bool:
		f.SetBool(tg.def == "true")
	case reflect.Int, reflect.Int64:
		n, _ := strconv.ParseInt(tg.def, 10, 64)
		f.SetInt(n)
	case reflect.Float64:
		x, _ := strconv.ParseFloat(tg.def, 64)
		f.SetFloat(x)
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

func (d *decoder) decodeValue(path string, v any, f reflect.Value, tg tagInfo) {
	if f.Type() == paramType {
		p, ok := d.decodeParam(path, v, tg)
		if !ok {
			p = Param{set: true} // given but bad, and reported: not missing
		}
		f.Set(reflect.ValueOf(p))
		return
	}
	switch f.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if tm, isTime := v.(time.Time); isTime && tg.pattern == "date" {
			s, ok = tm.Format(isoDate), true
		}
		if !ok {
			d.ps.add(path, "expected a string, got %s", typeName(v))
			return
		}
		d.checkString(path, s, tg)
		f.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.ps.add(path, "expected true or false, got %s", typeName(v))
			return
		}
		f.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, ok := v.(int64)
		if !ok {
			d.ps.add(path, "expected an integer, got %s", typeName(v))
			return
		}
		if tg.rng != nil && !tg.rng.contains(float64(n)) {
			d.ps.add(path, "%d is out of range; allowed %s", n, tg.rng.text)
		}
		f.SetInt(n)
	case reflect.Float64:
		x, ok := number(v)
		if !ok {
			d.ps.add(path, "expected a number, got %s", typeName(v))
			return
		}
		if tg.rng != nil && !tg.rng.contains(x) {
			d.ps.add(path, "%g is out of range; allowed %s", x, tg.rng.text)
		}
		f.SetFloat(x)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			d.ps.add(path, "expected a table, got %s", typeName(v))
			return
		}
		d.decodeStruct(path, m, f)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.ps.add(path, "expected a table, got %s", typeName(v))
			return
		}
		out := reflect.MakeMapWithSize(f.Type(), len(m))
		elem := f.Type().Elem()
		for _, k := range sortedKeys(m) {
			ev := reflect.New(elem).Elem()
			d.decodeValue(join(path, k), m[k], ev, tagInfo{})
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		f.Set(out)
	case reflect.Slice:
		d.decodeSlice(path, v, f, tg)
	case reflect.Interface:
		f.Set(reflect.ValueOf(v))
	default:
		panic("scenarios: unsupported field kind " + f.Kind().String())
	}
}

func (d *decoder) decodeSlice(path string, v any, f reflect.Value, tg tagInfo) {
	elem := f.Type().Elem()
	if elem.Kind() == reflect.Struct {
		tables, ok := v.([]map[string]any)
		if !ok {
			if arr, isArr := v.([]any); isArr && len(arr) == 0 {
				return
			}
			if arr, isArr := v.([]any); isArr {
				tables = make([]map[string]any, 0, len(arr))
				for _, a := range arr {
					m, isMap := a.(map[string]any)
					if !isMap {
						d.ps.add(path, "expected an array of tables, got an array holding %s", typeName(a))
						return
					}
					tables = append(tables, m)
				}
			} else {
				d.ps.add(path, "expected an array of tables, got %s", typeName(v))
				return
			}
		}
		out := reflect.MakeSlice(f.Type(), len(tables), len(tables))
		for i, m := range tables {
			d.decodeStruct(elemPath(path, i, m), m, out.Index(i))
		}
		f.Set(out)
		return
	}
	arr, ok := v.([]any)
	if !ok {
		d.ps.add(path, "expected an array, got %s", typeName(v))
		return
	}
	out := reflect.MakeSlice(f.Type(), len(arr), len(arr))
	for i, a := range arr {
		d.decodeValue(fmt.Sprintf("%s[%d]", path, i+1), a, out.Index(i), tg)
	}
	f.Set(out)
}

// elemPath names an element of an array of tables: by its id when it has
// one (sessions[ahc1]), else by its 1-based position (events[2]).
func elemPath(path string, i int, m map[string]any) string {
	if id, ok := m["id"].(string); ok && id != "" {
		return fmt.Sprintf("%s[%s]", path, id)
	}
	return fmt.Sprintf("%s[%d]", path, i+1)
}

func (d *decoder) checkString(path, s string, tg tagInfo) {
	if len(tg.enum) > 0 && s != "" && !contains(tg.enum, s) {
		d.ps.add(path, "%q is not allowed; allowed values: %s", s, strings.Join(tg.enum, ", "))
	}
	switch tg.pattern {
	case "id":
		if !idPattern.MatchString(s) {
			d.ps.add(path, "%q is not a valid id; use lower-case letters, digits, '-' and '_', starting with a letter or digit", s)
		}
	case "date":
		if _, err := time.Parse(isoDate, s); err != nil && s != "" {
			d.ps.add(path, "%q is not a date; write YYYY-MM-DD", s)
		}
	}
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
