package unvotes

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// HeldOutAccuracy checks the model on roll calls it was not fitted to.
// The contested roll calls are split at random (opt.Rand) into a training
// share 1-opt.HeldOutShare and a test share. The states' points and the
// item parameters are fitted on the training roll calls only. For each
// test roll call the states that voted on it (and have a point) are split
// at random into two halves; the roll call's parameters are fitted on one
// half with the points fixed and used to predict the other half, and the
// other way round. acc is the share of test votes predicted right;
// baseline the share right when each half is predicted the modal vote of
// the other.
func HeldOutAccuracy(r *Record, opt Options) (acc, baseline float64, err error) {
	share := opt.heldOutShare()
	if share <= 0 || share >= 1 {
		return 0, 0, fmt.Errorf("unvotes: held-out share %v is not in (0, 1)", share)
	}
	if opt.Rand == nil {
		return 0, 0, errors.New("unvotes: Options.Rand is required for the held-out check")
	}
	all := prepare(r, nil, opt.minVotes())
	m := all.nItems
	nTest := int(math.Round(share * float64(m)))
	nTest = min(max(nTest, 1), m-1)
	if nTest < 1 {
		return 0, 0, fmt.Errorf("unvotes: %d contested roll calls are too few to hold any out", m)
	}
	perm := opt.Rand.Perm(m)
	test := slices.Clone(perm[:nTest])
	slices.Sort(test)
	train := make([]bool, len(r.RollCalls))
	for _, j := range perm[nTest:] {
		train[all.items[j]] = true
	}
	ts := prepare(r, train, opt.minVotes())
	theta, _, err := ts.fit()
	if err != nil {
		return 0, 0, fmt.Errorf("unvotes: held-out check: %w", err)
	}
	// The trained point of each state of the full sample, if it has one.
	point := make([]float64, all.nStates)
	has := make([]bool, all.nStates)
	for i, st := range ts.states {
		k, found := slices.BinarySearch(all.states, st)
		if found {
			point[k], has[k] = theta[i], true
		}
	}
	var right, base, total int
	var th [2][]float64
	var vo [2][]Vote
	for _, j := range test {
		lo, hi := all.start[j], all.start[j+1]
		var ks []int
		for k := lo; k < hi; k++ {
			if has[all.state[k]] {
				ks = append(ks, k)
			}
		}
		if len(ks) < 2 {
			continue
		}
		opt.Rand.Shuffle(len(ks), func(a, b int) { ks[a], ks[b] = ks[b], ks[a] })
		half := [2][]int{ks[:len(ks)/2], ks[len(ks)/2:]}
		for h := range half {
			th[h], vo[h] = th[h][:0], vo[h][:0]
			for _, k := range half[h] {
				th[h] = append(th[h], point[all.state[k]])
				vo[h] = append(vo[h], all.vote[k])
			}
		}
		for h := range half {
			it, err := fitItem(th[h], vo[h])
			if err != nil {
				return 0, 0, fmt.Errorf("unvotes: held-out check: %w", err)
			}
			mode := modal(vo[h])
			o := 1 - h
			for i, y := range vo[o] {
				if it.predict(th[o][i]) == y {
					right++
				}
				if mode == y {
					base++
				}
				total++
			}
		}
	}
	if total == 0 {
		return 0, 0, errors.New("unvotes: held-out check: no test votes")
	}
	return float64(right) / float64(total), float64(base) / float64(total), nil
}
