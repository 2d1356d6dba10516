package unvotes

import (
	"regexp"
	"sort"
	"strconv"
)

// Vote is a recorded vote. The values are ordered as the ordinal model
// orders them: no < abstain < yes.
type Vote int8

const (
	No      Vote = 0
	Abstain Vote = 1
	Yes     Vote = 2
)

// String returns the vote as written in votes.csv.
func (v Vote) String() string {
	switch v {
	case No:
		return "no"
	case Abstain:
		return "abstain"
	case Yes:
		return "yes"
	}
	return "Vote(" + strconv.Itoa(int(v)) + ")"
}

// RollCall is one recorded vote of the General Assembly.
type RollCall struct {
	ID, Session int
	Date        string // ISO date, YYYY-MM-DD
	Resolution  string
	// Important marks votes the US State Department classed as important;
	// Amendment and Paragraph votes on an amendment or a paragraph.
	Important, Amendment, Paragraph bool
	Issues                          []string // topic codes: me, nu, di, hr, co, ec
	Title                           string
}

// Cast is one state's vote on one roll call. RollCall and State index
// Record.RollCalls and Record.States.
type Cast struct {
	RollCall, State int32
	Vote            Vote
}

// Record is a set of roll calls and the votes cast on them.
//
// Records built by Parse have RollCalls sorted by ID, States sorted and
// Casts sorted by roll call and then state; the methods do not rely on
// that order, so a Record may also be built by hand.
type Record struct {
	RollCalls []RollCall
	States    []string // ISO 3166-1 alpha-3 codes, sorted
	Casts     []Cast
}

// stateIndex returns the index of state in r.States, or -1.
func (r *Record) stateIndex(state string) int {
	i := sort.SearchStrings(r.States, state)
	if i < len(r.States) && r.States[i] == state {
		return i
	}
	// Hand-built records need not be sorted.
	for j, s := range r.States {
		if s == state {
			return j
		}
	}
	return -1
}

// Window returns the record restricted to sessions from..to inclusive.
// States that cast no vote in the window are dropped. The result shares
// no slices with r except the Issues of each roll call.
func (r *Record) Window(from, to int) *Record {
	rcMap := make([]int32, len(r.RollCalls))
	w := &Record{}
	for i, rc := range r.RollCalls {
		rcMap[i] = -1
		if rc.Session >= from && rc.Session <= to {
			rcMap[i] = int32(len(w.RollCalls))
			w.RollCalls = append(w.RollCalls, rc)
		}
	}
	used := make([]bool, len(r.States))
	for _, c := range r.Casts {
		if rcMap[c.RollCall] >= 0 {
			used[c.State] = true
		}
	}
	stMap := make([]int32, len(r.States))
	for i, s := range r.States {
		stMap[i] = -1
		if used[i] {
			stMap[i] = int32(len(w.States))
			w.States = append(w.States, s)
		}
	}
	for _, c := range r.Casts {
		if rc := rcMap[c.RollCall]; rc >= 0 {
			w.Casts = append(w.Casts, Cast{RollCall: rc, State: stMap[c.State], Vote: c.Vote})
		}
	}
	return w
}

// Topic returns the indices, in increasing order, of the roll calls whose
// title matches re.
func (r *Record) Topic(re *regexp.Regexp) []int {
	var idx []int
	for i, rc := range r.RollCalls {
		if re.MatchString(rc.Title) {
			idx = append(idx, i)
		}
	}
	return idx
}

// votesOf returns the votes of state on each roll call, -1 where it did
// not vote. It returns nil when the state is not in the record.
func (r *Record) votesOf(state string) []Vote {
	s := r.stateIndex(state)
	if s < 0 {
		return nil
	}
	v := make([]Vote, len(r.RollCalls))
	for i := range v {
		v[i] = -1
	}
	for _, c := range r.Casts {
		if int(c.State) == s {
			v[c.RollCall] = c.Vote
		}
	}
	return v
}

