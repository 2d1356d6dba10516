package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// newFlags returns a flag set for a subcommand. --help prints the
// command's synopsis, description and flags; a bad flag prints only the
// error and a one-line hint (see parse).
func newFlags(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { printHelp(os.Stderr, fs, synopsis, description) }
	return fs
}

// printHelp prints a command's help: synopsis, description, flags.
func printHelp(w io.Writer, fs *flag.FlagSet, synopsis, description string) {
	fmt.Fprintf(w, "Usage: treatysim %s\n\n%s\n", synopsis, strings.TrimSpace(description))
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(w, "\nFlags:")
			first = false
		}
		arg, usage := flag.UnquoteUsage(f)
		if p, ok := f.Value.(interface{ placeholder() string }); ok && !strings.Contains(f.Usage, "`") {
			arg = p.placeholder()
		} else if arg == "int" || arg == "uint" {
			arg = "N"
		}
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintf(w, "%s\n    \t%s%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"), defaultNote(f))
	})
}

// defaultNote is " (default X)" unless the default is a zero value.
func defaultNote(f *flag.Flag) string {
	switch f.DefValue {
	case "", "0", "false":
		return ""
	}
	if g, ok := f.Value.(flag.Getter); ok {
		if _, isString := g.Get().(string); isString {
			return fmt.Sprintf(" (default %q)", f.DefValue)
		}
	}
	return fmt.Sprintf(" (default %s)", f.DefValue)
}

// parse parses flags that may come before or after the positional
// arguments (treatysim run scenario.toml --seed 3) and returns the
// positional ones. A bad flag is a usage error that names the flag, the
// value and what is allowed, with a hint to --help: the flag package
// would print the whole help before its own terse message.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	help := fs.Usage
	fs.Usage = func() {} // the flag package calls it on every error, not only on --help
	defer func() { fs.Usage = help }()
	var bad *badValue
	restore := watchValues(fs, &bad)
	defer restore()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				restore() // the help names the flags' own types
				help()
				return nil, err
			}
			return nil, flagError(fs, bad, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagMisuse is a usage error about the flags of a command, with the
// same hint to --help as a bad flag.
func flagMisuse(fs *flag.FlagSet, format string, args ...any) error {
	return &usageError{msg: fs.Name() + ": " + fmt.Sprintf(format, args...), hint: helpHint(fs)}
}

func helpHint(fs *flag.FlagSet) string {
	return fmt.Sprintf("Run 'treatysim %s --help' for its flags.", fs.Name())
}

// flagError turns an error of the flag package into a usage error that
// says which flag, the value and what is allowed.
func flagError(fs *flag.FlagSet, bad *badValue, err error) error {
	var msg string
	text := err.Error()
	if bad != nil && bad.isBool {
		msg = fmt.Sprintf("--%s=%s: want %s", bad.flag, bad.value, bad.want)
	} else if bad != nil {
		msg = fmt.Sprintf("--%s %s: want %s", bad.flag, quoteArg(bad.value), bad.want)
	} else if name, ok := strings.CutPrefix(text, "flag provided but not defined: -"); ok {
		msg = fmt.Sprintf("unknown flag --%s", name)
	} else if name, ok := strings.CutPrefix(text, "flag needs an argument: -"); ok {
		msg = fmt.Sprintf("--%s needs a value", name)
		if f := fs.Lookup(name); f != nil {
			if w := want(unwatch(f.Value), nil); w != "" {
				msg += ": want " + w
			}
		}
	} else {
		msg = text // "bad flag syntax: ---x", said well enough
	}
	return &usageError{msg: fs.Name() + ": " + msg, hint: helpHint(fs)}
}

// quoteArg quotes a value for an error message when it would otherwise
// not be seen (empty, or with spaces).
func quoteArg(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return strconv.Quote(s)
	}
	return s
}

// badValue is a value a flag refused: which flag, as given, and what it
// wants.
type badValue struct {
	flag, value, want string
	isBool            bool // given as --flag=value
}

// watchValues wraps every flag's value while the flags are parsed, to
// learn which flag refused which value (the flag package keeps only a
// message), and returns the function that unwraps them.
func watchValues(fs *flag.FlagSet, bad **badValue) (restore func()) {
	orig := map[*flag.Flag]flag.Value{}
	fs.VisitAll(func(f *flag.Flag) {
		orig[f] = f.Value
		w := &watched{Value: f.Value, name: f.Name, bad: bad}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			w.isBool = true
			f.Value = watchedBool{w}
		} else {
			f.Value = w
		}
	})
	return func() {
		for f, v := range orig {
			f.Value = v
		}
		clear(orig) // unwatched once, however often called
	}
}

