package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// source is where a scenario file's text comes from, and how its extends
// is resolved.
type source interface {
	name() string // for messages and cycle detection
	read() ([]byte, error)
	base(extends string) (source, error) // an error says why extends is refused
}

// diskSource is a scenario file. What its extends may reach is bounded
// (docs/scenario-format.md, "Extending a scenario"): a shipped scenario,
// or a regular .toml file in the folder of the file named on the command
// line (root) or below it, by a relative path, whose symbolic links, if
// any, lead inside that folder too. So a scenario someone else wrote
// cannot make the loader read (and quote in an error) /etc/passwd or a
// key file.
type diskSource struct {
	path string
	root string
}

func newDiskSource(file string) diskSource { return diskSource{path: file, root: filepath.Dir(file)} }

func (d diskSource) name() string { return d.path }

func (d diskSource) read() ([]byte, error) {
	b, err := readLimited(d.path)
	var inv *InvalidError
	if err != nil && !errors.As(err, &inv) {
		return nil, fmt.Errorf("scenario %s: %w", d.path, err)
	}
	return b, err
}

func (d diskSource) base(ext string) (source, error) {
	if isShippedName(ext) {
		return shippedSource(ext), nil
	}
	p, err := reach(d.root, filepath.Dir(d.path), ext, "scenario named on the command line")
	if err != nil {
		return nil, err
	}
	return diskSource{path: p, root: d.root}, nil
}

// reach resolves a path written in a file in folder dir, relative to it,
// and checks that it stays in root (the folder of the file named on the
// command line, which is what) and names a regular .toml file.
func reach(root, dir, rel, what string) (string, error) {
	allowed := fmt.Sprintf("allowed: the name of a shipped scenario (%s), or a relative path to a .toml file in the folder of the %s or below it",
		strings.Join(ShippedNames(), ", "), what)
	switch {
	case filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`) || filepath.VolumeName(rel) != "":
		return "", fmt.Errorf("%q is an absolute path; %s", rel, allowed)
	case !strings.HasSuffix(rel, ".toml"):
		return "", fmt.Errorf("%q is not a .toml file; %s", rel, allowed)
	}
	shown := root // the folder as the messages name it
	if abs, err := filepath.Abs(root); err == nil {
		shown = abs
	}
	target := filepath.Join(dir, filepath.FromSlash(rel))
	if !inside(root, target) {
		return "", fmt.Errorf("%q leads out of the folder %s; %s", rel, shown, allowed)
	}
	// Symbolic links are followed only where they lead inside root. A
	// file that does not exist is reported when it is read.
	realRoot, errRoot := filepath.EvalSymlinks(root)
	realTarget, err := filepath.EvalSymlinks(target)
	if errRoot != nil || err != nil {
		return target, nil
	}
	if !inside(realRoot, realTarget) {
		return "", fmt.Errorf("%q is a symbolic link, or lies behind one, that leads out of the folder %s; %s", rel, shown, allowed)
	}
	if !strings.HasSuffix(realTarget, ".toml") {
		return "", fmt.Errorf("%q is a symbolic link to a file that is not a .toml file; %s", rel, allowed)
	}
	if fi, err := os.Stat(realTarget); err == nil && !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%q is not a regular file; %s", rel, allowed)
	}
	return target, nil
}

// inside reports whether path lies in the folder root or below it.
func inside(root, path string) bool {
	r, errR := filepath.Abs(root)
	p, errP := filepath.Abs(path)
	if errR != nil || errP != nil {
		return false
	}
	rel, err := filepath.Rel(r, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

type shippedSource string

func (s shippedSource) name() string          { return "shipped:" + string(s) }
func (s shippedSource) read() ([]byte, error) { return ShippedSource(string(s)) }
func (s shippedSource) base(ext string) (source, error) {
	return shippedBase(ext, "a shipped scenario")
}

// textSource is a scenario given as text (the classroom's uploads, tests):
// it has no folder, so it may extend only a shipped scenario.
type textSource struct {
	label string
	data  []byte
}

func (t textSource) name() string          { return t.label }
func (t textSource) read() ([]byte, error) { return t.data, nil }
func (t textSource) base(ext string) (source, error) {
	return shippedBase(ext, "a scenario given as text")
}

func shippedBase(ext, what string) (source, error) {
	if !isShippedName(ext) {
		return nil, fmt.Errorf("%q is a file; %s may extend only a shipped scenario: %s", ext, what, strings.Join(ShippedNames(), ", "))
	}
	return shippedSource(ext), nil
}

// isShippedName reports whether extends names a shipped scenario (a bare
// name such as "ahc") rather than a file.
func isShippedName(ext string) bool {
	return !strings.ContainsAny(ext, `/\`) && !strings.HasSuffix(ext, ".toml")
}

// sourceOf is the source of a scenario named on the command line: a
// shipped scenario by name, or a file.
func sourceOf(name string) (source, error) {
	if isShippedName(name) {
		if _, err := ShippedSource(name); err != nil {
			return nil, &InvalidError{Problems: []error{err}}
		}
		return shippedSource(name), nil
	}
	return newDiskSource(name), nil
}
