package main

import (
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// Tests named after the failures of issue 14 that the command line
// itself answers for; their exit statuses are cases of TestExitStatus too.

// TestBadFlagPrintsHelp: a bad flag value printed the 48-line help before
// a one-line error. Every command now prints the error first, a one-line
// hint, and not the help.
func TestBadFlagPrintsHelp(t *testing.T) {
	runExitCases(t, flagCases(t))
}

// TestBadFlagSaysOnlyParseError: "--runs -5" said only "parse error". The
// error names the flag, the value and what is allowed.
func TestBadFlagSaysOnlyParseError(t *testing.T) {
	newRun := func() (*flag.FlagSet, *uint64) {
		fs := newFlags("run", "run", "")
		var runs uint64
		wholeVar(fs, &runs, "runs", 1, 1, 1<<62, "", "runs")
		fs.Int("plain", 3, "a plain int flag")
		fs.Float64("share", 0.5, "a float flag")
		return fs, &runs
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--runs", "-5"}, "run: --runs -5: want a whole number from 1 to 4611686018427387904"},
		{[]string{"--runs=0"}, "run: --runs 0: want a whole number from 1 to 4611686018427387904"},
		{[]string{"--runs", "1.5"}, "run: --runs 1.5: want a whole number from 1"},
		{[]string{"--runs", ""}, `run: --runs "": want a whole number`},
		{[]string{"--plain", "x"}, "run: --plain x: want a whole number"},
		{[]string{"--share", "lots"}, "run: --share lots: want a number"},
		{[]string{"scenario.toml", "--plain"}, "run: --plain needs a value: want a whole number"},
		{[]string{"--frob"}, "run: unknown flag --frob"},
	}
	for _, tt := range tests {
		fs, _ := newRun()
		done := captured(t)
		_, err := parse(fs, tt.args)
		_, stderr := done()
		var ue *usageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("parse(%q) = %v, want a usage error starting %q", tt.args, err, tt.want)
			continue
		}
		if ue.hint != "Run 'treatysim run --help' for its flags." {
			t.Errorf("parse(%q): hint %q", tt.args, ue.hint)
		}
		if stderr != "" {
			t.Errorf("parse(%q) printed %q; the error is printed once, by exitCode", tt.args, stderr)
		}
	}
	fs, runs := newRun()
	if pos, err := parse(fs, []string{"a.toml", "--runs", "7", "b"}); err != nil || *runs != 7 || strings.Join(pos, " ") != "a.toml b" {
		t.Errorf("parse of good flags: %v, runs %d, positional %q", err, *runs, pos)
	}
}

// TestWorkersAboveCap: --workers 1000000 ran (98 s, 7.9 GB). Every
// command with --workers refuses more than maxWorkers(), with the range.
func TestWorkersAboveCap(t *testing.T) {
	if maxWorkers() != workersPerCore*defaultWorkers() || defaultWorkers() > maxWorkers() {
		t.Fatalf("maxWorkers %d, default %d", maxWorkers(), defaultWorkers())
	}
	runExitCases(t, workersCases(t, t.TempDir()))
}

// TestReplayNegative: --replay -2 did a plain run.
func TestReplayNegative(t *testing.T) {
	runExitCases(t, replayCases(t.TempDir()))
}

// TestKeepRunsSilentlyIgnored: --keep-runs was ignored for a single run
// and with --shard, while --coalitions was refused: both are refused
// alike.
func TestKeepRunsSilentlyIgnored(t *testing.T) {
	runExitCases(t, monteCarloOnlyCases(t.TempDir()))
}

// TestSweepGridUnbounded: a 10^6-point sweep ran 5 minutes with no
// output. A grid over --max-points is refused at once.
func TestSweepGridUnbounded(t *testing.T) {
	runExitCases(t, sweepLimitCases(t, t.TempDir()))
}

// TestSweepLoaderErrorsExitUsage: whatever the sweep loader refuses (an
// unknown state, a duplicate key, two axes on one key once the loader
// refuses them) is bad input, exit 2, and writes nothing.
func TestSweepLoaderErrorsExitUsage(t *testing.T) {
	dir := t.TempDir()
	axis := "[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5]\n"
	files := map[string]string{
		"unknown state":     "scenario = \"toy\"\nruns = 2\n[[axes]]\nkey = \"states.NOSUCH.positions.x_offence.salience\"\nvalues = [0.5]\n",
		"duplicate key":     "scenario = \"toy\"\nruns = 2\nruns = 3\n" + axis,
		"duplicate axis":    "scenario = \"toy\"\nruns = 2\n" + axis + axis,
		"duplicate value":   "scenario = \"toy\"\nruns = 2\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5, 0.5]\n",
		"unknown sweep key": "scenario = \"toy\"\nrunz = 2\n" + axis,
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".toml")
			writeFile(t, path, text)
			if _, err := scenarios.LoadSweep(path); err == nil {
				t.Skipf("the sweep loader accepts a %s", name) // the loader's to decide; the command's to report
			}
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(name, " ", "-"))
			runExitCases(t, []exitCase{says(exitCase{name: name, args: []string{"sweep", path, "--out", out}, want: exitUsage, after: absent(out)}, "treatysim: ")})
		})
	}
	// And an error the loader does not mark as invalid is bad input all the same.
	done := captured(t)
	code := exitCode(badInput(errors.New("sweep x.toml: something new")))
	done()
	if code != exitUsage {
		t.Errorf("badInput: exit status %d, want %d", code, exitUsage)
	}
}

// TestReplayHeaderSaysNotWhichRun: a replay's header did not say which
// run it was.
func TestReplayHeaderSaysNotWhichRun(t *testing.T) {
	sc, err := scenarios.LoadShipped("toy")
	if err != nil {
		t.Fatal(err)
	}
	rec := results.NewRecord(sc, 3)
	rec.Run, rec.Outcome = 7, sim.NewOutcome(sc)
	var b strings.Builder
	printRun(&b, rec, true)
	if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(first, "(toy), run 7 of seed 3") {
		t.Errorf("replay header %q, want it to end with %q", first, "(toy), run 7 of seed 3")
	}
	b.Reset()
	printRun(&b, rec, false)
	if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(first, "(toy), seed 3") {
		t.Errorf("single-run header %q, want it to end with %q", first, "(toy), seed 3")
	}
}

// TestRunHelpShardName: run's help named shard-i-of-n.json, while the
// file is shard-0000-of-0002.json.
func TestRunHelpShardName(t *testing.T) {
	if strings.Contains(runHelp, "shard-i-of-n.json") || !strings.Contains(strings.Join(strings.Fields(runHelp), " "), results.ShardName(0, 2)) {
		t.Errorf("run's help does not name the shard files as results.ShardName does (%s)", results.ShardName(0, 2))
	}
}
