package sensitivity

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/treatysim/treatysim/scenarios"
)

// DefaultModelSpread is the relative half-width of a model parameter's
// range in the default factor set: a parameter of value v moves uniformly
// over [(1-s)v, (1+s)v], clipped to its valid range. The model's defaults
// are documented conventions, not estimates (docs/model.md: none is tuned
// to the outcome), so the range is the one a modeller would defend
// without evidence, "half as much to half as much again", and it keeps
// each parameter on the same side of its qualitative thresholds.
const DefaultModelSpread = 0.5

// modelParam is a numeric model parameter that can be a factor: its TOML
// key under [model], the field of scenarios.ModelParams that holds it, and
// its valid range as the scenario validator states it.
type modelParam struct {
	key, field     string
	lo, hi         float64
	loOpen, hiOpen bool
	rangeText      string
}

// contains reports whether v lies in the parameter's valid range.
func (m *modelParam) contains(v float64) bool {
	switch {
	case math.IsNaN(v), v < m.lo, v > m.hi:
		return false
	case m.loOpen && v == m.lo, m.hiOpen && v == m.hi:
		return false
	}
	return true
}

// modelParams lists the model parameters in the order of the scenario
// schema. They are read from the schema's struct tags (every float64 field
// of scenarios.Model with a range), so that a parameter added there is a
// factor here without a second list to keep in step.
var modelParams = sync.OnceValue(func() []modelParam {
	var out []modelParam
	st := reflect.TypeFor[scenarios.Model]()
	resolved := reflect.TypeFor[scenarios.ModelParams]()
	for i := range st.NumField() {
		f := st.Field(i)
		rng := f.Tag.Get("range")
		if f.Type.Kind() != reflect.Float64 || rng == "" {
			continue
		}
		if g, ok := resolved.FieldByName(f.Name); !ok || g.Type.Kind() != reflect.Float64 {
			panic("sensitivity: scenarios.ModelParams has no float64 field " + f.Name) // the two types drifted apart
		}
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		m := modelParam{key: key, field: f.Name, rangeText: rng, loOpen: rng[0] == '(', hiOpen: rng[len(rng)-1] == ')'}
		lo, hi, _ := strings.Cut(rng[1:len(rng)-1], ",")
		m.lo, m.hi = bound(lo, math.Inf(-1)), bound(hi, math.Inf(1))
		out = append(out, m)
	}
	return out
})

func bound(s string, inf float64) float64 {
	s = strings.TrimSpace(s)
	if s == "inf" || s == "-inf" {
		return inf
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic("sensitivity: bad range tag in scenarios.Model: " + s)
	}
	return v
}

// ModelKeys lists the TOML keys of the model parameters that can be
// factors, in the order of the scenario format.
func ModelKeys() []string {
	var keys []string
	for _, m := range modelParams() {
		keys = append(keys, m.key)
	}
	return keys
}

func modelIndex(key string) int {
	for i, m := range modelParams() {
		if m.key == key {
			return i
		}
	}
	return -1
}

// modelValue returns the model parameter m of sc.
func modelValue(sc *scenarios.Scenario, m int) float64 {
	return reflect.ValueOf(&sc.Model).Elem().FieldByName(modelParams()[m].field).Float()
}

// setModel sets the model parameter m of sc.
func setModel(sc *scenarios.Scenario, m int, v float64) {
	reflect.ValueOf(&sc.Model).Elem().FieldByName(modelParams()[m].field).SetFloat(v)
}

// DefaultModelRange returns the range over which the default factor set
// moves model parameter key of sc: [(1-s)v, (1+s)v] with s =
// DefaultModelSpread, clipped to the parameter's valid range. ok is false
// when the range is empty: the parameter is 0 (the behavioural noises by
// default), where a relative range says nothing; a params file can still
// give it a range.
func DefaultModelRange(sc *scenarios.Scenario, key string) (lo, hi float64, ok bool) {
	m := modelIndex(key)
	if m < 0 {
		return 0, 0, false
	}
	p := &modelParams()[m]
	v := modelValue(sc, m)
	lo, hi = max(p.lo, (1-DefaultModelSpread)*v), min(p.hi, (1+DefaultModelSpread)*v)
	return lo, hi, lo < hi
}

// ModelFactor returns the factor that moves model parameter key uniformly
// over [lo, hi]; the caller has checked both against the valid range.
func ModelFactor(key string, lo, hi float64) (ScenarioFactor, error) {
	m := modelIndex(key)
	if m < 0 {
		return ScenarioFactor{}, fmt.Errorf("sensitivity: unknown model parameter %q; known: %s", key, strings.Join(ModelKeys(), ", "))
	}
	return ScenarioFactor{
		Key:     "model:" + key,
		Params:  []string{"model." + key},
		Range:   &[2]float64{lo, hi},
		targets: []target{{kind: kindModel, state: -1, clause: -1, model: m}},
	}, nil
}

// ModelFactors lists one factor per model parameter of sc over its
// default range (DefaultModelRange), leaving out those whose range is
// empty.
func ModelFactors(sc *scenarios.Scenario) []ScenarioFactor {
	var fs []ScenarioFactor
	for _, key := range ModelKeys() {
		lo, hi, ok := DefaultModelRange(sc, key)
		if !ok {
			continue
		}
		f, err := ModelFactor(key, lo, hi)
		if err != nil {
			panic(err) // key comes from ModelKeys
		}
		fs = append(fs, f)
	}
	return fs
}

// DefaultFactors is the default factor set: every uncertain value of the
// scenario (ScenarioFactors) and the model parameters (ModelFactors).
func DefaultFactors(sc *scenarios.Scenario) []ScenarioFactor {
	return append(ScenarioFactors(sc), ModelFactors(sc)...)
}
