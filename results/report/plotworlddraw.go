package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/internal/worldmap"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The drawing of the world maps: Natural Earth's countries (embedded, see
// results/internal/worldmap) in the Equal Earth projection, each filled
// with the colour of its delegation's group.

// mapShape is a country of the map, projected.
type mapShape struct {
	name      string
	state     string // the member state whose colour it takes, "" if none
	territory bool   // not the state's own shape (a territory it administers)
	rings     [][][2]float64
	area      float64 // of its bounding box: small shapes are drawn over large ones
}

// worldShapes projects the embedded countries once. Holes are left out:
// the countries inside them (Lesotho in South Africa) are drawn over.
var worldShapes = sync.OnceValues(func() ([]mapShape, error) {
	cs, err := worldmap.Countries()
	if err != nil {
		return nil, err
	}
	out := make([]mapShape, 0, len(cs))
	for _, c := range cs {
		s := mapShape{name: c.Name, state: c.State(), territory: c.Territory()}
		lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
		for _, p := range c.Polygons {
			ring := make([][2]float64, len(p[0]))
			for k, pt := range p[0] {
				x, y := worldmap.EqualEarth(pt)
				ring[k] = [2]float64{x, y}
				lo, hi = [2]float64{min(lo[0], x), min(lo[1], y)}, [2]float64{max(hi[0], x), max(hi[1], y)}
			}
			s.rings = append(s.rings, ring)
		}
		s.area = (hi[0] - lo[0]) * (hi[1] - lo[1])
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b mapShape) int { return cmp.Compare(b.area, a.area) })
	return out, nil
})

// The colours of the groups that are not coalitions: votes as in the
// vote charts, absences in greys, and no delegation at all in the palest.
var (
	darkGrey    = color.NRGBA{0x5F, 0x5F, 0x5F, 0xFF}
	paleGrey    = color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}
	noStateGrey = color.NRGBA{0xE8, 0xE8, 0xE8, 0xFF}
	voteColors  = map[string]color.NRGBA{"yes": okGreen, "no": okVermillion, "abstain": okYellow, "not_voting": darkGrey}
)

// groupColor is the colour of a group of a world map.
func groupColor(key string) color.NRGBA {
	switch key {
	case GroupAbsent:
		return grey
	case GroupLeft:
		return darkGrey
	case GroupOut:
		return paleGrey
	}
	if c, ok := voteColors[key]; ok {
		return c
	}
	return coalitionColor(key)
}

// worldFigure draws a world map of the delegations coloured by group.
func worldFigure(name, title string, d *results.RunData, wm WorldMap) figure {
	return figure{name: name, w: wideWidth, h: wideHeight, draw: func(c draw.Canvas) error {
		shapes, err := worldShapes()
		if err != nil {
			return err
		}
		c = drawTitle(c, title)
		groupOf := map[string]string{}
		var dots, unplaced []string
		for _, st := range wm.States {
			groupOf[st.State] = st.Group
			switch st.Place {
			case PlaceCapital:
				dots = append(dots, st.State)
			case "":
				unplaced = append(unplaced, st.State)
			}
		}
		var items []legendItem
		for _, g := range wm.Groups {
			items = append(items, swatchItem(g.Label, groupColor(g.Key)))
		}
		var strangers []string // shapes of no delegation of the scenario
		for _, s := range shapes {
			if _, ok := groupOf[s.state]; !ok && !slices.Contains(strangers, s.name) {
				strangers = append(strangers, s.name)
			}
		}
		slices.Sort(strangers)
		if len(strangers) > 0 {
			label := "not in the scenario"
			if len(strangers) <= 4 {
				label += ": " + strings.Join(strangers, ", ")
			}
			items = append(items, swatchItem(label, noStateGrey))
		}
		if len(dots) > 0 {
			items = append(items, legendItem{label: fmt.Sprintf("dot: too small for the map, at its capital (%d)", len(dots)),
				thumb: func(c draw.Canvas) { drawDot(c, c.Center(), grey) }})
		}
		c = newLegendStrip(items).drawBelow(c)
		if len(unplaced) > 0 {
			sty := textStyle(noteSize)
			sty.XAlign = draw.XCenter
			c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Min.Y + 4},
				"not on the map: "+stateNames(d.Scenario, unplaced, 12))
			c.Min.Y += sty.Height("Xg") + 8
		}
		drawWorld(c, shapes, groupOf, dots)
		return nil
	}}
}

