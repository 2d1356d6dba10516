package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/scenarios/importers"
)

const importHelp = `
Turn a data set of real negotiations into a scenario that run and validate
accept: one clause per issue, one state per actor, one concluding session.

  deu     a DEU III ("European Union Decides") file: tab-separated, one
          contested issue of EU legislation per line, positions and
          saliences of the Commission, the Parliament and the member states
          on 0-100, the reference point and the recorded outcome.
  decide  an input file of the Stokman exchange-model package decide:
          '#A' actor, '#P' issue, '#M' scale point and '#D' actor data
          (actor, issue, position, salience, power) records.
  unvotes a folder of UN General Assembly roll calls (roll_calls.csv and
          votes.csv): not a scenario but the [record] block that grounds
          a scenario's states in what they voted; see
          treatysim import unvotes --help.

Positions and saliences map to [0,1]; an empty cell means the actor takes no
part in the issue. A clause's options are the positions taken on the issue
and its reference point; the text opens at the reference point (where it is
unknown: the Commission's proposal, or the compromise). Each state's value
of no treaty is its utility of the reference points. States get ISO 3166
alpha-3 ids; actors that are not states get codes from the user-assigned
range XAA-XZZ (the Commission XCO, the Parliament XEP); docs/validation.md
lists them. Issues decided by qualified majority give consensus_then_vote
at 0.55 of those voting (an approximation of the double majority); issues
that need unanimity, and decide files, give consensus.

Every problem in the file is reported as file:line: message, with exit
status 2, and nothing is written. The scenario goes to standard output, or
to --out FILE (written whole or not at all; an existing file is replaced
only with --force).`

func cmdImport(args []string) error {
	if len(args) > 0 && strings.EqualFold(args[0], "unvotes") {
		return cmdImportUnvotes(args[1:])
	}
	fs := newFlags("import", "import deu|decide FILE [--capability equal|gdp|power] [--select ID,...] [--out FILE] [--force]\n       treatysim import unvotes DIR [flags] (see treatysim import unvotes --help)", importHelp)
	capability := fs.String("capability", "", "where capabilities come from: equal, gdp (deu: the weights on line 2) or power (decide: the power column); default gdp for deu, power for decide")
	sel := fs.String("select", "", "import only these issues or proposals (comma-separated ids, e.g. d00032 or d00032i1); default all")
	out := fs.String("out", "", "write the scenario to this file (default: standard output)")
	force := fs.Bool("force", false, "replace an existing --out file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("import: give a format (deu or decide) and a file (see treatysim import --help)")
	}
	format := importers.Format(strings.ToLower(pos[0]))
	if format != importers.DEU && format != importers.Decide {
		return usagef("import: unknown format %q; allowed: deu, decide, unvotes", pos[0])
	}
	if *out != "" && !*force {
		if _, err := os.Stat(*out); err == nil {
			return usagef("%s exists; use --force to replace it", *out)
		}
	}
	ds, err := readDataset(format, pos[1], *capability)
	if err != nil {
		return err
	}
	opt := importers.Options{}
	if *sel != "" {
		if opt.Issues, err = ds.Select(commaList(*sel)); err != nil {
			return usagef("import: %v", err)
		}
	}
	text, err := importers.Render(ds, opt)
	if err != nil {
		return err
	}
	// What import writes must load: check it as validate would.
	sc, err := scenarios.Parse(pos[1], text)
	if err != nil {
		return fmt.Errorf("the scenario made from %s does not load (a bug in the importer): %v", pos[1], err)
	}
	printNotes(ds)
	if *out == "" {
		_, err = os.Stdout.Write(text)
		return err
	}
	if err := writeFileAtomic(*out, text, *force); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %s, %d clauses, %d states (capability: %s)\n",
		*out, sc.ID, len(sc.Clauses), len(sc.States), ds.Capability)
	return nil
}

// readDataset parses a data file in the given format (or, when format is
// empty, the one its first record shows) and sets the capability source
// (empty: the file's own weights).
func readDataset(format importers.Format, file, capability string) (*importers.Dataset, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if format == "" {
		format = sniffFormat(data)
	}
	var ds *importers.Dataset
	switch format {
	case importers.DEU:
		ds, err = importers.ParseDEU(file, bytes.NewReader(data))
	default:
		ds, err = importers.ParseDecide(file, bytes.NewReader(data))
	}
	if err != nil {
		return nil, err
	}
	if capability != "" {
		c, err := importers.ParseCapability(capability)
		if err != nil {
			return nil, usagef("%v", err)
		}
		if err := ds.SetCapability(c); err != nil {
			return nil, usagef("%v", err)
		}
	}
	return ds, nil
}

// sniffFormat tells a decide file (records that start with '#') from a
// DEU file (a header line of column names).
func sniffFormat(data []byte) importers.Format {
	line, _, _ := bufio.NewReader(bytes.NewReader(data)).ReadLine()
	s := strings.TrimLeft(strings.TrimPrefix(string(line), "\ufeff"), " \t'\"")
	if strings.HasPrefix(s, "#") {
		return importers.Decide
	}
	return importers.DEU
}

// printNotes tells, on standard error, what the importer had to assume.
func printNotes(ds *importers.Dataset) {
	if len(ds.Notes) == 0 {
		return
	}
	fmt.Fprintf(os.Stderr, "treatysim: %d note(s) on %s, e.g.:\n", len(ds.Notes), ds.Name)
	for k, n := range ds.Notes {
		if k == 3 {
			fmt.Fprintf(os.Stderr, "  ... and %d more\n", len(ds.Notes)-3)
			break
		}
		fmt.Fprintf(os.Stderr, "  %s\n", n)
	}
}

// writeFileAtomic writes data to file through a temporary file beside it,
// renamed into place, so that a failure leaves no half-written file. An
// existing file is replaced only with force.
func writeFileAtomic(file string, data []byte, force bool) (err error) {
	if fi, statErr := os.Lstat(file); statErr == nil {
		switch {
		case !fi.Mode().IsRegular():
			return usagef("%s is not a plain file (a folder or a link): give the name of the scenario file to write", file)
		case !force:
			return usagef("%s exists; use --force to replace it", file)
		}
	}
	// A failure to write is a failure while running (exit 1), named by
	// the file asked for, never by the temporary (%v, not %w: a missing
	// folder must not read as bad input).
	fail := func(e error) error {
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(e, &pe):
			e = pe.Err
		case errors.As(e, &le):
			e = le.Err
		}
		return fmt.Errorf("cannot write %s: %v", file, e)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".tmp-")
	if err != nil {
		return fail(err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err = tmp.Close(); err != nil {
		return fail(err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fail(err)
	}
	if err = os.Rename(tmp.Name(), file); err != nil {
		return fail(err)
	}
	return nil
}
