package report

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSensitivityPlotName(t *testing.T) {
	for in, want := range map[string]string{
		"adopted":                   "sensitivity-adopted",
		"survived:cii_offence":      "sensitivity-survived-cii_offence",
		"survived:e-evidence":       "sensitivity-survived-e-evidence",
		"decided_session":           "sensitivity-decided_session",
		"a b/c\\d.é":                "sensitivity-a-b-c-d--",
		"survived:../../etc/passwd": "sensitivity-survived-------etc-passwd",
	} {
		if got := SensitivityPlotName(in); got != want {
			t.Errorf("SensitivityPlotName(%q) = %q, want %q", in, got, want)
		}
	}
}

// sensitivityChart is a chart of 20 factors in no order, group_00 to
// group_19 with values ((i*7)%20+1)/20, and two the plot leaves out: one
// at 0 and one undefined (NaN).
func sensitivityChart(method string) SensitivityChart {
	ch := SensitivityChart{Output: "survived:x_offence", Title: "Survival of clause x_offence", Method: method, Factors: 22}
	for i := range 20 {
		v := float64((i*7)%20+1) / 20
		ch.Bars = append(ch.Bars, SensitivityBar{Factor: fmt.Sprintf("salience:x_offence:group_%02d", i), Value: v,
			Low: v - 0.1, High: v + 0.1, Second: v / 2, SecondLow: v/2 - 0.2, SecondHigh: v/2 + 0.2})
	}
	ch.Bars = append(ch.Bars, SensitivityBar{Factor: "zero"}, SensitivityBar{Factor: "undefined", Value: math.NaN()})
	return ch
}

// TestSensitivityData: the bars drawn are the 15 largest, ranked, ties in
// the order given, without the factors that moved nothing.
func TestSensitivityData(t *testing.T) {
	bars := SensitivityData(sensitivityChart("morris"))
	if len(bars) != SensitivityTop {
		t.Fatalf("%d bars, want %d", len(bars), SensitivityTop)
	}
	var got []string
	for k, b := range bars {
		got = append(got, strings.TrimPrefix(b.Factor, "salience:x_offence:group_"))
		if k > 0 && b.Value > bars[k-1].Value {
			t.Errorf("bar %d (%s, %g) above bar %d (%g): not ranked", k, b.Factor, b.Value, k-1, bars[k-1].Value)
		}
	}
	// Values (i*7)%20+1 over 20: 20 for i=17, 19 for i=14, 18 for i=11, ...
	want := []string{"17", "14", "11", "08", "05", "02", "19", "16", "13", "10", "07", "04", "01", "18", "15"}
	if !slices.Equal(got, want) {
		t.Errorf("ranked %v\nwant   %v", got, want)
	}
	tied := SensitivityData(SensitivityChart{Bars: []SensitivityBar{{Factor: "a", Value: 1}, {Factor: "b", Value: 2}, {Factor: "c", Value: 1}}})
	if names := []string{tied[0].Factor, tied[1].Factor, tied[2].Factor}; !slices.Equal(names, []string{"b", "a", "c"}) {
		t.Errorf("ties ranked %v, want [b a c]", names)
	}
}

// TestSensitivityFiles checks both methods' plots: PNG of 1280x720 and
// SVG, the factors' names in the SVG top first, the same bytes twice, and
// an error when nothing moved.
func TestSensitivityFiles(t *testing.T) {
	for _, method := range []string{"morris", "sobol"} {
		t.Run(method, func(t *testing.T) {
			ch := sensitivityChart(method)
			files, err := SensitivityFiles(ch)
			if err != nil {
				t.Fatal(err)
			}
			name := "plots/sensitivity-survived-x_offence"
			if len(files) != 2 || files[name+".png"] == nil || files[name+".svg"] == nil {
				t.Fatalf("files %v, want %s.png and .svg", keysOf(files), name)
			}
			img, err := png.Decode(bytes.NewReader(files[name+".png"]))
			if err != nil {
				t.Fatal(err)
			}
			if r := img.Bounds(); r.Dx() != 1280 || r.Dy() != 720 {
				t.Errorf("PNG is %dx%d, want 1280x720", r.Dx(), r.Dy())
			}
			svg := string(files[name+".svg"])
			// gonum writes nominal tick labels from the bottom up: the
			// last-ranked factor first, the top one last.
			bars := SensitivityData(ch)
			prev := -1
			for k := len(bars) - 1; k >= 0; k-- {
				i := strings.Index(svg, ">"+bars[k].Factor+"<")
				if i < 0 {
					t.Fatalf("the SVG does not name %s", bars[k].Factor)
				}
				if i < prev {
					t.Errorf("%s (rank %d) is written before %s (rank %d)", bars[k].Factor, k+1, bars[k+1].Factor, k+2)
				}
				prev = i
			}
			if strings.Contains(svg, ">zero<") || strings.Contains(svg, ">undefined<") {
				t.Error("the SVG names a factor that moved nothing")
			}
			again, err := SensitivityFiles(ch)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again[name+".png"], files[name+".png"]) || !bytes.Equal(again[name+".svg"], files[name+".svg"]) {
				t.Error("two renderings differ")
			}
		})
	}
	if _, err := SensitivityFiles(SensitivityChart{Output: "adopted", Bars: []SensitivityBar{{Factor: "a"}}}); err == nil {
		t.Error("a plot of nothing moved drew")
	}
}

func keysOf[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
