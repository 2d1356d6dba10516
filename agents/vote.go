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

// ParseVote reads a vote as String writes it ("yes", "no", "abstain",
// "not_voting").
func ParseVote(s string) (Vote, bool) {
	for v, name := range voteNames {
		if name == s {
			return Vote(v), true
		}
	}
	return NotVoting, false
}

// VoteRule says how the pulls on a state combine into a vote (see
// Ballot). Its fields are the scenario's model parameters of the same
// names.
type VoteRule struct {
	Indifference    float64 // a change of utility below this is no interest
	Stakes          float64 // the change of utility that pulls a vote fully
	AlignmentWeight float64 // weight of alignment against interest
	Loyalty         float64 // weight of the defence of an acceptable package against amendments
	CrossPressure   float64 // weaker/stronger side above which a torn state abstains
}

// Motion is what a state weighs in a vote: its gain from the motion, its
// alignment and the motion's side on the main divide, and, for an
// amendment to a text the state could accept as a package, how much it
// gains from that package over no treaty (0 otherwise).
type Motion struct {
	Gain, Alignment, Side, Package float64
}

// Ballot returns a state's vote on a motion under cross-pressure, and
// whether it abstained because the pulls on it disagreed. Three pulls act
// on it:
//
//   - interest I = gain / Stakes, clamped to [-1, 1] (0 when |gain| is below
//     Indifference): the change of its utility the motion brings;
//   - alignment A = AlignmentWeight * alignment * side, where side is the
//     alignment of the motion's movers on the same -1..1 divide (0 when the
//     motion has no side, as the chair's package): a state follows the
//     motions of its own camp and resists those of the other;
//   - loyalty L = -Loyalty * min(1, package / Stakes) for an amendment when
//     the state gains from the package as it stands (package > 0): it
//     defends a text it can accept against reopening it (nothing is agreed
//     until everything is agreed).
//
// It abstains when pulls point both ways and the weaker side (the sum of
// the pulls one way) is at least CrossPressure times the stronger
// (cross-pressure, as in the voting studies since Lazarsfeld, Berelson and
// Gaudet 1944 and in UN roll calls), or when the net pull is below what
// Indifference would give (it hardly cares); otherwise it votes the way of
// the net pull.
func Ballot(m Motion, r VoteRule) (v Vote, torn bool) {
	var pro, con float64
	add := func(pull float64) {
		if pull > 0 {
			pro += pull
		} else {
			con -= pull
		}
	}
	if m.Gain > r.Indifference || m.Gain < -r.Indifference {
		add(max(-1, min(1, m.Gain/r.Stakes)))
	}
	add(r.AlignmentWeight * m.Alignment * m.Side)
	if m.Package > 0 {
		add(-r.Loyalty * min(1, m.Package/r.Stakes))
	}
	if weak, strong := min(pro, con), max(pro, con); weak > 0 && weak >= r.CrossPressure*strong {
		return Abstain, true
	}
	switch net, floor := pro-con, r.Indifference/r.Stakes; {
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
