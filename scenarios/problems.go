package scenarios

import "fmt"

// A Problem is one thing wrong with a scenario: where it is (file and key
// path) and what is wrong.
type Problem struct {
	File string // the file that set the offending key
	Path string // full key path, e.g. states.RUS.positions.cii_offence.ideal
	Msg  string
}

func (p *Problem) Error() string {
	switch {
	case p.File != "" && p.Path != "":
		return fmt.Sprintf("%s: %s: %s", p.File, p.Path, p.Msg)
	case p.File != "":
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Path != "":
		return fmt.Sprintf("%s: %s", p.Path, p.Msg)
	}
	return p.Msg
}

// problems collects every problem found in a scenario, so that a user sees
// them all at once: up to MaxProblems of them, then how many more there
// are (a file of 100,000 unknown keys would otherwise print 13 MB).
type problems struct {
	origin func(path string) string // file that set a path
	list   []error
	total  int // problems found, listed or not
}

// MaxProblems is the number of problems an error lists.
const MaxProblems = 100

func (ps *problems) add(path, format string, args ...any) {
	ps.total++
	if len(ps.list) >= MaxProblems {
		return
	}
	file := ""
	if ps.origin != nil {
		file = ps.origin(path)
	}
	ps.list = append(ps.list, &Problem{File: file, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems as an *InvalidError, or nil if there are none.
func (ps *problems) err() error {
	if ps.total == 0 {
		return nil
	}
	list := ps.list
	if more := ps.total - len(list); more > 0 {
		list = append(list[:len(list):len(list)], fmt.Errorf("... and %d more problems, not listed (fix these first)", more))
	}
	return &InvalidError{Problems: list}
}
