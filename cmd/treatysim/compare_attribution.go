package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/treatysim/treatysim/results/compare"
	"github.com/treatysim/treatysim/scenarios"
)

// attribute splits the significant differences of a what-if B that
// extends A among B's changes: it plays A with each change alone and,
// for up to compare.MaxLeaveOneOut changes, B without each, on the same
// seed and runs. It sets res.Attribution, or res.AttributionNote to say
// why there is none.
func attribute(ctx context.Context, res *compare.Result, in [2]compareInput, samples [2]*compare.Sample, f compareFlags) error {
	switch {
	case in[1].folder != nil || in[0].folder != nil:
		res.AttributionNote = "not made: attribution replays the what-if's file, and a side is a results folder"
		return nil
	case len(res.Significant()) == 0:
		res.AttributionNote = "not made: no significant difference to attribute"
		return nil
	}
	w, err := scenarios.LoadWhatIf(in[1].arg)
	if errors.Is(err, scenarios.ErrNotWhatIf) || (err == nil && !sameFile(w.BaseFile, res.A.Files)) {
		res.AttributionNote = fmt.Sprintf("not made: %s does not extend %s", res.B.ID, res.A.ID)
		return nil
	}
	if err != nil {
		return err
	}
	k := len(w.Changes)
	if k < 2 {
		res.AttributionNote = fmt.Sprintf("not needed: %s makes one change to %s, which accounts for all of the difference", res.B.ID, res.A.ID)
		if k == 1 {
			res.AttributionNote = fmt.Sprintf("not needed: %s makes one change to %s (%s), which accounts for all of the difference", res.B.ID, res.A.ID, w.Changes[0].Key)
		}
		return nil
	}
	changes := make([]string, k)
	for c := range w.Changes {
		changes[c] = w.Changes[c].Key
	}
	skipped := map[string]string{}
	play := func(keep []bool, label string, c int) (*compare.Sample, error) {
		sc, err := w.With(keep)
		if err != nil {
			var inv *scenarios.InvalidError
			if errors.As(err, &inv) {
				skipped[changes[c]] = firstLine(err.Error())
				return nil, nil
			}
			return nil, err
		}
		progress, finish := newProgress(f.runs, label)
		s, err := compare.Collect(ctx, sc, f.seed, f.runs, f.workers, progress)
		finish()
		return s, err
	}
	alone := make([]*compare.Sample, k)
	for c := range k {
		keep := make([]bool, k)
		keep[c] = true
		if alone[c], err = play(keep, "alone: "+changes[c], c); err != nil {
			return err
		}
	}
	var without []*compare.Sample
	if k <= compare.MaxLeaveOneOut {
		without = make([]*compare.Sample, k)
		for c := range k {
			keep := make([]bool, k)
			for j := range keep {
				keep[j] = j != c
			}
			if without[c], err = play(keep, "without: "+changes[c], c); err != nil {
				return err
			}
		}
	}
	at, err := compare.Attribute(res, samples[0], samples[1], changes, alone, without)
	if err != nil {
		return err
	}
	at.Skipped = skipped
	res.Attribution = at
	if k > compare.MaxLeaveOneOut {
		res.AttributionNote = fmt.Sprintf("%d changes: each alone; leave-one-out only up to %d", k, compare.MaxLeaveOneOut)
	}
	return nil
}

// sameFile reports whether base, a what-if's base as Scenario.Files names
// it, is the last file of files (the scenario A itself).
func sameFile(base string, files []string) bool {
	if len(files) == 0 {
		return false
	}
	a := files[len(files)-1]
	if strings.HasPrefix(base, "shipped:") || strings.HasPrefix(a, "shipped:") {
		return a == base
	}
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(base)
	return err1 == nil && err2 == nil && x == y
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
