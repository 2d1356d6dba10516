package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

func reflectValue(f *File) reflect.Value { return reflect.ValueOf(f).Elem() }

func reflectValueOf(v any) reflect.Value { return reflect.ValueOf(v).Elem() }

var isoAlpha3 = regexp.MustCompile(`^[A-Z]{3}$`)

// defaultDispositions are the bargaining parameters of each disposition
// when the scenario gives none. Maximalists hold out (beta < 1) and are
// hard to persuade; bridge-builders concede early and listen (seed 004:
// South Africa, Brazil and Mexico "attempted to keep the process on track
// and find common ground"); followers take their group's line.
var defaultDispositions = [NumDispositions]struct{ beta, lambda float64 }{
	Maximalist:    {0.5, 0.1},
	Pragmatist:    {1, 0.3},
	BridgeBuilder: {2, 0.5},
	Follower:      {1, 0.8},
	Absent:        {1, 0},
}

// resolve checks what the decoder cannot (references between tables,
// orderings, per-kind event requirements) and builds the Scenario.
func resolve(f *File, order map[string][]string, ps *problems) *Scenario {
	sc := &Scenario{
		ID: f.Scenario.ID, Title: f.Scenario.Title, Description: f.Scenario.Description,
		Question: f.Scenario.Question, Sources: f.Scenario.Sources, Seed: uint64(f.Scenario.Seed),
		VoteThreshold: f.Rules.VoteThreshold,
	}
	switch f.Rules.Decision {
	case "consensus":
		sc.Rule = Consensus
	case "majority":
		sc.Rule = Majority
	default:
		sc.Rule = ConsensusThenVote
	}
	sc.Model = ModelParams{
		Curvature: f.Model.Curvature, ChairStep: f.Model.ChairStep, BlockingShare: f.Model.BlockingShare,
		ObjectionTemperature: f.Model.ObjectionTemperature, StandoutCost: f.Model.StandoutCost,
		VoteIndifference: f.Model.VoteIndifference, IdealNoise: f.Model.IdealNoise, SalienceNoise: f.Model.SalienceNoise,
		VoteStakes: f.Model.VoteStakes, AlignmentWeight: f.Model.AlignmentWeight, PackageLoyalty: f.Model.PackageLoyalty, CrossPressure: f.Model.CrossPressure,
		Exchange: f.Model.Exchange, ActiveSalience: f.Model.ActiveSalience,
	}
	for d := range NumDispositions {
		sc.Model.Dispositions[d] = DispositionParams{
			Concession:     Num(defaultDispositions[d].beta),
			Susceptibility: Num(defaultDispositions[d].lambda),
		}
	}
	for _, name := range sortedKeys(f.Model.Dispositions) {
		d, ok := parseDisposition(name)
		if !ok || d == Absent {
			ps.add("model.dispositions."+name, "unknown disposition; allowed: maximalist, pragmatist, bridge_builder, follower")
			continue
		}
		spec := f.Model.Dispositions[name]
		if spec.Concession.IsSet() {
			sc.Model.Dispositions[d].Concession = spec.Concession
		}
		if spec.Susceptibility.IsSet() {
			sc.Model.Dispositions[d].Susceptibility = spec.Susceptibility
		}
	}

	clusterIdx := map[string]int{}
	for _, id := range orderedKeys(f.Clusters, order["clusters"]) {
		if !idPattern.MatchString(id) {
			ps.add("clusters."+id, "%q is not a valid id; use lower-case letters, digits, '-' and '_'", id)
		}
		clusterIdx[id] = len(sc.Clusters)
		sc.Clusters = append(sc.Clusters, ClusterInfo{ID: id, Title: f.Clusters[id].Title})
	}

	clauseIdx := map[string]int{}
	for _, id := range orderedKeys(f.Clauses, order["clauses"]) {
		c := f.Clauses[id]
		p := "clauses." + id
		if !idPattern.MatchString(id) {
			ps.add(p, "%q is not a valid id; use lower-case letters, digits, '-' and '_'", id)
		}
		ci := ClauseInfo{ID: id, Title: c.Title, Article: c.Article, Source: c.Source, Options: c.Options, Deletion: -1}
		cl, ok := clusterIdx[c.Cluster]
		if !ok && c.Cluster != "" {
			ps.add(p+".cluster", "unknown cluster %q; known clusters: %s", c.Cluster, strings.Join(sortedKeys(clusterIdx), ", "))
		}
		ci.Cluster = cl
		if len(c.Options) == 1 { // none: the decoder has said so
			ps.add(p+".options", "a clause needs at least two options, got %d", len(c.Options))
		}
		seen := map[string]bool{}
		for k, o := range c.Options {
			if seen[o.ID] {
				ps.add(fmt.Sprintf("%s.options[%s]", p, o.ID), "duplicate option id %q", o.ID)
			}
			seen[o.ID] = true
			if k > 0 && o.Value <= c.Options[k-1].Value {
				ps.add(fmt.Sprintf("%s.options[%s].value", p, o.ID),
					"%g does not exceed the previous option's value %g; list options in increasing order of value", o.Value, c.Options[k-1].Value)
			}
		}
		optionRef := func(key, ref string) int {
			if ref == "" {
				return -1
			}
			i := ci.OptionIndex(ref)
			if i < 0 {
				ps.add(p+"."+key, "unknown option %q; options of %s: %s", ref, id, optionIDs(&ci))
			}
			return i
		}
		ci.Deletion = optionRef("deletion", c.Deletion)
		ci.Continuous = c.Continuous
		if c.Continuous && c.Deletion != "" {
			ps.add(p+".continuous", "a continuous clause cannot have a deletion option (deletion = %q)", c.Deletion)
		}
		ci.Opening = max(0, optionRef("opening", c.Opening))
		clauseIdx[id] = len(sc.Clauses)
		sc.Clauses = append(sc.Clauses, ci)
	}

	groupIdx := map[string]int{}
	groupIDs := orderedKeys(f.Groups, order["groups"])
	for _, id := range groupIDs {
		if !idPattern.MatchString(id) {
			ps.add("groups."+id, "%q is not a valid group id; use lower-case letters, digits, '-' and '_'", id)
		}
		g := f.Groups[id]
		groupIdx[id] = len(sc.Groups)
		sc.Groups = append(sc.Groups, GroupInfo{ID: id, Name: g.Name, Label: g.Label, NegotiatesAsOne: g.NegotiatesAsOne, Cohesion: g.Cohesion})
		for _, cid := range sortedKeys(g.Positions) {
			if _, ok := clauseIdx[cid]; !ok {
				ps.add("groups."+id+".positions."+cid, "unknown clause %q; clauses: %s", cid, strings.Join(clauseIDs(sc), ", "))
			}
		}
	}

	stateIDs := orderedKeys(f.States, order["states"])
	stateIdx := map[string]int{}
	for i, id := range stateIDs {
		stateIdx[id] = i
	}
	for _, id := range stateIDs {
		sc.States = append(sc.States, resolveState(id, f, sc, groupIDs, groupIdx, clauseIdx, ps))
	}
	applyRecord(&f.Record, f.States, sc, stateIdx, groupIdx, ps)
	for i, st := range sc.States {
		for _, g := range st.Groups {
			sc.Groups[g].Members = append(sc.Groups[g].Members, i)
		}
	}

	actors := func(p string, names []string) []int {
		var out []int
		for k, n := range names {
			if i, ok := stateIdx[n]; ok {
				out = append(out, i)
			} else if g, ok := groupIdx[n]; ok {
				out = append(out, sc.Groups[g].Members...)
			} else {
				ps.add(fmt.Sprintf("%s[%d]", p, k+1), "unknown state or group %q", n)
			}
		}
		return dedupe(out)
	}

	sessionIdx := map[string]int{}
	for i, s := range f.Sessions {
		if _, dup := sessionIdx[s.ID]; dup {
			ps.add(elemPath("sessions", i, map[string]any{"id": s.ID}), "duplicate session id %q", s.ID)
		}
		sessionIdx[s.ID] = i
	}
	reconvened := map[int]bool{}
	for i, s := range f.Sessions {
		sp := elemPath("sessions", i, map[string]any{"id": s.ID})
		si := SessionInfo{ID: s.ID, Name: s.Name, Start: s.Start, End: s.End, Place: s.Place, Source: s.Source,
			Rounds: s.Rounds, Pressure: s.Pressure, Concluding: s.Concluding, Conditional: s.Conditional}
		si.Phase, _ = parsePhase(s.Phase)
		if s.Phase == "" {
			si.Phase = Negotiation
		}
		if si.Concluding {
			si.Phase = Concluding
		}
		si.Concluding = si.Phase == Concluding
		if si.Name == "" {
			si.Name = s.ID
		}
		for k, a := range s.Agenda {
			if c, ok := clusterIdx[a]; ok {
				si.Agenda = append(si.Agenda, c)
			} else {
				ps.add(fmt.Sprintf("%s.agenda[%d]", sp, k+1), "unknown cluster %q; known clusters: %s", a, strings.Join(sortedKeys(clusterIdx), ", "))
			}
		}
		if s.Start != "" && s.End != "" && s.End < s.Start {
			ps.add(sp+".end", "%s is before the start %s", s.End, s.Start)
		}
		for j, e := range s.Events {
			ep := elemPath(sp+".events", j, map[string]any{"id": e.ID})
			ev := resolveEvent(ep, e, s, i, sc, clauseIdx, sessionIdx, f.Sessions, actors, ps)
			if ev.Kind == Reconvene && ev.Session >= 0 {
				reconvened[ev.Session] = true
			}
			si.Events = append(si.Events, ev)
		}
		sc.Sessions = append(sc.Sessions, si)
	}
	for i, s := range sc.Sessions {
		if s.Conditional && !reconvened[i] {
			ps.add(elemPath("sessions", i, map[string]any{"id": s.ID})+".conditional",
				"no reconvene event of an earlier session names this session, so it would never be held")
		}
	}
	return sc
}

