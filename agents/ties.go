package agents

import (
	"slices"

	"github.com/treatysim/treatysim/scenarios"
)

// findSiblings sets sibling: for each state, the last state before it in
// the same groups (the one candidate to share its ties, see shareTies).
func (p *Population) findSiblings() {
	states := p.sc.States
	for i := range states {
		p.sibling[i] = -1
		for j := i - 1; j >= 0; j-- {
			if slices.Equal(states[j].Groups, states[i].Groups) {
				p.sibling[i] = j
				break
			}
		}
	}
}

// buildTies computes the socialisation ties: state i's weight on each of
// its groups is proportional to the group's cohesion, normalised over its
// groups (row-stochastic A of Friedkin-Johnsen, taken through group means).
// A follower ties only to the group it follows; a bridge-builder gives half
// its ties to the room as a whole.
func (p *Population) buildTies() {
	p.tieGroup, p.tieW = p.tieGroup[:0], p.tieW[:0]
	for i := range p.N {
		p.tieStart[i] = len(p.tieGroup)
		st := &p.sc.States[i]
		if p.Disposition[i] == scenarios.Follower && p.Follows[i] >= 0 {
			p.tieGroup = append(p.tieGroup, p.Follows[i])
			p.tieW = append(p.tieW, 1)
			p.roomTie[i] = 0
			continue
		}
		start, sum := len(p.tieW), 0.0
		for _, g := range st.Groups {
			w := p.groups[g].Cohesion
			if w <= 0 {
				continue
			}
			p.tieGroup = append(p.tieGroup, g)
			p.tieW = append(p.tieW, w)
			sum += w
		}
		room := 0.0
		if p.Disposition[i] == scenarios.BridgeBuilder {
			room = 0.5
			if sum == 0 {
				room = 1
			}
		}
		for k := start; k < len(p.tieW); k++ {
			p.tieW[k] *= (1 - room) / sum
		}
		p.roomTie[i] = room
	}
	p.tieStart[p.N] = len(p.tieGroup)
	p.shareTies()
}

// shareTies sets tieRep. A state is compared with its sibling only (a
// linear pass, not a search): when their tie rows are identical, it shares
// the sibling's representative. A missed match costs only time.
func (p *Population) shareTies() {
	for i := range p.N {
		p.tieRep[i] = i
		if j := p.sibling[i]; j >= 0 && p.sameTies(i, j) {
			p.tieRep[i] = p.tieRep[j]
		}
	}
	p.stamp++ // the ties changed: no target computed so far holds
}

// sameTies reports whether states i and j have identical tie rows.
func (p *Population) sameTies(i, j int) bool {
	ai, bi := p.tieStart[i], p.tieStart[i+1]
	aj, bj := p.tieStart[j], p.tieStart[j+1]
	return p.roomTie[i] == p.roomTie[j] &&
		slices.Equal(p.tieGroup[ai:bi], p.tieGroup[aj:bj]) && slices.Equal(p.tieW[ai:bi], p.tieW[aj:bj])
}