// unwatch returns the value a watched value wraps.
func unwatch(v flag.Value) flag.Value {
	switch w := v.(type) {
	case *watched:
		return w.Value
	case watchedBool:
		return w.Value
	}
	return v
}

type watched struct {
	flag.Value
	name   string
	isBool bool
	bad    **badValue
}

func (w *watched) Set(s string) error {
	err := w.Value.Set(s)
	if err == nil && w.name == "workers" {
		err = checkWorkers(w.Value)
	}
	if err != nil {
		*w.bad = &badValue{flag: w.name, value: s, want: want(w.Value, err), isBool: w.isBool}
	}
	return err
}

// watchedBool keeps a bool flag a bool flag (--force, not --force true).
type watchedBool struct{ *watched }

func (watchedBool) IsBoolFlag() bool { return true }

// wantError is a flag value's refusal that says what is allowed.
type wantError struct{ want string }

func (e *wantError) Error() string { return "want " + e.want }

// want says what a flag allows, from its refusal if it said, else from
// the flag's type; "" if neither says (a text flag given no value).
func want(v flag.Value, err error) string {
	var we *wantError
	if errors.As(err, &we) {
		return we.want
	}
	if p, ok := v.(interface{ want() string }); ok {
		return p.want()
	}
	g, ok := v.(flag.Getter)
	if !ok {
		return errText(err)
	}
	switch g.Get().(type) {
	case int, int64:
		return "a whole number"
	case uint, uint64:
		return "a whole number of at least 0"
	case float64:
		return "a number"
	case bool:
		return "true or false (--flag alone means true)"
	case time.Duration:
		return "a duration such as 90s or 5m"
	}
	return errText(err)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// whole is a whole-number flag with the range it allows, so that a value
// out of it is refused as the flags are read, with the range.
type whole[T int | int64 | uint64] struct {
	p        *T
	min, max int64 // max math.MaxInt64: no upper bound
	why      string
}

// wholeVar defines a whole-number flag allowed from min to max
// (math.MaxInt64: no upper bound); why, if not empty, explains the range
// when a value is refused.
func wholeVar[T int | int64 | uint64](fs *flag.FlagSet, p *T, name string, value T, min, max int64, why, usage string) {
	*p = value
	fs.Var(&whole[T]{p: p, min: min, max: max, why: why}, name, usage)
}

func (v *whole[T]) String() string {
	if v == nil || v.p == nil {
		return "0"
	}
	return fmt.Sprint(*v.p)
}

func (v *whole[T]) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-") {
		// Past int64: say where the range ends even when it has no bound.
		return &wantError{want: fmt.Sprintf("a whole number from %d to %d", v.min, v.max)}
	}
	if err != nil || n < v.min || n > v.max {
		return &wantError{want: v.want()}
	}
	*v.p = T(n)
	return nil
}

func (v *whole[T]) want() string {
	w := fmt.Sprintf("a whole number from %d to %d", v.min, v.max)
	if v.max == math.MaxInt64 {
		w = fmt.Sprintf("a whole number of at least %d", v.min)
	}
	if v.why != "" {
		w += " (" + v.why + ")"
	}
	return w
}

func (v *whole[T]) Get() any { return *v.p }

func (v *whole[T]) placeholder() string { return "N" }

// workersPerCore caps --workers at 4 per core: the runs are CPU-bound, so
// workers beyond the cores gain nothing, and each holds its own
// aggregate (a million of them took 98 s and 7.9 GB). Four per core
// leaves room to oversubscribe on purpose.
const workersPerCore = 4

func maxWorkers() int { return workersPerCore * runtime.NumCPU() }

func defaultWorkers() int { return runtime.NumCPU() }

func workersWhy() string {
	return fmt.Sprintf("%d per core on %d cores; more workers than cores are not faster", workersPerCore, runtime.NumCPU())
}

// workersVar defines --workers, from 1 to maxWorkers.
func workersVar(fs *flag.FlagSet, p *int) {
	wholeVar(fs, p, "workers", defaultWorkers(), 1, int64(maxWorkers()), workersWhy(),
		fmt.Sprintf("parallel workers, at most %d (%d per core)", maxWorkers(), workersPerCore))
}

// checkWorkers holds --workers to the same range in every command, also
// where it is defined as a plain int flag.
func checkWorkers(v flag.Value) error {
	if _, ok := v.(*whole[int]); ok {
		return nil // checked by its Set
	}
	g, ok := v.(flag.Getter)
	if !ok {
		return nil
	}
	if n, ok := g.Get().(int); ok && (n < 1 || n > maxWorkers()) {
		return &wantError{want: fmt.Sprintf("a whole number from 1 to %d (%s)", maxWorkers(), workersWhy())}
	}
	return nil
}

// commaList splits a comma-separated list, dropping empty items.
func commaList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
