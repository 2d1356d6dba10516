package sensitivity

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// selection builds the factor a [[factor]] table selects: the uncertain
// values of its kinds, of the states in its groups or listed (every state
// when neither is given), on its clauses (every clause by default).
func (p *paramsParser) selection(path, name string, kinds, groups, states, clauses []string) {
	sc := p.sc
	var who []int // state indices, in scenario order
	if groups == nil && states == nil {
		for i := range sc.States {
			who = append(who, i)
		}
	} else {
		in := make([]bool, len(sc.States))
		for _, g := range groups {
			for _, i := range sc.Groups[p.groups[g]].Members {
				in[i] = true
			}
		}
		for _, s := range states {
			in[p.states[s]] = true
		}
		for i, ok := range in {
			if ok {
				who = append(who, i)
			}
		}
	}
	var on []int // clause indices, in scenario order
	if clauses == nil {
		for c := range sc.Clauses {
			on = append(on, c)
		}
	} else {
		for _, c := range clauses {
			on = append(on, p.clauses[c])
		}
		slices.Sort(on)
	}
	f := ScenarioFactor{Key: name}
	var clash []string // parameters another factor moves
	var owner claim
	add := func(param scenarios.Param, t target) {
		if param.IsFixed() {
			return
		}
		label := sc.States[t.state].ID + "." + kindName(sc, t)
		if c, ok := p.claimed[t]; ok {
			clash, owner = append(clash, label), c
			return
		}
		p.claimed[t] = claim{path, name}
		f.Params = append(f.Params, label)
		f.targets = append(f.targets, t)
	}
	for _, i := range who { // in the order of ScenarioFactors
		st := &sc.States[i]
		if slices.Contains(kinds, "capability") {
			add(st.Capability, target{kindCapability, i, -1, -1})
		}
		if slices.Contains(kinds, "no_treaty") {
			add(st.NoTreaty, target{kindNoTreaty, i, -1, -1})
		}
		if slices.Contains(kinds, "alignment") {
			add(st.Alignment, target{kindAlignment, i, -1, -1})
		}
		for _, c := range on {
			pos := &st.Positions[c]
			if slices.Contains(kinds, "ideal") {
				add(pos.Ideal, target{kindIdeal, i, c, -1})
			}
			if slices.Contains(kinds, "salience") {
				add(pos.Salience, target{kindSalience, i, c, -1})
			}
			if slices.Contains(kinds, "red_line") {
				add(pos.RedLine, target{kindRedLine, i, c, -1})
			}
		}
	}
	if len(clash) > 0 {
		p.add(path, "%s already moved by %s (%q): a parameter can be in one factor only", someOf(clash, 5), owner.path, owner.name)
		return
	}
	if len(f.targets) == 0 {
		where := fmt.Sprintf("%d states", len(who))
		if len(who) == 1 {
			where = sc.States[who[0]].ID
		}
		if slices.ContainsFunc(kinds, isStandKind) {
			where += fmt.Sprintf(" on %d clauses", len(on))
		}
		p.add(path, "selects no uncertain value: every %s of %s is a fixed number, and only values given as a distribution in the scenario can move",
			strings.Join(kinds, ", "), where)
		return
	}
	p.fs = append(p.fs, f)
}

// modelTable reads [model]: each key a model parameter, each value the
// range [low, high] it moves across.
func (p *paramsParser) modelTable(t map[string]any) {
	for _, key := range sortedKeys(t) {
		path := "model." + key
		m := modelIndex(key)
		if m < 0 {
			p.add(path, "unknown model parameter; allowed: %s", strings.Join(ModelKeys(), ", "))
			continue
		}
		mp := &modelParams()[m]
		lo, hi, ok := numberPair(t[key])
		switch {
		case !ok:
			p.add(path, "expected a range [low, high] of two numbers within %s, e.g. [%.4g, %.4g]", mp.rangeText, defaultLow(p.sc, key), defaultHigh(p.sc, key))
		case math.IsInf(lo, 0) || math.IsInf(hi, 0) || !mp.contains(lo) || !mp.contains(hi):
			p.add(path, "[%g, %g] leaves the valid range %s of %s", lo, hi, mp.rangeText, key)
		case !(lo < hi):
			p.add(path, "[%g, %g]: the low end must be below the high end", lo, hi)
		default:
			f, err := ModelFactor(key, lo, hi)
			if err != nil {
				p.add(path, "%v", err)
				continue
			}
			p.claimName(path, f.Key)
			p.model[key] = f
		}
	}
}

// defaultLow and defaultHigh give an example range for a message: the
// default factor set's, or the valid range's ends when that is empty.
func defaultLow(sc *scenarios.Scenario, key string) float64 {
	if lo, _, ok := DefaultModelRange(sc, key); ok {
		return lo
	}
	return max(0, modelParams()[modelIndex(key)].lo)
}

func defaultHigh(sc *scenarios.Scenario, key string) float64 {
	if _, hi, ok := DefaultModelRange(sc, key); ok {
		return hi
	}
	return min(1, modelParams()[modelIndex(key)].hi)
}

// numberPair reads [low, high]: two numbers, integers or not.
func numberPair(v any) (lo, hi float64, ok bool) {
	list, isList := v.([]any)
	if !isList || len(list) != 2 {
		return 0, 0, false
	}
	var x [2]float64
	for i, e := range list {
		switch e := e.(type) {
		case int64:
			x[i] = float64(e)
		case float64:
			x[i] = e
		default:
			return 0, 0, false
		}
	}
	return x[0], x[1], !math.IsNaN(x[0]) && !math.IsNaN(x[1])
}

// sortedKeys: the keys in order, so that problems and factors come out
// the same whatever the map's iteration order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func firstKey(m map[string]int) string {
	keys := sortedKeys(m)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// allowed lists the ids of m in their scenario order, the first 40 of a
// long list.
func allowed(m map[string]int) string {
	ids := sortedKeys(m)
	sort.SliceStable(ids, func(a, b int) bool { return m[ids[a]] < m[ids[b]] })
	return someOf(ids, 40)
}

// someOf joins the first n items and says how many more there are.
func someOf(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
