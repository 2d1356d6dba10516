package results

import (
	"fmt"
	"slices"
	"strings"
)

// coalitionPoints tells the coalitions at the end of a session: how the
// room divided (and whether the number of coalitions changed), which
// coalitions split, and the states that moved, the weightiest with the
// reasons found for their moves.
func (n narrator) coalitionPoints(session string) []point {
	rows := n.coalitionsOf(session)
	if len(rows) == 0 {
		return nil
	}
	var out []point
	var parts []string
	for _, c := range rows {
		parts = append(parts, fmt.Sprintf("%s %s (%s, %.0f%% of the capability)", c.Coalition, c.Name,
			plural(c.Size, "state"), 100*c.CapabilityShare))
	}
	text := fmt.Sprintf("The room divided into %d coalitions: %s.", len(rows), strings.Join(parts, "; "))
	if len(rows) == 1 {
		text = fmt.Sprintf("The room formed a single coalition: %s.", parts[0])
	}
	if before := n.coalitionsOf(n.previousWithCoalitions(session)); len(before) > 0 && len(before) != len(rows) {
		text = fmt.Sprintf("The room went from %d coalitions to %d: %s.", len(before), len(rows), strings.Join(parts, "; "))
	}
	out = append(out, point{wCoalitions, text})

	drawnFrom := map[string][]string{}
	for _, c := range rows {
		for _, f := range strings.Fields(c.From) {
			drawnFrom[f] = append(drawnFrom[f], c.Coalition)
		}
	}
	var splits []string
	for f, into := range drawnFrom {
		if len(into) > 1 {
			splits = append(splits, fmt.Sprintf("%s split between %s", f, JoinAnd(into)))
		}
	}
	if len(splits) > 0 {
		slices.Sort(splits)
		out = append(out, point{wWording - 1, capitalize(strings.Join(splits, "; ")) + "."})
	}

	var moves []CoalitionMove
	for _, m := range CoalitionMoves(n.d) {
		if m.Session == session {
			moves = append(moves, m)
		}
	}
	if len(moves) == 0 {
		return out
	}
	var told, silent []string
	untold := 0 // moves with a reason beyond the ones told
	for _, m := range moves {
		switch {
		case len(m.Reasons) == 0:
			silent = append(silent, m.State)
		case len(told) < movesTold:
			told = append(told, fmt.Sprintf("%s (%s to %s: %s)", n.stateName(m.State), m.From, m.To, strings.Join(m.Reasons, "; ")))
		default:
			untold++
		}
	}
	moved := capitalize(plural(len(moves), "state")) + " changed coalition"
	switch reasoned := len(moves) - len(silent); {
	case reasoned == 0:
		moved += "."
	case len(silent) == 0:
		moved += fmt.Sprintf(", each with %s in the record.", n.what(session))
	default:
		moved += fmt.Sprintf(": %d with %s in the record, %d with none.", reasoned, n.what(session), len(silent))
	}
	out = append(out, point{wCoalitions + 5, moved})
	if len(told) > 0 {
		if untold > 0 {
			told = append(told, fmt.Sprintf("and %d more", untold))
		}
		out = append(out, point{wWording + 1, "Who moved, and what the record shows them doing: " + strings.Join(told, "; ") + "."})
	}
	if len(silent) > 0 {
		nothing := n.nothingFound(session)
		why := strings.TrimPrefix(n.d.NoReason(session), nothing+": ")
		who := "With " + nothing + " in the record"
		if len(silent) == len(moves) {
			who = "None of them with " + n.what(session) + " in the record"
		}
		out = append(out, point{wMinor, fmt.Sprintf("%s (%s): %s.", who, why, n.names(silent, movesTold))})
	}
	return out
}

// what is what the record of a session can show for a move.
func (n narrator) what(session string) string {
	if n.negotiates(session) {
		return "an exchange, a payment or an event"
	}
	return "an event"
}

func (n narrator) coalitionsOf(session string) []CoalitionRow {
	var rows []CoalitionRow
	for _, c := range n.d.Coalitions {
		if session != "" && c.Session == session {
			rows = append(rows, c)
		}
	}
	return rows
}

// previousWithCoalitions is the session held before this one that has
// coalitions, or "".
func (n narrator) previousWithCoalitions(session string) string {
	prev := ""
	for _, s := range n.sessionsHeld() {
		id := n.sc.Sessions[s].ID
		if id == session {
			return prev
		}
		if len(n.coalitionsOf(id)) > 0 {
			prev = id
		}
	}
	return ""
}
