package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"github.com/treatysim/treatysim/results"
	"html/template"
	"slices"
	"strings"
)

// Report renders report.html: one self-contained page (CSS inline, plots
// inline as data: URIs, no script, nothing fetched from the network) that
// a teacher can open from a USB stick and put on a projector. It holds the
// summary, the clause table, the narrative, the recorded votes (over the
// runs of a Monte Carlo: tallies, and the states least sure of theirs), the
// exchanges, the coalitions of every session with the states that moved
// between them and why, and the plots with captions saying how to read
// them. plots is what Plots
// returned; plots the folder does not have are left out.
func Report(d *results.RunData, plots results.Files) ([]byte, error) {
	if d == nil || d.Summary == nil || d.Scenario == nil {
		return nil, fmt.Errorf("report: %w: no summary or scenario", results.ErrNotResults)
	}
	v := reportView{
		Title:       firstNonEmpty(d.Summary.Title, d.Scenario.Title, d.Scenario.ID),
		Scenario:    d.Scenario.ID,
		Question:    d.Scenario.Question,
		Description: d.Scenario.Description,
		Seed:        d.Summary.Seed,
		Runs:        d.Summary.Runs,
		Single:      d.Summary.Runs == 1,
		Partial:     d.Summary.Partial,
		Adoption:    adoptionSentence(d),
		Decided:     decidedRows(d),
		Clauses:     clauseRows(d),
		Narrative:   results.Narrative(d),
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
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b.Bytes(), nil
}

type reportView struct {
	Title, Scenario, Question, Description string
	Seed, Runs                             uint64
	Single, Partial                        bool
	Replay                                 string
	Adoption                               string
	Decided                                []decidedRow
	Clauses                                []clauseRow
	Narrative                              []results.Section
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
	Title, Caption string
	Src            template.URL
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
		where = firstNonEmpty(s.DecidedSessionName, *s.DecidedSession)
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
// to read it.
var figureText = []struct {
	name, section, title, caption string
}{
	{PlotSurvival, "outcome", "Which clauses survive",
		"Each row is a clause: the dot is the probability that it is in the adopted treaty, the bar its 95% interval (Wilson). " +
			"One run says little, so its intervals are wide; a Monte Carlo narrows them. On the right, the final option (the most frequent one over runs)."},
	{PlotDecided, "outcome", "When the treaty was adopted",
		"The share of runs in which the treaty was adopted at each session that could decide; the grey bar is the share in which it was not adopted."},
	{PlotSizes, "coalitions", "Coalition sizes",
		"Each bar is a session; each colour a coalition (communities of states that agree, found in the agreement between their demands at the table and their votes). " +
			"A coalition keeps its colour and its number from session to session."},
	{PlotFlows, "coalitions", "Who moved where",
		"Each column is a session and each block a coalition (the number is its size). The bands between columns carry the states from one session's coalition to the next's, " +
			"as wide as the number of states: straight bands are coalitions that held; crossing bands are states that changed sides. " +
			"The table \"Who changed coalition, and why\" below names them, with the exchanges, payments and events of the session that may explain the move."},
	{PlotAgreement, "coalitions", "Agreement between states",
		"Each cell is the agreement between two states at the end of the session (1: same demands on every clause discussed and the same votes). " +
			"States are ordered by coalition (the colour strips on the edges): bright squares on the diagonal are cohesive coalitions, bright cells off it are bridges between them."},
	{PlotMap, "coalitions", "Where the states stand",
		"Each dot is a state, placed by the first two principal components of its demands (what it asks for at the table) on all clauses, with the same axes in every session, " +
			"so that a dot that moves is a state that changed what it asks for, by concession, exchange or persuasion. The axis labels say how much of the differences between states each axis shows " +
			"(when the first is near 100%, the room divides along a single line). Colours are coalitions; ringed states are named."},
	{PlotTrajectories, "positions", "Positions round by round",
		"Solid lines: what each state demanded at the table after each round; dashed: what it wanted (its preference after talking with its groups). " +
			"The grey band is the option the negotiating text held. Lines that converge on the band show concessions."},
}

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
			// The URI is built here from bytes Plots drew, not from input.
			out[ft.section] = append(out[ft.section], reportFigure{Title: title, Caption: ft.caption, Src: template.URL(src)})
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
