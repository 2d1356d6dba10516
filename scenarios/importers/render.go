package importers

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// QMVThreshold is the vote threshold that stands for the Council's
// qualified majority: 55% of those voting. The real rule is a double
// majority (55% of member states representing 65% of the EU's
// population; before 2014, weighted votes); the engine counts heads, so
// the population criterion is left out.
const QMVThreshold = 0.55

// DefaultRounds is the number of bargaining rounds of the one session.
const DefaultRounds = 10

// Options control Render.
type Options struct {
	Issues []int  // the issues to include, by index; nil: all of them
	ID     string // scenario id; default: from the file name (and the issue, for one)
	Title  string // default: the data set's title (and the issue's, for one)
	Rounds int    // bargaining rounds of the session; default DefaultRounds
	// Continuous marks every clause continuous: the outcome may be any
	// point of the issue's scale, not only a position someone took.
	Continuous bool
	Model      Model // model parameters; a zero field is left to the format's default
}

// Model holds the model parameters Render writes into [model]; a zero
// field is not written, and the format's default applies.
type Model struct {
	Curvature            float64
	ChairStep            float64
	BlockingShare        float64
	ObjectionTemperature float64
	StandoutCost         float64
	VoteIndifference     float64
	Concession           float64 // beta of the pragmatists, the disposition every actor has
	// ActiveSalience is the raw salience from which an actor trades
	// (exchange); zero leaves the format's default.
	ActiveSalience float64
	// NoExchange switches the engine's exchange (logrolls) off; the
	// format's default is on.
	NoExchange bool
}

// curvature is the exponent of the loss, default 2 as in the format.
func (m Model) curvature() float64 {
	if m.Curvature == 0 {
		return 2
	}
	return m.Curvature
}

// ClauseOptions returns the options of issue k as a clause: the distinct
// positions taken on it and its reference point, sorted, and the index of
// the opening option: the reference point where known (the status quo is
// the text on the table), else the proposer's position (DEU: the
// Commission's proposal), else the option nearest the compromise of the
// positions. An issue on which every position (and the reference point)
// is the same gets the far end of the scale as a second option, since a
// clause needs two.
func (ds *Dataset) ClauseOptions(k int) (values []float64, opening int) {
	is := &ds.Issues[k]
	for _, st := range is.Stands {
		values = append(values, st.Position)
	}
	if is.HasRef() {
		values = append(values, is.Ref)
	}
	sort.Float64s(values)
	values = dedupe(values)
	if len(values) == 1 {
		if values[0] >= 0.5 {
			values = []float64{0, values[0]}
		} else {
			values = append(values, 1)
		}
	}
	open := math.NaN()
	switch {
	case is.HasRef():
		open = is.Ref
	case ds.Proposer >= 0:
		for _, st := range is.Stands {
			if st.Actor == ds.Proposer {
				open = st.Position
			}
		}
	}
	if math.IsNaN(open) {
		open = Compromise(is.Stands)
	}
	return values, nearest(values, open)
}

// Compromise is the compromise model's prediction for a set of stands:
// the capability- and salience-weighted mean of their positions; with no
// weight at all, the plain mean.
func Compromise(stands []Stand) float64 {
	num, den, sum := 0.0, 0.0, 0.0
	for _, st := range stands {
		w := st.Capability * st.Salience
		num += w * st.Position
		den += w
		sum += st.Position
	}
	if den > 0 {
		return num / den
	}
	if len(stands) == 0 {
		return math.NaN()
	}
	return sum / float64(len(stands))
}