func resolveState(id string, f *File, sc *Scenario, groupIDs []string, groupIdx, clauseIdx map[string]int, ps *problems) State {
	d := f.States[id]
	p := "states." + id
	if !isoAlpha3.MatchString(id) {
		ps.add(p, "%q is not an ISO 3166 alpha-3 id (three upper-case letters)", id)
	}
	st := State{ID: id, Name: d.Name, Follows: -1, Concession: d.Concession, Susceptibility: d.Susceptibility}
	var groups []Group
	for k, g := range d.Groups {
		gi, ok := groupIdx[g]
		if !ok {
			ps.add(fmt.Sprintf("%s.groups[%d]", p, k+1), "unknown group %q; groups: %s", g, strings.Join(groupIDs, ", "))
			continue
		}
		st.Groups = append(st.Groups, gi)
		groups = append(groups, f.Groups[g])
	}
	st.Capability, st.NoTreaty, st.Alignment = d.Capability, d.NoTreaty, d.Alignment
	disp := d.Disposition
	for _, g := range groups {
		if !st.Alignment.IsSet() && g.Alignment.IsSet() {
			st.Alignment = g.Alignment
		}
		if !st.Capability.IsSet() && g.Capability.IsSet() {
			st.Capability = g.Capability
		}
		if !st.NoTreaty.IsSet() && g.NoTreaty.IsSet() {
			st.NoTreaty = g.NoTreaty
		}
		if disp == "" {
			disp = g.Disposition
		}
	}
	if !st.Capability.IsSet() {
		st.Capability = Num(1)
	}
	if !st.NoTreaty.IsSet() {
		st.NoTreaty = Num(0.5)
	}
	if !st.Alignment.IsSet() {
		st.Alignment = Num(0)
	}
	st.Disposition = Pragmatist
	if disp != "" {
		st.Disposition, _ = parseDisposition(disp)
	}
	if d.Follows != "" {
		if gi, ok := groupIdx[d.Follows]; ok {
			st.Follows = gi
		} else {
			ps.add(p+".follows", "unknown group %q", d.Follows)
		}
	} else if st.Disposition == Follower {
		if len(st.Groups) == 0 {
			ps.add(p+".disposition", "a follower needs a group to follow: give follows or groups")
		} else {
			st.Follows = st.Groups[0]
		}
	}
	for _, cid := range sortedKeys(d.Positions) {
		if _, ok := clauseIdx[cid]; !ok {
			ps.add(p+".positions."+cid, "unknown clause %q; clauses: %s", cid, strings.Join(clauseIDs(sc), ", "))
		}
	}
	st.Positions = make([]Stand, len(sc.Clauses))
	for c, cl := range sc.Clauses {
		pos := d.Positions[cl.ID]
		idealFrom, salienceFrom := -1, -1
		for k, g := range groups {
			gp, ok := g.Positions[cl.ID]
			if !ok {
				continue
			}
			if !pos.Ideal.IsSet() && gp.Ideal.IsSet() {
				pos.Ideal, idealFrom = gp.Ideal, st.Groups[k]
			}
			if !pos.Salience.IsSet() && gp.Salience.IsSet() {
				pos.Salience, salienceFrom = gp.Salience, st.Groups[k]
			}
			if !pos.RedLine.IsSet() {
				pos.RedLine = gp.RedLine
			}
			if pos.Source == "" {
				pos.Source = gp.Source
			}
		}
		if !pos.Ideal.IsSet() {
			ps.add(p+".positions."+cl.ID+".ideal", "no ideal point: give one here or in a template of one of its groups")
		}
		if !pos.Salience.IsSet() {
			ps.add(p+".positions."+cl.ID+".salience", "no salience: give one here or in a template of one of its groups")
		}
		if !pos.RedLine.IsSet() {
			pos.RedLine = Num(1)
		}
		st.Positions[c] = Stand{Ideal: pos.Ideal, Salience: pos.Salience, RedLine: pos.RedLine, Source: pos.Source,
			IdealFrom: idealFrom, SalienceFrom: salienceFrom}
	}
	return st
}

func dedupe(xs []int) []int {
	seen := map[int]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func clauseIDs(sc *Scenario) []string {
	ids := make([]string, len(sc.Clauses))
	for i, c := range sc.Clauses {
		ids[i] = c.ID
	}
	return ids
}

func optionIDs(c *ClauseInfo) string {
	ids := make([]string, len(c.Options))
	for i, o := range c.Options {
		ids[i] = o.ID
	}
	return strings.Join(ids, ", ")
}
