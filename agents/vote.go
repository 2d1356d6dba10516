package agents

import "math"

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

// VoteRule says how interest and alignment combine into a vote (see
// Ballot). Its fields are the scenario's model parameters of the same
// names.
type VoteRule struct {
	Indifference    float64 // a change of utility below this is no interest
	Stakes          float64 // the change of utility that pulls a vote fully
	AlignmentWeight float64 // weight of alignment against interest
	CrossPressure   float64 // weaker/stronger pull above which a torn state abstains
}

// Ballot returns a state's vote on a motion under cross-pressure, and
// whether it abstained because its interest and its alignment pulled it
// apart. Two pulls act on it:
//
//   - interest I = gain / Stakes, clamped to [-1, 1] (0 when |gain| is below
//     Indifference): the change of its utility the motion brings;
//   - alignment A = AlignmentWeight * alignment * side, where side is the
//     alignment of the motion's movers on the same -1..1 divide (0 when the
//     motion has no side, as the chair's package): a state follows the
//     motions of its own camp and resists those of the other.
//
// It abstains when the pulls point opposite ways and the weaker is at
// least CrossPressure times the stronger (cross-pressure, as in the
// voting studies of Lazarsfeld et al. 1944 and the UN roll-call literature),
// or when the net pull is below what Indifference would give (it hardly
// cares); otherwise it votes the way of the net pull.
func Ballot(gain, alignment, side float64, r VoteRule) (v Vote, torn bool) {
	interest := 0.0
	if gain > r.Indifference || gain < -r.Indifference {
		interest = max(-1, min(1, gain/r.Stakes))
	}
	pull := r.AlignmentWeight * alignment * side
	if interest*pull < 0 {
		weak, strong := math.Abs(interest), math.Abs(pull)
		if weak > strong {
			weak, strong = strong, weak
		}
		if weak >= r.CrossPressure*strong {
			return Abstain, true
		}
	}
	net := interest + pull
	switch floor := r.Indifference / r.Stakes; {
	case net > floor:
		return Yes, false
	case net < -floor:
		return No, false
	}
	return Abstain, false
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
