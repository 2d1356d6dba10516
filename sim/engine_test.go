package sim_test

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// The toy's states and clauses, by index (document order).
const (
	AAA, BBB, CCC, DDD, EEE = 0, 1, 2, 3, 4
	xOffence, wording, safe = 0, 1, 2
	first, second, third    = 0, 1, 2
)

// toySeed is the toy's scenario seed.
const toySeed = 7

// toySource returns the text of testdata/toy.toml.
func toySource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit replaces old by new in src exactly once, failing the test if old is
// not there (so that a change to the toy cannot silently void a test).
func edit(t testing.TB, src, old, new string) string {
	t.Helper()
	if !strings.Contains(src, old) {
		t.Fatalf("toy.toml has no %q to replace", old)
	}
	return strings.Replace(src, old, new, 1)
}

// Edits of the toy.
const (
	consensusThenVote = `decision = "consensus_then_vote"`
	consensus         = `decision = "consensus"`
	majority          = `decision = "majority"`
	// The last line of the first session's block: events added after it
	// belong to the first session.
	endOfFirst = "pressure = 0.5\n"
)

// aNeedsOffence gives A a red line on the offence E cannot accept: then
// both sides of x_offence have one, the chair's final package cannot avoid
// a formal objection by leaving it in or out, and the weights keep it in
// (E's 0.6 of 2.6 opposes), so that E objects and the rules decide.
var aNeedsOffence = []string{"positions.x_offence = { ideal = 1.0, salience = 0.3 }",
	"positions.x_offence = { ideal = 1.0, salience = 0.3, red_line = 0.5 }"}

// toy returns the toy with a sequence of edits applied: each pair is
// (old, new); an old of "" appends new at the end (to the last session).
func toy(t testing.TB, edits ...string) *scenarios.Scenario {
	t.Helper()
	if len(edits)%2 != 0 {
		t.Fatalf("toy: %d edit strings, want (old, new) pairs", len(edits))
	}
	src := toySource(t)
	for k := 0; k+1 < len(edits); k += 2 {
		if edits[k] == "" {
			src += edits[k+1]
			continue
		}
		src = edit(t, src, edits[k], edits[k+1])
	}
	sc, err := scenarios.Parse("toy-variant", []byte(src))
	if err != nil {
		t.Fatalf("scenarios.Parse: %v", err)
	}
	return sc
}

// inFirst returns the edit pair that adds events to the first session.
func inFirst(events string) []string { return []string{endOfFirst, endOfFirst + events} }

// inSecond returns the edit pair that adds events to the second (last)
// session.
func inSecond(events string) []string { return []string{"", "\n" + events} }

func cat(parts ...[]string) []string { return slices.Concat(parts...) }

// run plays sc once with seed (run 0 of that master seed) and returns the
// record and the engine, whose population and text stay as the run left
// them.
func run(t testing.TB, sc *scenarios.Scenario, seed uint64) (*results.Record, *sim.Engine) {
	t.Helper()
	rec := results.NewRecord(sc, seed)
	e := sim.New(sc)
	e.Run(sim.RunRNG(seed, 0), rec, sim.NewOutcome(sc))
	return rec, e
}

// textRow returns the text row of a clause after a round of a session.
func textRow(t testing.TB, rec *results.Record, session string, round int, clause string) results.TextRow {
	t.Helper()
	for _, r := range rec.Text {
		if r.Session == session && r.Round == round && r.Clause == clause {
			return r
		}
	}
	t.Fatalf("no text row for %s round %d clause %s", session, round, clause)
	return results.TextRow{}
}

// position returns the position row of a state on a clause after a round,
// and whether there is one (absent states have none).
func position(rec *results.Record, session string, round int, state, clause string) (results.PositionRow, bool) {
	for _, r := range rec.Positions {
		if r.Session == session && r.Round == round && r.State == state && r.Clause == clause {
			return r, true
		}
	}
	return results.PositionRow{}, false
}

// notes returns the notes of a kind on a clause (-2: any clause).
func notes(rec *results.Record, kind sim.NoteKind, clause int) []sim.Note {
	var out []sim.Note
	for _, n := range rec.Notes {
		if n.Kind == kind && (clause == -2 || n.Clause == clause) {
			out = append(out, n)
		}
	}
	return out
}

// votesOn returns the recorded votes on a motion, by state id.
func votesOn(rec *results.Record, motion string) map[string]string {
	out := map[string]string{}
	for _, v := range rec.Votes {
		if v.Motion == motion {
			out[v.State] = v.Vote
		}
	}
	return out
}

// finalOption returns the id of a clause's option in the final text.
func finalOption(rec *results.Record, c int) string {
	return rec.Scenario.Clauses[c].Options[rec.Outcome.FinalOption[c]].ID
}

// TestToyFinalPackageAvoidsRedLine: in the plain toy only E has a red line
// on x_offence, so the chair's final package leaves the offence out (the
// chair keeps what can reach consensus) and the package passes without a
// vote, though four of five wanted the offence.
func TestToyFinalPackageAvoidsRedLine(t *testing.T) {
	rec, _ := run(t, toy(t), toySeed)
	out := rec.Outcome
	if !out.Adopted || out.DecidedSession != second || out.ByVote {
		t.Errorf("outcome: adopted %v in session %d by vote %v; want adopted in second by consensus",
			out.Adopted, out.DecidedSession, out.ByVote)
	}
	drops := notes(rec, sim.NoteDropFromPackage, xOffence)
	if len(drops) != 1 || drops[0].Session != second || out.Survived[xOffence] {
		t.Errorf("final-package drops of x_offence = %+v (survived %v), want one in second", drops, out.Survived[xOffence])
	}
	if obj := notes(rec, sim.NoteObject, -2); len(obj) != 0 {
		t.Errorf("objections %+v, want none", obj)
	}
}

