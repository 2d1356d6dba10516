package results

import (
	"fmt"
	"strings"
)

// tradesTold is how many logrolls and sponsors a session's paragraph
// tells: the few that mattered most, not the hundreds a session can see.
const tradesTold = 3

// exchangePoints tells the exchanges of a session: how many, the
// largest logrolls, and what each sponsor of incentives paid for.
func (n narrator) exchangePoints(session string) []point {
	trades := n.d.SessionTrades(session)
	if len(trades) == 0 {
		return nil
	}
	logrolls, purchases, notable := 0, 0, 0
	for _, x := range trades {
		if x.Kind == Purchase {
			purchases++
		} else {
			logrolls++
		}
		if x.Notable() {
			notable++
		}
	}
	var parts []string
	if logrolls > 0 {
		parts = append(parts, "delegations traded support across clauses "+times(logrolls))
	}
	if purchases > 0 {
		parts = append(parts, "sponsors of incentives paid for "+plural(purchases, "move"))
	}
	text := capitalize(JoinAnd(parts))
	switch {
	case notable == 0:
		text += fmt.Sprintf("; none moved a demand by as much as %.2f.", NotableMove)
	case notable < len(trades):
		text += fmt.Sprintf(" (%d of these exchanges moved a demand by %.2f or more).", notable, NotableMove)
	default:
		text += "."
	}
	out := []point{{wExchange, text}}
	var told []string
	for _, x := range n.d.TopLogrolls(session, tradesTold) {
		told = append(told, n.d.DescribeLogroll(x))
	}
	switch len(told) {
	case 0:
	case 1:
		out = append(out, point{wExchange, "The largest exchange: " + told[0] + "."})
	default:
		out = append(out, point{wExchange, "The largest exchanges: " + strings.Join(told, "; ") + "."})
	}
	sponsors := n.d.Sponsorships(session)
	for _, s := range sponsors[:min(tradesTold, len(sponsors))] {
		out = append(out, point{wExchange, capitalize(n.d.DescribeSponsorship(s)) + "."})
	}
	return out
}

func times(k int) string {
	switch k {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", k)
}

func plural(k int, noun string) string {
	if k == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", k, noun)
}
