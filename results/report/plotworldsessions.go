package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/treatysim/treatysim/results"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PlotWorldSessions is the small multiples of the world maps, one per
// session with coalitions, under plots/ (not "world-...": the report
// takes every file named world-* for a large map).
const PlotWorldSessions = "coalitions-world"

// worldSessionsFigure draws every session with coalitions as a small map
// in a grid: the drift of the coalitions over the whole negotiation at a
// glance, where the three large maps show only the first, a middle and
// the last session. A coalition keeps its colour across the panels;
// under each panel, its coalitions' sizes in that session (the names
// change from session to session and are on the large maps and the flow
// chart).
func worldSessionsFigure(d *results.RunData, maps []WorldMap) figure {
	return figure{name: PlotWorldSessions, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		shapes, err := worldShapes()
		if err != nil {
			return err
		}
		c = drawTitle(c, "Coalitions on the map, session by session")
		var items []legendItem
		var seen []string
		for _, wm := range maps {
			for _, g := range wm.Groups {
				if slices.Contains(seen, g.Key) {
					continue
				}
				seen = append(seen, g.Key)
				label := g.Key
				if isSpecialGroup(g.Key) {
					label, _, _ = strings.Cut(g.Label, ":")
				}
				items = append(items, swatchItem(label, groupColor(g.Key)))
			}
		}
		c = newLegendStrip(items).drawBelow(c)
		cols := int(math.Ceil(math.Sqrt(float64(len(maps)))))
		rows := (len(maps) + cols - 1) / cols
		cw, ch := (c.Max.X-c.Min.X)/vg.Length(cols), (c.Max.Y-c.Min.Y)/vg.Length(rows)
		label := textStyle(noteSize)
		label.XAlign, label.YAlign = draw.XCenter, draw.YTop
		for k, wm := range maps {
			col, row := k%cols, k/cols
			panel := c
			panel.Min = vg.Point{X: c.Min.X + vg.Length(col)*cw, Y: c.Max.Y - vg.Length(row+1)*ch}
			panel.Max = vg.Point{X: panel.Min.X + cw, Y: panel.Min.Y + ch}
			mid := (panel.Min.X + panel.Max.X) / 2
			h := label.Height("Xg")
			panel.FillText(label, vg.Point{X: mid, Y: panel.Max.Y - 2}, sessionName(d, wm.Session))
			panel.FillText(label, vg.Point{X: mid, Y: panel.Min.Y + h + 2}, coalitionSizes(wm))
			panel.Max.Y -= h + 4
			panel.Min.Y += h + 4
			groupOf := map[string]string{}
			var dots []string
			for _, st := range wm.States {
				groupOf[st.State] = st.Group
				if st.Place == PlaceCapital {
					dots = append(dots, st.State)
				}
			}
			drawWorld(panel, shapes, groupOf, dots)
		}
		return nil
	}}
}

// isSpecialGroup reports whether a group of a world map is a reason for
// not being in a coalition rather than a coalition.
func isSpecialGroup(key string) bool {
	return key == GroupAbsent || key == GroupLeft || key == GroupOut
}

// coalitionSizes is "C2 110 · C3 24 · C6 58": the coalitions of a map and
// their sizes.
func coalitionSizes(wm WorldMap) string {
	var parts []string
	for _, g := range wm.Groups {
		if !isSpecialGroup(g.Key) {
			parts = append(parts, fmt.Sprintf("%s %d", g.Key, len(g.States)))
		}
	}
	return strings.Join(parts, " · ")
}
