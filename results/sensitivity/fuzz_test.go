package sensitivity

import (
	"errors"
	"os"
	"testing"
)

// FuzzParams checks that no input makes ParseParams panic, that every
// error is a params problem with a message, and that what it accepts is a
// set of factors each moving something, no parameter in two of them, and
// names unique.
//
//	go test ./results/sensitivity -run XXX -fuzz FuzzParams -fuzztime 60s
func FuzzParams(f *testing.F) {
	example, err := os.ReadFile("../../docs/examples/blocs.params.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example) // its groups are the flagship's: unknown to the toy
	for _, s := range []string{
		"[[factor]]\nname = \"south\"\nkind = [\"ideal\", \"salience\"]\ngroups = [\"south\"]\nclauses = [\"x_offence\"]\n",
		"[[factor]]\nname = \"a\"\nkind = \"alignment\"\n[[factor]]\nname = \"f\"\nkind = [\"capability\"]\nstates = [\"FFF\"]\n",
		"[model]\nchair_step = [0.25, 0.75]\ncurvature = [1, 3]\n",
		"factor = [{name = \"x\", kind = [\"ideal\"], states = [\"EEE\"]}]\n",
		"[[factor]]\nname = \"a\"\nkind = [\"alignment\"]\n[[factor]]\nname = \"b\"\nkind = [\"alignment\"]\n",
		"[model]\nalignment_weight = [0, inf]\nchair_step = [nan, 1]\n",
		"[[factor]]\nkinds = 1\n[factor.x]\ny = 2\n",
		"",
	} {
		f.Add([]byte(s))
	}
	sc := loadNull(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := ParseParams("fuzz.toml", data, sc)
		if err != nil {
			if err.Error() == "" || !errors.Is(err, ErrParams) {
				t.Fatalf("error %#v: empty or not a params problem", err)
			}
			if fs != nil {
				t.Fatalf("ParseParams returned factors with the error %v", err)
			}
			return
		}
		if len(fs) == 0 {
			t.Fatal("accepted a file with no factor")
		}
		names := map[string]bool{}
		seen := map[target]bool{}
		for _, f := range fs {
			if f.Key == "" || names[f.Key] || len(f.targets) == 0 || len(f.Params) != len(f.targets) {
				t.Fatalf("bad factor %+v", f)
			}
			names[f.Key] = true
			for _, tg := range f.targets {
				if seen[tg] {
					t.Fatalf("%s moves %+v, which another factor moves", f.Key, tg)
				}
				seen[tg] = true
			}
			if f.Range != nil && !(f.Range[0] < f.Range[1]) {
				t.Fatalf("%s has the range %v", f.Key, *f.Range)
			}
		}
		FixScenario(sc, fs, make([]float64, len(fs))) // must not panic
	})
}
