package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/compare"
	"github.com/treatysim/treatysim/scenarios"
)

// Exit statuses, mapped from errors in one place.
const (
	exitOK      = 0
	exitFailure = 1 // a failure while running
	exitUsage   = 2 // bad input or usage
)

// usageError is a mistake on the command line, or in an input file
// (err, when set, is the error that says so).
type usageError struct {
	msg  string
	hint string // printed on a line of its own after msg: "Run 'treatysim run --help' ..."
	err  error
}

func (e *usageError) Error() string { return e.msg }

func (e *usageError) Unwrap() error { return e.err }

// badInput marks err as bad input (exit status 2), whatever it wraps.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{msg: err.Error(), err: err}
}

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode prints err, if any, and maps it to the exit status.
func exitCode(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(os.Stderr, "treatysim:", err)
	var ue *usageError
	if errors.As(err, &ue) && ue.hint != "" {
		fmt.Fprintln(os.Stderr, ue.hint)
	}
	// A results folder that cannot be written is a failure while running,
	// even when the system's error is "no such file or directory".
	var we *results.WriteError
	switch {
	case errors.As(err, &we):
		return exitFailure
	case errors.As(err, &ue), errors.Is(err, scenarios.ErrInvalid), errors.Is(err, results.ErrExists), errors.Is(err, results.ErrMerge), errors.Is(err, results.ErrNotResults), errors.Is(err, compare.ErrStale),
		errors.Is(err, os.ErrNotExist):
		return exitUsage
	}
	return exitFailure
}