// NoTreaty is an actor's value of no agreement on the given issues, on the
// engine's utility scale: its utility of the text that leaves every
// reference point in place, 1 - sum_c w_c |ref_c - x_c|^a, with w_c its
// saliences scaled as the engine scales them (to sum to at most 1). Where
// an issue's reference point is unknown, the actor counts no agreement as
// bad as the worst option on the issue for it (an assumption: with nothing
// to fall back on, any agreement beats none).
func (ds *Dataset) NoTreaty(actor int, issues []int, curvature float64) float64 {
	sum, loss := 0.0, 0.0
	for _, k := range issues {
		if st := ds.stand(k, actor); st != nil {
			sum += st.Salience
		}
	}
	scale := 1.0
	if sum > 1 {
		scale = 1 / sum
	}
	for _, k := range issues {
		st := ds.stand(k, actor)
		if st == nil {
			continue
		}
		is := &ds.Issues[k]
		gap := 0.0
		if is.HasRef() {
			gap = math.Abs(is.Ref - st.Position)
		} else {
			values, _ := ds.ClauseOptions(k)
			gap = math.Max(math.Abs(values[0]-st.Position), math.Abs(values[len(values)-1]-st.Position))
		}
		loss += scale * st.Salience * math.Pow(gap, curvature)
	}
	// Rounded to nine decimals, so that the scenario file reads well; the
	// backtest uses this same value.
	return math.Round(math.Min(1, math.Max(0, 1-loss))*1e9) / 1e9
}

// stand returns actor's stand on issue k, or nil when it takes no part.
func (ds *Dataset) stand(k, actor int) *Stand {
	for j := range ds.Issues[k].Stands {
		if ds.Issues[k].Stands[j].Actor == actor {
			return &ds.Issues[k].Stands[j]
		}
	}
	return nil
}

