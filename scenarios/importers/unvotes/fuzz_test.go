package unvotes

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that a Record it returns is
// consistent: indices in range, roll calls sorted by unique rcid, states
// sorted, unique and well formed, casts sorted and without duplicates.
func FuzzParse(f *testing.F) {
	f.Add(goodRollCalls, goodVotes)
	f.Add(goodRollCalls, "rcid,state,vote\n10,USA,maybe\n")
	f.Add(goodRollCalls, "rcid,state,vote\n10,USA\n")
	f.Add(goodRollCalls, "rcid,state,vote\n10,USA,yes\n10,USA,no\n")
	f.Add(goodRollCalls, "rcid,state,vote\n\"10\",\"US\nA\",yes\n")
	f.Add("rcid,session\n", goodVotes)
	f.Add("", "")
	f.Add(strings.Replace(goodRollCalls, "2015-12-01", "2015-02-30", 1), goodVotes)
	f.Add(goodRollCalls+"10,69,2014-11-06,R,0,,,,\"unterminated\n", goodVotes)
	f.Fuzz(func(t *testing.T, rc, votes string) {
		r, err := parseStrings(rc, votes)
		if err != nil {
			if r != nil {
				t.Fatal("record returned with an error")
			}
			return
		}
		for i, c := range r.RollCalls {
			if i > 0 && r.RollCalls[i-1].ID >= c.ID {
				t.Fatalf("roll calls not sorted by unique rcid: %d then %d", r.RollCalls[i-1].ID, c.ID)
			}
		}
		for i, s := range r.States {
			if !validState(s) {
				t.Fatalf("bad state %q", s)
			}
			if i > 0 && r.States[i-1] >= s {
				t.Fatalf("states not sorted and unique: %q then %q", r.States[i-1], s)
			}
		}
		used := make([]bool, len(r.States))
		for i, c := range r.Casts {
			if c.RollCall < 0 || int(c.RollCall) >= len(r.RollCalls) || c.State < 0 || int(c.State) >= len(r.States) {
				t.Fatalf("cast %+v out of range", c)
			}
			if c.Vote < No || c.Vote > Yes {
				t.Fatalf("cast %+v has a bad vote", c)
			}
			used[c.State] = true
			if i > 0 {
				p := r.Casts[i-1]
				if p.RollCall > c.RollCall || (p.RollCall == c.RollCall && p.State >= c.State) {
					t.Fatalf("casts not sorted or duplicated: %+v then %+v", p, c)
				}
			}
		}
		if slices.Contains(used, false) {
			t.Fatal("a state without votes")
		}
	})
}
