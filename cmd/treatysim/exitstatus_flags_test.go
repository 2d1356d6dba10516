package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// This file holds the exit-status cases of the command line itself: bad
// flags of every command, --workers above its cap, --replay out of range,
// flags that go only with a Monte Carlo, a sweep over its grid limit. Each
// group is a function of a scratch folder, run by TestExitStatus and by
// the test named after its failure.

// runExitCases runs cases as TestExitStatus does, each as a subtest.
func runExitCases(t *testing.T, cases []exitCase) {
	t.Helper()
	clearArrayJobEnv(t)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before(t)
			}
			if got := dispatch(tt.args); got != tt.want {
				t.Errorf("treatysim %q: exit status %d, want %d", tt.args, got, tt.want)
			}
			if tt.after != nil {
				tt.after(t)
			}
		})
	}
}

// captured redirects the process's stdout and stderr to files until the
// returned function restores them and gives back what was written.
func captured(t *testing.T) (done func() (stdout, stderr string)) {
	t.Helper()
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	errf, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = out, errf
	restored := false
	restore := func() {
		if !restored {
			os.Stdout, os.Stderr = oldOut, oldErr
			out.Close()
			errf.Close()
			restored = true
		}
	}
	t.Cleanup(restore) // also if the case fails half way
	return func() (string, string) {
		restore()
		o, _ := os.ReadFile(out.Name())
		e, _ := os.ReadFile(errf.Name())
		return string(o), string(e)
	}
}

// says makes c check what the command printed on stderr: the error
// first, then each of lines in order (substrings), and never the
// command's whole help (but for --help itself).
func says(c exitCase, lines ...string) exitCase {
	before, after := c.before, c.after
	var done func() (string, string)
	c.before = func(t *testing.T) {
		if before != nil {
			before(t)
		}
		done = captured(t)
	}
	c.after = func(t *testing.T) {
		t.Helper()
		_, stderr := done()
		checkStderr(t, c.args, stderr, lines)
		if after != nil {
			after(t)
		}
	}
	return c
}

func checkStderr(t *testing.T, args []string, stderr string, lines []string) {
	t.Helper()
	help := slices.Contains(args, "--help") || slices.Contains(args, "-h")
	if !help && strings.Contains(stderr, "\nFlags:\n") {
		t.Errorf("treatysim %q printed the whole help:\n%s", args, stderr)
	}
	if len(lines) > 0 && !strings.Contains(strings.SplitN(stderr, "\n", 2)[0], strings.TrimSuffix(lines[0], "\n")) {
		t.Errorf("treatysim %q: stderr does not start with %q:\n%s", args, lines[0], stderr)
	}
	rest := stderr
	for _, l := range lines {
		i := strings.Index(rest, l)
		if i < 0 {
			t.Errorf("treatysim %q: stderr lacks %q (in this order):\n%s", args, l, stderr)
			return
		}
		rest = rest[i+len(l):]
	}
}

// commandNames are the names of every command's flag set, as dispatch
// reaches them ("import unvotes" is import's second flag set).
func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return append(names, "import unvotes")
}

// helpFlag is a flag as a command's --help lists it.
type helpFlag struct{ name, arg string } // arg "": a bool flag

var helpFlagLine = regexp.MustCompile(`(?m)^  --([a-z][a-z0-9-]*)(?: (\S+))?$`)

// commandHelp runs "treatysim NAME --help" and returns its synopsis (the
// first line) and its flags.
func commandHelp(t *testing.T, name string) (synopsis string, flags []helpFlag) {
	t.Helper()
	done := captured(t)
	code := dispatch(append(strings.Fields(name), "--help"))
	_, stderr := done()
	if code != exitOK || !strings.HasPrefix(stderr, "Usage: treatysim "+name) {
		t.Fatalf("treatysim %s --help: exit status %d, stderr:\n%s", name, code, stderr)
	}
	for _, m := range helpFlagLine.FindAllStringSubmatch(stderr, -1) {
		flags = append(flags, helpFlag{m[1], m[2]})
	}
	return strings.SplitN(stderr, "\n", 2)[0], flags
}