func TestToyConsensusThenVote(t *testing.T) {
	rec, _ := run(t, toy(t, aNeedsOffence...), toySeed)
	out := rec.Outcome
	if !out.Adopted || rec.Scenario.Sessions[out.DecidedSession].ID != "second" || !out.ByVote {
		t.Fatalf("outcome: adopted %v in session %d by vote %v; want adopted in second by a vote",
			out.Adopted, out.DecidedSession, out.ByVote)
	}
	if len(rec.Motions) != 1 {
		t.Fatalf("motions = %+v, want one (the package)", rec.Motions)
	}
	m := rec.Motions[0]
	if m.Session != "second" || m.Motion != "package" || !m.Passed || m.Yes != 4 || m.No != 1 || m.Abstain != 0 {
		t.Errorf("motion = %+v, want the package passed in second 4 yes, 1 no, 0 abstaining", m)
	}
	want := map[string]string{"AAA": "yes", "BBB": "yes", "CCC": "yes", "DDD": "yes", "EEE": "no"}
	if got := votesOn(rec, "package"); !mapsEqual(got, want) {
		t.Errorf("votes = %v, want %v", got, want)
	}
	if got := finalOption(rec, xOffence); got != "included" || !out.Survived[xOffence] {
		t.Errorf("x_offence: final %s, survived %v; want included, true", got, out.Survived[xOffence])
	}
	// E objected, on its red line.
	obj := notes(rec, sim.NoteObject, -2)
	if len(obj) != 1 || obj[0].State != EEE || obj[0].Clause != xOffence {
		t.Errorf("objections = %+v, want one by EEE on x_offence", obj)
	}
	if got := rec.Held; !slices.Equal(got, []int{first, second}) {
		t.Errorf("sessions held = %v, want [0 1]", got)
	}
}

// TestToyConsensus: under pure consensus the plain toy passes once the
// final package has left out the offence E cannot accept; when A has a
// red line the other way, E objects, the chair drops the offence to meet
// it, A then objects, and the package fails: a deadlock of red lines.
func TestToyConsensus(t *testing.T) {
	rec, _ := run(t, toy(t, consensusThenVote, consensus), toySeed)
	out := rec.Outcome
	if !out.Adopted || rec.Scenario.Sessions[out.DecidedSession].ID != "second" || out.ByVote {
		t.Fatalf("outcome: adopted %v in session %d by vote %v; want adopted in second by consensus",
			out.Adopted, out.DecidedSession, out.ByVote)
	}
	if len(rec.Motions) != 0 {
		t.Errorf("motions = %+v, want none under consensus", rec.Motions)
	}
	if got := finalOption(rec, xOffence); got != "deleted" || out.Survived[xOffence] {
		t.Errorf("x_offence: final %s, survived %v; want deleted, false", got, out.Survived[xOffence])
	}
	for _, c := range []int{wording, safe} {
		if !out.Survived[c] {
			t.Errorf("%s did not survive", rec.Scenario.Clauses[c].ID)
		}
	}

	rec, _ = run(t, toy(t, cat([]string{consensusThenVote, consensus}, aNeedsOffence)...), toySeed)
	if rec.Outcome.Adopted {
		t.Errorf("adopted though A's and E's red lines on x_offence cannot both be met: %+v", rec.Outcome)
	}
	drops := notes(rec, sim.NoteDropForConsensus, xOffence)
	if len(drops) != 1 || rec.Scenario.Sessions[drops[0].Session].ID != "second" {
		t.Errorf("drop_for_consensus notes on x_offence = %+v, want one in second", drops)
	}
	var objectors []int
	for _, n := range notes(rec, sim.NoteObject, -2) {
		objectors = append(objectors, n.State)
	}
	if !slices.Contains(objectors, EEE) || !slices.Contains(objectors, AAA) {
		t.Errorf("objectors %v, want E and then A", objectors)
	}
}

func TestToyMajority(t *testing.T) {
	rec, _ := run(t, toy(t, cat([]string{consensusThenVote, majority}, aNeedsOffence)...), toySeed)
	// Straight to a vote: nobody is polled, so there is no objection.
	if obj := notes(rec, sim.NoteObject, -2); len(obj) != 0 {
		t.Errorf("objections under majority = %+v, want none", obj)
	}
	if len(rec.Motions) != 1 || rec.Motions[0].Motion != "package" || rec.Motions[0].Session != "second" {
		t.Fatalf("motions = %+v, want one package vote in second", rec.Motions)
	}
	m, out := rec.Motions[0], rec.Outcome
	// More yes than no suffices: 4 to 1 (E's red line is crossed: no).
	if !m.Passed || m.Yes != 4 || m.No != 1 {
		t.Errorf("motion = %+v, want passed 4 to 1", m)
	}
	if !out.Adopted || out.DecidedSession != second || !out.ByVote {
		t.Errorf("outcome = %+v, want adopted in second by a vote", out)
	}
	if drops := notes(rec, sim.NoteDropForConsensus, -2); len(drops) != 0 {
		t.Errorf("drops for consensus under majority: %+v", drops)
	}
}