// Agreement returns Voeten's agreement index of states a and b over the
// roll calls rcs (indices into r.RollCalls): 1 when they cast the same
// vote, 0.5 when one abstains and the other does not, 0 when one votes yes
// and the other no, averaged over the roll calls both voted in. n is that
// count; ok is false when n == 0.
func (r *Record) Agreement(rcs []int, a, b string) (index float64, n int, ok bool) {
	va, vb := r.votesOf(a), r.votesOf(b)
	if va == nil || vb == nil {
		return 0, 0, false
	}
	var sum float64
	for _, i := range rcs {
		if i < 0 || i >= len(va) || va[i] < 0 || vb[i] < 0 {
			continue
		}
		// With no=0, abstain=1, yes=2 the index is 1 - |a-b|/2.
		d := int(va[i]) - int(vb[i])
		if d < 0 {
			d = -d
		}
		sum += 1 - float64(d)/2
		n++
	}
	if n == 0 {
		return 0, 0, false
	}
	return sum / float64(n), n, true
}

// AbstentionRate returns the share of the votes state cast in the record
// that are abstentions, and the number of votes it cast.
func (r *Record) AbstentionRate(state string) (rate float64, votes int) {
	s := r.stateIndex(state)
	if s < 0 {
		return 0, 0
	}
	var abst int
	for _, c := range r.Casts {
		if int(c.State) == s {
			votes++
			if c.Vote == Abstain {
				abst++
			}
		}
	}
	if votes == 0 {
		return 0, 0
	}
	return float64(abst) / float64(votes), votes
}

// Side is a state's record on a divide between two states (see Sides).
type Side struct {
	State string
	// Mean is the mean of +1 (voted as high), -1 (voted as low) and 0
	// (abstained) over the contested roll calls the state voted in.
	Mean  float64
	Votes int
	// Centred is the mean of the same values less each roll call's mean
	// over all who voted in it: a roll call most states vote for (a
	// resolution of the low state's that the room endorses) then tells
	// little about a state that votes with the room, and much about one
	// that does not.
	Centred float64
	// Var is the sample variance (n-1 denominator) of the centred values,
	// 0 when Votes < 2. Align pools it into the sampling variance.
	Var float64
}

// Sides returns the roll calls among rcs on which low and high voted on
// opposite sides (one yes, the other no) and, for every state of the
// record in the order of r.States, its side on them: +1 where it voted as
// high did, -1 as low did, 0 where it abstained (see Side). States that
// voted in none of them have Votes 0.
func (r *Record) Sides(rcs []int, low, high string) (contested []int, sides []Side) {
	vl, vh := r.votesOf(low), r.votesOf(high)
	sign := make(map[int]Vote) // contested roll call -> high's vote
	if vl != nil && vh != nil {
		for _, i := range rcs {
			if i < 0 || i >= len(vl) {
				continue
			}
			if _, dup := sign[i]; dup {
				continue
			}
			if (vl[i] == Yes && vh[i] == No) || (vl[i] == No && vh[i] == Yes) {
				sign[i] = vh[i]
				contested = append(contested, i)
			}
		}
	}
	side := func(c Cast) (float64, bool) {
		hv, ok := sign[int(c.RollCall)]
		switch {
		case !ok:
			return 0, false
		case c.Vote == hv:
			return 1, true
		case c.Vote == Abstain:
			return 0, true
		}
		return -1, true
	}
	// Each roll call's mean side, then each state's raw and centred sums.
	rcSum := make(map[int32]float64, len(sign))
	rcCnt := make(map[int32]float64, len(sign))
	for _, c := range r.Casts {
		if x, ok := side(c); ok {
			rcSum[c.RollCall] += x
			rcCnt[c.RollCall]++
		}
	}
	sum := make([]float64, len(r.States))
	csum := make([]float64, len(r.States))
	csum2 := make([]float64, len(r.States))
	cnt := make([]int, len(r.States))
	for _, c := range r.Casts {
		x, ok := side(c)
		if !ok {
			continue
		}
		y := x - rcSum[c.RollCall]/rcCnt[c.RollCall]
		sum[c.State] += x
		csum[c.State] += y
		csum2[c.State] += y * y
		cnt[c.State]++
	}
	sides = make([]Side, len(r.States))
	for i, s := range r.States {
		sd := Side{State: s, Votes: cnt[i]}
		if n := float64(cnt[i]); n > 0 {
			sd.Mean, sd.Centred = sum[i]/n, csum[i]/n
			if cnt[i] >= 2 {
				sd.Var = max(0, (csum2[i]-n*sd.Centred*sd.Centred)/(n-1))
			}
		}
		sides[i] = sd
	}
	return contested, sides
}
