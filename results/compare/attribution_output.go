package compare

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strings"
)

// CSV returns attribution.csv, tidy: one row per significant difference
// and change (method alone or leave_one_out), and one per difference for
// the interaction (change empty).
func (at *Attribution) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"measure", "item", "total", "change", "method", "effect", "low", "high", "share", "interacts"})
	for _, r := range at.Rows {
		line := func(change, method string, e Effect, interacts string) {
			w.Write([]string{r.Measure, r.Item, num(r.Total), change, method, num(e.Effect), num(e.Low), num(e.High), num(e.Share), interacts})
		}
		for k, c := range at.Changes {
			line(c, "alone", r.Alone[k], "")
		}
		for k, c := range at.Changes {
			if r.Without != nil {
				line(c, "leave_one_out", r.Without[k], "")
			}
		}
		line("", "interaction", r.Interaction, fmt.Sprint(r.Interacts))
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// Sentences says, for each attributed difference other than the
// satisfactions, how much of it each change accounts for (one block of
// lines each), then sums up the satisfactions.
func (at *Attribution) Sentences(res *Result) []string {
	var out []string
	var sat int
	lead := make([]int, len(at.Changes)) // satisfactions whose largest share is the change's
	interacting := 0
	for _, r := range at.Rows {
		if r.Measure == MeasureSatisfaction {
			sat++
			best := -1
			for k, e := range r.Alone {
				if !math.IsNaN(e.Share) && (best < 0 || e.Share > r.Alone[best].Share) {
					best = k
				}
			}
			if best >= 0 {
				lead[best]++
			}
			if r.Interacts {
				interacting++
			}
			continue
		}
		row := Row{Measure: r.Measure, Item: r.Item}
		lines := []string{fmt.Sprintf("%s (%s):", res.Describe(row), amount(row, r.Total))}
		var none []string
		for k, c := range at.Changes {
			e := r.Alone[k]
			if math.IsNaN(e.Effect) {
				lines = append(lines, fmt.Sprintf("  %s: cannot be applied alone", c))
				continue
			}
			var wo Effect
			if r.Without != nil {
				wo = r.Without[k]
			}
			if e.Effect == 0 && (r.Without == nil || wo.Effect == 0) {
				none = append(none, c)
				continue
			}
			l := fmt.Sprintf("  %s: alone %s (%s)", c, amount(row, e.Effect), share(e.Share))
			if r.Without != nil && !math.IsNaN(wo.Effect) {
				l += fmt.Sprintf("; removing it from %s: %s", res.B.ID, amount(row, -wo.Effect))
			}
			lines = append(lines, l)
		}
		if len(none) > 0 {
			how := "alone"
			if r.Without != nil {
				how = "alone or removed"
			}
			lines = append(lines, fmt.Sprintf("  no effect %s: %s", how, strings.Join(none, ", ")))
		}
		switch {
		case math.IsNaN(r.Interaction.Effect):
		case r.Interacts:
			lines = append(lines, fmt.Sprintf("  The changes interact: together they do %s beyond the sum of their effects alone (95%% CI %s to %s).",
				amount(row, r.Interaction.Effect), amount(row, r.Interaction.Low), amount(row, r.Interaction.High)))
		default:
			lines = append(lines, "  The effects alone add up to the difference: no interaction found.")
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	if sat > 0 {
		var who []string
		for k, c := range at.Changes {
			if lead[k] > 0 {
				who = append(who, fmt.Sprintf("%s in %d", c, lead[k]))
			}
		}
		line := fmt.Sprintf("Of the %d significant differences in satisfaction, the largest share is that of %s", sat, strings.Join(who, ", "))
		if interacting > 0 {
			line += fmt.Sprintf("; the changes interact in %d", interacting)
		}
		out = append(out, line+" (attribution.csv has each).")
	}
	return out
}

// amount writes an effect on the row's scale: points for a probability.
func amount(row Row, v float64) string {
	if row.Probability() {
		return fmt.Sprintf("%+.1f points", 100*v)
	}
	return fmt.Sprintf("%+.3f", v)
}

func share(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return "share n/a"
	}
	return fmt.Sprintf("%.0f%% of the difference", 100*s)
}
