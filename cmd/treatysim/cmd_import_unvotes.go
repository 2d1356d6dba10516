package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
	"github.com/treatysim/treatysim/scenarios/importers/unvotes"
)

const importUnvotesHelp = `
Estimate, from the recorded votes of the UN General Assembly (DIR holds
roll_calls.csv and votes.csv, as in ../shared/data/unvotes), where every
state stands, and write the [record] block that grounds a scenario's
states in it (docs/alignment.md):

  ideal points   each state's position on the main dimension of UN voting,
                 by a one-dimensional ordinal item-response model (yes,
                 abstain, no) in the manner of Bailey, Strezhnev and Voeten
                 (2017), over the --window and session by session, with
                 95% intervals; the fit is reported in sample and on
                 held-out roll calls;
  agreement      with the --agree states on the roll calls whose title
                 matches --topic (Voeten's index: 1 same vote, 0.5 one
                 abstains, 0 opposite);
  alignment      on the --divide (low state -1, high state +1): the mean
                 side a state took on the topic's roll calls where the two
                 voted opposite, shrunk by empirical Bayes toward what its
                 ideal point predicts; its uncertainty is the posterior
                 standard deviation.

Writes into --out: ideal-points.csv (state, session, ideal point,
interval, agreement, abstention rate), alignment.csv, record.toml (paste
it into a scenario, or append it), fit.json and plots/. Nothing after the
data's last session is used or needed.`

const defaultTopic = `(?i)information and telecommunications|information and communications tech|cyberspace|information, international security`

