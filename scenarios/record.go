package scenarios

import (
	"fmt"
	"math"
	"strings"
)

// applyRecord grounds the resolved states in the scenario's record of
// votes outside the negotiation (docs/alignment.md):
//
//   - alignment: a state that gives none of its own takes the record's
//     estimate, drawn per run from normal(alignment, alignment_sd) where the
//     estimate is uncertain, instead of its groups' alignment;
//   - lean: an ideal point the state takes from the template of one of
//     LeanGroups moves by lean * a * (x_high - x_low) / 2, where a is its
//     estimated alignment and x_high - x_low the distance, on that clause,
//     from the low reference state's ideal point to the high one's: a state
//     of the silent middle that votes with one camp leans toward it;
//   - care: a salience it takes from such a template scales by 0.5 + |a|.
//
// Values a state gives itself are never touched: the sources speak above
// the data.
func applyRecord(r *Record, defs map[string]StateDef, sc *Scenario, stateIdx, groupIdx map[string]int, ps *problems) {
	if len(r.States) == 0 {
		if len(r.Divide) > 0 || len(r.LeanGroups) > 0 {
			ps.add("record.states", "a record needs estimates per state (written by treatysim import unvotes)")
		}
		return
	}
	if strings.TrimSpace(r.Source) == "" {
		ps.add("record.source", "say where the estimates come from (for the UN record: \"unvotes: ...\")")
	}
	for _, id := range sortedKeys(r.States) {
		if !isoAlpha3.MatchString(id) {
			ps.add("record.states."+id, "%q is not an ISO 3166 alpha-3 id (three upper-case letters)", id)
		}
	}
	lean := make([]bool, len(sc.Groups))
	for k, g := range r.LeanGroups {
		gi, ok := groupIdx[g]
		if !ok {
			ps.add(fmt.Sprintf("record.lean_groups[%d]", k+1), "unknown group %q; groups: %s", g, strings.Join(sortedKeys(groupIdx), ", "))
			continue
		}
		lean[gi] = true
	}
	var dir []float64
	if len(r.LeanGroups) > 0 || len(r.Divide) > 0 {
		if len(r.Divide) != 2 {
			ps.add("record.divide", "give two states, the low end of the divide first and the high end second (e.g. [\"USA\", \"RUS\"]); got %d", len(r.Divide))
			return
		}
		lo, okLo := stateIdx[r.Divide[0]]
		hi, okHi := stateIdx[r.Divide[1]]
		for k, ok := range []bool{okLo, okHi} {
			if !ok {
				ps.add(fmt.Sprintf("record.divide[%d]", k+1), "unknown state %q: the reference states must be states of the scenario", r.Divide[k])
			}
		}
		if !okLo || !okHi {
			return
		}
		dir = make([]float64, len(sc.Clauses))
		for c := range dir {
			dir[c] = sc.States[hi].Positions[c].Ideal.Mean() - sc.States[lo].Positions[c].Ideal.Mean()
		}
	}
	for i := range sc.States {
		st := &sc.States[i]
		e, ok := r.States[st.ID]
		if !ok {
			continue
		}
		if !defs[st.ID].Alignment.IsSet() {
			st.Alignment = Num(e.Alignment)
			if e.AlignmentSD > 0 {
				st.Alignment = Param{Dist: Normal, Value: e.Alignment, SD: e.AlignmentSD, set: true}
			}
		}
		if dir == nil {
			continue
		}
		a := e.Alignment
		for c := range st.Positions {
			s := &st.Positions[c]
			if s.IdealFrom >= 0 && lean[s.IdealFrom] {
				s.Ideal = s.Ideal.Shift(r.Lean*a*dir[c]/2, 0, 1)
			}
			if s.SalienceFrom >= 0 && lean[s.SalienceFrom] {
				s.Salience = s.Salience.Scale(0.5+math.Abs(a), 0, 1)
			}
		}
	}
}
