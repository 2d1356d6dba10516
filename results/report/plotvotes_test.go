package report

import (
	"path/filepath"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// toyVotes is the toy with scripted votes (sim/testdata/toy-votes.toml).
func toyVotes(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load(filepath.Join("..", "..", "sim", "testdata", "toy-votes.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestVotesGolden compares the votes chart's data for a run and for 40
// runs of the toy with votes with testdata/golden/votes. Regenerate with
//
//	go test ./results/report -run TestVotesGolden -update
func TestVotesGolden(t *testing.T) {
	sc := toyVotes(t)
	single, err := results.ParseRun(runFiles(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := results.ParseRun(results.Files{"scenario.json": scj,
		"summary.json": summaryJSON(t, sc, sc.Seed, aggregateRuns(t, sc, sc.Seed, 0, 40))})
	if err != nil {
		t.Fatal(err)
	}
	one, many := VoteChartData(single), VoteChartData(mc)
	if len(one) == 0 || len(many) == 0 {
		t.Fatalf("%d votes in a run, %d over runs: the toy has votes", len(one), len(many))
	}
	checkGoldenJSON(t, filepath.Join("testdata", "golden", "votes"),
		map[string]any{PlotVotes + ".json": one, PlotVotes + "-runs.json": many})
	for _, d := range []*results.RunData{single, mc} {
		figs := voteFigures(d)
		if len(figs) != 1 {
			t.Errorf("%d figures, want the chart alone (the toy's states are on no map)", len(figs))
		}
		for _, f := range figs {
			renderWide(t, f)
		}
	}
}

// TestVotesFlagship: the tallies of the flagship's votes are the counts
// of votes.csv, and every vote has its map.
func TestVotesFlagship(t *testing.T) {
	d := sharedFlagship(t)
	votes := VoteChartData(d)
	if len(votes) == 0 {
		t.Fatal("no votes")
	}
	for _, v := range votes {
		count := map[string]int{}
		for _, r := range d.Votes {
			if r.Motion == v.Motion {
				count[r.Vote]++
			}
		}
		if float64(count["yes"]) != v.Tally.Yes.Mean || float64(count["no"]) != v.Tally.No.Mean ||
			float64(count["abstain"]) != v.Tally.Abstain.Mean || count["not_voting"] != v.NotVoting {
			t.Errorf("%s: chart %+v, %d not voting; votes.csv %v", v.Motion, v.Tally, v.NotVoting, count)
		}
	}
	if figs := voteFigures(d); len(figs) != 1+len(votes) {
		t.Errorf("%d figures, want the chart and %d maps", len(figs), len(votes))
	}
}
