package classroom

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The delegation's brief in plain words, for the students who play it.

// Brief is a delegation's instructions in plain words, from its stands in
// the run (its preferences as they stand now: events and socialisation
// move them).
type Brief struct {
	State      string   `json:"state"`
	Name       string   `json:"name"`
	Groups     []string `json:"groups"` // the names of its groups
	Capability float64  `json:"capability"`
	// NoTreaty is the value of no treaty to the state, on the 0-1 scale
	// of its satisfaction with a text; NoTreatyWords says it in words.
	NoTreaty      float64       `json:"no_treaty"`
	NoTreatyWords string        `json:"no_treaty_words"`
	CaresMost     []ClauseStand `json:"cares_most"` // the top 5 by salience
	Stands        []ClauseStand `json:"stands"`     // every clause, in the scenario's order
}

// ClauseStand is a delegation's stand on one clause.
type ClauseStand struct {
	Clause      string  `json:"clause"`
	Title       string  `json:"title"`
	IdealOption string  `json:"ideal_option"` // the option nearest its preference
	IdealLabel  string  `json:"ideal_label"`
	Salience    float64 `json:"salience"` // how much it cares, 0-1
	RedLine     string  `json:"red_line"` // the labels of the options beyond its red line ("; " between them), or ""
	Words       string  `json:"words"`    // a sentence
}

// Brief returns the brief of a student seat.
func (g *Game) Brief(seat string) (Brief, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	st := g.seatByID(seat)
	if st == nil {
		return Brief{}, inputErrorf("seat", "%q is not a student seat; seats: %s", seat, strings.Join(g.setup.Seats, ", "))
	}
	return g.brief(st), nil
}

// brief builds a seat's brief from its stands in the run.
func (g *Game) brief(st *seat) Brief {
	sc, p := g.sc, g.e.Population()
	i, m := st.idx, p.M
	s := &sc.States[i]
	b := Brief{State: s.ID, Name: s.Name, Groups: []string{}, Capability: round6(p.Capability[i]),
		NoTreaty: round6(p.NoTreaty[i]), CaresMost: []ClauseStand{}, Stands: make([]ClauseStand, m)}
	for _, gr := range s.Groups {
		b.Groups = append(b.Groups, sc.Groups[gr].Name)
	}
	b.NoTreatyWords = fmt.Sprintf("You would rather have no treaty than a text you value below %.2f on a 0-1 scale "+
		"(1: every clause reads as you want; the value falls as clauses move away from your wishes, faster on those you care most about).",
		p.NoTreaty[i])
	order := make([]int, m)
	for c := range order {
		order[c] = c
	}
	sort.SliceStable(order, func(a, b int) bool { return p.Salience[i*m+order[a]] > p.Salience[i*m+order[b]] })
	for c := range m {
		cl := &sc.Clauses[c]
		k := i*m + c
		ideal := cl.Nearest(p.Pos[k])
		cs := ClauseStand{Clause: cl.ID, Title: cl.Title, IdealOption: cl.Options[ideal].ID, IdealLabel: cl.Options[ideal].Label,
			Salience: round6(p.Salience[k])}
		var beyond, quoted []string
		for _, o := range cl.Options {
			if math.Abs(o.Value-p.Pos[k]) > p.RedLine[k] {
				beyond, quoted = append(beyond, o.Label), append(quoted, "'"+o.Label+"'")
			}
		}
		cs.RedLine = strings.Join(beyond, "; ")
		cs.Words = standWords(cl.Title, cl.Options[ideal].Label, p.Salience[k], c == order[0])
		if len(beyond) > 0 {
			cs.Words += fmt.Sprintf(" You cannot accept %s: you would object formally to a text with it.", orList(quoted))
		}
		b.Stands[c] = cs
	}
	for _, c := range order[:min(5, m)] {
		b.CaresMost = append(b.CaresMost, b.Stands[c])
	}
	return b
}

// standWords says how much a state cares about a clause and what it wants.
func standWords(title, label string, salience float64, most bool) string {
	switch {
	case most && salience > 0:
		return fmt.Sprintf("You care most about %s: you want '%s'.", inSentence(title), label)
	case salience >= 0.45:
		return fmt.Sprintf("You care a great deal about %s: you want '%s'.", inSentence(title), label)
	case salience >= 0.25:
		return fmt.Sprintf("You care about %s: you want '%s'.", inSentence(title), label)
	case salience >= 0.1:
		return fmt.Sprintf("You care a little about %s: you would like '%s'.", inSentence(title), label)
	}
	return fmt.Sprintf("%s hardly matters to you (you would like '%s').", title, label)
}

// inSentence is a clause's title inside a sentence: its first letter in
// lower case, unless its first word has other capitals (an acronym, a
// name): "Human-rights safeguards" reads "human-rights safeguards", "CII
// offence" stays.
func inSentence(title string) string {
	first, _, _ := strings.Cut(title, " ")
	for k, r := range first {
		if !unicode.IsLetter(r) {
			continue
		}
		rest := first[k+utf8.RuneLen(r):]
		if strings.IndexFunc(rest, unicode.IsUpper) >= 0 {
			return title
		}
		return title[:k] + string(unicode.ToLower(r)) + title[k+utf8.RuneLen(r):]
	}
	return title
}

// orList joins items with commas and a final "or".
func orList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
