package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// usageFlagsPending are flags a usage line may still leave out, because
// its file is being changed by its owner: remove an entry once its usage
// line lists the flag.
var usageFlagsPending = map[string][]string{}

var flagInText = regexp.MustCompile(`--([a-z][a-z0-9-]*)`)

// flagsIn returns the flags named in s (--name), without repeats, sorted.
func flagsIn(s string) []string {
	var out []string
	for _, m := range flagInText.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// commandFlags returns the names of a command's flags, sorted, and its
// synopsis (the first line of its help).
func commandFlags(t *testing.T, name string) ([]string, string) {
	t.Helper()
	synopsis, flags := commandHelp(t, name)
	var names []string
	for _, f := range flags {
		names = append(names, f.name)
	}
	slices.Sort(names)
	return names, synopsis
}

// readmeCommandRows returns, per command (flag-set name), the flags that
// the rows of README's command table name in their first column.
func readmeCommandRows(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	row := regexp.MustCompile("^\\| `treatysim ([a-z]+)( unvotes)?([^`]*)`")
	for _, line := range strings.Split(string(b), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1] + m[2]
		rows[name] = append(rows[name], flagsIn(m[3])...)
		if rows[name] == nil {
			rows[name] = []string{}
		}
	}
	for name, flags := range rows {
		slices.Sort(flags)
		rows[name] = slices.Compact(flags)
	}
	return rows
}

// TestReadmeTableMissesFlags: README's table of commands left out flags
// of merge, sweep and backtest. Every command has a row, and its rows
// name every flag it has, and no other.
func TestReadmeTableMissesFlags(t *testing.T) {
	rows := readmeCommandRows(t)
	for _, name := range commandNames() {
		want, _ := commandFlags(t, name)
		got, ok := rows[name]
		if !ok {
			t.Errorf("README's command table has no row for treatysim %s", name)
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("README's rows for treatysim %s name the flags %q; the command has %q", name, got, want)
		}
	}
}

// TestUsageLineMissesFlags: the usage lines of run and backtest left out
// flags. Each command's usage line names every flag it has, and no other.
func TestUsageLineMissesFlags(t *testing.T) {
	for _, name := range commandNames() {
		want, synopsis := commandFlags(t, name)
		want = slices.DeleteFunc(want, func(f string) bool { return slices.Contains(usageFlagsPending[name], f) })
		got := slices.DeleteFunc(flagsIn(synopsis), func(f string) bool { return slices.Contains(usageFlagsPending[name], f) })
		if !slices.Equal(got, want) {
			t.Errorf("the usage line of treatysim %s names the flags %q; the command has %q:\n%s", name, got, want, synopsis)
		}
	}
}

// TestReadmeNeverSaysHowToGetTreatysim: the README used treatysim bare
// without saying how to get it. Its quick start says how to run, install
// or build it.
func TestReadmeNeverSaysHowToGetTreatysim(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(b), "## Quick start")
	end := strings.Index(string(b), "## Commands")
	if start < 0 || end < start {
		t.Fatal("README has no Quick start before its Commands")
	}
	quick := strings.Join(strings.Fields(string(b[start:end])), " ")
	for _, want := range []string{"go install ./cmd/treatysim", "go build -o treatysim ./cmd/treatysim", "go run ./cmd/treatysim"} {
		if !strings.Contains(quick, want) {
			t.Errorf("README's Quick start does not say %q", want)
		}
	}
}
