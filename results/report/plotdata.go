package report

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/treatysim/treatysim/results"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// This file computes the data behind each plot, apart from the drawing, so
// that tests can check numbers (golden files) rather than pixels, and so
// that every figure can be traced back to the files of a results folder.

// CoalitionSizes is the data of the coalitions-sizes plot: the size of
// every coalition identity in every session held.
type CoalitionSizes struct {
	Sessions   []string          `json:"sessions"`
	Coalitions []CoalitionSeries `json:"coalitions"`
}

// CoalitionSeries is one coalition identity across sessions.
type CoalitionSeries struct {
	ID    string `json:"id"`
	Name  string `json:"name"` // its name in the last session it was found in
	Sizes []int  `json:"sizes"`
}

// Flow is a band of the alluvial diagram: the states that belonged to one
// coalition in a session and to another (or the same) in the next session
// held.
type Flow struct {
	FromSession   string   `json:"from_session"`
	ToSession     string   `json:"to_session"`
	FromCoalition string   `json:"from_coalition"`
	ToCoalition   string   `json:"to_coalition"`
	States        []string `json:"states"`
}

// Count is the number of states moving: the width of the band.
func (f Flow) Count() int { return len(f.States) }

// AgreementMatrix is the agreement between the present states of one
// session, the states ordered by coalition.
type AgreementMatrix struct {
	Session    string      `json:"session"`
	States     []string    `json:"states"`
	Coalitions []string    `json:"coalitions"` // per state
	Values     [][]float64 `json:"values"`
}

// StateMap is the data of the map plot: every present state of every
// session with positions, placed on the first two principal components of
// the preference vectors (one common projection for all sessions, so that
// panels can be compared and movement read as movement).
type StateMap struct {
	Sessions  []string   `json:"sessions"`
	Explained [2]float64 `json:"explained"` // share of the variance on each axis
	Points    []MapPoint `json:"points"`
}

