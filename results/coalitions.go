package results

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// SessionView is the state of the room at the end of a session: what
// coalition detection reads.
type SessionView struct {
	Session  int
	Pos      []float64 // per state*clause: demand at the table
	Salience []float64 // per state*clause
	Present  []bool
	Agenda   []bool
	Votes    [][]agents.Vote // per recorded vote of the session, per state
}

// Partition is the coalitions of one session: a partition of the present
// states found by Louvain modularity maximisation (Blondel et al. 2008,
// gonum's community.Modularize) on the agreement graph.
type Partition struct {
	Session    int
	Modularity float64
	Coalitions []Coalition
	Of         []int // per state: index in Coalitions, -1 if absent
}

// Coalition is one community of states.
type Coalition struct {
	ID              string   // identity kept across sessions: C1, C2, ...
	Name            string   // from its weightiest members: "EU + like-minded", "RUS-CHN-IRN"
	Members         []int    // state indices, in state order
	CapabilityShare float64  // of the present states' capability
	Cohesion        float64  // mean agreement between members
	From            []string // identities of the previous session's coalitions it drew members from
}

// Agreement returns the agreement between every pair of present states, in
// [0,1]: on the clauses of the agenda, the salience-weighted closeness of
// their demands, sum_c sqrt(s_ic s_jc) (1 - |x_ic - x_jc|) / sum_c
// sqrt(s_ic s_jc); where votes were held, the share of votes cast alike;
// the mean of the two where there are both.
func Agreement(sc *scenarios.Scenario, v *SessionView) [][]float64 {
	n, m := len(sc.States), len(sc.Clauses)
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n)
	}
	anyAgenda := slices.Contains(v.Agenda, true)
	for i := range n {
		if !v.Present[i] {
			continue
		}
		a[i][i] = 1
		for j := i + 1; j < n; j++ {
			if !v.Present[j] {
				continue
			}
			var parts, sum float64
			if anyAgenda {
				num, den := 0.0, 0.0
				for c := range m {
					if !v.Agenda[c] {
						continue
					}
					w := math.Sqrt(v.Salience[i*m+c] * v.Salience[j*m+c])
					num += w * (1 - math.Abs(v.Pos[i*m+c]-v.Pos[j*m+c]))
					den += w
				}
				if den > 0 {
					sum += num / den
					parts++
				}
			}
			if len(v.Votes) > 0 {
				same, both := 0, 0
				for _, votes := range v.Votes {
					if votes[i] == agents.NotVoting || votes[j] == agents.NotVoting {
						continue
					}
					both++
					if votes[i] == votes[j] {
						same++
					}
				}
				if both > 0 {
					sum += float64(same) / float64(both)
					parts++
				}
			}
			if parts > 0 {
				a[i][j] = sum / parts
				a[j][i] = a[i][j]
			}
		}
	}
	return a
}

// agreementFloor is the agreement that counts for nothing in the graph:
// the edge weight is the agreement above it, rescaled to [0,1], so that
// the communities are drawn by who agrees more than by chance.
const agreementFloor = 0.5

// Detect partitions the present states of a session into coalitions.
// Louvain's randomness comes from src, so a run's coalitions are
// reproducible from its seed.
func Detect(sc *scenarios.Scenario, v *SessionView, src rand.Source) Partition {
	n := len(sc.States)
	agree := Agreement(sc, v)
	// A matrix-backed graph iterates its nodes in order, which keeps
	// Louvain deterministic for a given src (map-backed graphs do not).
	g := simple.NewUndirectedMatrix(n, 0, 0, 0)
	for i := range n {
		for j := i + 1; j < n; j++ {
			if w := (agree[i][j] - agreementFloor) / (1 - agreementFloor); w > 0 && v.Present[i] && v.Present[j] {
				g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(i), T: simple.Node(j), W: w})
			}
		}
	}
	p := Partition{Session: v.Session, Of: make([]int, n)}
	for i := range p.Of {
		p.Of[i] = -1
	}
	var groups [][]int
	if g.WeightedEdges().Len() > 0 {
		for _, comm := range community.Modularize(g, 1, src).Communities() {
			var members []int
			for _, node := range comm {
				if i := int(node.ID()); v.Present[i] {
					members = append(members, i)
				}
			}
			if len(members) > 0 {
				sort.Ints(members)
				groups = append(groups, members)
			}
		}
	} else {
		for i := range n {
			if v.Present[i] {
				groups = append(groups, []int{i}) // nobody agrees with anybody
			}
		}
	}
	// Canonical order: by first member, so the output does not depend on
	// Louvain's internal numbering.
	sort.Slice(groups, func(a, b int) bool { return groups[a][0] < groups[b][0] })
	total := 0.0
	for i, st := range sc.States {
		if v.Present[i] {
			total += st.Capability.Mean()
		}
	}
	var comms [][]graph.Node
	for k, members := range groups {
		cap, pairs, sum := 0.0, 0, 0.0
		nodes := make([]graph.Node, len(members))
		for x, i := range members {
			p.Of[i] = k
			cap += sc.States[i].Capability.Mean()
			nodes[x] = simple.Node(i)
			for _, j := range members[x+1:] {
				sum += agree[i][j]
				pairs++
			}
		}
		cohesion := 1.0
		if pairs > 0 {
			cohesion = sum / float64(pairs)
		}
		comms = append(comms, nodes)
		p.Coalitions = append(p.Coalitions, Coalition{Members: members, CapabilityShare: cap / total,
			Cohesion: cohesion, Name: coalitionName(sc, members)})
	}
	if len(comms) > 0 && g.WeightedEdges().Len() > 0 {
		p.Modularity = community.Q(g, comms, 1)
	}
	return p
}

