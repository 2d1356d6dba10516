package scenarios_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// TestWhatIfChanges: the shipped what-ifs split into the changes they make
// to the flagship, labels and sources left out; with every change the
// what-if resolves exactly as loaded, and with none as its base.
func TestWhatIfChanges(t *testing.T) {
	tests := []struct {
		name string
		want []string // keys; "+" marks a table added whole
	}{
		{"us-walks-out", []string{"+sessions[reconvened].events[us-leaves]"}},
		{"unanimity", []string{"rules.decision"}},
		{"bridge-builders", []string{"states.BRA.capability", "states.MEX.capability", "states.ZAF.capability"}},
		{"china-backs-cii", []string{
			"sessions[ahc6].events[russia-red-line-edits].by",
			"sessions[concluding].events[russia-reinserts-cii].by",
			"states.CHN.positions.cii_offence.ideal",
			"states.CHN.positions.cii_offence.red_line",
			"states.CHN.positions.cii_offence.salience",
		}},
		{"ahc-uncertain", []string{"model.ideal_noise", "model.salience_noise"}},
	}
	base, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := scenarios.LoadWhatIf(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range w.Changes {
				k := c.Key
				if c.Adds {
					k = "+" + k
				}
				got = append(got, k)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("changes %q; want %q", got, tt.want)
			}
			all := make([]bool, len(w.Changes))
			for k := range all {
				all[k] = true
			}
			sc, err := w.With(all)
			if err != nil {
				t.Fatal(err)
			}
			want, err := scenarios.LoadShipped(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(sc, want) {
				t.Error("with every change, the what-if differs from the one loaded")
			}
			none, err := w.With(make([]bool, len(w.Changes)))
			if err != nil {
				t.Fatal(err)
			}
			none.ID, none.Title, none.Question, none.Description, none.Files = base.ID, base.Title, base.Question, base.Description, base.Files
			if !reflect.DeepEqual(none, base) {
				t.Error("with no change, the what-if differs from its base")
			}
		})
	}
}

// TestWhatIfRejects: a scenario that extends nothing is not a what-if;
// a change that cannot stand alone is reported by With as bad input.
func TestWhatIfRejects(t *testing.T) {
	if _, err := scenarios.LoadWhatIf("ahc"); !errors.Is(err, scenarios.ErrNotWhatIf) {
		t.Errorf("scenarios.LoadWhatIf(ahc): %v; want ErrNotWhatIf", err)
	}
	dir := t.TempDir()
	src := `extends = "toy"
[scenario]
id = "w"
[states.FFF]
name = "State F"
capability = 1.0
no_treaty = 0.3
positions.x_offence = { ideal = 0.0, salience = 0.5 }
positions.wording = { ideal = 0.0, salience = 0.5 }
positions.safeguards = { ideal = 0.0, salience = 0.5 }
[[sessions]]
id = "first"
  [[sessions.events]]
  id = "f-leaves"
  kind = "leave"
  by = ["FFF"]
`
	file := writeFile(t, dir, "w.toml", src)
	w, err := scenarios.LoadWhatIf(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Changes) != 2 {
		t.Fatalf("changes %+v; want the state and the event", w.Changes)
	}
	k := slices.IndexFunc(w.Changes, func(c scenarios.Change) bool { return strings.Contains(c.Key, "f-leaves") })
	keep := make([]bool, 2)
	keep[k] = true
	if _, err := w.With(keep); !errors.Is(err, scenarios.ErrInvalid) || !strings.Contains(err.Error(), "FFF") {
		t.Errorf("the event without its state: %v; want an invalid scenario naming FFF", err)
	}
}