// MapPoint is one state in one session.
type MapPoint struct {
	Session   string  `json:"session"`
	State     string  `json:"state"`
	Coalition string  `json:"coalition"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
}

// SurvivalPoint is one clause's survival probability and its 95% interval.
type SurvivalPoint struct {
	Clause      string  `json:"clause"`
	Title       string  `json:"title"`
	Probability float64 `json:"probability"`
	Low         float64 `json:"low"`
	High        float64 `json:"high"`
	Opening     string  `json:"opening"`
	Modal       string  `json:"modal"`
}

// NoSession labels runs in which the treaty was not adopted.
const NoSession = "none"

// SessionBar is the probability that the treaty was adopted in a session
// (NoSession: not adopted).
type SessionBar struct {
	Session     string  `json:"session"`
	Name        string  `json:"name"`
	Probability float64 `json:"probability"`
}

// Trajectories is the data of the trajectories plot: chosen states'
// demands and preferences on one clause after every round in which the
// clause was on the agenda, with the text's option at the same moments.
type Trajectories struct {
	Clause  string            `json:"clause"`
	Options []OptionMark      `json:"options"`
	Steps   []Step            `json:"steps"`
	Text    []TrajectoryPoint `json:"text"`
	States  []StateTrajectory `json:"states"`
}

// OptionMark is an option of a clause and its value on the clause's scale.
type OptionMark struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
}

// Step is a moment of the negotiation: after a round of a session.
type Step struct {
	Session string `json:"session"`
	Round   int    `json:"round"`
}

// TrajectoryPoint is a value at a step (an index into Trajectories.Steps).
type TrajectoryPoint struct {
	Step  int     `json:"step"`
	Value float64 `json:"value"`
}

// StateTrajectory is one state's demand and preference on the clause.
type StateTrajectory struct {
	State      string            `json:"state"`
	Name       string            `json:"name"`
	Position   []TrajectoryPoint `json:"position"`
	Preference []TrajectoryPoint `json:"preference"`
}

// heldSessions returns the sessions of the run in the order they were
// held: from summary.json when it lists them, else in script order those
// that appear in the tables.
func heldSessions(d *results.RunData) []string {
	if d.Summary != nil && len(d.Summary.SessionsHeld) > 0 {
		return d.Summary.SessionsHeld
	}
	seen := map[string]bool{}
	for _, r := range d.Memberships {
		seen[r.Session] = true
	}
	for _, r := range d.Positions {
		seen[r.Session] = true
	}
	var out []string
	for _, s := range d.Scenario.Sessions {
		if seen[s.ID] {
			out = append(out, s.ID)
		}
	}
	return out
}

func sessionIndex(sc *scenarios.Scenario, id string) int {
	return slices.IndexFunc(sc.Sessions, func(s scenarios.SessionInfo) bool { return s.ID == id })
}

// coalitionNumber is the number of a coalition identity ("C12" -> 12): it
// orders identities and picks their colour, so that a coalition keeps its
// colour in every plot.
func coalitionNumber(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "C"))
	if err != nil {
		return math.MaxInt32
	}
	return n
}

func compareCoalitions(a, b string) int {
	return cmp.Or(cmp.Compare(coalitionNumber(a), coalitionNumber(b)), strings.Compare(a, b))
}

// coalitionIDs returns the coalition identities of the run, in order.
func coalitionIDs(d *results.RunData) []string {
	var ids []string
	for _, r := range d.Coalitions {
		if !slices.Contains(ids, r.Coalition) {
			ids = append(ids, r.Coalition)
		}
	}
	slices.SortFunc(ids, compareCoalitions)
	return ids
}

// coalitionNames returns each identity's name in the last session it was
// found in: coalitions are named after their weightiest members, which may
// change as states come and go.
func coalitionNames(d *results.RunData) map[string]string {
	names := map[string]string{}
	for _, r := range d.Coalitions { // rows are in the order sessions were held
		names[r.Coalition] = r.Name
	}
	return names
}

// SizesData computes the coalition sizes per session held.
func SizesData(d *results.RunData) CoalitionSizes {
	out := CoalitionSizes{Sessions: heldSessions(d)}
	at := map[string]int{}
	for k, s := range out.Sessions {
		at[s] = k
	}
	names := coalitionNames(d)
	for _, id := range coalitionIDs(d) {
		series := CoalitionSeries{ID: id, Name: names[id], Sizes: make([]int, len(out.Sessions))}
		for _, r := range d.Coalitions {
			if k, ok := at[r.Session]; ok && r.Coalition == id {
				series.Sizes[k] = r.Size
			}
		}
		out.Coalitions = append(out.Coalitions, series)
	}
	return out
}

// FlowData computes the flows of states between the coalitions of
// successive sessions held, from memberships.csv (a state's previous
// coalition is its coalition in the session held before). States absent
// from either session make no flow. Flows are ordered by session, then by
// source and target coalition.
func FlowData(d *results.RunData) []Flow {
	sessions := heldSessions(d)
	prev := map[string]string{}
	for k := 1; k < len(sessions); k++ {
		prev[sessions[k]] = sessions[k-1]
	}
	type key struct{ to, from, fromC, toC string }
	var keys []key
	states := map[key][]string{}
	for _, r := range d.Memberships {
		from, ok := prev[r.Session]
		if !ok || r.Previous == "" {
			continue
		}
		k := key{r.Session, from, r.Previous, r.Coalition}
		if states[k] == nil {
			keys = append(keys, k)
		}
		states[k] = append(states[k], r.State)
	}
	order := map[string]int{}
	for k, s := range sessions {
		order[s] = k
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(order[a.to], order[b.to]), compareCoalitions(a.fromC, b.fromC),
			compareCoalitions(a.toC, b.toC))
	})
	flows := make([]Flow, len(keys))
	for i, k := range keys {
		flows[i] = Flow{FromSession: k.from, ToSession: k.to, FromCoalition: k.fromC, ToCoalition: k.toC, States: states[k]}
	}
	return flows
}

// prefSnapshot is every state's preference on every clause at the end of a
// session held with positions.
type prefSnapshot struct {
	session string
	pref    []float64 // per state*clause
	present []bool    // the states at the table in the session's last round
}

// preferenceSnapshots reads positions.csv into one snapshot per session
// with positions, in the order held. positions.csv only lists the clauses
// on a session's agenda, and preferences move only there, so a clause off
// the agenda keeps the value it had at the end of the last session that
// discussed it, or the state's ideal point before any did.
func preferenceSnapshots(d *results.RunData) []prefSnapshot {
	sc := d.Scenario
	n, m := len(sc.States), len(sc.Clauses)
	stateAt, clauseAt := stateIndexes(sc), clauseIndexes(sc)
	last := map[string]int{} // session -> its last round
	for _, r := range d.Positions {
		last[r.Session] = max(last[r.Session], r.Round)
	}
	cur := make([]float64, n*m)
	for i, st := range sc.States {
		for c := range sc.Clauses {
			if c < len(st.Positions) {
				cur[i*m+c] = st.Positions[c].Ideal.Mean()
			}
		}
	}
	bySession := map[string][]results.PositionRow{}
	for _, r := range d.Positions {
		if r.Round == last[r.Session] {
			bySession[r.Session] = append(bySession[r.Session], r)
		}
	}
	var out []prefSnapshot
	for _, s := range heldSessions(d) {
		rows := bySession[s]
		if len(rows) == 0 {
			continue
		}
		snap := prefSnapshot{session: s, pref: slices.Clone(cur), present: make([]bool, n)}
		for _, r := range rows {
			i, ok1 := stateAt[r.State]
			c, ok2 := clauseAt[r.Clause]
			if ok1 && ok2 {
				snap.pref[i*m+c] = r.Preference
				snap.present[i] = true
			}
		}
		cur = snap.pref
		out = append(out, snap)
	}
	return out
}

func stateIndexes(sc *scenarios.Scenario) map[string]int {
	at := make(map[string]int, len(sc.States))
	for i, st := range sc.States {
		at[st.ID] = i
	}
	return at
}

func clauseIndexes(sc *scenarios.Scenario) map[string]int {
	at := make(map[string]int, len(sc.Clauses))
	for c, cl := range sc.Clauses {
		at[cl.ID] = c
	}
	return at
}

func parseVote(s string) agents.Vote {
	for _, v := range []agents.Vote{agents.Yes, agents.No, agents.Abstain} {
		if v.String() == s {
			return v
		}
	}
	return agents.NotVoting
}

// sessionViewOf rebuilds, from the files, the room at the end of a session
// as coalition detection saw it: the last round's preferences (carried
// forward off the agenda), the scenario's saliences, the states present
// (those placed in a coalition, or else those at the table) and the
// session's recorded votes. Saliences changed by attitude events during
// the run are not in the files; the scenario's are used.
func sessionViewOf(d *results.RunData, session string) (*results.SessionView, error) {
	sc := d.Scenario
	s := sessionIndex(sc, session)
	if s < 0 {
		return nil, fmt.Errorf("session %q is not in the scenario", session)
	}
	n, m := len(sc.States), len(sc.Clauses)
	v := &results.SessionView{Session: s, Salience: make([]float64, n*m), Present: make([]bool, n), Agenda: results.SessionAgenda(sc, s)}
	for i, st := range sc.States {
		for c := range sc.Clauses {
			if c < len(st.Positions) {
				v.Salience[i*m+c] = st.Positions[c].Salience.Mean()
			}
		}
	}
	stateAt := stateIndexes(sc)
	var snap *prefSnapshot
	snaps := preferenceSnapshots(d)
	for k := range snaps {
		if snaps[k].session == session || sessionBefore(d, snaps[k].session, session) {
			snap = &snaps[k]
		}
	}
	if snap != nil {
		v.Pos = snap.pref
	} else {
		v.Pos = make([]float64, n*m)
	}
	placed := false
	for _, r := range d.Memberships {
		if i, ok := stateAt[r.State]; ok && r.Session == session {
			v.Present[i], placed = true, true
		}
	}
	if !placed && snap != nil && snap.session == session {
		copy(v.Present, snap.present)
	}
	motions := map[string]int{}
	for _, r := range d.Votes {
		i, ok := stateAt[r.State]
		if r.Session != session || !ok {
			continue
		}
		k, seen := motions[r.Motion]
		if !seen {
			k = len(v.Votes)
			motions[r.Motion] = k
			v.Votes = append(v.Votes, make([]agents.Vote, n))
		}
		v.Votes[k][i] = parseVote(r.Vote)
	}
	return v, nil
}

// sessionBefore reports whether session a was held before session b.
func sessionBefore(d *results.RunData, a, b string) bool {
	held := heldSessions(d)
	ia, ib := slices.Index(held, a), slices.Index(held, b)
	return ia >= 0 && ib >= 0 && ia < ib
}

// membershipsOf returns the coalition of every state placed in one in the
// session.
func membershipsOf(d *results.RunData, session string) map[string]string {
	of := map[string]string{}
	for _, r := range d.Memberships {
		if r.Session == session {
			of[r.State] = r.Coalition
		}
	}
	return of
}

// AgreementData computes the agreement matrix of a session from the files,
// with the same measure coalition detection used (Agreement): the
// salience-weighted closeness of preferences on the agenda, averaged with
// the share of recorded votes cast alike. The present states are ordered
// by coalition, and within a coalition from its core (highest mean
// agreement with the other members) to its periphery, so that coalitions
// show as blocks on the diagonal.
func AgreementData(d *results.RunData, session string) (AgreementMatrix, error) {
	v, err := sessionViewOf(d, session)
	if err != nil {
		return AgreementMatrix{}, err
	}
	sc := d.Scenario
	a := results.Agreement(sc, v)
	of := membershipsOf(d, session)
	var order []int
	for i := range sc.States {
		if v.Present[i] {
			order = append(order, i)
		}
	}
	core := make([]float64, len(sc.States))
	for _, i := range order {
		sum, k := 0.0, 0
		for _, j := range order {
			if j != i && of[sc.States[j].ID] == of[sc.States[i].ID] {
				sum += a[i][j]
				k++
			}
		}
		if k > 0 {
			core[i] = sum / float64(k)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return cmp.Or(compareCoalitions(of[sc.States[i].ID], of[sc.States[j].ID]), cmp.Compare(core[j], core[i]))
	})
	out := AgreementMatrix{Session: session, Values: make([][]float64, len(order))}
	for r, i := range order {
		out.States = append(out.States, sc.States[i].ID)
		out.Coalitions = append(out.Coalitions, of[sc.States[i].ID])
		out.Values[r] = make([]float64, len(order))
		for c, j := range order {
			out.Values[r][c] = roundTo6(a[i][j])
		}
	}
	return out, nil
}

// lastSessionWithPositions is the last session held in which states stated
// positions: the one whose agreement matrix the report shows.
func lastSessionWithPositions(d *results.RunData) string {
	snaps := preferenceSnapshots(d)
	if len(snaps) == 0 {
		return ""
	}
	return snaps[len(snaps)-1].session
}

// MapData places every present state of every session with positions on
// the first two principal components of the states' preference vectors on
// all clauses (gonum's stat.PC), pooled over sessions so that one
// projection serves every panel. The sign of each component is fixed (its
// largest loading is positive) so that the map does not flip between
// machines or versions.
func MapData(d *results.RunData) (StateMap, error) {
	sc := d.Scenario
	m := len(sc.Clauses)
	snaps := preferenceSnapshots(d)
	type row struct {
		session string
		state   int
	}
	var rows []row
	var data []float64
	for _, s := range snaps {
		for i := range sc.States {
			if s.present[i] {
				rows = append(rows, row{s.session, i})
				data = append(data, s.pref[i*m:(i+1)*m]...)
			}
		}
	}
	out := StateMap{}
	for _, s := range snaps {
		out.Sessions = append(out.Sessions, s.session)
	}
	if len(rows) == 0 || m == 0 {
		return out, nil
	}
	x := mat.NewDense(len(rows), m, data)
	xy, explained, err := principalPlane(x)
	if err != nil {
		return out, err
	}
	out.Explained = explained
	of := map[string]map[string]string{}
	for _, r := range rows {
		s, st := r.session, sc.States[r.state].ID
		if of[s] == nil {
			of[s] = membershipsOf(d, s)
		}
		out.Points = append(out.Points, MapPoint{Session: s, State: st, Coalition: of[s][st]})
	}
	for k := range out.Points {
		out.Points[k].X, out.Points[k].Y = round4(xy.At(k, 0)), round4(xy.At(k, 1))
	}
	return out, nil
}

func round4(v float64) float64 {
	v = math.Round(v*1e4) / 1e4
	if v == 0 {
		return 0 // no -0
	}
	return v
}

// principalPlane projects the rows of x (centred) on its first two
// principal components, and returns the share of the variance each
// explains. With fewer than two varying columns the second coordinate is 0.
func principalPlane(x *mat.Dense) (*mat.Dense, [2]float64, error) {
	r, c := x.Dims()
	var explained [2]float64
	out := mat.NewDense(r, 2, nil)
	if r < 2 {
		return out, explained, nil
	}
	var pc stat.PC
	if ok := pc.PrincipalComponents(x, nil); !ok {
		return nil, explained, fmt.Errorf("principal components of %dx%d preferences failed", r, c)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	total := 0.0
	for _, v := range vars {
		total += v
	}
	k := min(2, len(vars))
	_, vc := vecs.Dims()
	k = min(k, vc)
	means := make([]float64, c)
	for j := range c {
		means[j] = stat.Mean(mat.Col(nil, j, x), nil)
	}
	for p := range k {
		load := mat.Col(nil, p, &vecs)
		if load[argmaxAbs(load)] < 0 {
			for j := range load {
				load[j] = -load[j]
			}
		}
		for i := range r {
			s := 0.0
			for j := range c {
				s += (x.At(i, j) - means[j]) * load[j]
			}
			out.Set(i, p, s)
		}
		if total > 0 {
			explained[p] = round4(vars[p] / total)
		}
	}
	return out, explained, nil
}

func argmaxAbs(v []float64) int {
	best := 0
	for i := range v {
		if math.Abs(v[i]) > math.Abs(v[best])+1e-12 {
			best = i
		}
	}
	return best
}

// SurvivalData lists every clause's survival probability with its 95%
// Wilson interval, in scenario order: from summary.json, so it works for
// a single run (where the interval is wide: one run says little) and for
// a Monte Carlo alike.
func SurvivalData(d *results.RunData) []SurvivalPoint {
	var out []SurvivalPoint
	for _, c := range d.Summary.Clauses {
		out = append(out, SurvivalPoint{Clause: c.ID, Title: c.Title, Probability: c.SurvivalProbability,
			Low: c.SurvivalInterval[0], High: c.SurvivalInterval[1], Opening: c.OpeningOption, Modal: c.ModalOption})
	}
	return out
}

// DecidedData is the distribution of the session of decision: every
// session that could decide (concluding) or did, in script order, then
// NoSession for runs that did not adopt the treaty.
func DecidedData(d *results.RunData) []SessionBar {
	prob := map[string]float64{}
	for _, s := range d.Summary.DecidedSessions {
		prob[s.Session] = s.Probability
	}
	var out []SessionBar
	for _, s := range d.Scenario.Sessions {
		if _, decided := prob[s.ID]; s.Concluding || decided {
			out = append(out, SessionBar{Session: s.ID, Name: s.Name, Probability: prob[s.ID]})
		}
	}
	return append(out, SessionBar{Session: NoSession, Name: "not adopted", Probability: prob[NoSession]})
}

// defaultTrajectoryStates returns the n weightiest states (by capability,
// ties in scenario order) that stated a position on the clause.
func defaultTrajectoryStates(d *results.RunData, clause string, n int) []string {
	sc := d.Scenario
	has := map[string]bool{}
	for _, r := range d.Positions {
		if r.Clause == clause {
			has[r.State] = true
		}
	}
	var idx []int
	for i, st := range sc.States {
		if has[st.ID] {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(sc.States[b].Capability.Mean(), sc.States[a].Capability.Mean())
	})
	var out []string
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, sc.States[i].ID)
	}
	return out
}

// defaultTrajectoryClause is the first clause of the scenario that was
// ever on the agenda.
func defaultTrajectoryClause(d *results.RunData) string {
	has := map[string]bool{}
	for _, r := range d.Positions {
		has[r.Clause] = true
	}
	for _, cl := range d.Scenario.Clauses {
		if has[cl.ID] {
			return cl.ID
		}
	}
	if len(d.Scenario.Clauses) > 0 {
		return d.Scenario.Clauses[0].ID
	}
	return ""
}

// ErrUnknown is wrapped when plot options name a state or clause the
// scenario does not have.
var ErrUnknown = errors.New("unknown state or clause")

// resolve fills in the defaults of the trajectories plot (the five
// weightiest states, the first clause on the agenda) and checks the names.
func (o PlotOptions) resolve(d *results.RunData) (PlotOptions, error) {
	sc := d.Scenario
	if o.Clause == "" {
		o.Clause = defaultTrajectoryClause(d)
	}
	if sc.ClauseIndex(o.Clause) < 0 {
		return o, fmt.Errorf("%w: no clause %q in scenario %s", ErrUnknown, o.Clause, sc.ID)
	}
	if len(o.States) == 0 {
		o.States = defaultTrajectoryStates(d, o.Clause, 5)
	}
	for _, s := range o.States {
		if sc.StateIndex(s) < 0 {
			return o, fmt.Errorf("%w: no state %q in scenario %s", ErrUnknown, s, sc.ID)
		}
	}
	return o, nil
}

// TrajectoryData follows chosen states' demands (what they ask for at the
// table) and preferences (what they want, after socialisation) on one
// clause, after every round in which the clause was on the agenda, with
// the value of the text's option at the same moments.
func TrajectoryData(d *results.RunData, opt PlotOptions) (Trajectories, error) {
	opt, err := opt.resolve(d)
	if err != nil {
		return Trajectories{}, err
	}
	sc := d.Scenario
	cl := sc.Clauses[sc.ClauseIndex(opt.Clause)]
	out := Trajectories{Clause: cl.ID}
	for _, o := range cl.Options {
		out.Options = append(out.Options, OptionMark{ID: o.ID, Value: o.Value})
	}
	order := map[string]int{}
	for k, s := range heldSessions(d) {
		order[s] = k
	}
	stepAt := map[Step]int{}
	for _, r := range d.Positions {
		st := Step{r.Session, r.Round}
		if _, ok := stepAt[st]; r.Clause == cl.ID && !ok {
			stepAt[st] = 0
			out.Steps = append(out.Steps, st)
		}
	}
	slices.SortFunc(out.Steps, func(a, b Step) int {
		return cmp.Or(cmp.Compare(order[a.Session], order[b.Session]), cmp.Compare(a.Round, b.Round))
	})
	for k, st := range out.Steps {
		stepAt[st] = k
	}
	for _, r := range d.Text {
		if k, ok := stepAt[Step{r.Session, r.Round}]; ok && r.Clause == cl.ID {
			if o := cl.OptionIndex(r.Option); o >= 0 {
				out.Text = append(out.Text, TrajectoryPoint{Step: k, Value: cl.Options[o].Value})
			}
		}
	}
	slices.SortFunc(out.Text, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
	for _, id := range opt.States {
		st := StateTrajectory{State: id, Name: sc.States[sc.StateIndex(id)].Name}
		for _, r := range d.Positions {
			if r.State == id && r.Clause == cl.ID {
				k := stepAt[Step{r.Session, r.Round}]
				st.Position = append(st.Position, TrajectoryPoint{Step: k, Value: r.Position})
				st.Preference = append(st.Preference, TrajectoryPoint{Step: k, Value: r.Preference})
			}
		}
		slices.SortFunc(st.Position, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
		slices.SortFunc(st.Preference, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
		out.States = append(out.States, st)
	}
	return out, nil
}

func roundTo6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
