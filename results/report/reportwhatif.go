package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// whatIfText says what a what-if (a scenario that extends another)
// changes from its base, in words: "This what-if extends “UN Ad Hoc
// Committee on cybercrime, 2022-2024” (ahc): it changes the decision rule
// (now consensus, with no fallback vote)." The what-if is read again
// from its file or the shipped scenarios; when it cannot be (a folder
// read on another machine), the text says only which scenario it extends,
// and nothing when that is not known either.
func whatIfText(d *results.RunData) string {
	files := d.Scenario.Files
	if len(files) < 2 {
		return ""
	}
	name := sourceName(files[len(files)-1])
	w, err := scenarios.LoadWhatIf(name)
	if err != nil {
		return fmt.Sprintf("This what-if extends %s and changes some of its values.", baseTitle(sourceName(files[len(files)-2])))
	}
	var adds, changes []string
	for _, c := range mergeChanges(w.Changes) {
		if c.adds {
			adds = append(adds, describeChange(d.Scenario, c))
		} else {
			changes = append(changes, describeChange(d.Scenario, c))
		}
	}
	text := "This what-if extends " + baseTitle(w.Base)
	var does []string
	if len(adds) > 0 {
		does = append(does, "adds "+results.JoinAnd(adds))
	}
	if len(changes) > 0 {
		does = append(does, "changes "+results.JoinAnd(changes))
	}
	if len(does) == 0 {
		return text + " and changes nothing that a run depends on."
	}
	return text + ": it " + strings.Join(does, "; and it ") + "."
}

// sourceName turns an entry of Scenario.Files into what LoadWhatIf takes:
// a shipped name ("shipped:unanimity" -> "unanimity") or a path.
func sourceName(file string) string {
	return strings.TrimPrefix(file, "shipped:")
}