// drawWorld draws the map in c: the shapes, then the dots of the states
// too small for them.
func drawWorld(c draw.Canvas, shapes []mapShape, groupOf map[string]string, dots []string) {
	if at := worldFrame(c, shapes); at != nil {
		drawShapes(c, at, shapes, groupOf, dots)
	}
}

// worldFrame fits the projected map in c, keeping its proportions: it
// returns where a projected point goes, or nil for an empty map.
func worldFrame(c draw.Canvas, shapes []mapShape) func(x, y float64) vg.Point {
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, s := range shapes {
		for _, r := range s.rings {
			for _, p := range r {
				lo, hi = [2]float64{min(lo[0], p[0]), min(lo[1], p[1])}, [2]float64{max(hi[0], p[0]), max(hi[1], p[1])}
			}
		}
	}
	if !(hi[0] > lo[0] && hi[1] > lo[1]) {
		return nil
	}
	w, h := float64(c.Max.X-c.Min.X)-8, float64(c.Max.Y-c.Min.Y)-8
	scale := min(w/(hi[0]-lo[0]), h/(hi[1]-lo[1]))
	ox := float64(c.Min.X) + (float64(c.Max.X-c.Min.X)-scale*(hi[0]-lo[0]))/2
	oy := float64(c.Min.Y) + (float64(c.Max.Y-c.Min.Y)-scale*(hi[1]-lo[1]))/2
	return func(x, y float64) vg.Point {
		return vg.Point{X: vg.Length(ox + scale*(x-lo[0])), Y: vg.Length(oy + scale*(y-lo[1]))}
	}
}

// drawShapes fills every shape with its group's colour, outlined in
// white, then draws the dots.
func drawShapes(c draw.Canvas, at func(x, y float64) vg.Point, shapes []mapShape, groupOf map[string]string, dots []string) {
	border := draw.LineStyle{Color: color.White, Width: 0.5}
	for _, s := range shapes {
		col := noStateGrey
		if g, ok := groupOf[s.state]; ok {
			col = groupColor(g)
		}
		for _, r := range s.rings {
			var path vg.Path
			for k, p := range r {
				if k == 0 {
					path.Move(at(p[0], p[1]))
				} else {
					path.Line(at(p[0], p[1]))
				}
			}
			path.Close()
			c.SetColor(col)
			c.Fill(path)
			c.SetLineStyle(border)
			c.Stroke(path)
		}
	}
	for _, st := range dots {
		lat, lon, ok := worldmap.Capital(st)
		if !ok {
			continue
		}
		x, y := worldmap.EqualEarth(worldmap.Point{Lon: lon, Lat: lat})
		drawDot(c, at(x, y), groupColor(groupOf[st]))
	}
}

// drawDot draws a small state: a disc of its colour ringed in black and
// white, so that it shows on any colour and on white.
func drawDot(c draw.Canvas, at vg.Point, col color.NRGBA) {
	var disc vg.Path
	const rad = 3.6
	disc.Move(vg.Point{X: at.X + rad, Y: at.Y})
	disc.Arc(at, rad, 0, 2*math.Pi)
	disc.Close()
	c.SetColor(col)
	c.Fill(disc)
	c.SetLineStyle(draw.LineStyle{Color: okBlack, Width: 0.9})
	c.Stroke(disc)
}

// worldFigures are the maps of a single run's coalitions: see
// worldSessions.
func worldFigures(d *results.RunData) []figure {
	var out []figure
	for _, s := range worldSessions(d) {
		if wm, err := WorldData(d, s); err == nil && wm.onMap() { // it has coalitions: worldSessions chose it for them
			out = append(out, worldFigure(PlotWorld+"-"+s, "Coalitions on the map: "+sessionName(d, s), d, wm))
		}
	}
	// Every session, small, when the large maps leave some out.
	var all []WorldMap
	for _, s := range heldSessions(d) {
		if wm, err := WorldData(d, s); err == nil && wm.onMap() {
			all = append(all, wm)
		}
	}
	if len(all) > len(out) {
		out = append(out, worldSessionsFigure(d, all))
	}
	return out
}

// onMap reports whether any delegation has a shape on the map: a scenario
// of made-up states (the toy's AAA, BBB) gets no world map.
func (wm WorldMap) onMap() bool {
	return slices.ContainsFunc(wm.States, func(s WorldState) bool { return s.Place == PlaceShape })
}