// flagCases: every command's --help exits 0 with its help; an unknown
// flag, a value its flag refuses and a flag without its value exit 2,
// with the error first, a one-line hint and not the help.
func flagCases(t *testing.T) []exitCase {
	var cases []exitCase
	for _, name := range commandNames() {
		cmd := strings.Fields(name)
		with := func(args ...string) []string { return append(slices.Clone(cmd), args...) }
		prefix, hint := "treatysim: "+name+": ", fmt.Sprintf("Run 'treatysim %s --help' for its flags.", name)
		cases = append(cases,
			says(exitCase{name: name + " --help", args: with("--help"), want: exitOK}, "Usage: treatysim "+name, "\n\n"),
			says(exitCase{name: name + " unknown flag", args: with("--no-such-flag"), want: exitUsage},
				prefix+"unknown flag --no-such-flag\n", hint))
		_, flags := commandHelp(t, name)
		for _, f := range flags {
			switch f.arg {
			case "":
				cases = append(cases, says(exitCase{name: name + " --" + f.name + "=maybe", args: with("--" + f.name + "=maybe"), want: exitUsage},
					prefix+"--"+f.name+"=maybe: want true or false", hint))
			case "N":
				cases = append(cases, says(exitCase{name: name + " --" + f.name + " x", args: with("--"+f.name, "x"), want: exitUsage},
					prefix+"--"+f.name+" x: want a whole number", hint))
				fallthrough
			default:
				cases = append(cases, says(exitCase{name: name + " --" + f.name + " without a value", args: with("--" + f.name), want: exitUsage},
					prefix+"--"+f.name+" needs a value", hint))
			}
		}
	}
	return cases
}

// workersCases: --workers is held to 1..maxWorkers() in every command
// that has it, with the range in the message.
func workersCases(t *testing.T, dir string) []exitCase {
	sweep := filepath.Join(dir, "workers-sweep.toml")
	writeFile(t, sweep, "scenario = \"toy\"\nruns = 2\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5]\n")
	never := filepath.Join(dir, "never")
	above := fmt.Sprint(maxWorkers() + 1)
	want := fmt.Sprintf("want a whole number from 1 to %d", maxWorkers())
	var cases []exitCase
	for _, args := range [][]string{
		{"run", "toy", "--runs", "10"},
		{"sweep", sweep},
		{"compare", "toy", "toy", "--runs", "10"},
		{"sensitivity", "toy", "--runs", "2"},
	} {
		with := func(more ...string) []string { return slices.Concat(args, more, []string{"--out", never}) }
		cases = append(cases,
			says(exitCase{name: args[0] + " --workers 1000000", args: with("--workers", "1000000"), want: exitUsage, after: absent(never)},
				"treatysim: "+args[0]+": --workers 1000000: "+want),
			says(exitCase{name: args[0] + " --workers above the cap", args: with("--workers", above), want: exitUsage, after: absent(never)},
				"--workers "+above+": "+want),
			says(exitCase{name: args[0] + " --workers 0", args: with("--workers", "0"), want: exitUsage, after: absent(never)}),
		)
	}
	return append(cases, exitCase{name: "run --workers at the cap", want: exitOK,
		args: []string{"run", "toy", "--runs", "10", "--workers", fmt.Sprint(maxWorkers()), "--out", filepath.Join(dir, "at-cap")}})
}

// replayCases: --replay takes a run of a Monte Carlo, 0 or more.
func replayCases(dir string) []exitCase {
	never := filepath.Join(dir, "never")
	return []exitCase{
		says(exitCase{name: "run --replay -2", args: []string{"run", "toy", "--replay", "-2", "--out", never}, want: exitUsage, after: absent(never)},
			"treatysim: run: --replay -2: want a whole number of at least 0", "Run 'treatysim run --help' for its flags."),
		says(exitCase{name: "run --replay=-1", args: []string{"run", "toy", "--replay=-1", "--out", never}, want: exitUsage, after: absent(never)},
			"--replay -1: want a whole number of at least 0"),
		says(exitCase{name: "run --replay past int64", args: []string{"run", "toy", "--replay", "99999999999999999999", "--out", never}, want: exitUsage, after: absent(never)},
			"--replay 99999999999999999999: want a whole number from 0 to 9223372036854775807"),
		{name: "run --replay 0", args: []string{"run", "toy", "--replay", "0", "--out", filepath.Join(dir, "replay-0")}, want: exitOK},
	}
}

