package report

import (
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
)

// The data of the timeline: every clause's place in the negotiating text
// at the end of every session held, and as each of the chair's drafts
// tabled it, with the insertions and drops that moved it.

// Timeline is the data of the timeline plot: one row per clause, one
// column per session held (preceded by a column per chair's draft tabled
// in it), and the final text.
type Timeline struct {
	Columns []TimelineColumn `json:"columns"`
	Clauses []TimelineClause `json:"clauses"`
	Adopted bool             `json:"adopted"`
}

// TimelineColumn is a moment of the negotiation. A session's column shows
// the text at the end of its last round; a draft's column the text as the
// chair tabled it (the text before its round, with what the draft changed,
// dropped or inserted, and nothing the room did after it).
type TimelineColumn struct {
	Session string `json:"session"`
	Draft   string `json:"draft,omitempty"` // consolidated, zero, revised: a chair's draft
	Round   int    `json:"round"`
}

// TimelineClause is one clause across the columns. Short is its title
// shortened for a row label.
type TimelineClause struct {
	Clause  string         `json:"clause"`
	Short   string         `json:"short"`
	Opening string         `json:"opening"`
	Cells   []TimelineCell `json:"cells"` // one per column
	Final   TimelineCell   `json:"final"` // the final text, as put for adoption
}

// TimelineCell is a clause in a column: its option and status in the text,
// what that means for the picture (Kind), and what happened to it in that
// column (Marks: "inserted", "dropped").
type TimelineCell struct {
	Option string   `json:"option"`
	Status string   `json:"status"` // bracketed, agreed, dropped ("" if the text does not say)
	Kind   string   `json:"kind"`   // CellOpening, CellOther or CellOut
	Marks  []string `json:"marks,omitempty"`
}

// The kinds of cell: the clause in the text with its opening option, with
// another option, or out of the text (its deletion option, or dropped).
const (
	CellOpening = "opening"
	CellOther   = "other"
	CellOut     = "out"

	MarkInserted = "inserted"
	MarkDropped  = "dropped"
)

// shortTitleLength is the longest row label, in characters: about a
// quarter of a 16:9 figure's width at the smallest text size.
const shortTitleLength = 40