func cmdImportUnvotes(args []string) error {
	fs := newFlags("import unvotes", "import unvotes DIR [--window 69-73] [--divide USA,RUS] [--agree RUS,CHN,USA] [--topic REGEXP] [--lean-groups ID,...] [--sessions=false] [--seed N] [--out DIR] [--force]", importUnvotesHelp)
	window := fs.String("window", "69-73", "sessions FROM-TO to estimate over (the 69th opened in 2014, the 73rd in 2018)")
	divide := fs.String("divide", "USA,RUS", "the two reference states of the divide: low end (-1), high end (+1)")
	agree := fs.String("agree", "RUS,CHN,USA", "reference states for the agreement columns")
	topic := fs.String("topic", defaultTopic, "regular expression on roll-call titles: the topic's roll calls")
	lean := fs.String("lean-groups", "", "groups of the target scenario whose templates the record leans (written as record.lean_groups)")
	perSession := fs.Bool("sessions", true, "also estimate every session on its own (slower)")
	seed := fs.Uint64("seed", 1, "seed of the held-out split")
	out := fs.String("out", "results-out/unvotes", "output folder")
	force := fs.Bool("force", false, "replace an existing output folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import unvotes: give the folder that holds roll_calls.csv and votes.csv (see treatysim import unvotes --help)")
	}
	from, to, err := parseWindow(*window)
	if err != nil {
		return err
	}
	div := commaList(*divide)
	if len(div) != 2 {
		return usagef("import unvotes: --divide takes two states, low end first (e.g. USA,RUS); got %q", *divide)
	}
	refs := commaList(*agree)
	re, err := regexp.Compile(*topic)
	if err != nil {
		return usagef("import unvotes: --topic: %v", err)
	}
	if err := results.CheckOut(*out, *force); err != nil {
		return err
	}

	all, err := unvotes.Read(pos[0])
	if err != nil {
		return usagef("import unvotes: %s", strings.TrimPrefix(err.Error(), "unvotes: "))
	}
	rec := all.Window(from, to)
	if len(rec.RollCalls) == 0 {
		return usagef("import unvotes: no roll call in sessions %d-%d; the data hold sessions %d-%d", from, to, all.RollCalls[0].Session, all.RollCalls[len(all.RollCalls)-1].Session)
	}
	for _, s := range append(append([]string{}, div...), refs...) {
		if _, n := rec.AbstentionRate(s); n == 0 {
			return usagef("import unvotes: %s cast no vote in sessions %d-%d", s, from, to)
		}
	}
	fit, err := unvotes.IdealPoints(rec, unvotes.Options{Reference: div[0], HeldOutShare: 0.2, Rand: rand.New(rand.NewPCG(*seed, 0x756e766f746573))})
	if err != nil {
		return err
	}
	topicRCs := rec.Topic(re)
	contested, sides := rec.Sides(topicRCs, div[0], div[1])
	aligned, model, ok := unvotes.Align(fit.Points, sides, div[0], div[1])
	if !ok {
		return usagef("import unvotes: %s and %s never voted on opposite sides of a roll call on the topic in sessions %d-%d; choose other --divide states, --topic or --window", div[0], div[1], from, to)
	}

	var sessions []unvotes.SessionFit
	if *perSession {
		if sessions, err = unvotes.PerSession(all, unvotes.Options{Reference: div[0]}); err != nil {
			return err
		}
	}

	files := results.Files{}
	files["ideal-points.csv"] = idealPointsCSV(all, rec, fit, sessions, re, refs, from, to)
	files["alignment.csv"] = alignmentCSV(aligned)
	files["record.toml"] = recordTOML(rec, aligned, contested, div, commaList(*lean), from, to)
	meta := map[string]any{
		"data": pos[0], "window": fmt.Sprintf("%d-%d", from, to), "divide": div, "topic": *topic, "seed": *seed,
		"roll_calls": fit.RollCalls, "votes": fit.Votes, "states": len(fit.Points),
		"in_sample": fit.InSample, "in_sample_baseline": fit.InSampleBaseline,
		"held_out": fit.HeldOut, "held_out_baseline": fit.HeldOutBaseline,
		"topic_roll_calls": resolutions(rec, topicRCs), "contested_roll_calls": resolutions(rec, contested),
		"align_model": model,
	}
	if files["fit.json"], err = json.MarshalIndent(meta, "", "  "); err != nil {
		return err
	}
	plots, err := report.IdealPointPlots(plotPoints(aligned), plotSessions(sessions), refsAndNamed(div, refs), [2]string{div[0], div[1]})
	if err != nil {
		return err
	}
	for k, v := range plots {
		files[k] = v
	}
	if err := results.WriteDir(*out, files, *force); err != nil {
		return err
	}
	fmt.Printf("UN General Assembly, sessions %d-%d: %d roll calls, %d votes, %d states\n", from, to, fit.RollCalls, fit.Votes, len(fit.Points))
	fmt.Printf("  votes predicted in sample: %.1f%% (each roll call's modal vote: %.1f%%)\n", 100*fit.InSample, 100*fit.InSampleBaseline)
	fmt.Printf("  on held-out roll calls:    %.1f%% (modal vote: %.1f%%)\n", 100*fit.HeldOut, 100*fit.HeldOutBaseline)
	fmt.Printf("  topic: %d roll calls, %d contested by %s and %s (%s)\n", len(topicRCs), len(contested), div[0], div[1], strings.Join(resolutions(rec, contested), ", "))
	fmt.Printf("  alignment: %d states placed by their votes (one vote's sd %.2f on the -1..1 scale), %d by their ideal point (%.2f %+.2f x point, residual sd %.2f)\n",
		model.States, math.Sqrt(model.Sigma2)*2/(model.High-model.Low), model.Predicted, model.Alpha, model.Beta, model.ResidualSD)
	fmt.Printf("wrote %s\n", *out)
	return nil
}

// parseWindow reads FROM-TO (or a single session).
func parseWindow(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || from > to || from < 1 {
		return 0, 0, usagef("import unvotes: --window %q: want FROM-TO, two session numbers in order (e.g. 69-73)", s)
	}
	return from, to, nil
}

func resolutions(rec *unvotes.Record, rcs []int) []string {
	out := make([]string, len(rcs))
	for k, j := range rcs {
		out[k] = rec.RollCalls[j].Resolution
	}
	return out
}

