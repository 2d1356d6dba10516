package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// resolveEvent checks an event against its kind and resolves its
// references to indices.
func resolveEvent(ep string, e Event, s Session, si int, sc *Scenario, clauseIdx, sessionIdx map[string]int,
	sessions []Session, actors func(string, []string) []int, ps *problems) EventInfo {
	ev := EventInfo{ID: e.ID, Label: e.Label, Source: e.Source, Round: e.Round, Session: -1, Disposition: -1,
		NoTreaty: e.NoTreaty, Concession: e.Concession, Susceptibility: e.Susceptibility, Amount: e.Amount, Budget: e.Budget}
	for k, n := range draftNames {
		if n != "" && n == e.Draft {
			ev.Draft = DraftKind(k)
		}
	}
	if ev.Draft == NoDraft && e.Redraft {
		ev.Draft = RevisedDraft
	}
	known := false
	for k, n := range eventNames {
		if n == e.Kind {
			ev.Kind, known = EventKind(k), true
		}
	}
	if e.Round > s.Rounds && s.Rounds >= 1 && e.Round <= 1000 {
		ps.add(ep+".round", "%d is beyond the session's %d rounds; allowed [1, %d]", e.Round, s.Rounds, s.Rounds)
	}
	ev.By = actors(ep+".by", e.By)
	ev.Targets = actors(ep+".targets", e.Targets)
	need := func(ok bool, key, what string) {
		if !ok {
			ps.add(ep+"."+key, "a %s event needs %s", e.Kind, what)
		}
	}
	clauseOption := func(key, cid, oid string) (ClauseOption, bool) {
		c, ok := clauseIdx[cid]
		if !ok {
			ps.add(ep+"."+key, "unknown clause %q; clauses: %s", cid, strings.Join(clauseIDs(sc), ", "))
			return ClauseOption{}, false
		}
		o := sc.Clauses[c].OptionIndex(oid)
		if o < 0 {
			ps.add(ep+"."+key, "unknown option %q of clause %s; options: %s", oid, cid, optionIDs(&sc.Clauses[c]))
			return ClauseOption{}, false
		}
		return ClauseOption{c, o}, true
	}
	for _, cid := range sortedKeys(e.Options) {
		if co, ok := clauseOption("options."+cid, cid, e.Options[cid]); ok {
			ev.Options = append(ev.Options, co)
		}
	}
	sort.Slice(ev.Options, func(a, b int) bool { return ev.Options[a].Clause < ev.Options[b].Clause })
	for k, cid := range e.Clauses {
		if c, ok := clauseIdx[cid]; ok {
			ev.Clauses = append(ev.Clauses, c)
			if e.Kind == "drop" && sc.Clauses[c].Deletion < 0 {
				ps.add(fmt.Sprintf("%s.clauses[%d]", ep, k+1), "clause %s has no deletion option, so it cannot be dropped", cid)
			}
		} else {
			ps.add(fmt.Sprintf("%s.clauses[%d]", ep, k+1), "unknown clause %q; clauses: %s", cid, strings.Join(clauseIDs(sc), ", "))
		}
	}
	if !known {
		return ev // the decoder has reported the kind
	}
	switch ev.Kind {
	case Table:
		need(len(e.By) > 0, "by", "the states that table it (by)")
		need(len(e.Options) > 0, "options", "the options tabled (options = {clause = \"option\"})")
	case ChairText:
		need(len(e.Options) > 0 || ev.Draft != NoDraft, "options", `options, or a draft ("consolidated", "zero" or "revised")`)
	case Drop:
		need(len(e.Clauses) > 0, "clauses", "the clauses dropped")
	case Insert:
		need(len(e.Options) > 0, "options", "the options inserted")
	case Attitude:
		need(len(e.By) > 0, "by", "the states whose attitude changes (by)")
		need(e.NoTreaty.IsSet() || e.Disposition != "" || e.Concession.IsSet() || e.Susceptibility.IsSet() || len(e.Positions) > 0,
			"no_treaty", "at least one change: no_treaty, disposition, concession, susceptibility or positions")
		if e.Disposition != "" {
			d, _ := parseDisposition(e.Disposition)
			ev.Disposition = int(d)
		}
		for _, cid := range sortedKeys(e.Positions) {
			c, ok := clauseIdx[cid]
			if !ok {
				ps.add(ep+".positions."+cid, "unknown clause %q; clauses: %s", cid, strings.Join(clauseIDs(sc), ", "))
				continue
			}
			pc := e.Positions[cid]
			ev.Stands = append(ev.Stands, StandChange{Clause: c, Ideal: pc.Ideal, Salience: pc.Salience, RedLine: pc.RedLine})
		}
		sort.Slice(ev.Stands, func(a, b int) bool { return ev.Stands[a].Clause < ev.Stands[b].Clause })
	case Leave, Join:
		need(len(e.By) > 0, "by", "the states concerned (by)")
	case Vote:
		need(len(e.By) > 0, "by", "the mover (by)")
		need(e.Motion != "", "motion", `motion = "amendment", "package" or "mandate"`)
		ev.Package = e.Motion == "package"
		ev.Mandate = e.Motion == "mandate"
		if e.Motion == "amendment" {
			need(e.Clause != "", "clause", "the clause amended")
			need(e.Option != "", "option", "the option moved")
			if e.Clause != "" && e.Option != "" {
				ev.Amendment, _ = clauseOption("option", e.Clause, e.Option)
			}
		}
	case Reconvene:
		need(e.Session != "", "session", "the conditional session to hold (session)")
		if j, ok := sessionIdx[e.Session]; ok {
			switch {
			case j <= si:
				ps.add(ep+".session", "session %q does not come after this one", e.Session)
			case !sessions[j].Conditional:
				ps.add(ep+".session", "session %q is not conditional; mark it conditional = true", e.Session)
			default:
				ev.Session = j
			}
		} else if e.Session != "" {
			ps.add(ep+".session", "unknown session %q", e.Session)
		}
	case Incentive:
		need(len(e.By) > 0, "by", "the sponsor (by)")
		need(len(e.Targets) > 0, "targets", "the states or groups that receive it")
		need(e.Amount > 0 || e.Budget > 0, "amount", "a positive amount or budget")
	}
	return ev
}
