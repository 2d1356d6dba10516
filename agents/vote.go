package agents

// Vote is a state's vote on a motion.
type Vote int8

// The votes; NotVoting is an absent state.
const (
	NotVoting Vote = iota
	Yes
	No
	Abstain
)

var voteNames = [...]string{"not_voting", "yes", "no", "abstain"}

func (v Vote) String() string { return voteNames[v] }

// VoteOn returns a state's vote on a motion that changes its utility by
// gain: yes above delta, no below -delta, abstain in between.
func VoteOn(gain, delta float64) Vote {
	switch {
	case gain > delta:
		return Yes
	case gain < -delta:
		return No
	}
	return Abstain
}

// CommonVotes makes the members of each group that negotiates as one cast
// the vote that holds the most capability among them (ties: abstain).
func (p *Population) CommonVotes(votes []Vote) {
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		var weight [4]float64
		members := p.members[p.memberStart[g]:p.memberStart[g+1]]
		for _, j := range members {
			weight[votes[j]] += p.Capability[j]
		}
		best := Abstain
		switch {
		case weight[Yes] > weight[No] && weight[Yes] > weight[Abstain]:
			best = Yes
		case weight[No] > weight[Yes] && weight[No] > weight[Abstain]:
			best = No
		}
		for _, j := range members {
			if votes[j] != NotVoting {
				votes[j] = best
			}
		}
	}
}

// CommonObjections makes each group that negotiates as one object as a
// whole when members holding more than half its present capability
// object, and not at all otherwise.
func (p *Population) CommonObjections(objects []bool) {
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		members := p.members[p.memberStart[g]:p.memberStart[g+1]]
		yes, all := 0.0, 0.0
		for _, j := range members {
			if p.Present[j] {
				all += p.Capability[j]
				if objects[j] {
					yes += p.Capability[j]
				}
			}
		}
		for _, j := range members {
			if p.Present[j] {
				objects[j] = yes > all/2
			}
		}
	}
}