// Render writes the issues of the dataset chosen in opt as a scenario in
// the TOML format of package scenarios: one clause per issue (its options
// from ClauseOptions; clusters are DEU proposals), one state per actor
// taking part in any of them (an actor gets salience 0 on the issues it
// takes no part in), capabilities from the dataset's capability source,
// values of no treaty from NoTreaty, and one concluding session whose
// deadline pressure rises to 1. The rule: consensus when an issue needs
// unanimity, else consensus then a vote at QMVThreshold.
func Render(ds *Dataset, opt Options) ([]byte, error) {
	issues := opt.Issues
	if issues == nil {
		issues = make([]int, len(ds.Issues))
		for k := range issues {
			issues[k] = k
		}
	}
	if len(issues) == 0 {
		return nil, fmt.Errorf("%s: no issue to render", ds.Name)
	}
	for _, k := range issues {
		if k < 0 || k >= len(ds.Issues) {
			return nil, fmt.Errorf("%s: no issue with index %d", ds.Name, k)
		}
	}
	rounds := opt.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	base := strings.TrimSuffix(filepath.Base(ds.Name), filepath.Ext(ds.Name))
	id, title := opt.ID, opt.Title
	if id == "" {
		id = base
		if len(issues) == 1 {
			id += "-" + ds.Issues[issues[0]].ID
		}
	}
	if title == "" {
		title = ds.Title
		if len(issues) == 1 {
			title += ": " + ds.Issues[issues[0]].Title
		}
	}
	ids := newIDs()
	id = ids.make("scenario", id)

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Imported from %s by treatysim import %s: %d issue(s).\n", tomlComment(filepath.Base(ds.Name)), ds.Format, len(issues))
	w("# One clause per issue; positions and saliences mapped to [0,1]; see docs/validation.md.\n\n")
	w("format = 1\n\n[scenario]\nid = %s\ntitle = %s\n", tomlString(id), tomlString(title))
	w("description = %s\n", tomlString(fmt.Sprintf(
		"Imported from %s (%s format). Options: the positions taken and the reference point. Capability: %s. "+
			"Value of no treaty: each actor's utility of the reference points (where none is known, of its worst option).",
		filepath.Base(ds.Name), ds.Format, ds.Capability)))
	w("sources = [%s, %s]\nseed = 1\n\n", tomlString(ds.Source), tomlString("file: "+filepath.Base(ds.Name)))

	unanimity, qmv := false, false
	for _, k := range issues {
		if ds.Issues[k].Rule == QMV {
			qmv = true
		} else {
			unanimity = true
		}
	}
	w("[rules]\n")
	switch {
	case unanimity && qmv:
		w("# The issues were decided under different rules: the package needs the stricter, unanimity.\n")
		w("decision = \"consensus\"\n\n")
	case unanimity:
		w("# Unanimity: adopted only if nobody objects.\ndecision = \"consensus\"\n\n")
	default:
		w("# Qualified majority, approximated by %g of those voting (the engine counts heads; the\n", QMVThreshold)
		w("# population criterion of the double majority is left out).\n")
		w("decision = \"consensus_then_vote\"\nvote_threshold = %s\n\n", num(QMVThreshold))
	}

	m := opt.Model
	if m != (Model{}) {
		w("[model]\n")
	}
	for _, p := range []struct {
		key string
		v   float64
	}{{"curvature", m.Curvature}, {"chair_step", m.ChairStep}, {"blocking_share", m.BlockingShare},
		{"objection_temperature", m.ObjectionTemperature}, {"standout_cost", m.StandoutCost},
		{"vote_indifference", m.VoteIndifference}, {"active_salience", m.ActiveSalience}} {
		if p.v != 0 {
			w("%s = %s\n", p.key, num(p.v))
		}
	}
	if m.NoExchange {
		w("exchange = false\n")
	}
	if m.Concession != 0 {
		w("\n[model.dispositions.pragmatist]\nconcession = %s\n", num(m.Concession))
	}
	if m != (Model{}) {
		w("\n")
	}

	// Clusters: the proposals of DEU, or one for the whole file.
	clusterOf := make([]string, len(issues))
	var clusters []string
	clusterIDs := map[string]string{}
	for n, k := range issues {
		is := &ds.Issues[k]
		key, t := is.Group, is.GroupTitle
		if key == "" {
			key, t = "issues", ds.Title
		}
		cid, ok := clusterIDs[key]
		if !ok {
			cid = ids.make("cluster", key)
			clusterIDs[key] = cid
			clusters = append(clusters, cid)
			if t == "" {
				t = key
			} else if is.Group != "" {
				t += " (" + is.Group + ")"
			}
			w("[clusters.%s]\ntitle = %s\n", cid, tomlString(t))
		}
		clusterOf[n] = cid
	}
	w("\n")

	clauseIDs := make([]string, len(issues))
	opening := make([]float64, len(issues))
	for n, k := range issues {
		is := &ds.Issues[k]
		cid := ids.make("clause", is.ID)
		clauseIDs[n] = cid
		values, open := ds.ClauseOptions(k)
		opening[n] = values[open]
		optIDs := newIDs()
		w("[clauses.%s]\ntitle = %s\ncluster = %s\n", cid, tomlString(is.Title), tomlString(clusterOf[n]))
		src := fmt.Sprintf("%s:%d: issue %s; rule %s", filepath.Base(ds.Name), is.Line, is.ID, is.RuleText)
		if is.HasOutcome() {
			src += "; recorded outcome " + strconv.FormatFloat(round6(is.Lo+is.Outcome*(is.Hi-is.Lo)), 'f', -1, 64)
		}
		w("source = %s\n", tomlString(src))
		var opts []string
		for o, v := range values {
			file := round6(is.Lo + v*(is.Hi-is.Lo))
			oid := optIDs.make("option", "v"+strings.NewReplacer("-", "m", ".", "_").Replace(strconv.FormatFloat(file, 'f', -1, 64)))
			if o == open {
				w("opening = %s\n", tomlString(oid))
			}
			opts = append(opts, fmt.Sprintf("  { id = %s, label = %s, value = %s },\n", tomlString(oid),
				tomlString(ds.optionLabel(is, v, file)), num(v)))
		}
		if opt.Continuous {
			w("continuous = true\n")
		}
		w("options = [\n%s]\n\n", strings.Join(opts, ""))
	}

	curv := m.curvature()
	for a, actor := range ds.Actors {
		part := false
		for _, k := range issues {
			part = part || ds.stand(k, a) != nil
		}
		if !part {
			continue
		}
		w("[states.%s]\nname = %s\n", actor.Code, tomlString(actor.Name))
		c := ds.meanCapability(a, issues)
		w("capability = %s\nno_treaty = %s\n", num(c), num(ds.NoTreaty(a, issues, curv)))
		w("source = %s\n", tomlString(fmt.Sprintf("%s: actor %s", filepath.Base(ds.Name), actor.Key)))
		for n, k := range issues {
			st := ds.stand(k, a)
			if st == nil {
				// Takes no part: it does not care, wherever it stands.
				w("positions.%s = { ideal = %s, salience = 0.0 }\n", clauseIDs[n], num(opening[n]))
				continue
			}
			w("positions.%s = { ideal = %s, salience = %s }\n", clauseIDs[n], num(st.Position), num(st.Salience))
		}
		w("\n")
	}

	w("# One concluding session: rounds of concession, exchange (when on) and the chair's revisions,\n")
	w("# then the chair's final package (every clause at the wording nearest the compromise of the\n")
	w("# demands) put for adoption under the rule above.\n")
	w("[[sessions]]\nid = \"negotiation\"\nname = %s\n", tomlString("Negotiation of "+title))
	w("phase = \"concluding\"\n")
	w("agenda = [%s]\n", strings.Join(quoteAll(clusters), ", "))
	w("rounds = %d\npressure = 1.0\n", rounds)
	return []byte(b.String()), nil
}

