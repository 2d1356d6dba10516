package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// MarkerName is the file that marks a results folder as treatysim's and
// lists the files treatysim wrote into it: --force replaces a folder only
// while it holds nothing else, so that nothing of the user's is lost.
const MarkerName = ".treatysim"

// markerHeader starts every marker; a .treatysim file without it is not
// one of ours.
const markerHeader = "# treatysim results folder"

// CheckOut reports whether dir may be written as a results folder: it
// does not exist, or force is set and it is a folder treatysim wrote
// (see Replaceable). Anything else wraps ErrExists (and ErrNotOurs when
// --force would not help), with what to do.
func CheckOut(dir string, force bool) error {
	dir = filepath.Clean(dir)
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return writeErr(dir, "", err)
	}
	refuse := func(format string, args ...any) error {
		return &notOursError{dir + " " + fmt.Sprintf(format, args...)}
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return refuse("is a symbolic link: give the folder it points to, or choose another --out")
	case !fi.IsDir():
		return refuse("is a file, and treatysim writes a results folder: choose another --out")
	case holdsWorkingDir(dir):
		return refuse("is the current folder, or holds it, and cannot be replaced: choose another --out")
	}
	if problem := Replaceable(dir); problem != "" {
		return refuse("exists and is not a results folder treatysim wrote (%s): --force replaces only those; "+
			"choose another --out, or move this folder away yourself", problem)
	}
	if !force {
		return fmt.Errorf("%s: %w (use --force to replace it)", dir, ErrExists)
	}
	return nil
}

// notOursError refuses an output path that exists and is not a results
// folder treatysim wrote: it is both ErrExists and ErrNotOurs.
type notOursError struct{ msg string }

func (e *notOursError) Error() string { return e.msg }

func (e *notOursError) Is(target error) bool { return target == ErrExists || target == ErrNotOurs }

// holdsWorkingDir reports whether dir is the working folder or one of its
// ancestors, which a rename cannot move away.
func holdsWorkingDir(dir string) bool {
	abs, err1 := filepath.Abs(dir)
	wd, err2 := os.Getwd()
	if err1 != nil || err2 != nil {
		return true // cannot tell: refuse rather than risk it
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	if r, err := filepath.EvalSymlinks(wd); err == nil {
		wd = r
	}
	rel, err := filepath.Rel(abs, wd)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Replaceable says why the existing folder dir is not one treatysim
// wrote, or "" if it is: it holds a marker (MarkerName) and nothing but
// the files the marker lists; or, written before markers, a file by which
// treatysim's folders are known (summary.json, compare.json, ...) and
// nothing but files treatysim writes. An empty folder holds nothing to
// lose and may be replaced too.
func Replaceable(dir string) string {
	listed, marked, err := readMarker(dir)
	if err != nil {
		return fmt.Sprintf("its %s cannot be read (%v)", MarkerName, err)
	}
	ours := legacyName
	if marked {
		ours = func(name string) bool { return listed[strings.TrimSuffix(name, ".tmp")] }
	}
	var foreign []string
	files, keys := 0, 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		files++
		if legacyKeys[rel] {
			keys++
		}
		if marked && (rel == MarkerName || rel == MarkerName+".tmp") {
			return nil
		}
		if !d.Type().IsRegular() || !ours(rel) {
			foreign = append(foreign, rel)
			if len(foreign) > 3 {
				return fs.SkipAll // enough to say so; the folder may be huge
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return fmt.Sprintf("it cannot be read (%v)", err)
	case len(foreign) > 3:
		return fmt.Sprintf("it holds %s and more, which treatysim did not write", strings.Join(foreign[:3], ", "))
	case len(foreign) > 0:
		return fmt.Sprintf("it holds %s, which treatysim did not write", strings.Join(foreign, ", "))
	case files > 0 && !marked && keys == 0:
		return "it holds no summary.json (nor any other file by which treatysim knows its results folders)"
	}
	return ""
}

// legacyKeys are the files by which a folder written before markers is
// known as treatysim's: one of them is in every folder a command wrote.
var legacyKeys = map[string]bool{"summary.json": true, "compare.json": true, "sensitivity.json": true,
	"points.csv": true, "backtest.csv": true, "fit.json": true}

// legacyFiles are the files treatysim wrote at the top of a results folder
// before markers (run, merge, compare, sensitivity, sweep, backtest,
// import unvotes). Frozen: folders written since carry a marker.
var legacyFiles = map[string]bool{}

func init() {
	for _, name := range strings.Fields(`summary.json scenario.json runs.csv text.csv positions.csv votes.csv
		events.csv exchanges.csv coalitions.csv memberships.csv coalition-rounds.csv coalition-counts.csv
		group-cohesion.csv pairs.csv vote-probabilities.csv report.html compare.csv compare.json
		attribution.csv compare.html indices.csv factors.csv sensitivity.json points.csv clauses.csv
		backtest.csv summary.csv engine.csv parameters.csv paired.csv predicted-vs-recorded.png
		ideal-points.csv alignment.csv record.toml fit.json`) {
		legacyFiles[name] = true
	}
}

// legacyName reports whether a file (slash path in the folder) is one
// treatysim wrote before markers; name.tmp is what treatysim plot leaves
// of name when it is stopped half-way.
func legacyName(name string) bool {
	name = strings.TrimSuffix(name, ".tmp")
	dir, base := path.Split(name)
	switch dir {
	case "":
		return legacyFiles[base]
	case "plots/":
		return path.Ext(base) == ".png" || path.Ext(base) == ".svg"
	case "summaries/":
		ok, _ := path.Match("point-*.json", base)
		return ok
	}
	return false
}

// readMarker reads the files a folder's marker lists; marked is false
// when it has none (a .treatysim file not written by treatysim is none).
func readMarker(dir string) (listed map[string]bool, marked bool, err error) {
	p := filepath.Join(dir, MarkerName)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !fi.Mode().IsRegular() {
		return nil, false, nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false, err
	}
	if !bytes.HasPrefix(b, []byte(markerHeader)) {
		return nil, false, nil
	}
	listed = map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			listed[line] = true
		}
	}
	return listed, true, sc.Err()
}

// markerText renders a marker listing names.
func markerText(names []string) []byte {
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s, written by treatysim %s. treatysim --force replaces this\n", markerHeader, Version)
	b.WriteString("# folder only while it holds nothing but the files listed here.\n")
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	return b.Bytes()
}

// writeMarker lists every file in the staged folder tmp in its marker.
func writeMarker(tmp string) error {
	var names []string
	err := filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tmp, p)
		if rel = filepath.ToSlash(rel); rel != MarkerName {
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(tmp, MarkerName), markerText(names), 0o644)
}

// AddToMarker adds names to the marker of the results folder dir, if it
// has one, before a command (treatysim plot) writes them into it, so that
// the folder stays replaceable. A folder without a marker is left alone.
func AddToMarker(dir string, names []string) error {
	listed, marked, err := readMarker(dir)
	if err != nil || !marked {
		return err
	}
	all := make([]string, 0, len(listed)+len(names))
	for n := range listed {
		all = append(all, n)
	}
	for _, n := range names {
		if !listed[n] {
			all = append(all, n)
		}
	}
	p := filepath.Join(dir, MarkerName)
	if err := os.WriteFile(p+".tmp", markerText(all), 0o644); err != nil {
		return err
	}
	return os.Rename(p+".tmp", p)
}
