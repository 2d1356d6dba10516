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

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

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
	switch {
	case errors.As(err, &ue), errors.Is(err, scenarios.ErrInvalid), errors.Is(err, results.ErrExists), errors.Is(err, results.ErrMerge), errors.Is(err, results.ErrNotResults), errors.Is(err, compare.ErrStale),
		errors.Is(err, os.ErrNotExist):
		return exitUsage
	}
	return exitFailure
}
