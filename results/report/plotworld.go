package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/internal/worldmap"
	"github.com/treatysim/treatysim/scenarios"
)

// The data of the world maps: every delegation of the scenario in a group
// (its coalition in a session, or its vote on a motion), or the reason it
// is not there. plotworlddraw.go draws them.

// WorldMap is the data of one world map.
type WorldMap struct {
	Session string       `json:"session"`
	Motion  string       `json:"motion,omitempty"`
	Groups  []WorldGroup `json:"groups"` // the legend, in order
	States  []WorldState `json:"states"` // in scenario order
}

// WorldGroup is an entry of the legend: a coalition (its identity, C1...),
// a vote (yes, no, abstain, not_voting), or a reason for not being in the
// room (GroupAbsent, GroupLeft, GroupOut); and the states in it.
type WorldGroup struct {
	Key    string   `json:"key"`
	Label  string   `json:"label"`
	States []string `json:"states"`
}

// WorldState is a delegation on the map: its group, and whether it is
// drawn as its country's shape (PlaceShape), as a dot at its capital
// (PlaceCapital: too small for the map's scale) or not at all ("": a state
// the map does not know).
type WorldState struct {
	State string `json:"state"`
	Group string `json:"group"`
	Place string `json:"place"`
}

// The reasons a delegation is not in a coalition or a vote, and how a
// state is placed on the map.
const (
	GroupAbsent = "absent" // did not take part at all (disposition absent)
	GroupLeft   = "left"   // had left the negotiation
	GroupOut    = "out"    // not in the room for another reason

	PlaceShape   = "shape"
	PlaceCapital = "capital"
)

// worldMapCount is how many sessions get a world map: the first and the
// last held and one between, which shows the drift without a map per
// session in the report.
const worldMapCount = 3

// worldSessions returns the sessions a single run draws a world map of:
// the first, the middle and the last session held that have coalitions.
func worldSessions(d *results.RunData) []string {
	var with []string
	for _, s := range heldSessions(d) {
		if len(membershipsOf(d, s)) > 0 {
			with = append(with, s)
		}
	}
	if len(with) <= worldMapCount {
		return with
	}
	return []string{with[0], with[(len(with)-1)/2], with[len(with)-1]}
}

// WorldData computes the map of the coalitions of a session held, from
// memberships.csv and coalitions.csv (the coalitions' names as found in
// that session).
func WorldData(d *results.RunData, session string) (WorldMap, error) {
	member := membershipsOf(d, session)
	if len(member) == 0 {
		return WorldMap{}, fmt.Errorf("world map: %w: no coalitions in session %q", ErrUnknown, session)
	}
	names, sizes := map[string]string{}, map[string]int{}
	for _, r := range d.Coalitions {
		if r.Session == session {
			names[r.Coalition], sizes[r.Coalition] = r.Name, r.Size
		}
	}
	var ids []string
	for _, id := range member {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, compareCoalitions)
	labels := map[string]string{}
	for _, id := range ids {
		labels[id] = id
		if names[id] != "" {
			labels[id] += ": " + names[id]
		}
	}
	return worldOf(d, session, "", ids, labels, func(st string) string { return member[st] }), nil
}

// VoteMapData computes the map of how every state voted on a recorded
// motion, from votes.csv.
func VoteMapData(d *results.RunData, motion string) (WorldMap, error) {
	vote, session := map[string]string{}, ""
	for _, r := range d.Votes {
		if r.Motion == motion {
			vote[r.State], session = r.Vote, r.Session
		}
	}
	if len(vote) == 0 {
		return WorldMap{}, fmt.Errorf("vote map: %w: no votes on motion %q", ErrUnknown, motion)
	}
	keys := []string{"yes", "no", "abstain", "not_voting"}
	labels := map[string]string{"yes": "yes", "no": "no", "abstain": "abstain", "not_voting": "not voting"}
	return worldOf(d, session, motion, keys, labels, func(st string) string { return vote[st] }), nil
}

// worldOf places every state of the scenario in the group of(state) gives,
// or, when it gives "", in the group of its reason for not being there.
// Groups come in the order of keys, then the reasons; empty ones are left
// out.
func worldOf(d *results.RunData, session, motion string, keys []string, labels map[string]string, of func(string) string) WorldMap {
	sc := d.Scenario
	left := leftBy(sc, session)
	out := WorldMap{Session: session, Motion: motion}
	in := map[string][]string{}
	for _, st := range sc.States {
		g := of(st.ID)
		switch {
		case g != "":
		case st.Disposition == scenarios.Absent:
			g = GroupAbsent
		case left[st.ID]:
			g = GroupLeft
		default:
			g = GroupOut
		}
		in[g] = append(in[g], st.ID)
		out.States = append(out.States, WorldState{State: st.ID, Group: g, Place: placeOf(st.ID)})
	}
	reasons := map[string]string{GroupAbsent: "did not take part", GroupLeft: "had left the negotiation", GroupOut: "not in the room"}
	for _, k := range append(slices.Clone(keys), GroupAbsent, GroupLeft, GroupOut) {
		states := in[k]
		if len(states) == 0 {
			continue
		}
		label := cmp.Or(labels[k], reasons[k])
		label += " (" + strconv.Itoa(len(states)) + ")"
		if _, reason := reasons[k]; reason || k == "not_voting" {
			label += ": " + stateNames(sc, states, 3)
		}
		out.Groups = append(out.Groups, WorldGroup{Key: k, Label: label, States: states})
	}
	return out
}

// leftBy returns the states that left the negotiation by a leave event in
// or before session, and did not come back by a join event since.
func leftBy(sc *scenarios.Scenario, session string) map[string]bool {
	out := map[string]bool{}
	for _, s := range sc.Sessions {
		for _, ev := range s.Events {
			for _, i := range ev.By {
				if i < 0 || i >= len(sc.States) {
					continue
				}
				switch ev.Kind {
				case scenarios.Leave:
					out[sc.States[i].ID] = true
				case scenarios.Join:
					delete(out, sc.States[i].ID)
				}
			}
		}
		if s.ID == session {
			break
		}
	}
	return out
}

// stateNames names up to n states, then says how many more there are.
func stateNames(sc *scenarios.Scenario, ids []string, n int) string {
	var names []string
	for _, id := range ids[:min(len(ids), n)] {
		name := id
		if i := sc.StateIndex(id); i >= 0 && sc.States[i].Name != "" {
			name = sc.States[i].Name
		}
		names = append(names, name)
	}
	s := strings.Join(names, ", ")
	if len(ids) > n {
		s += fmt.Sprintf(" and %d more", len(ids)-n)
	}
	return s
}

// placeOf says how the map shows a state: by its shape, by a dot at its
// capital, or not at all.
func placeOf(state string) string {
	shapes, err := worldShapes()
	if err == nil && slices.ContainsFunc(shapes, func(s mapShape) bool { return s.state == state && !s.territory }) {
		return PlaceShape
	}
	if _, _, ok := worldmap.Capital(state); ok {
		return PlaceCapital
	}
	return ""
}