// meanCapability is an actor's mean capability over the issues it takes
// part in: decide gives power per issue, a scenario one capability per
// state (in the files at hand, an actor's power is the same on every
// issue).
func (ds *Dataset) meanCapability(a int, issues []int) float64 {
	sum, n := 0.0, 0
	for _, k := range issues {
		if st := ds.stand(k, a); st != nil {
			sum += st.Capability
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return sum / float64(n)
}

// optionLabel says who stands at an option, and whether it is the
// reference point.
func (ds *Dataset) optionLabel(is *Issue, v, file float64) string {
	var who []string
	for _, st := range is.Stands {
		if st.Position == v {
			who = append(who, ds.Actors[st.Actor].Code)
		}
	}
	label := strconv.FormatFloat(file, 'f', -1, 64) + " on the scale"
	if len(who) > 0 {
		label += ": position of " + strings.Join(who, ", ")
	}
	if is.HasRef() && is.Ref == v {
		label += "; the reference point (no agreement)"
	}
	return label
}

// ids makes valid, distinct ids within one namespace each.
type idMaker struct{ used map[string]bool }

func newIDs() *idMaker { return &idMaker{used: map[string]bool{}} }

// make turns s into an id ([a-z0-9][a-z0-9_-]*) not used before in the
// namespace, adding -2, -3, ... when needed.
func (m *idMaker) make(namespace, s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	id := b.String()
	if id == "" || id[0] == '_' || id[0] == '-' {
		id = "x" + id
	}
	if len(id) > 60 {
		id = id[:60]
	}
	out := id
	for n := 2; m.used[namespace+"\x00"+out]; n++ {
		out = id + "-" + strconv.Itoa(n)
	}
	m.used[namespace+"\x00"+out] = true
	return out
}

// tomlString quotes s as a TOML basic string: backslash, quote and
// control characters escaped, invalid UTF-8 replaced.
func tomlString(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlComment makes s safe inside a comment: one line, no control
// characters.
func tomlComment(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// num writes a float so that TOML reads it as a float and gets it back
// exactly.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") { // n: NaN and Inf never reach here
		s += ".0"
	}
	return s
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for k, s := range ss {
		out[k] = tomlString(s)
	}
	return out
}

// round6 rounds to six decimals, for labels and ids in the file's units.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// dedupe removes adjacent duplicates from a sorted slice.
func dedupe(v []float64) []float64 {
	out := v[:0]
	for k, x := range v {
		if k == 0 || x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// nearest returns the index of the value nearest v (ties: the lower).
func nearest(values []float64, v float64) int {
	best, bestD := 0, math.Inf(1)
	for k, x := range values {
		if d := math.Abs(x - v); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
