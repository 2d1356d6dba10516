package report

import (
	"image/color"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// Notes under the plots of states: who is missing from them and why, so
// that a reader who counts 192 dots for 193 members is told.

// AbsentState is a delegation that the plots of states leave out, or show
// for only some sessions, with the reason.
type AbsentState struct {
	State  string `json:"state"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// AbsentStates lists the delegations absent from the negotiation by the
// scenario (disposition absent) and those that left it by a scripted
// event in a session held, in scenario order; with the tables of a single
// run, also any other state never placed at the table.
func AbsentStates(d *results.RunData) []AbsentState {
	sc := d.Scenario
	held := heldSessions(d)
	reasons := make([][]string, len(sc.States))
	for i, st := range sc.States {
		if st.Disposition == scenarios.Absent {
			reasons[i] = append(reasons[i], "absent from the negotiation in the scenario")
		}
	}
	for _, id := range held {
		s := sessionIndex(sc, id)
		if s < 0 {
			continue
		}
		for _, ev := range sc.Sessions[s].Events {
			if ev.Kind != scenarios.Leave && ev.Kind != scenarios.Join {
				continue
			}
			verb := "left the negotiation in "
			if ev.Kind == scenarios.Join {
				verb = "joined in "
			}
			for _, i := range ev.By {
				if i >= 0 && i < len(reasons) {
					reasons[i] = append(reasons[i], verb+sessionName(d, id))
				}
			}
		}
	}
	if len(d.Memberships) > 0 || len(d.Positions) > 0 {
		seen := map[string]bool{}
		for _, r := range d.Memberships {
			seen[r.State] = true
		}
		for _, r := range d.Positions {
			seen[r.State] = true
		}
		for i, st := range sc.States {
			if !seen[st.ID] && len(reasons[i]) == 0 {
				reasons[i] = append(reasons[i], "never at the table in this run")
			}
		}
	}
	var out []AbsentState
	for i, st := range sc.States {
		if len(reasons[i]) > 0 {
			out = append(out, AbsentState{State: st.ID, Name: st.Name, Reason: strings.Join(reasons[i], ", then ")})
		}
	}
	return out
}

// absentNote is the note line of AbsentStates, or "" when every
// delegation took part throughout.
func absentNote(d *results.RunData) string { return absentNoteOf(d, nil) }

// absentNoteOf is the note line of the absent states among keep (all of
// them if keep is nil).
func absentNoteOf(d *results.RunData, keep []string) string {
	var parts []string
	for _, a := range AbsentStates(d) {
		if keep != nil && !slices.Contains(keep, a.State) {
			continue
		}
		who := a.State
		if a.Name != "" && a.Name != a.State {
			who = a.Name + " (" + a.State + ")"
		}
		parts = append(parts, who+", "+a.Reason)
	}
	if len(parts) == 0 {
		return ""
	}
	const most = 6 // more would crowd the figure; the report lists them all
	if len(parts) > most {
		parts = append(parts[:most:most], "and "+strconv.Itoa(len(parts)-most)+" more")
	}
	return "Not at the table throughout: " + strings.Join(parts, "; ") + "."
}

// noteInk is the colour of notes: dark grey, quieter than the data.
var noteInk = color.NRGBA{0x44, 0x44, 0x44, 0xFF}

// drawNote writes a note, wrapped to the width of c, at the bottom of c
// and returns the canvas above it; an empty note takes no room.
func drawNote(c draw.Canvas, note string) draw.Canvas {
	if note == "" {
		return c
	}
	sty := textStyle(noteSize)
	sty.Color = noteInk
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	lines := wrapText(sty, note, c.Max.X-c.Min.X-40)
	h := sty.Height("Xg") * 1.25
	y := c.Min.Y + 6
	for k := len(lines) - 1; k >= 0; k-- {
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, lines[k])
		y += h
	}
	c.Min.Y = y + 4
	return c
}

// wrapText breaks s into lines no wider than width in style sty, at
// spaces; a word wider than width has a line of its own.
func wrapText(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		next := strings.TrimSpace(line + " " + w)
		if line != "" && sty.Width(next) > width {
			lines = append(lines, line)
			next = w
		}
		line = next
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
