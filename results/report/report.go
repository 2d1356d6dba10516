package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
)

// Report renders report.html: one self-contained page (CSS inline, plots
// inline as data: URIs, no script, nothing fetched from the network) that
// a teacher can open from a USB stick and put on a projector, and a
// student can read on a phone. A contents bar leads to its sections: a
// summary card (adopted or not, when and how, the clauses that survived
// and fell or, over the runs of a Monte Carlo, how sure each is), what a
// what-if changes from its base, the clause table, the narrative in short
// points per session, the recorded votes (over the runs of a Monte Carlo:
// tallies, and the states least sure of theirs), the exchanges, the
// coalitions of every session with the states that moved between them and
// why, the plots with captions saying how to read them, and a glossary
// that the first use of each term links to. plots is what Plots returned;
// plots the folder does not have are left out.
func Report(d *results.RunData, plots results.Files) ([]byte, error) {
	if d == nil || d.Summary == nil || d.Scenario == nil {
		return nil, fmt.Errorf("report: %w: no summary or scenario", results.ErrNotResults)
	}
	v := reportView{
		Title:       firstNonEmpty(d.Summary.Title, d.Scenario.Title, d.Scenario.ID),
		Scenario:    d.Scenario.ID,
		Question:    d.Scenario.Question,
		Description: d.Scenario.Description,
		WhatIf:      whatIfText(d),
		Seed:        d.Summary.Seed,
		Runs:        d.Summary.Runs,
		Single:      d.Summary.Runs == 1,
		Partial:     d.Summary.Partial,
		Card:        newSummaryCard(d),
		Decided:     decidedRows(d),
		Clauses:     clauseRows(d),
		Narrative:   narrativeSections(d),
		Coalitions:  coalitionTables(d),
		Motions:     d.Summary.Motions,
		Votes:       voteRows(d),
		Exchanges:   exchangeRows(d),
		Trades:      tradeRows(d),
		Sponsors:    sponsorRows(d),
		Moves:       moveTables(d),
	}
	if d.Summary.Replay != nil {
		v.Replay = fmt.Sprint(*d.Summary.Replay)
	}
	v.Figures = reportFigures(d, plots)
	v.Contents = contents(&v)
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	body, rest, ok := strings.Cut(b.String(), glossarySlot)
	if !ok {
		return nil, fmt.Errorf("report: the template has no place for the glossary")
	}
	body, used := linkTerms(body, reportGlossary(d))
	var g bytes.Buffer
	if err := glossaryTemplate.Execute(&g, used); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return []byte(body + g.String() + rest), nil
}

// glossarySlot is where the template leaves the glossary, which is drawn
// once the page's first uses of its terms are known.
const glossarySlot = `<div id="glossary-slot"></div>`

type reportView struct {
	Title, Scenario, Question, Description string
	WhatIf                                 string // what a what-if changes from its base
	Seed, Runs                             uint64
	Single, Partial                        bool
	Replay                                 string
	Card                                   summaryCard
	Contents                               []navItem
	Has                                    map[string]bool // the sections the report has, by id
	Decided                                []decidedRow
	Clauses                                []clauseRow
	Narrative                              []narrativeSection
	Coalitions                             []coalitionTable
	Motions                                []results.MotionSummary
	Votes                                  []voteRow                 // the scripted votes over the runs of a Monte Carlo
	Exchanges                              []exchangeRow             // per session: counts
	Trades                                 []tradeRow                // the largest logrolls
	Sponsors                               []sponsorRow              // purchases, per sponsor
	Moves                                  []moveTable               // who changed coalition, and why
	Figures                                map[string][]reportFigure // by section
}