// TimelineData computes the timeline of a single run from text.csv and
// events.csv; clauses in scenario order.
func TimelineData(d *results.RunData) Timeline {
	sc := d.Scenario
	out := Timeline{Adopted: d.Summary.AdoptedProbability >= 1}
	type key struct {
		session string
		round   int
		clause  string
	}
	text := map[key]results.TextRow{}
	lastRound := map[string]int{}
	for _, r := range d.Text {
		text[key{r.Session, r.Round, r.Clause}] = r
		lastRound[r.Session] = max(lastRound[r.Session], r.Round)
	}
	// Columns, and which column each event row belongs to: the rows that
	// follow a chair's draft in its round, up to the next event, are its
	// doing; the others the session's.
	colOf := make([]int, len(d.Events))
	for k := range colOf {
		colOf[k] = -1 // an event of no column (a session without text)
	}
	var drafts [][]int // per column, the event rows of a draft, in order
	for _, s := range heldSessions(d) {
		if _, ok := lastRound[s]; !ok {
			continue
		}
		open := -1 // the draft column being filled
		var sessionRows []int
		for k, e := range d.Events {
			if e.Session != s {
				continue
			}
			switch {
			case e.Kind == "event" && e.Draft != "" && e.Draft != results.DraftFinal:
				out.Columns = append(out.Columns, TimelineColumn{Session: s, Draft: e.Draft, Round: e.Round})
				drafts = append(drafts, nil)
				open = len(out.Columns) - 1
				colOf[k] = -1
				continue
			case e.Kind == "event" || open >= 0 && e.Round != out.Columns[open].Round:
				open = -1
			}
			if open >= 0 {
				colOf[k] = open
				drafts[open] = append(drafts[open], k)
			} else {
				sessionRows = append(sessionRows, k)
			}
		}
		out.Columns = append(out.Columns, TimelineColumn{Session: s, Round: lastRound[s]})
		drafts = append(drafts, nil)
		for _, k := range sessionRows {
			colOf[k] = len(out.Columns) - 1
		}
	}
	var titles, ids []string
	for _, cl := range sc.Clauses {
		titles, ids = append(titles, cl.Title), append(ids, cl.ID)
	}
	shorts := distinctTitles(titles, ids)
	for c, cl := range sc.Clauses {
		row := TimelineClause{Clause: cl.ID, Short: shorts[c], Opening: cl.Options[cl.Opening].ID}
		deletion := ""
		if cl.Deletion >= 0 {
			deletion = cl.Options[cl.Deletion].ID
		}
		kind := func(c *TimelineCell) {
			switch {
			case c.Status == "dropped" || c.Option == deletion && deletion != "":
				c.Kind = CellOut
			case c.Option == row.Opening:
				c.Kind = CellOpening
			default:
				c.Kind = CellOther
			}
		}
		for k, col := range out.Columns {
			var cell TimelineCell
			if col.Draft == "" {
				r := text[key{col.Session, col.Round, cl.ID}]
				cell = TimelineCell{Option: r.Option, Status: r.Status}
			} else {
				// The text before the draft's round, then what the draft did.
				r := text[key{col.Session, col.Round - 1, cl.ID}]
				cell = TimelineCell{Option: r.Option, Status: r.Status}
				for _, e := range drafts[k] {
					applyEvent(&cell, d.Events[e], cl.ID)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		for e, ev := range d.Events {
			if ev.Clause != cl.ID || colOf[e] < 0 || len(row.Cells) == 0 {
				continue
			}
			if m := markOf(ev.Kind); m != "" && !slices.Contains(row.Cells[colOf[e]].Marks, m) {
				row.Cells[colOf[e]].Marks = append(row.Cells[colOf[e]].Marks, m)
			}
		}
		if n := len(row.Cells); n > 0 {
			row.Final = TimelineCell{Option: row.Cells[n-1].Option, Status: row.Cells[n-1].Status}
			last := out.Columns[n-1].Session
			for _, ev := range d.Events {
				if ev.Session == last && ev.Clause == cl.ID && ev.Kind == "drop_from_package" {
					applyEvent(&row.Final, ev, cl.ID)
				}
			}
		}
		for k := range row.Cells {
			kind(&row.Cells[k])
		}
		kind(&row.Final)
		out.Clauses = append(out.Clauses, row)
	}
	return out
}

// applyEvent changes a cell as an event row changed the clause's place in
// the text.
func applyEvent(c *TimelineCell, e results.EventRow, clause string) {
	if e.Clause != clause {
		return
	}
	switch e.Kind {
	case "text": // the chair's draft reopens what it rewrites
		c.Option, c.Status = e.Option, "bracketed"
	case "amended":
		c.Option = e.Option
	case "insert":
		c.Option, c.Status = e.Option, "bracketed"
	case "drop", "drop_for_consensus", "drop_from_package":
		c.Option, c.Status = e.Option, "dropped"
	}
}

// markOf is the glyph an event row puts on its cell, if any.
func markOf(kind string) string {
	switch kind {
	case "insert":
		return MarkInserted
	case "drop", "drop_for_consensus", "drop_from_package":
		return MarkDropped
	}
	return ""
}

// shortTitle shortens a clause title for a row label: without its
// parenthesis, then cut at a word and marked with an ellipsis, without a
// dangling small word. A clause without a title shows its id.
func shortTitle(title, id string) string {
	if title == "" {
		return id
	}
	title = withoutParentheses(title)
	if runeLen(title) <= shortTitleLength {
		return title
	}
	words := strings.Fields(title)
	head := trimSmallWords(fitWords(words, shortTitleLength-1))
	if head == "" { // a first word longer than a label
		return string([]rune(title)[:shortTitleLength-1]) + "…"
	}
	return head + "…"
}

// headAndTail shortens a title to its first and last words around an
// ellipsis: for two titles that begin alike ("Refusal of mutual legal
// assistance for political offences", "... on discriminatory grounds"),
// whose ends tell them apart. The head keeps three words at least.
func headAndTail(title string) string {
	title = withoutParentheses(title)
	words := strings.Fields(title)
	if runeLen(title) <= shortTitleLength || len(words) < 5 {
		return title
	}
	tail := ""
	k := len(words) - 1
	for ; k > 3; k-- {
		if runeLen(tail)+1+runeLen(words[k]) > shortTitleLength*3/5 && tail != "" {
			break
		}
		tail = strings.TrimSpace(words[k] + " " + tail)
	}
	for strings.Contains(tail, " ") && trimSmallWords("x "+strings.Fields(tail)[0]) == "x" {
		tail = tail[strings.Index(tail, " ")+1:] // no small word after the ellipsis
	}
	head := trimSmallWords(fitWords(words, max(shortTitleLength-runeLen(tail)-2, runeLen(strings.Join(words[:3], " ")))))
	return head + "… " + tail
}

// distinctTitles shortens every title, and those whose short forms would
// be the same by their first and last words instead.
func distinctTitles(titles, ids []string) []string {
	out := make([]string, len(titles))
	count := map[string]int{}
	for k := range titles {
		out[k] = shortTitle(titles[k], ids[k])
		count[out[k]]++
	}
	for k := range out {
		if count[out[k]] > 1 && titles[k] != "" {
			out[k] = headAndTail(titles[k])
		}
	}
	return out
}

func withoutParentheses(s string) string {
	for {
		i := strings.Index(s, " (")
		j := strings.Index(s, ")")
		if i < 0 || j < i {
			return s
		}
		s = s[:i] + s[j+1:]
	}
}

func runeLen(s string) int { return len([]rune(s)) }

// fitWords joins the leading words that fit n characters.
func fitWords(words []string, n int) string {
	out := ""
	for _, w := range words {
		if runeLen(out)+1+runeLen(w) > n {
			break
		}
		out = strings.TrimSpace(out + " " + w)
	}
	return out
}

// trimSmallWords drops the small words a cut left at the end ("of", "the").
func trimSmallWords(s string) string {
	small := []string{"a", "an", "and", "as", "at", "between", "by", "for", "in", "of", "on", "or", "the", "to", "where", "with"}
	for {
		i := strings.LastIndex(s, " ")
		if i < 0 || !slices.Contains(small, strings.ToLower(s[i+1:])) {
			return s
		}
		s = s[:i]
	}
}