// TestOutcomeNotesHaveNoClause checks that the adopted and failed notes
// name no clause (Clause -1), so that events.csv leaves clause, from and
// option empty on those rows.
func TestOutcomeNotesHaveNoClause(t *testing.T) {
	for _, rule := range []string{consensusThenVote, consensus, majority} {
		t.Run(rule, func(t *testing.T) {
			rec, _ := run(t, toy(t, consensusThenVote, rule), toySeed)
			for _, n := range rec.Notes {
				if (n.Kind == sim.NoteAdopted || n.Kind == sim.NoteFailed) && n.Clause != -1 {
					t.Errorf("Note{Kind: %v} names clause %d; want -1", n.Kind, n.Clause)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEvents runs small variants of the toy, one per event kind.
func TestEvents(t *testing.T) {
	thirdSession := `
[[sessions]]
id = "third"
name = "Reconvened session"
agenda = ["criminalisation", "safeguards"]
rounds = 2
pressure = 1.0
concluding = true
conditional = true
`
	reconvene := `
[[sessions.events]]
kind = "reconvene"
session = "third"
`
	tests := []struct {
		name  string
		edits []string
		patch func(t *testing.T, sc *scenarios.Scenario) // optional change to the resolved scenario
		check func(t *testing.T, rec *results.Record, e *sim.Engine)
	}{
		{
			name: "table/dropped clause comes back bracketed",
			edits: cat(aNeedsOffence, inFirst(`
[[sessions.events]]
kind = "drop"
round = 1
clauses = ["x_offence"]

[[sessions.events]]
kind = "table"
round = 2
by = ["AAA", "BBB"]
options = { x_offence = "included" }
`)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if r := textRow(t, rec, "first", 1, "x_offence"); r.Option != "deleted" || r.Status != "dropped" {
					t.Errorf("after the drop: %+v, want deleted, dropped", r)
				}
				ins := notes(rec, sim.NoteInsert, xOffence)
				if len(ins) != 1 || ins[0].Round != 2 || rec.Scenario.Clauses[xOffence].Options[ins[0].Option].ID != "included" {
					t.Fatalf("insert notes = %+v, want x_offence = included in round 2", ins)
				}
				// Back in the text, bracketed; no longer dropped.
				for round := 2; round <= 3; round++ {
					if r := textRow(t, rec, "first", round, "x_offence"); r.Status != "bracketed" {
						t.Errorf("round %d: %+v, want bracketed", round, r)
					}
				}
				if got := finalOption(rec, xOffence); got != "included" {
					t.Errorf("final x_offence = %s, want included", got)
				}
			},
		},
		{
			name: "table/proposers' demands are pinned",
			edits: inFirst(`
[[sessions.events]]
kind = "table"
round = 2
by = ["AAA"]
options = { wording = "unlawful" }
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				// AAA's ideal wording is 0; it tabled unlawful (1) and insists
				// on it for the rest of the session, whatever its concessions.
				for round := 2; round <= 3; round++ {
					p, ok := position(rec, "first", round, "AAA", "wording")
					if !ok || p.Position != 1 {
						t.Errorf("first round %d: AAA demands %+v, want 1 (pinned)", round, p)
					}
				}
				if p, _ := position(rec, "first", 1, "AAA", "wording"); p.Position == 1 {
					t.Errorf("first round 1: AAA demands 1 before tabling")
				}
				// Pins last one session.
				if p, _ := position(rec, "second", 1, "AAA", "wording"); p.Position == 1 {
					t.Errorf("second round 1: AAA still pinned at 1")
				}
				// BBB, who did not table, is not pinned.
				if p, _ := position(rec, "first", 2, "BBB", "wording"); p.Position == 1 {
					t.Errorf("BBB pinned too: %+v", p)
				}
			},
		},
		{
			name: "chair_text/options",
			edits: inFirst(`
[[sessions.events]]
kind = "chair_text"
round = 1
options = { wording = "without_right", safeguards = "deleted" }
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				// Choosing a deletion drops the clause; another option is
				// inserted, bracketed.
				if r := textRow(t, rec, "first", 1, "safeguards"); r.Option != "deleted" || r.Status != "dropped" {
					t.Errorf("safeguards after round 1: %+v, want deleted, dropped", r)
				}
				if r := textRow(t, rec, "first", 1, "wording"); r.Option != "without_right" || r.Status != "bracketed" {
					t.Errorf("wording after round 1: %+v, want without_right, bracketed", r)
				}
				ins := notes(rec, sim.NoteInsert, wording)
				if len(ins) == 0 || ins[0].Round != 1 {
					t.Errorf("insert notes on wording = %+v", ins)
				}
				// A dropped clause stays out: the chair does not revise it.
				if got := finalOption(rec, safe); got != "deleted" || rec.Outcome.Survived[safe] {
					t.Errorf("final safeguards = %s (survived %v), want deleted", got, rec.Outcome.Survived[safe])
				}
			},
		},
		{
			name: "chair_text/revised draft",
			edits: inFirst(`
[[sessions.events]]
kind = "drop"
round = 1
clauses = ["x_offence"]

[[sessions.events]]
kind = "chair_text"
round = 2
draft = "revised"
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if r := textRow(t, rec, "first", 1, "x_offence"); r.Status != "dropped" {
					t.Errorf("after the drop: %+v", r)
				}
				// A draft works on the clauses in the text: a clause left
				// out stays out until a delegation tables it again.
				if r := textRow(t, rec, "first", 2, "x_offence"); r.Option != "deleted" || r.Status != "dropped" {
					t.Errorf("after the redraft: %+v, want still deleted, dropped", r)
				}
			},
		},
		{
			name: "drop",
			edits: inFirst(`
[[sessions.events]]
kind = "drop"
round = 2
clauses = ["safeguards"]
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if r := textRow(t, rec, "first", 1, "safeguards"); r.Status == "dropped" {
					t.Errorf("dropped before the event: %+v", r)
				}
				d := notes(rec, sim.NoteDrop, safe)
				if len(d) != 1 || d[0].Round != 2 {
					t.Errorf("drop notes = %+v, want one in round 2", d)
				}
				for _, s := range []string{"first", "second"} {
					if r := textRow(t, rec, s, 3, "safeguards"); r.Option != "deleted" || r.Status != "dropped" {
						t.Errorf("%s round 3: %+v, want deleted, dropped", s, r)
					}
				}
				if rec.Outcome.Survived[safe] {
					t.Errorf("safeguards survived a drop")
				}
			},
		},
		{
			name: "insert",
			edits: inFirst(`
[[sessions.events]]
kind = "insert"
round = 1
options = { safeguards = "strong" }
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				ins := notes(rec, sim.NoteInsert, safe)
				sc := rec.Scenario
				if len(ins) != 1 || sc.Clauses[safe].Options[ins[0].Option].ID != "strong" ||
					sc.Clauses[safe].Options[ins[0].From].ID != "light" {
					t.Fatalf("insert notes = %+v, want light -> strong", ins)
				}
				if r := textRow(t, rec, "first", 1, "safeguards"); r.Option != "strong" || r.Status != "bracketed" {
					t.Errorf("after round 1: %+v, want strong, bracketed", r)
				}
			},
		},
		{
			name: "attitude",
			edits: inSecond(`
[[sessions.events]]
kind = "attitude"
round = 1
by = ["EEE"]
no_treaty = 0.9
disposition = "bridge_builder"
positions.x_offence = { ideal = 1.0, red_line = 1.0 }
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				p, m := e.Population(), e.Population().M
				if got := p.NoTreaty[EEE]; got != 0.9 {
					t.Errorf("NoTreaty[EEE] = %v, want 0.9", got)
				}
				if got := p.Ideal[EEE*m+xOffence]; got != 1 {
					t.Errorf("Ideal[EEE, x_offence] = %v, want 1", got)
				}
				if got := p.RedLine[EEE*m+xOffence]; got != 1 {
					t.Errorf("RedLine[EEE, x_offence] = %v, want 1", got)
				}
				// The salience was not given and is kept.
				if got := p.Salience[EEE*m+xOffence]; got != 0.6 {
					t.Errorf("Salience[EEE, x_offence] = %v, want 0.6 (unchanged)", got)
				}
				// bridge_builder defaults: beta 2, lambda 0.5.
				if p.Beta[EEE] != 2 || p.Lambda[EEE] != 0.5 || p.Disposition[EEE] != scenarios.BridgeBuilder {
					t.Errorf("EEE: beta %v lambda %v disposition %v, want 2, 0.5, bridge_builder",
						p.Beta[EEE], p.Lambda[EEE], p.Disposition[EEE])
				}
				// Before the event E's preference on x_offence was near 0;
				// from it, socialised from an ideal of 1, it is at least
				// (1 - lambda) * 1 = 0.5.
				if before, _ := position(rec, "first", 3, "EEE", "x_offence"); before.Preference > 0.2 {
					t.Errorf("first round 3: EEE preference %v, want near 0", before.Preference)
				}
				if after, _ := position(rec, "second", 1, "EEE", "x_offence"); after.Preference < 0.5 {
					t.Errorf("second round 1: EEE preference %v, want >= 0.5", after.Preference)
				}
				// No red line left: E no longer objects on x_offence.
				if obj := notes(rec, sim.NoteObject, xOffence); len(obj) != 0 {
					t.Errorf("red-line objections after the attitude change: %+v", obj)
				}
			},
		},
		{
			name: "leave and join",
			edits: cat(inFirst(`
[[sessions.events]]
kind = "leave"
round = 2
by = ["EEE"]
`), inSecond(`
[[sessions.events]]
kind = "join"
round = 2
by = ["EEE"]
`)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				present := []struct {
					session string
					round   int
					want    bool
				}{
					{"first", 1, true}, {"first", 2, false}, {"first", 3, false},
					{"second", 1, false}, {"second", 2, true}, {"second", 3, true},
				}
				for _, p := range present {
					if _, ok := position(rec, p.session, p.round, "EEE", "x_offence"); ok != p.want {
						t.Errorf("%s round %d: EEE present %v, want %v", p.session, p.round, ok, p.want)
					}
				}
				if !e.Population().Present[EEE] {
					t.Errorf("EEE not present at the end")
				}
			},
		},
		{
			name: "leave/absent state does not vote",
			edits: inSecond(`
[[sessions.events]]
kind = "leave"
round = 1
by = ["EEE"]

[[sessions.events]]
id = "pkg"
kind = "vote"
round = 2
by = ["AAA"]
motion = "package"
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if v := votesOn(rec, "pkg"); v["EEE"] != "not_voting" || len(v) != 5 {
					t.Errorf("votes = %v, want EEE not_voting and 5 rows", v)
				}
				if e.Population().Present[EEE] {
					t.Errorf("EEE present after leaving")
				}
			},
		},
		{
			// A mandate to negotiate moved by E (alignment 0.8): no text is
			// at stake, so each votes its alignment a times the movers' side
			// 0.8 against the floor vote_indifference/vote_stakes = 0.1:
			// A (-0.5) no, B (0.1, pull 0.08) abstains, C (0.5) yes, D
			// (none: 0) abstains, E yes. 2 yes to 1 no passes by a simple
			// majority, whatever the text and the toy's interests.
			name: "vote/mandate by alignment",
			edits: cat(
				[]string{"[states.AAA]\n", "[states.AAA]\nalignment = -0.5\n"},
				[]string{"[states.BBB]\n", "[states.BBB]\nalignment = 0.1\n"},
				[]string{"[states.CCC]\n", "[states.CCC]\nalignment = 0.5\n"},
				[]string{"[states.EEE]\n", "[states.EEE]\nalignment = 0.8\n"},
				inFirst(`
[[sessions.events]]
id = "mandate"
kind = "vote"
round = 1
by = ["EEE"]
motion = "mandate"
`)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				checkMotion(t, rec, results.MotionRow{Session: "first", Motion: "mandate", Round: 1,
					Passed: true, Yes: 2, No: 1, Abstain: 2})
				want := map[string]string{"AAA": "no", "BBB": "abstain", "CCC": "yes", "DDD": "abstain", "EEE": "yes"}
				if got := votesOn(rec, "mandate"); !mapsEqual(got, want) {
					t.Errorf("votes = %v, want %v", got, want)
				}
			},
		},
		{
			// A motion to use "without right": at round 1 states stand at
			// their ideal points. Curvature 2, gains U(0) - U(1) on wording:
			// A, B: +0.3*1 = 0.3 yes; C (0.2): 0.2*(0.64-0.04) = +0.12 yes;
			// D (0.8): -0.12 no; E (1): -0.2 no. 3 yes, 2 no: 3/5 = 0.6 fails
			// the toy's threshold 0.6667.
			name: "vote/amendment fails",
			edits: inFirst(`
[[sessions.events]]
kind = "vote"
round = 1
by = ["AAA"]
motion = "amendment"
clause = "wording"
option = "without_right"
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				checkMotion(t, rec, results.MotionRow{Session: "first", Motion: "first-1", Round: 1,
					Passed: false, Yes: 3, No: 2, Abstain: 0})
				want := map[string]string{"AAA": "yes", "BBB": "yes", "CCC": "yes", "DDD": "no", "EEE": "no"}
				if got := votesOn(rec, "first-1"); !mapsEqual(got, want) {
					t.Errorf("votes = %v, want %v", got, want)
				}
				if a := notes(rec, sim.NoteAmended, -2); len(a) != 0 {
					t.Errorf("amended notes for a failed motion: %+v", a)
				}
				// The chair alone does not reach without_right in round 1.
				if r := textRow(t, rec, "first", 1, "wording"); r.Option != "unlawful" {
					t.Errorf("wording after round 1: %+v, want unlawful", r)
				}
			},
		},
		{
			// The same motion with a threshold of 0.55: 3 >= 0.55*5 passes.
			name: "vote/amendment passes",
			edits: cat([]string{"vote_threshold = 0.6667", "vote_threshold = 0.55"}, inFirst(`
[[sessions.events]]
id = "m1"
kind = "vote"
round = 1
by = ["AAA"]
motion = "amendment"
clause = "wording"
option = "without_right"
`)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				checkMotion(t, rec, results.MotionRow{Session: "first", Motion: "m1", Round: 1,
					Passed: true, Yes: 3, No: 2, Abstain: 0})
				if n := len(votesOn(rec, "m1")); n != 5 {
					t.Errorf("%d vote rows, want one per state", n)
				}
				a := notes(rec, sim.NoteAmended, wording)
				if len(a) != 1 || a[0].Round != 1 {
					t.Errorf("amended notes = %+v, want one in round 1", a)
				}
				if r := textRow(t, rec, "first", 1, "wording"); r.Option != "without_right" || r.Status != "agreed" {
					t.Errorf("wording after round 1: %+v, want without_right, agreed", r)
				}
			},
		},
		{
			name: "vote/package has no effect on the text",
			edits: inFirst(`
[[sessions.events]]
id = "straw"
kind = "vote"
round = 2
by = ["AAA"]
motion = "package"
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if len(rec.Motions) < 1 || rec.Motions[0].Motion != "straw" || rec.Motions[0].Session != "first" ||
					rec.Motions[0].Label != "The package as it stands" {
					t.Fatalf("motions = %+v, want the straw vote first", rec.Motions)
				}
				m := rec.Motions[0]
				if m.Yes+m.No+m.Abstain != 5 {
					t.Errorf("straw vote counts %+v do not add up to 5", m)
				}
				if n := len(votesOn(rec, "straw")); n != 5 {
					t.Errorf("%d vote rows, want 5", n)
				}
				base, _ := run(t, toy(t), toySeed)
				if !slices.Equal(rec.Text, base.Text) {
					t.Errorf("a package vote changed the text")
				}
				if !slices.Equal(rec.Outcome.FinalOption, base.Outcome.FinalOption) || rec.Outcome.Adopted != base.Outcome.Adopted {
					t.Errorf("a package vote changed the outcome")
				}
			},
		},
		{
			// consensus_then_vote: second can be followed by third, so it is
			// not the last chance; E objects on its red line, second fails,
			// third is held and the package goes to a vote there.
			name:  "reconvene/held when the session fails",
			edits: cat(aNeedsOffence, inSecond(reconvene), inSecond(thirdSession)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if !slices.Equal(rec.Held, []int{first, second, third}) {
					t.Errorf("held = %v, want [0 1 2]", rec.Held)
				}
				if f := notes(rec, sim.NoteFailed, -2); len(f) != 1 || f[0].Session != second {
					t.Errorf("failed notes = %+v, want one in second", f)
				}
				out := rec.Outcome
				if !out.Adopted || out.DecidedSession != third || !out.ByVote {
					t.Errorf("outcome = %+v, want adopted in third by a vote", out)
				}
			},
		},
		{
			// consensus: the chair drops x_offence and second adopts the
			// package, so third is never held.
			name:  "reconvene/not held when the session adopts",
			edits: cat([]string{consensusThenVote, consensus}, inSecond(reconvene), inSecond(thirdSession)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if !slices.Equal(rec.Held, []int{first, second}) {
					t.Errorf("held = %v, want [0 1]", rec.Held)
				}
				if out := rec.Outcome; !out.Adopted || out.DecidedSession != second {
					t.Errorf("outcome = %+v, want adopted in second", out)
				}
			},
		},
		{
			// consensus, and no treaty is worth 0.95 to A and B (aspiration
			// 0.95 at tau 1, far above any text they can get): they object
			// (share of the dissatisfied >= 4/7, so the logit is near 1), the
			// session fails and third is held.
			name: "reconvene/consensus fails",
			edits: cat([]string{consensusThenVote, consensus},
				[]string{"capability = 2\nno_treaty = 0.4", "capability = 2\nno_treaty = 0.95"},
				[]string{"capability = 2\nno_treaty = 0.4", "capability = 2\nno_treaty = 0.95"},
				inSecond(reconvene), inSecond(thirdSession)),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				if !slices.Equal(rec.Held, []int{first, second, third}) {
					t.Errorf("held = %v, want [0 1 2]", rec.Held)
				}
				if f := notes(rec, sim.NoteFailed, -2); len(f) == 0 || f[0].Session != second {
					t.Errorf("failed notes = %+v, want one in second", f)
				}
				if rec.Outcome.Adopted {
					t.Errorf("adopted with A and B valuing no treaty at 0.95: %+v", rec.Outcome)
				}
			},
		},
		{
			name: "incentive",
			edits: inSecond(`
[[sessions.events]]
kind = "incentive"
round = 1
by = ["AAA"]
targets = ["south"]
amount = 0.25
`),
			check: func(t *testing.T, rec *results.Record, e *sim.Engine) {
				p := e.Population()
				want := []float64{0, 0, 0.25, 0.25, 0.25}
				if !slices.Equal(p.Bonus, want) {
					t.Errorf("Bonus = %v, want %v", p.Bonus, want)
				}
				// Bonuses belong to a run: a second run starts from 0.
				e.Run(sim.RunRNG(toySeed, 0), nil, sim.NewOutcome(rec.Scenario))
				if !slices.Equal(p.Bonus, want) {
					t.Errorf("after a second run Bonus = %v, want %v", p.Bonus, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := toy(t, tt.edits...)
			if tt.patch != nil {
				tt.patch(t, sc)
			}
			rec, e := run(t, sc, toySeed)
			tt.check(t, rec, e)
		})
	}
}

// TestDraftIsParsed checks that the draft kinds of a chair_text event,
// and the older redraft = true, reach the resolved EventInfo.
func TestDraftIsParsed(t *testing.T) {
	for _, tt := range []struct {
		key  string
		want scenarios.DraftKind
	}{
		{`draft = "consolidated"`, scenarios.Consolidated},
		{`draft = "zero"`, scenarios.ZeroDraft},
		{`draft = "revised"`, scenarios.RevisedDraft},
		{`redraft = true`, scenarios.RevisedDraft},
	} {
		sc := toy(t, inFirst(`
[[sessions.events]]
kind = "chair_text"
round = 2
`+tt.key+`
`)...)
		if got := sc.Sessions[first].Events[0].Draft; got != tt.want {
			t.Errorf("%s: draft %v, want %v", tt.key, got, tt.want)
		}
	}
}

// checkMotion checks that the record holds a motion like want (the label
// is not compared).
func checkMotion(t *testing.T, rec *results.Record, want results.MotionRow) {
	t.Helper()
	for _, m := range rec.Motions {
		if m.Motion != want.Motion {
			continue
		}
		m.Label = ""
		if m != want {
			t.Errorf("motion = %+v, want %+v", m, want)
		}
		return
	}
	t.Errorf("no motion %q in %+v", want.Motion, rec.Motions)
}

// chairScenario has one session of one round at pressure 0 (nobody
// concedes) and susceptibility 0 (nobody moves), so every demand is an
// ideal point. Clause k has five options and no deletion; clause del can
// be deleted. D is absent and must not count.
//
//	state  capability  salience  ideal k  ideal del   weight = cap*sal
//	AAA    2           0.5       0        0           1
//	BBB    1           1         0.5      0.5         1
//	CCC    1           0.5       1        1           0.5
//	DDD    10 (absent) 1         1        1           -
func chairScenario(t *testing.T, step, blocking string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Parse("chair", []byte(chairScenarioSource(step, blocking)))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// chairScenarioSource is the text of chairScenario.
func chairScenarioSource(step, blocking string) string {
	return `format = 1
[scenario]
id = "chair"
title = "chair"
[model]
chair_step = ` + step + `
blocking_share = ` + blocking + `
exchange = false
[model.dispositions.pragmatist]
susceptibility = 0
[clusters.main]
title = "Main"
[clauses.k]
title = "k"
cluster = "main"
opening = "o100"
options = [
  { id = "o0", value = 0.0 },
  { id = "o25", value = 0.25 },
  { id = "o50", value = 0.5 },
  { id = "o75", value = 0.75 },
  { id = "o100", value = 1.0 },
]
[clauses.del]
title = "del"
cluster = "main"
opening = "included"
deletion = "deleted"
options = [{ id = "deleted", value = 0.0 }, { id = "included", value = 1.0 }]
[groups.all]
cohesion = 1
[states.AAA]
name = "A"
groups = ["all"]
capability = 2
positions.k = { ideal = 0.0, salience = 0.5 }
positions.del = { ideal = 0.0, salience = 0.5 }
[states.BBB]
name = "B"
groups = ["all"]
capability = 1
positions.k = { ideal = 0.5, salience = 1 }
positions.del = { ideal = 0.5, salience = 1 }
[states.CCC]
name = "C"
groups = ["all"]
capability = 1
positions.k = { ideal = 1.0, salience = 0.5 }
positions.del = { ideal = 1.0, salience = 0.5 }
[states.DDD]
name = "D"
groups = ["all"]
capability = 10
disposition = "absent"
positions.k = { ideal = 1.0, salience = 1 }
positions.del = { ideal = 1.0, salience = 1 }
[[sessions]]
id = "only"
agenda = ["main"]
rounds = 1
pressure = 0
`
}

func TestChairRevise(t *testing.T) {
	// Compromise on k: (1*0 + 1*0.5 + 0.5*1) / (1 + 1 + 0.5) = 1/2.5 = 0.4.
	// The draft starts at the opening 1 and moves step*(0.4 - 1).
	const compromise = 0.4
	tests := []struct {
		step       string
		stepValue  float64
		wantOption string
	}{
		{"1", 1, "o50"},       // draft 0.4: nearest 0.5 (0.1 away; 0.25 is 0.15 away)
		{"0.5", 0.5, "o75"},   // draft 0.7: nearest 0.75
		{"0.25", 0.25, "o75"}, // draft 0.85: nearest 0.75 (0.1 away; 1 is 0.15 away)
		{"0.1", 0.1, "o100"},  // draft 0.94: nearest 1
	}
	const tol = 1e-12
	for _, tt := range tests {
		t.Run("step"+tt.step, func(t *testing.T) {
			sc := chairScenario(t, tt.step, "0.9")
			e := sim.New(sc)
			e.Run(sim.RunRNG(1, 0), nil, sim.NewOutcome(sc))
			txt := e.Text()
			wantDraft := 1 + tt.stepValue*(compromise-1)
			if got := txt.Chair[0]; math.Abs(got-wantDraft) > tol {
				t.Errorf("draft = %v, want %v", got, wantDraft)
			}
			if got := sc.Clauses[0].Options[txt.Option[0]].ID; got != tt.wantOption {
				t.Errorf("text = %s, want %s", got, tt.wantOption)
			}
			if got := txt.Value[0]; got != sc.Clauses[0].Options[txt.Option[0]].Value {
				t.Errorf("text value %v is not its option's value", got)
			}
		})
	}
}

// TestChairDrafts checks that only a draft that leaves out drops a clause,
// never a round of negotiation or a consolidated document. Clause del has
// the text at "included" (1); the draft is tabled in round 1, before
// anyone moves, so the demands are the ideal points: A's 0 is nearer
// deletion; B's 0.5 is equally near both (not against); C's 1 is for.
// Against: A's weight 1 of 2.5 = 0.4, so the draft drops the clause when
// 1 > blocking_share * 2.5.
func TestChairDrafts(t *testing.T) {
	tests := []struct {
		draft    string // "": no draft, a round of negotiation only
		blocking string
		dropped  bool
	}{
		{"zero", "0.3", true},  // 1 > 0.75
		{"zero", "0.5", false}, // 1 <= 1.25
		{"revised", "0.3", true},
		{"consolidated", "0.3", false}, // compiles; leaves nothing out
		{"", "0.3", false},             // rounds never drop
	}
	for _, tt := range tests {
		t.Run(tt.draft+"/blocking"+tt.blocking, func(t *testing.T) {
			src := chairScenarioSource("0.5", tt.blocking)
			if tt.draft != "" {
				src += chairSource(tt.draft) // an event of the only session
			}
			sc, err := scenarios.Parse("chair", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			rec, e := run(t, sc, 1)
			r := textRow(t, rec, "only", 1, "del")
			txt := e.Text()
			if tt.dropped {
				if r.Option != "deleted" || r.Status != "dropped" || txt.Status[1] != sim.Dropped {
					t.Errorf("del: %+v, want deleted, dropped", r)
				}
				if d := notes(rec, sim.NoteDrop, 1); len(d) != 1 {
					t.Errorf("drop notes = %+v, want one", d)
				}
				if txt.Chair[1] != 0 {
					t.Errorf("draft of a dropped clause = %v, want the deletion's value 0", txt.Chair[1])
				}
			} else if r.Option != "included" || r.Status == "dropped" {
				t.Errorf("del: %+v, want included and not dropped", r)
			}
		})
	}
}

// chairSource is a chair_text event of the given draft kind in round 1.
func chairSource(draft string) string {
	return "[[sessions.events]]\nkind = \"chair_text\"\nround = 1\ndraft = \"" + draft + "\"\n"
}

func TestDeterminism(t *testing.T) {
	noisy := []string{
		"capability = 1\nno_treaty = 0.3\n", "capability = { dist = \"normal\", mean = 1, sd = 0.3 }\nno_treaty = { dist = \"uniform\", min = 0.2, max = 0.5 }\n",
	}
	scs := map[string]*scenarios.Scenario{"toy": toy(t), "noisy": toy(t, noisy...)}
	for _, name := range []string{"toy", "noisy"} {
		sc := scs[name]
		t.Run(name, func(t *testing.T) {
			files := func(seed uint64) results.Files {
				t.Helper()
				rec, _ := run(t, sc, seed)
				f, err := rec.Files()
				if err != nil {
					t.Fatal(err)
				}
				return f
			}
			a, b := files(toySeed), files(toySeed)
			if len(a) != 9 {
				t.Errorf("%d files, want 9", len(a))
			}
			for name := range a {
				if !bytes.Equal(a[name], b[name]) {
					t.Errorf("%s differs between two runs with the same seed", name)
				}
			}
			// The same engine reused gives the same record.
			rec1 := results.NewRecord(sc, toySeed)
			rec2 := results.NewRecord(sc, toySeed)
			e := sim.New(sc)
			e.Run(sim.RunRNG(toySeed, 0), rec1, sim.NewOutcome(sc))
			e.Run(sim.RunRNG(toySeed, 0), rec2, sim.NewOutcome(sc))
			f1, _ := rec1.Files()
			f2, _ := rec2.Files()
			for name := range f1 {
				if !bytes.Equal(f1[name], f2[name]) {
					t.Errorf("%s differs when the engine is reused", name)
				}
			}
			// Another seed still runs.
			c := files(toySeed + 1)
			if len(c["summary.json"]) == 0 || len(c["text.csv"]) == 0 {
				t.Errorf("seed %d produced empty files", toySeed+1)
			}
		})
	}
}

func BenchmarkRunToy(b *testing.B) {
	sc, err := scenarios.Load("testdata/toy.toml")
	if err != nil {
		b.Fatal(err)
	}
	e, out := sim.New(sc), sim.NewOutcome(sc)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Run(sim.RunRNG(1, uint64(i)), nil, out)
	}
}

// BenchmarkRunToyReusedRNG is BenchmarkRunToy without the generator's
// construction: the cost of Run alone.
func BenchmarkRunToyReusedRNG(b *testing.B) {
	sc, err := scenarios.Load("testdata/toy.toml")
	if err != nil {
		b.Fatal(err)
	}
	e, out, rng := sim.New(sc), sim.NewOutcome(sc), sim.RunRNG(1, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Run(rng, nil, out)
	}
}

func TestRunAllocatesNothing(t *testing.T) {
	tests := []struct {
		name  string
		edits []string
		patch func(sc *scenarios.Scenario)
		bug   string // non-empty: a known allocation, reported by a skip
	}{
		{name: "toy"},
		{name: "consensus", edits: []string{consensusThenVote, consensus}},
		{name: "majority", edits: []string{consensusThenVote, majority}},
		{
			name: "events without a vote",
			edits: inFirst(`
[[sessions.events]]
kind = "table"
round = 1
by = ["AAA"]
options = { wording = "without_right" }

[[sessions.events]]
kind = "chair_text"
round = 2
redraft = true

[[sessions.events]]
kind = "incentive"
round = 3
by = ["AAA"]
targets = ["EEE"]
amount = 0.1
`),
			patch: func(sc *scenarios.Scenario) { sc.Sessions[first].Events[1].Draft = scenarios.RevisedDraft },
		},
		{
			// With an id and a label given, a vote builds no string.
			name: "vote events with id and label",
			edits: inFirst(`
[[sessions.events]]
id = "m1"
label = "Amendment"
kind = "vote"
round = 1
by = ["AAA"]
motion = "amendment"
clause = "wording"
option = "without_right"

[[sessions.events]]
id = "m2"
label = "Package"
kind = "vote"
round = 2
by = ["AAA"]
motion = "package"
`),
		},
		{
			name: "vote events",
			edits: inFirst(`
[[sessions.events]]
kind = "vote"
round = 1
by = ["AAA"]
motion = "amendment"
clause = "wording"
option = "without_right"

[[sessions.events]]
kind = "vote"
round = 2
by = ["AAA"]
motion = "package"
`),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := toy(t, tt.edits...)
			if tt.patch != nil {
				tt.patch(sc)
			}
			e, out := sim.New(sc), sim.NewOutcome(sc)
			rng := sim.RunRNG(1, 0)
			e.Run(rng, nil, out) // warm-up
			allocs := testing.AllocsPerRun(20, func() { e.Run(rng, nil, out) })
			if allocs != 0 {
				if tt.bug != "" {
					t.Skipf("%s: %v allocations per run", tt.bug, allocs)
				}
				t.Errorf("Run with a nil recorder: %v allocations per run, want 0", allocs)
			}
		})
	}
}

// TestContinuousClause checks that a continuous clause's text is the
// chair's draft itself, not the nearest option, and that a continuous
// clause with a deletion option is refused.
func TestContinuousClause(t *testing.T) {
	src := strings.Replace(toySource(t), `[clauses.wording]
title = "'without right' or 'unlawful'"`, `[clauses.wording]
title = "'without right' or 'unlawful'"
continuous = true`, 1)
	sc, err := scenarios.Parse("toy-continuous.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.ClauseIndex("wording")
	if !sc.Clauses[c].Continuous {
		t.Fatal("continuous = true did not reach the resolved clause")
	}
	e, out := sim.New(sc), sim.NewOutcome(sc)
	e.Run(sim.RunRNG(7, 0), nil, out)
	draft := e.Text().Chair[c]
	if out.FinalValue[c] != draft {
		t.Errorf("final value %v, want the chair's draft %v", out.FinalValue[c], draft)
	}
	if draft == 0 || draft == 1 {
		t.Errorf("the draft ended on an option (%v); the test needs a draft between options", draft)
	}
	bad := strings.Replace(src, "continuous = true", "continuous = true\ndeletion = \"unlawful\"", 1)
	if _, err := scenarios.Parse("toy-bad.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "continuous clause cannot have a deletion") {
		t.Errorf("a continuous clause with a deletion option: err = %v", err)
	}
}