// refsAndNamed lists the states the plots label: the references and a
// few of the middle whose place teachers ask about, chosen to land apart
// on the plot.
func refsAndNamed(div, refs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append(append([]string{}, div...), refs...), "GBR", "JPN", "IND", "BRA", "TUR", "CHL", "CUB") {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

func idealPointsCSV(all, win *unvotes.Record, fit *unvotes.Fit, sessions []unvotes.SessionFit, topic *regexp.Regexp, refs []string, from, to int) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"state", "session", "year", "ideal_point", "low", "high", "votes", "abstention_rate"}
	for _, r := range refs {
		head = append(head, "agreement_with_"+r)
	}
	head = append(head, "topic_votes")
	w.Write(head)
	rows := func(rec *unvotes.Record, session string, year int, pts []unvotes.Estimate) {
		rcs := rec.Topic(topic)
		for _, p := range pts {
			rate, _ := rec.AbstentionRate(p.State)
			row := []string{p.State, session, strconv.Itoa(year), f3(p.Point), f3(p.Point - 1.96*p.SD), f3(p.Point + 1.96*p.SD), strconv.Itoa(p.Votes), f3(rate)}
			n := 0
			for _, r := range refs {
				a, k, ok := rec.Agreement(rcs, p.State, r)
				cell := ""
				if ok {
					cell = f3(a)
				}
				n = max(n, k)
				row = append(row, cell)
			}
			w.Write(append(row, strconv.Itoa(n)))
		}
	}
	for _, s := range sessions {
		rows(all.Window(s.Session, s.Session), strconv.Itoa(s.Session), s.Session+1945, s.Fit.Points)
	}
	rows(win, fmt.Sprintf("%d-%d", from, to), from+1945, fit.Points)
	w.Flush()
	return b.Bytes()
}

func alignmentCSV(aligned []unvotes.Alignment) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"state", "alignment", "alignment_sd", "side", "side_votes", "ideal_point"})
	for _, a := range aligned {
		w.Write([]string{a.State, f3(a.Mean), f3(a.SD), f3(a.Side), strconv.Itoa(a.SideVotes), f3(a.Point)})
	}
	w.Flush()
	return b.Bytes()
}

// recordTOML writes the [record] block of a scenario.
func recordTOML(rec *unvotes.Record, aligned []unvotes.Alignment, contested []int, div, lean []string, from, to int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Generated by treatysim import unvotes (docs/alignment.md): estimates from the\n")
	fmt.Fprintf(&b, "# UN General Assembly's recorded votes, sessions %d-%d (%d-%d). Regenerate; do not edit.\n", from, to, from+1945, to+1945)
	b.WriteString("[record]\n")
	fmt.Fprintf(&b, "source = %q\n", fmt.Sprintf("unvotes: UN General Assembly roll calls of sessions %d-%d (Voeten, Strezhnev and Bailey, via the R package unvotes); ideal points by a one-dimensional ordinal item-response model; alignment on the %s-%s divide: a state's place between the two on the contested roll calls %s (each centred on its mean), predicted from the ideal point for states that cast none",
		from, to, div[0], div[1], strings.Join(resolutions(rec, contested), ", ")))
	fmt.Fprintf(&b, "window = \"%d-%d\"\n", from, to)
	fmt.Fprintf(&b, "divide = [%q, %q]\n", div[0], div[1])
	if len(lean) > 0 {
		q := make([]string, len(lean))
		for i, g := range lean {
			q[i] = strconv.Quote(g)
		}
		fmt.Fprintf(&b, "lean_groups = [%s]\n", strings.Join(q, ", "))
	}
	b.WriteString("\n[record.states]\n")
	for _, a := range aligned {
		rate, _ := rec.AbstentionRate(a.State)
		fmt.Fprintf(&b, "%s = { alignment = %s, alignment_sd = %s, ideal_point = %s, ideal_sd = %s, side = %s, side_votes = %d, abstention = %s }\n",
			a.State, f3(a.Mean), f3(max(a.SD, 0.001)), f3(a.Point), f3(a.PointSD), f3(a.Side), a.SideVotes, f3(rate))
	}
	return b.Bytes()
}

func plotPoints(aligned []unvotes.Alignment) []report.IdealPoint {
	out := make([]report.IdealPoint, len(aligned))
	for i, a := range aligned {
		out[i] = report.IdealPoint{State: a.State, Point: a.Point, PointSD: a.PointSD, Alignment: a.Mean, AlignedSD: a.SD, SideVotes: a.SideVotes}
	}
	return out
}

func plotSessions(sessions []unvotes.SessionFit) []report.SessionPoint {
	var out []report.SessionPoint
	for _, s := range sessions {
		for _, p := range s.Fit.Points {
			out = append(out, report.SessionPoint{State: p.State, Session: s.Session, Point: p.Point, SD: p.SD, SessionYear: s.Session + 1945})
		}
	}
	return out
}