// coalitionName names a coalition after its weightiest members: the
// labelled groups most of whose members it holds (two at most, heaviest
// first), then its heaviest states outside them: "EU + like-minded + MEX",
// "RUS-CHN-IRN". A scenario without labels is named by states alone.
func coalitionName(sc *scenarios.Scenario, members []int) string {
	in := map[int]bool{}
	for _, i := range members {
		in[i] = true
	}
	type candidate struct {
		g      int
		weight float64
	}
	var groups []candidate
	for g, gr := range sc.Groups {
		if gr.Label == "" {
			continue
		}
		inside, weight := 0, 0.0
		for _, i := range gr.Members {
			if in[i] {
				inside++
				weight += sc.States[i].Capability.Mean()
			}
		}
		if inside > 0 && float64(inside) >= 0.6*float64(len(gr.Members)) {
			groups = append(groups, candidate{g, weight})
		}
	}
	sort.SliceStable(groups, func(a, b int) bool { return groups[a].weight > groups[b].weight })
	covered := map[int]bool{}
	var parts []string
	for _, c := range groups[:min(2, len(groups))] {
		parts = append(parts, sc.Groups[c.g].Label)
		for _, i := range sc.Groups[c.g].Members {
			covered[i] = true
		}
	}
	rest := slices.Clone(members)
	sort.SliceStable(rest, func(a, b int) bool {
		return sc.States[rest[a]].Capability.Mean() > sc.States[rest[b]].Capability.Mean()
	})
	var states []string
	limit := 3
	if len(parts) > 0 {
		limit = 2
	}
	for _, i := range rest {
		if len(states) == limit {
			break
		}
		if !covered[i] {
			states = append(states, sc.States[i].ID)
		}
	}
	if len(states) > 0 {
		parts = append(parts, strings.Join(states, "-"))
	}
	return strings.Join(parts, " + ")
}

// Track gives the coalitions of successive sessions identities: each
// coalition takes the identity of the previous session's coalition it
// resembles most (greedily, by the Jaccard index of their members, each
// identity used once), as in the community tracking of Greene, Doyle and
// Cunningham (2010); the others get new identities. It records in From
// which previous coalitions each one drew members from, so splits and
// merges show.
//
// The Jaccard index, not the raw overlap: when a bloc of 61 absorbs 60
// states of a coalition of 131 that falls apart, raw overlap handed the
// grown bloc the identity (and colour) of the one that fell apart; the
// index keeps it with the bloc whose members it mostly is.
func Track(parts []Partition) {
	next := 1
	var prev *Partition
	for k := range parts {
		cur := &parts[k]
		type pair struct {
			a, b, overlap int
			jaccard       float64
		}
		var pairs []pair
		if prev != nil {
			for a := range cur.Coalitions {
				for b := range prev.Coalitions {
					o := 0
					for _, i := range cur.Coalitions[a].Members {
						if prev.Of[i] == b {
							o++
						}
					}
					if o > 0 {
						union := len(cur.Coalitions[a].Members) + len(prev.Coalitions[b].Members) - o
						pairs = append(pairs, pair{a, b, o, float64(o) / float64(union)})
						cur.Coalitions[a].From = append(cur.Coalitions[a].From, prev.Coalitions[b].ID)
					}
				}
			}
		}
		sort.SliceStable(pairs, func(x, y int) bool {
			if pairs[x].jaccard != pairs[y].jaccard {
				return pairs[x].jaccard > pairs[y].jaccard
			}
			return pairs[x].overlap > pairs[y].overlap
		})
		usedA, usedB := map[int]bool{}, map[int]bool{}
		for _, pr := range pairs {
			if usedA[pr.a] || usedB[pr.b] {
				continue
			}
			usedA[pr.a], usedB[pr.b] = true, true
			cur.Coalitions[pr.a].ID = prev.Coalitions[pr.b].ID
		}
		for a := range cur.Coalitions {
			if cur.Coalitions[a].ID == "" {
				cur.Coalitions[a].ID = fmt.Sprintf("C%d", next)
				next++
			}
		}
		for a := range cur.Coalitions {
			sort.Strings(cur.Coalitions[a].From)
		}
		prev = cur
	}
}

// coalitionSource is the generator Louvain uses for run k of seed: its own
// ChaCha8 stream, so that detecting coalitions does not disturb the run's.
func coalitionSource(seed, run uint64) rand.Source {
	var key [32]byte
	copy(key[:16], "treatysim/coal/1")
	binary.LittleEndian.PutUint64(key[16:], seed)
	binary.LittleEndian.PutUint64(key[24:], run)
	return rand.NewChaCha8(key)
}

// Coalitions detects and tracks the coalitions of every session held in
// the run.
func (r *Record) Coalitions() []Partition {
	return r.detect(r.Views)
}

// RoundCoalitionParts detects and tracks the coalitions after every round
// with an agenda (when RoundCoalitions was set), identities carried from
// round to round.
func (r *Record) RoundCoalitionParts() []Partition {
	return r.detect(r.RoundViews)
}

func (r *Record) detect(views []SessionView) []Partition {
	parts := make([]Partition, len(views))
	for k := range views {
		parts[k] = Detect(r.Scenario, &views[k], coalitionSource(r.Seed, r.Run))
	}
	Track(parts)
	return parts
}