// monteCarloOnlyCases: --keep-runs and --coalitions go with a Monte
// Carlo on one machine, and are refused alike elsewhere (a single run, a
// replay, a shard, a shard from the array-job environment).
func monteCarloOnlyCases(dir string) []exitCase {
	never := filepath.Join(dir, "never")
	arrayJob := func(t *testing.T) {
		t.Setenv("JOB_COMPLETION_INDEX", "0")
		t.Setenv("TREATYSIM_SHARDS", "2")
	}
	var cases []exitCase
	for _, flag := range []string{"--keep-runs", "--coalitions"} {
		msg := "treatysim: run: " + flag + " goes with --runs N (N > 1) on one machine"
		for _, c := range []exitCase{
			{name: "run " + flag + " on a single run", args: []string{"run", "toy", flag}},
			{name: "run " + flag + " --runs 1", args: []string{"run", "toy", "--runs", "1", flag}},
			{name: "run " + flag + " --replay", args: []string{"run", "toy", "--replay", "3", flag}},
			{name: "run " + flag + " --shard", args: []string{"run", "toy", "--runs", "4", "--shard", "0/2", flag}},
			{name: "run " + flag + " in an array job", args: []string{"run", "toy", "--runs", "4", flag}, before: arrayJob},
		} {
			c.args, c.want, c.after = append(c.args, "--out", never), exitUsage, absent(never)
			cases = append(cases, says(c, msg, "Run 'treatysim run --help' for its flags."))
		}
	}
	return cases
}

// sweepLimitCases: a grid over --max-points is refused at once, before
// its points are loaded (a million-point grid of the flagship would take
// hours to check); --max-points lets it run; sweep files the loader
// refuses are bad input.
func sweepLimitCases(t *testing.T, dir string) []exitCase {
	huge := filepath.Join(dir, "huge-sweep.toml")
	text := "scenario = \"ahc\"\nruns = 1\n"
	for range 6 {
		text += "[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59]\n"
	}
	writeFile(t, huge, text)
	four := filepath.Join(dir, "four-sweep.toml")
	writeFile(t, four, "scenario = \"toy\"\nruns = 2\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5, 0.9]\n"+
		"[[axes]]\nkey = \"states.AAA.positions.x_offence.salience\"\nvalues = [0.2, 0.8]\n")
	unknownState := filepath.Join(dir, "unknown-state-sweep.toml")
	writeFile(t, unknownState, "scenario = \"toy\"\nruns = 2\n[[axes]]\nkey = \"states.NOSUCH.positions.x_offence.salience\"\nvalues = [0.5]\n")
	duplicateKey := filepath.Join(dir, "duplicate-key-sweep.toml")
	writeFile(t, duplicateKey, "scenario = \"toy\"\nruns = 2\nruns = 3\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5]\n")
	never := filepath.Join(dir, "never")
	return []exitCase{
		says(exitCase{name: "sweep of a million points", args: []string{"sweep", huge, "--out", never}, want: exitUsage, after: absent(never)},
			"the grid has 1000000 points, more than the 10000 allowed", "--max-points"),
		says(exitCase{name: "sweep over --max-points", args: []string{"sweep", four, "--max-points", "3", "--out", never}, want: exitUsage, after: absent(never)},
			"the grid has 4 points, more than the 3 allowed"),
		{name: "sweep at --max-points", args: []string{"sweep", four, "--max-points", "4", "--workers", "1", "--out", filepath.Join(dir, "four")}, want: exitOK,
			after: func(t *testing.T) { checkWholeSweep(t, filepath.Join(dir, "four"), 4) }},
		{name: "sweep of an unknown state", args: []string{"sweep", unknownState, "--out", never}, want: exitUsage, after: absent(never)},
		{name: "sweep with a duplicate key", args: []string{"sweep", duplicateKey, "--out", never}, want: exitUsage, after: absent(never)},
	}
}

// checkWholeSweep checks the folder of a sweep that ran to its end:
// sweep.json says every point was done, and points.csv has them all.
func checkWholeSweep(t *testing.T, out string, points int) {
	t.Helper()
	var info struct {
		Points     int  `json:"points"`
		PointsDone int  `json:"points_done"`
		Partial    bool `json:"partial"`
	}
	b, err := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err == nil {
		err = json.Unmarshal(b, &info)
	}
	if err != nil || info.Points != points || info.PointsDone != points || info.Partial {
		t.Errorf("sweep.json: %+v (%v), want %d points, all done, not partial", info, err, points)
	}
	if rows := readCSV(t, filepath.Join(out, "points.csv")); len(rows) != 1+points {
		t.Errorf("points.csv has %d points, want %d", len(rows)-1, points)
	}
}

// absent checks that a command refused left no folder at p.
func absent(p string) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written by a refused command", p)
		}
	}
}
