package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepWriterStreams checks that each point is on disk as soon as it
// is added (rows in point order, its summary beside them), that summary
// names are padded to the grid's size, and that Commit keeps it all.
func TestSweepWriterStreams(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sweep")
	st, err := Stage(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	const total = 12345
	w, err := NewSweepWriter(st, []string{"rules.vote_threshold"}, total)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.SummaryName(7); got != "summaries/point-00007.json" {
		t.Errorf("SummaryName(7) = %q for a grid of %d points", got, total)
	}
	sum := &Summary{Runs: 10, AdoptedProbability: 0.5, AdoptedInterval: [2]float64{0.2, 0.8},
		Clauses: []ClauseSummary{{ID: "c", SurvivalProbability: 1, SurvivalInterval: [2]float64{0.7, 1}, ModalOption: "kept"}}}
	for p, v := range []string{"0.5", "0.6"} {
		if err := w.Add([]string{v}, sum); err != nil {
			t.Fatal(err)
		}
		// On disk now, before Close: nothing waits in memory for the end.
		b, err := os.ReadFile(filepath.Join(st.tmp, "points.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != p+2 || !strings.HasPrefix(lines[p+1], fmt.Sprintf("%d,%s,", p+1, v)) {
			t.Errorf("after point %d, points.csv is:\n%s", p+1, b)
		}
		if _, err := os.Stat(filepath.Join(st.tmp, filepath.FromSlash(w.SummaryName(p+1)))); err != nil {
			t.Errorf("point %d: %v", p+1, err)
		}
	}
	if err := w.Add([]string{"0.5", "extra"}, sum); err == nil {
		t.Error("a point with more values than keys was written")
	}
	if w.Done() != 2 {
		t.Errorf("Done() = %d, want 2", w.Done())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(Files{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "clauses.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "point,rules.vote_threshold,clause,survival_probability,survival_lo,survival_hi,modal_option\n" +
		"1,0.5,c,1.000000,0.700000,1.000000,kept\n2,0.6,c,1.000000,0.700000,1.000000,kept\n"
	if string(b) != want {
		t.Errorf("clauses.csv:\n%s\nwant:\n%s", b, want)
	}
}