type reportFigure struct {
	ID, Title, Caption string
	Src                template.URL
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func percent(p float64) string {
	s := fmt.Sprintf("%.1f", 100*p)
	return strings.TrimSuffix(s, ".0") + "%"
}

// adoptionSentence says whether, how and where the treaty was adopted: as
// a fact for a single run, as a probability for a Monte Carlo.
func adoptionSentence(d *results.RunData) string {
	s := d.Summary
	where := ""
	if s.DecidedSession != nil {
		where = results.SessionPhrase(firstNonEmpty(s.DecidedSessionName, sessionName(d, *s.DecidedSession)))
	}
	if s.Runs == 1 {
		switch {
		case s.AdoptedProbability < 1:
			return "The treaty was not adopted."
		case s.AdoptedByVoteProbability >= 1:
			return "The treaty was adopted by a recorded vote at " + where + "."
		default:
			return "The treaty was adopted by consensus at " + where + "."
		}
	}
	out := fmt.Sprintf("The treaty was adopted in %s of %d runs (95%% interval %s to %s), by a recorded vote in %s.",
		percent(s.AdoptedProbability), s.Runs, percent(s.AdoptedInterval[0]), percent(s.AdoptedInterval[1]),
		percent(s.AdoptedByVoteProbability))
	if where != "" && s.AdoptedProbability > 0 {
		out += " It was most often adopted at " + where + "."
	}
	return out
}

// figureText is the title and caption of each plot: what it shows and how
// to read it, and the section of the report that shows it (a key of
// figureSections; another key puts it under "More figures").
var figureText = []struct {
	name, section, title, caption string
}{
	{PlotSurvival, "outcome", "Which clauses survive",
		"Each row is a clause, by its title. For one run, a mark says whether the clause is in the adopted treaty: kept as proposed (the opening text's option), " +
			"kept in another wording (the change is on the right) or deleted; when the treaty failed, no clause survives. " +
			"For a Monte Carlo, the dot is the probability that the clause is in the adopted treaty, the bar its 95% interval (Wilson), and on the right the most frequent final option."},
	{PlotDecided, "outcome", "When the treaty was adopted",
		"Over the runs, the share in which the treaty was adopted at each session where some run adopted it, by consensus and by a recorded vote; " +
			"the grey bar is the share in which it was not adopted. A single run's outcome is in the summary."},
	{PlotFlows, "coalitions", "Who moved where",
		"Each column is a session and each block a coalition (the number is its size). The bands between columns carry the states from one session's coalition to the next's, " +
			"as wide as the number of states: straight bands are coalitions that held; crossing bands are states that changed sides. " +
			"Under each session, its coalitions, named after their weightiest members as they were in that session (\"as before\": the name it had in the session before). " +
			"The table \"Who changed coalition, and why\" below names them, with the exchanges, payments and events of the session that may explain the move."},
	{PlotAgreement, "coalitions", "Agreement between states",
		"Each cell is the agreement between two states at the end of the session (1: same demands on every clause discussed and the same votes). " +
			"States are ordered by coalition (the colour strips on the edges): bright squares on the diagonal are cohesive coalitions, bright cells off it are bridges between them."},
	{PlotMap, "coalitions", "Positions of the delegations",
		"Each row is a session and each dot the states of one coalition that ask for the same at the table (its area and number: how many), placed by the first principal component " +
			"of their demands on all clauses: the line along which the room divides most (the axis says how much of the differences between states it shows). " +
			"When a second component matters too, each session is a panel, both axes to the same scale. A dot that moves is states that changed what they ask for, " +
			"by concession, exchange or persuasion. Colours are coalitions, named per session on the right; ringed states are named."},
	{PlotTrajectories, "positions", "Positions round by round",
		"One clause, session by session: every session held is on the axis, shaded where the clause was not on its agenda. Solid lines: what each state demanded at the table after each round; " +
			"dashed: what it wanted (its preference after talking with its groups). The light band is the option the negotiating text held, from the opening text (the square) on; " +
			"triangles mark the clause inserted or re-inserted, crosses its drops (with the chair's draft that made them). Lines that converge on the band show concessions."},
	{PlotTimeline, "outcome", "The text, session by session",
		"Each row is a clause, each column a moment of the negotiation: the text at the end of each session and, before it, each draft the chair tabled, as tabled. " +
			"Blue: the clause holds its opening option; orange: another option; grey: out of the text (deleted or dropped). Pale cells in brackets are still contested, solid ones agreed. " +
			"+ marks a clause inserted or re-inserted (a proposal, a delegation re-tabling it, a draft), × one dropped (by a chair's draft or from the final package). " +
			"The framed column on the right is the final text, with each clause's option."},
	{PlotOptionShares, "outcome", "Which option each clause ended with",
		"Each bar is a clause, split by how often each option was the one in the final text over the runs (adopted or not): blue the opening option, grey deleted, " +
			"other colours the other options, named in the bar where there is room. A bar of one colour is a clause that ended the same way in every run."},
	{PlotVotes, "votes", "Recorded votes",
		"Each recorded vote: how many states voted yes, no or abstained, and whether it passed. Over a Monte Carlo, the bars are the mean tallies over the runs in which the vote was held " +
			"and the whiskers the range of 90% of those runs (5th to 95th percentile)."},
	{PlotVoteMap, "votes", "How each state voted",
		"Each delegation's country in the colour of its vote. Dark grey: present but not voting; grey: took no part or was not in the room (the legend says why); " +
			"palest: not a delegation of the scenario. States too small for a world map are dots at their capitals. Equal Earth projection; map data: Natural Earth, via world-atlas."},
	{PlotWorldSessions, "coalitions", "Coalitions on the world map, session by session",
		"Every session in which coalitions formed, as a small map: each delegation's country in the colour of its coalition in that session (a coalition keeps its colour and number across sessions, as in the flow chart). " +
			"Under each map, the coalitions and their sizes in that session; their names, which change as members come and go, are on the large maps below and under the flow chart. Grey: took no part."},
	{PlotWorld, "coalitions", "Coalitions on the world map",
		"Each delegation's country in the colour of its coalition in the session (the colours of the other coalition plots; the legend names each coalition after its weightiest members and gives its size). " +
			"Grey: took no part or was not in the room, with the reason in the legend; palest: not a delegation of the scenario. States too small for a world map are dots at their capitals. " +
			"The projection (Equal Earth) keeps areas true, so no country looks larger than it is. Map data: Natural Earth, via world-atlas."},
}

// figureSections are the sections of the report that show figures, by
// the key figureText gives them, in the order of the page: "outcome" (the
// clauses), "narrative" (what happened), "votes", "exchanges",
// "coalitions" and "positions". A figure of another key goes to a last
// section, "more", so that none is lost.
var figureSections = []string{"outcome", "narrative", "votes", "exchanges", "coalitions", "positions"}

// reportFigures picks the PNG of each plot, in the order the report shows
// them, as data: URIs.
func reportFigures(d *results.RunData, plots results.Files) map[string][]reportFigure {
	names := make([]string, 0, len(plots))
	for name := range plots {
		names = append(names, name)
	}
	slices.Sort(names)
	out := map[string][]reportFigure{}
	for _, ft := range figureText {
		for _, name := range names {
			base, ok := strings.CutSuffix(strings.TrimPrefix(name, "plots/"), ".png")
			if !ok || (base != ft.name && !strings.HasPrefix(base, ft.name+"-")) {
				continue
			}
			title := ft.title
			if session, ok := strings.CutPrefix(base, PlotAgreement+"-"); ok && ft.name == PlotAgreement {
				title += ", " + sessionName(d, session)
			}
			src := "data:image/png;base64," + base64.StdEncoding.EncodeToString(plots[name])
			section := ft.section
			if !slices.Contains(figureSections, section) {
				section = "more"
			}
			// The URI is built here from bytes Plots drew, not from input.
			out[section] = append(out[section], reportFigure{ID: "fig-" + base, Title: title, Caption: ft.caption, Src: template.URL(src)})
		}
	}
	return out
}

// PlotsAndReport draws the plots of a results folder read back and the
// report that shows them: the files plots/* and report.html that
// treatysim run, treatysim plot and the classroom's games add to a folder.
func PlotsAndReport(d *results.RunData, opt PlotOptions) (results.Files, error) {
	plots, err := Plots(d, opt)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	page, err := Report(d, plots)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	plots["report.html"] = page
	return plots, nil
}
