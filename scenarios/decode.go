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

// A Problem is one thing wrong with a scenario: where it is (file and key
// path) and what is wrong.
type Problem struct {
	File string // the file that set the offending key
	Path string // full key path, e.g. states.RUS.positions.cii_offence.ideal
	Msg  string
}

func (p *Problem) Error() string {
	switch {
	case p.File != "" && p.Path != "":
		return fmt.Sprintf("%s: %s: %s", p.File, p.Path, p.Msg)
	case p.File != "":
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Path != "":
		return fmt.Sprintf("%s: %s", p.Path, p.Msg)
	}
	return p.Msg
}

// problems collects every problem found in a scenario, so that a user sees
// them all at once.
type problems struct {
	origin func(path string) string // file that set a path
	list   []error
}

func (ps *problems) add(path, format string, args ...any) {
	file := ""
	if ps.origin != nil {
		file = ps.origin(path)
	}
	ps.list = append(ps.list, &Problem{File: file, Path: path, Msg: fmt.Sprintf(format, args...)})
}

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
		if !ok {
			if tg.required {
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

var distKeys = map[string][]string{
	"normal":     {"mean", "sd"},
	"uniform":    {"min", "max"},
	"triangular": {"min", "mode", "max"},
	"beta":       {"alpha", "beta", "min", "max"},
	"choice":     {"values"},
}

// decodeParam reads a number, a list of numbers (drawn with equal
// probability) or a distribution table.
func (d *decoder) decodeParam(path string, v any, tg tagInfo) (Param, bool) {
	inRange := func(key string, x float64) bool {
		if tg.rng != nil && !tg.rng.contains(x) {
			p := join(path, key)
			if strings.HasPrefix(key, "[") {
				p = path + key
			}
			d.ps.add(p, "%g is out of range; allowed %s", x, tg.rng.text)
			return false
		}
		return true
	}
	switch x := v.(type) {
	case float64, int64:
		f, _ := number(x)
		if tg.rng != nil && !tg.rng.contains(f) {
			d.ps.add(path, "%g is out of range; allowed %s", f, tg.rng.text)
			return Param{}, false
		}
		return Num(f), true
	case []any:
		return d.choiceParam(path, x, inRange)
	case map[string]any:
		name, _ := x["dist"].(string)
		keys, ok := distKeys[name]
		if !ok {
			d.ps.add(join(path, "dist"), "expected a distribution name; allowed values: %s",
				strings.Join(sortedKeys(distKeys), ", "))
			return Param{}, false
		}
		for _, k := range sortedKeys(x) {
			if k != "dist" && !contains(keys, k) {
				d.ps.add(join(path, k), "unknown key for a %s distribution; allowed: dist, %s", name, strings.Join(keys, ", "))
			}
		}
		if name == "choice" {
			arr, _ := x["values"].([]any)
			return d.choiceParam(join(path, "values"), arr, inRange)
		}
		get := func(k string, required bool, def float64) float64 {
			raw, ok := x[k]
			if !ok {
				if required {
					d.ps.add(join(path, k), "required key is missing for a %s distribution", name)
				}
				return def
			}
			f, ok := number(raw)
			if !ok {
				d.ps.add(join(path, k), "expected a number, got %s", typeName(raw))
			}
			return f
		}
		p := Param{set: true}
		n := len(d.ps.list)
		switch name {
		case "normal":
			p.Dist, p.Value, p.SD = Normal, get("mean", true, 0), get("sd", true, 0)
			inRange("mean", p.Value)
			if !(p.SD >= 0) || math.IsInf(p.SD, 1) {
				d.ps.add(join(path, "sd"), "%g is not a finite non-negative number; allowed [0, inf)", p.SD)
			}
		case "uniform":
			p.Dist, p.Min, p.Max = Uniform, get("min", true, 0), get("max", true, 0)
			inRange("min", p.Min)
			inRange("max", p.Max)
			if p.Min > p.Max {
				d.ps.add(path, "min %g is above max %g", p.Min, p.Max)
			}
		case "triangular":
			p.Dist, p.Min, p.Mode, p.Max = Triangular, get("min", true, 0), get("mode", true, 0), get("max", true, 0)
			inRange("min", p.Min)
			inRange("max", p.Max)
			if !(p.Min <= p.Mode && p.Mode <= p.Max) || p.Min == p.Max {
				d.ps.add(path, "needs min <= mode <= max with min < max; got %g, %g, %g", p.Min, p.Mode, p.Max)
			}
		case "beta":
			lo, hi := 0.0, 1.0
			if tg.rng != nil && !math.IsInf(tg.rng.lo, 0) && !math.IsInf(tg.rng.hi, 0) {
				lo, hi = tg.rng.lo, tg.rng.hi
			}
			p.Dist, p.Alpha, p.BetaB = Beta, get("alpha", true, 1), get("beta", true, 1)
			p.Min, p.Max = get("min", false, lo), get("max", false, hi)
			if !(p.Alpha > 0 && p.BetaB > 0) || math.IsInf(p.Alpha, 1) || math.IsInf(p.BetaB, 1) {
				d.ps.add(path, "alpha and beta must be positive and finite; got %g, %g", p.Alpha, p.BetaB)
			}
			// A beta draw never lands on its bounds, so only bounds the
			// user wrote are checked against the key's range.
			if _, given := x["min"]; given {
				inRange("min", p.Min)
			}
			if _, given := x["max"]; given {
				inRange("max", p.Max)
			}
			if p.Min >= p.Max {
				d.ps.add(path, "min %g must be below max %g", p.Min, p.Max)
			}
		}
		return p, len(d.ps.list) == n
	}
	d.ps.add(path, "expected a number, a list of numbers or a distribution table, got %s", typeName(v))
	return Param{}, false
}

func (d *decoder) choiceParam(path string, arr []any, inRange func(string, float64) bool) (Param, bool) {
	if len(arr) == 0 {
		d.ps.add(path, "a list of values to draw from must not be empty")
		return Param{}, false
	}
	p := Param{Dist: Choice, set: true, Values: make([]float64, len(arr))}
	ok := true
	for i, a := range arr {
		f, isNum := number(a)
		if !isNum {
			d.ps.add(fmt.Sprintf("%s[%d]", path, i+1), "expected a number, got %s", typeName(a))
			ok = false
			continue
		}
		ok = inRange(fmt.Sprintf("[%d]", i+1), f) && ok
		p.Values[i] = f
	}
	return p, ok
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