// baseTitle names a base scenario: its title and its name, when it can
// be read; its name alone otherwise.
func baseTitle(name string) string {
	var sc *scenarios.Scenario
	var err error
	if strings.ContainsAny(name, `/\`) || strings.HasSuffix(name, ".toml") {
		sc, err = scenarios.Load(name)
	} else {
		sc, err = scenarios.LoadShipped(name)
	}
	short := strings.TrimSuffix(filepath.Base(name), ".toml")
	if err != nil || sc.Title == "" {
		return short
	}
	return fmt.Sprintf("“%s” (%s)", sc.Title, short)
}

// change is one change of a what-if, or several merged: the same key of
// several states ("the capability of Brazil, Mexico and South Africa"),
// or several keys of one state's position on a clause ("China's ideal
// point, red line and salience on ...").
type change struct {
	path   []string // the key path, split
	states []string // the states whose path[2] changed, for a merged state key
	fields []string // the fields changed, for a merged position
	adds   bool
}

// mergeChanges splits the key paths and merges the changes of one key of
// several states, and of one state's position on one clause.
func mergeChanges(cs []scenarios.Change) []change {
	var out []change
	for _, c := range cs {
		path := splitKey(c.Key)
		var last *change
		if len(out) > 0 {
			last = &out[len(out)-1]
		}
		switch {
		case c.Adds:
			out = append(out, change{path: path, adds: true})
		case len(path) == 5 && path[0] == "states" && path[2] == "positions":
			if last != nil && len(last.path) == 5 && slices.Equal(last.path[:4], path[:4]) {
				last.fields = append(last.fields, path[4])
				continue
			}
			out = append(out, change{path: path, fields: []string{path[4]}})
		case len(path) == 3 && path[0] == "states":
			if last != nil && len(last.states) > 0 && last.path[2] == path[2] {
				last.states = append(last.states, path[1])
				continue
			}
			out = append(out, change{path: path, states: []string{path[1]}})
		default:
			out = append(out, change{path: path})
		}
	}
	return out
}

// splitKey splits a key path as the loader writes it
// ("sessions[reconvened].events[us-leaves].by") into its steps
// ("sessions", "reconvened", "events", "us-leaves", "by").
func splitKey(key string) []string {
	var out []string
	for _, part := range strings.Split(key, ".") {
		name, id, ok := strings.Cut(part, "[")
		out = append(out, name)
		if ok {
			out = append(out, strings.TrimSuffix(id, "]"))
		}
	}
	return out
}

// fieldWords are the scenario's keys in words.
var fieldWords = map[string]string{
	"ideal": "ideal point", "red_line": "red line", "no_treaty": "value of no treaty",
	"decision": "decision rule", "by": "who acts", "vote_threshold": "vote threshold", "ideal_noise": "noise on every ideal point",
	"salience_noise": "noise on every salience",
}

func words(key string) string {
	if w, ok := fieldWords[key]; ok {
		return w
	}
	return strings.ReplaceAll(key, "_", " ")
}

// ruleWords says what a decision rule does.
var ruleWords = map[scenarios.Rule]string{
	scenarios.Consensus:         "consensus, with no fallback vote",
	scenarios.ConsensusThenVote: "consensus, then a fallback vote once no session can follow",
	scenarios.Majority:          "a majority vote",
}

// describeChange says what one change does, with the names of the
// resolved what-if sc.
func describeChange(sc *scenarios.Scenario, c change) string {
	p := c.path
	switch {
	case len(p) == 2 && p[0] == "rules" && p[1] == "decision":
		return "the decision rule (now " + ruleWords[sc.Rule] + ")"
	case len(p) == 2 && p[0] == "rules" && p[1] == "vote_threshold":
		return fmt.Sprintf("the vote threshold (now %s)", percent(sc.VoteThreshold))
	case len(p) == 2 && (p[0] == "rules" || p[0] == "model"):
		return "the " + words(p[1])
	case len(p) == 2 && p[0] == "states" && c.adds:
		return "a state, " + stateName(sc, p[1])
	case len(p) == 3 && p[0] == "states" && len(c.states) > 1:
		var names []string
		for _, id := range c.states {
			names = append(names, stateName(sc, id))
		}
		return fmt.Sprintf("the %s of %s", words(p[2]), results.JoinAnd(names))
	case len(p) == 3 && p[0] == "states":
		return possessive(stateName(sc, p[1])) + " " + words(p[2])
	case len(p) == 5 && p[0] == "states" && p[2] == "positions":
		var fs []string
		for _, f := range c.fields {
			fs = append(fs, words(f))
		}
		return fmt.Sprintf("%s %s on %s", possessive(stateName(sc, p[1])), results.JoinAnd(fs), clauseTitle(sc, p[3]))
	case len(p) >= 4 && p[0] == "sessions" && p[2] == "events":
		label, session := eventLabel(sc, p[1], p[3])
		if c.adds {
			return fmt.Sprintf("an event at %s, %s", session, label)
		}
		if len(p) == 5 {
			return fmt.Sprintf("%s in the event %s (at %s)", words(p[4]), label, session)
		}
		return fmt.Sprintf("the event %s (at %s)", label, session)
	case len(p) == 2 && p[0] == "sessions" && c.adds:
		return "a session, " + results.SessionPhrase(sessionTitle(sc, p[1]))
	case len(p) == 3 && p[0] == "sessions":
		return fmt.Sprintf("the %s of %s", words(p[2]), results.SessionPhrase(sessionTitle(sc, p[1])))
	case len(p) == 2 && p[0] == "clauses" && c.adds:
		return "a clause, " + clauseTitle(sc, p[1])
	case len(p) == 2 && p[0] == "groups" && c.adds:
		return "a group, " + groupName(sc, p[1])
	case len(p) == 3 && p[0] == "groups":
		return fmt.Sprintf("the %s of %s", words(p[2]), groupName(sc, p[1]))
	}
	return strings.Join(p, " ")
}

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

func clauseTitle(sc *scenarios.Scenario, id string) string {
	if c := sc.ClauseIndex(id); c >= 0 && sc.Clauses[c].Title != "" {
		return sc.Clauses[c].Title
	}
	return id
}

func groupName(sc *scenarios.Scenario, id string) string {
	for _, g := range sc.Groups {
		if g.ID == id {
			return firstNonEmpty(g.Name, g.Label, g.ID)
		}
	}
	return id
}

// eventLabel names an event of a session, quoted, and the session it is
// in.
func eventLabel(sc *scenarios.Scenario, session, id string) (string, string) {
	label := id
	if s := sessionIndex(sc, session); s >= 0 {
		for _, e := range sc.Sessions[s].Events {
			if e.ID == id && e.Label != "" {
				label = e.Label
			}
		}
	}
	return "“" + strings.TrimSuffix(label, ".") + "”", results.SessionPhrase(sessionTitle(sc, session))
}
